import Foundation

/// Finds and loads themes. Search order: `$SX_HOME/themes` (the user's own), a `themes/` folder found by walking up
/// from the executable (running from the repository's `.build`), `<prefix>/share/sx/themes` next to an installed
/// `<prefix>/bin/sx` (`install.sh --prefix`), then `/usr/local/share/sx/themes`.
/// Nothing found or a bad file → the built-in default plus a one-line warning; `NO_COLOR` → monochrome.
public struct ThemeLoader: Sendable {
    public static let defaultThemeName = "sx-dark"
    public var searchPaths: [String]
    /// `NO_COLOR`: every theme loads as monochrome.
    public var noColor: Bool

    public init(searchPaths: [String], noColor: Bool = false) {
        self.searchPaths = searchPaths
        self.noColor = noColor
    }

    /// The standard search path for this process, starting with `<home>/themes` (home is `SX_HOME`).
    public static func standard(
        home: URL?, noColor: Bool = false,
        executablePath: String? = Bundle.main.executablePath
    ) -> ThemeLoader {
        var paths: [String] = []
        if let home { paths.append(home.appendingPathComponent("themes").path) }
        if let exe = executablePath {
            if let repo = findThemesFolder(upFrom: exe) { paths.append(repo) }
            let installed = installedThemesFolder(forExecutable: exe)
            if installed != paths.last, FileManager.default.fileExists(atPath: installed) { paths.append(installed) }
        }
        if !paths.contains("/usr/local/share/sx/themes") { paths.append("/usr/local/share/sx/themes") }
        return ThemeLoader(searchPaths: paths, noColor: noColor)
    }

    /// `<prefix>/share/sx/themes` for an executable installed as `<prefix>/bin/sx` (symlinks resolved).
    public static func installedThemesFolder(forExecutable path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/sx/themes").path
    }

    /// Walks up from `path` looking for a `themes/` folder; twelve levels covers `.build/<triple>/debug/sx` deep
    /// inside any checkout without wandering the whole filesystem.
    public static func findThemesFolder(upFrom path: String) -> String? {
        var url = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<12 {
            let candidate = url.appendingPathComponent("themes").path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue {
                return candidate
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return nil
    }

    /// Theme names available on the search path, sorted, without duplicates.
    public func available() -> [String] {
        var names = Set<String>([Self.defaultThemeName])
        for dir in searchPaths {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for f in files where f.hasSuffix(".json") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads `name` (nil → default) for `mode`. The warning is one line when something went wrong.
    public func load(_ name: String?, mode: Theme.Mode = .dark) -> (theme: Theme, warning: String?) {
        if noColor { return (.monochrome(mode: mode), nil) }
        let wanted = (name?.isEmpty == false ? name! : Self.defaultThemeName)
        for dir in searchPaths {
            let path = dir + "/" + wanted + ".json"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                return (try ThemeFile.parse(data, file: path, mode: mode), nil)
            } catch {
                return (BuiltinTheme.theme(mode: mode), "\(error.description); using the built-in theme")
            }
        }
        let warning =
            wanted == Self.defaultThemeName && name == nil
            ? nil : "theme '\(wanted)' not found; using the built-in theme"
        return (BuiltinTheme.theme(mode: mode), warning)
    }
}
