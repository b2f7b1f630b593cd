import ArgumentParser
import Foundation
import SXAuth
import SXEngine
import SXTUI

/// Flags every model-facing command shares; they override config files and the environment.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Provider: auto, codex, claude-code, anthropic, openai, google, router, demo.")
    var provider: String?

    @Option(name: .shortAndLong, help: "Model id or alias.")
    var model: String?

    @Option(name: .long, help: "Approval of shell commands and file writes: auto, ask, never.")
    var approval: String?

    @Option(name: .customLong("config"), help: "Set a config key for this run: KEY=VALUE (repeatable).")
    var settings: [String] = []

    func flags() throws -> [String: String] {
        var f: [String: String] = [:]
        if let provider { f["PROVIDER"] = provider }
        if let model { f["MODEL"] = model }
        if let approval { f["APPROVAL"] = approval }
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                throw CLIError("--config \(s): expected KEY=VALUE")
            }
            f[String(s[..<eq])] = String(s[s.index(after: eq)...])
        }
        return f
    }
}

/// An error that prints as one line and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    var code: Int32 = 1
    init(_ message: String, code: Int32 = 1) {
        description = message
        self.code = code
    }
}

enum Terminal {
    static func err(_ s: String) { write(s + "\n", fd: 2) }

    /// Unbuffered write of the whole string, so streamed text appears at once.
    static func write(_ s: String, fd: Int32) { LineOutput.write(s, fd: fd) }
    static var stderrIsTTY: Bool { isatty(2) == 1 }
    /// Thinking is printed dim on a terminal unless `NO_COLOR` says no colours or styles, or `TERM=dumb` says the
    /// terminal has none.
    static func dimsThinking(noColor: Bool, term: String?) -> Bool { stderrIsTTY && !noColor && term != "dumb" }
    static var stdoutIsTTY: Bool { isatty(1) == 1 }

    /// Prints `sx: message` and exits with the error's code: the one line a person sees on failure.
    static func fail(_ error: Error) -> Never {
        let code = (error as? CLIError)?.code ?? 1
        err(
            "sx: "
                + String(describing: error).split(separator: "\n", omittingEmptySubsequences: false).joined(
                    separator: "\n    "))
        exit(code)
    }
}
