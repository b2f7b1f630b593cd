import Foundation
import PackagePlugin

/// Stamps the commit being built into `BuildInfo.commit` (what `sx --version` prints): before every build it writes
/// `extension BuildInfo { static let commit = "<git describe>" }`, or "unknown" when the sources are not a git
/// checkout or git is missing. The file is rewritten only when the text changes, so an unchanged commit does not
/// recompile anything.
@main
struct CommitStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let dir = context.pluginWorkDirectoryURL.appendingPathComponent("stamp")
        let file = dir.appendingPathComponent("BuildCommit.swift").path
        let script = """
            mkdir -p "$2"
            c=$(git -C "$1" describe --always --dirty --abbrev=12 2>/dev/null | tr -cd 'A-Za-z0-9._+-')
            [ -n "$c" ] || c=unknown
            s="extension BuildInfo { static let commit = \\"$c\\" }"
            [ "$(cat "$3" 2>/dev/null)" = "$s" ] || printf '%s\\n' "$s" > "$3"
            """
        return [.prebuildCommand(
            displayName: "Stamping the commit into BuildInfo",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "stamp", context.package.directoryURL.path, dir.path, file],
            outputFilesDirectory: dir
        )]
    }
}
