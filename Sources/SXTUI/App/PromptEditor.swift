import CNCurses
import Foundation
import SXCore

/// Ctrl+G: the prompt goes to a temp file (0600), the person's editor runs on the terminal, and what the file holds
/// when it exits comes back. A failure leaves the prompt as it was and says why in one line.
enum PromptEditor {
    enum Failure: Error, Equatable {
        case cannotWrite(String)
        case cannotStart(command: String, reason: String)
        case exited(command: String, status: Int32)
        case cannotRead(String)

        var message: String {
            switch self {
            case .cannotWrite(let reason): "Ctrl+G: cannot write the prompt to a temp file: \(reason)"
            case .cannotStart(let command, let reason): "Ctrl+G: cannot start the editor '\(command)': \(reason)"
            case .exited(let command, 127):
                "Ctrl+G: the editor '\(command)' was not found (set VISUAL or EDITOR); the prompt is unchanged"
            case .exited(let command, let status):
                "Ctrl+G: the editor '\(command)' exited with status \(status); the prompt is unchanged"
            case .cannotRead(let reason): "Ctrl+G: cannot read the edited prompt back: \(reason)"
            }
        }
    }

    /// Runs `command` on a file holding `text`. `run` starts the editor and returns its exit status (the app runs
    /// it with the terminal handed over: `Terminal.whileAway`).
    static func edit(
        _ text: String, command: String, folder: String = NSTemporaryDirectory(),
        run: (_ command: String, _ path: String) -> Int32 = { sx_run_editor($0, $1) }
    ) -> Result<String, Failure> {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template += Array("sx-prompt-XXXXXX.md".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 3) }
        guard fd >= 0 else { return .failure(.cannotWrite(String(cString: strerror(errno)))) }
        let path = String(cString: template)
        defer { unlink(path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } catch {
            return .failure(.cannotWrite(error.localizedDescription))
        }
        let status = run(command, path)
        if status < 0 { return .failure(.cannotStart(command: command, reason: String(cString: strerror(errno)))) }
        if status != 0 { return .failure(.exited(command: command, status: status)) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.cannotRead("\(path) is gone"))
        }
        var edited = String(decoding: data, as: UTF8.self)
        // Editors end the last line with a newline the person did not type.
        if edited.hasSuffix("\n") { edited.removeLast() }
        return .success(edited)
    }
}

/// The escape sequences of a desktop notification (`NOTIFY`).
enum DesktopNotification {
    /// OSC 9 (iTerm2, WezTerm, Windows Terminal, kitty, ghostty) and OSC 777 (rxvt-unicode, foot, VTE terminals);
    /// a terminal ignores the one it does not know. Inside tmux both are wrapped for its passthrough (shown when
    /// `allow-passthrough` is on). The text is stripped of control characters: a model's answer must not be able
    /// to inject escape sequences.
    static func sequence(_ message: String, mode: FrontEndSettings.Notify, tmux: Bool) -> String? {
        switch mode {
        case .off: return nil
        case .bell: return "\u{07}"
        case .osc:
            let text = String(
                String.UnicodeScalarView(message.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
            let osc = ["\u{1B}]9;\(text)\u{07}", "\u{1B}]777;notify;sx;\(text)\u{07}"]
            guard tmux else { return osc.joined() }
            return osc.map { "\u{1B}Ptmux;" + $0.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\" }
                .joined()
        }
    }
}
