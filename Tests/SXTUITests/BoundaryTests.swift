import Foundation
import SXCore
import Testing

/// STYLE.md's boundary rule (Codex's `manager_dependency_regression`): SXTUI sees the engine only through its
/// public API. A file that imports another module, or names auth/HTTP internals, fails this test.
@Suite struct BoundaryTests {
    /// SXAuth is allowed for its public Core value types (ProviderID, RateLimitSnapshot) that the engine's events carry.
    static let allowedImports: Set<String> = ["Foundation", "Glibc", "CNCurses", "SXEngine", "SXAuth", "SXCore", "Dispatch"]
    static let forbiddenNames = ["ProfileStore", "AsyncHTTPClient", "HTTPClient", "NIOCore", "NIOHTTP1", "OAuthClient",
                                 "TokenSource", "CodexAuthFile", "HTTPClientFactory", "Transport", "SSEParser", "Failover",
                                 "import SXAuth.Net", "Subprocess"]

    func sources() throws -> [(String, String)] {
        let root = TestPaths.tuiSources
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var out: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            out.append((url.lastPathComponent, try String(contentsOf: url, encoding: .utf8)))
        }
        return out
    }

    @Test func tuiImportsOnlyAllowedModules() throws {
        let files = try sources()
        #expect(files.count > 20)
        for (name, text) in files {
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("import ") || t.hasPrefix("@testable import ") || t.hasPrefix("@_exported import ") else { continue }
                let module = t.split(separator: " ").last.map(String.init) ?? ""
                #expect(Self.allowedImports.contains(module), "\(name) imports \(module)")
            }
        }
    }

    @Test func tuiNamesNoAuthOrHTTPInternals() throws {
        for (name, text) in try sources() {
            for forbidden in Self.forbiddenNames {
                #expect(!text.contains(forbidden), "\(name) names \(forbidden)")
            }
        }
    }

    @Test func tuiFilesStaySmall() throws {
        for (name, text) in try sources() {
            #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count <= 400, "\(name) is over 400 lines")
        }
    }
}
