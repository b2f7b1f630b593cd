import Foundation
import SXCore
import SXAuth

/// `$SX_HOME/models/<provider>.json`: each provider's last list with its fetch time and ETag. Reading is one small
/// file per provider, cheap enough for the path to the first frame; a file that does not parse reads as missing
/// (and is replaced by the next refresh), never as an error.
public struct CatalogCache: Sendable {
    public let directory: URL

    public init(paths: SXPaths) { directory = paths.modelCatalogs }
    public init(directory: URL) { self.directory = directory }

    public func url(_ provider: ProviderID) -> URL { directory.appendingPathComponent("\(provider.rawValue).json") }

    public func load(_ provider: ProviderID) -> LiveCatalog? {
        guard let data = FileManager.default.contents(atPath: url(provider).path) else { return nil }
        return try? Self.decoder.decode(LiveCatalog.self, from: data)
    }

    /// Whether a file is there that `load` could not read (said by `sx models list`, then replaced).
    public func isCorrupt(_ provider: ProviderID) -> Bool {
        FileManager.default.fileExists(atPath: url(provider).path) && load(provider) == nil
    }

    /// Written atomically (0600 temp file, fsync, rename, fsync the folder), like every other sx state file.
    public func save(_ catalog: LiveCatalog) throws {
        try ensureDirectory()
        guard let provider = ProviderID(rawValue: catalog.provider) else { return }
        try AtomicFile.write(try Self.encoder.encode(catalog), to: url(provider))
    }

    func ensureDirectory() throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: directory.path) {
            try fm.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }()

    // MARK: upgrade hints, shown once

    var shownFile: URL { directory.appendingPathComponent("upgrade-hints-shown.json") }

    /// Records `key` as shown; true when it was not shown before (so the caller shows it now).
    public func markShown(_ key: String) -> Bool {
        var shown =
            (FileManager.default.contents(atPath: shownFile.path))
            .flatMap { try? JSONDecoder().decode([String].self, from: $0) } ?? []
        guard !shown.contains(key) else { return false }
        shown.append(key)
        // Not remembered (a read-only home) means shown again next time: better than never.
        try? ensureDirectory()
        try? AtomicFile.write(try JSONEncoder().encode(shown.sorted()), to: shownFile)
        return true
    }
}
