import ArgumentParser
import Foundation
import SXCore

/// `sx completion bash|zsh|fish`: the shell's completion script, made by the argument parser from the same
/// definitions as `--help`, so it never lists an option sx does not have.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion", abstract: "Print the shell completion script (bash, zsh or fish).",
        discussion: """
            bash:  sx completion bash > ~/.local/share/bash-completion/completions/sx
            zsh:   sx completion zsh > "${fpath[1]}/_sx"
            fish:  sx completion fish > ~/.config/fish/completions/sx.fish
            """)

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @Argument(help: "bash, zsh or fish.")
    var shell: Shell

    func run() throws {
        let kind: CompletionShell =
            switch shell {
            case .bash: .bash
            case .zsh: .zsh
            case .fish: .fish
            }
        print(SX.completionScript(for: kind), terminator: "")
    }
}

/// `sx man`: the manual page (roff, section 1), made from the same help text as `--help`.
struct ManCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "man", abstract: "Print the manual page (roff): sx man | man -l -")

    func run() throws {
        print(ManPage.render(help: SX._dumpHelp()), terminator: "")
    }
}

/// Turns the argument parser's description of the command tree (`--experimental-dump-help` JSON) into a roff man
/// page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, then one section per subcommand with its own options.
enum ManPage {
    static func render(help json: String) -> String {
        guard let data = json.data(using: .utf8),
            let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let command = root["command"] as? [String: Any]
        else { return "" }
        let name = command["commandName"] as? String ?? "sx"
        // No date: the page is the same for the same version, whenever it is made.
        var out = ".TH \(name.uppercased()) 1 \"\" \"sx \(SXVersion.version)\" \"User Commands\"\n"
        out += ".SH NAME\n\(name) \\- \(escape(command["abstract"] as? String ?? ""))\n"
        out += ".SH SYNOPSIS\n.B \(name)\n[\\fIoptions\\fR] [\\fIsubcommand\\fR]\n"
        if let discussion = command["discussion"] as? String, !discussion.isEmpty {
            out += ".SH DESCRIPTION\n" + paragraphs(discussion)
        }
        out += options(command, heading: ".SH OPTIONS\n")
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter {
            $0["shouldDisplay"] as? Bool ?? true
        }
        if !subcommands.isEmpty { out += ".SH COMMANDS\n" }
        for sub in subcommands { out += subcommand(sub, path: [name]) }
        out += ".SH FILES\n.TP\n.I $SX_HOME\n"
        out += "sx's state: profiles, sessions, settings, themes, commands (default ~/.scorpiox).\n"
        out += ".SH SEE ALSO\n\\fBsx config keys\\fR lists every setting.\n"
        return out
    }

    static func subcommand(_ command: [String: Any], path: [String]) -> String {
        let name = command["commandName"] as? String ?? ""
        let full = path + [name]
        var out = ".SS \\fB\(full.joined(separator: " "))\\fR\n"
        out += escape(command["abstract"] as? String ?? "") + "\n"
        if let discussion = command["discussion"] as? String, !discussion.isEmpty { out += paragraphs(discussion) }
        out += options(command, heading: "")
        for sub in (command["subcommands"] as? [[String: Any]] ?? []) where sub["shouldDisplay"] as? Bool ?? true {
            out += subcommand(sub, path: full)
        }
        return out
    }

    static func options(_ command: [String: Any], heading: String) -> String {
        let shown = (command["arguments"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool ?? true }
        guard !shown.isEmpty else { return "" }
        var out = heading
        for argument in shown {
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { n -> String? in
                guard let name = n["name"] as? String else { return nil }
                switch n["kind"] as? String {
                case "short": return "-" + name
                case "long": return "--" + name
                case "longWithSingleDash": return "-" + name
                default: return nil
                }
            }
            let value = argument["valueName"] as? String ?? ""
            let label: String
            switch argument["kind"] as? String {
            case "positional": label = "\\fI<\(value)>\\fR"
            case "option": label = names.map { "\\fB\(escape($0))\\fR" }.joined(separator: ", ") + " \\fI<\(value)>\\fR"
            default: label = names.map { "\\fB\(escape($0))\\fR" }.joined(separator: ", ")
            }
            out += ".TP\n\(label)\n\(escape(argument["abstract"] as? String ?? ""))\n"
        }
        return out
    }

    /// Text as roff paragraphs: blank lines separate them; lines that start like a roff request are escaped.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { ".PP\n" + escape($0) + "\n" }.joined()
    }

    /// Backslashes and hyphens made literal, other than ASCII as `\[uXXXX]` (troff reads bytes, not UTF-8), and a
    /// line starting with `.` or `'` kept from being a request.
    static func escape(_ text: String) -> String {
        var ascii = ""
        for u in text.unicodeScalars {
            switch u {
            case "\\": ascii += "\\e"
            case "-": ascii += "\\-"
            default: ascii += u.isASCII ? String(u) : "\\[u" + String(format: "%04X", u.value) + "]"
            }
        }
        return
            ascii
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }
            .joined(separator: "\n")
    }
}
