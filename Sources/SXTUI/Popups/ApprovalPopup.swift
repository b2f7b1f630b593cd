import SXCore

/// The approval modal: what the model wants to do — the diff it would write, or the command and where it runs —
/// and one key per answer. It waits for its answer: every key comes to it (Ctrl+C says no), and an approval that
/// arrives while a picker is open goes on top of it. A long diff scrolls (↑/↓, PgUp/PgDn); `r` says no with a
/// reason typed on the spot, which goes back to the model.
struct ApprovalPopup: Popup {
    var prompt: ApprovalPrompt
    /// The first body line shown.
    var scroll = 0
    /// The reason being typed after `r`; nil while the keys choose.
    var reason: String?
    var kind: PopupKind { .approval(id: prompt.id) }
    var takesAllKeys: Bool { true }

    init(prompt: ApprovalPrompt) { self.prompt = prompt }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        if var typed = reason {
            switch key {
            case .enter: return answer(.no(reason: typed.trimmingCharacters(in: .whitespaces)))
            case .escape, .ctrl("c"): return answer(.no(reason: nil))
            case .backspace: if !typed.isEmpty { typed.removeLast() }
            case .char(let c): if typed.count < 300 { typed.append(c) }
            default: break
            }
            reason = typed
            return .stay
        }
        let page = max(1, state.chrome.height - 10)
        switch key {
        case .char("y"), .char("Y"), .enter: return answer(.yes)
        case .char("a"), .char("A"): return answer(.always)
        case .char("n"), .char("N"), .escape, .ctrl("c"): return answer(.no(reason: nil))
        case .char("r"), .char("R"): reason = ""
        case .up, .char("k"): scroll = max(0, scroll - 1)
        case .down, .char("j"): scroll += 1
        case .pageUp: scroll = max(0, scroll - page)
        case .pageDown, .char(" "): scroll += page
        case .home: scroll = 0
        default: break
        }
        return .stay
    }

    private func answer(_ choice: ApprovalChoice) -> PopupOutcome {
        PopupOutcome(close: true, effects: [.answerApproval(id: prompt.id, choice)])
    }

    /// Everything above the keys: the request line, then the diff or the command.
    func body(width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        if prompt.tool == "shell" {
            lines.append(StyledLine("The model wants to run this command:", Style(fg: .text)))
            for line in prompt.summary.split(separator: "\n", omittingEmptySubsequences: false) {
                lines += LineWrapper.wrap(
                    SyntaxHighlighter.highlight(String(line), language: "bash"), width: width,
                    first: StyledLine("  $ ", Style(fg: .textMuted)), rest: StyledLine("    "))
            }
            if let cwd = prompt.workingDirectory {
                lines.append(StyledLine("  in \(cwd)", Style(fg: .textMuted, .dim)))
            }
            return lines
        }
        if prompt.diffs.isEmpty {
            lines.append(StyledLine("The model wants to use \(prompt.tool) on:", Style(fg: .text)))
            lines += LineWrapper.wrap(StyledLine(prompt.summary, Style(fg: .text, .bold)), width: width)
        } else {
            let files = prompt.diffs.count == 1 ? "this change" : "these \(prompt.diffs.count) changes"
            lines.append(StyledLine("The model wants to make \(files) with \(prompt.tool):", Style(fg: .text)))
            for diff in prompt.diffs {
                lines.append(DiffRenderer.header(diff))
                lines += DiffRenderer.lines(diff, width: width)
            }
        }
        if let warning = prompt.warning {
            lines += LineWrapper.wrap(
                StyledLine(warning, Style(fg: .warning)), width: width,
                first: StyledLine("  ! ", Style(fg: .warning, .bold)), rest: StyledLine("    "))
        }
        if let error = prompt.previewError {
            lines += LineWrapper.wrap(
                StyledLine("it would fail: " + error, Style(fg: .error)), width: width,
                first: StyledLine("  ✗ ", Style(fg: .error, .bold)), rest: StyledLine("    "))
        }
        return lines
    }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        let width = max(20, min(buf.width - 4, prompt.diffs.isEmpty ? 84 : 110))
        let all = body(width: width - 4)
        let room = max(1, buf.height - 6)
        let top = min(scroll, max(0, all.count - room))
        var lines = Array(all.dropFirst(top).prefix(room))
        lines.append(StyledLine())
        if let typed = reason {
            var line = StyledLine("why not? ", Style(fg: .toolError, .bold))
            line.append(typed + "▏", Style(fg: .text))
            line.append("  Enter sends · Esc: no reason", Style(fg: .textMuted, .dim))
            lines.append(line)
        } else {
            var keys = StyledLine("[y] yes", Style(fg: .toolOk, .bold))
            keys.append("  ", Style(fg: .text))
            keys.append("[a] always for \(prompt.tool)", Style(fg: .primary, .bold))
            keys.append("  ", Style(fg: .text))
            keys.append("[n] no", Style(fg: .toolError, .bold))
            keys.append("  ", Style(fg: .text))
            keys.append("[r] no, and say why", Style(fg: .toolError))
            if all.count > room {
                keys.append("  ↑↓ \(top + 1)–\(min(all.count, top + room))/\(all.count)", Style(fg: .textMuted, .dim))
            }
            lines.append(keys)
        }
        let rect = buf.bounds.centered(width: width, height: min(buf.height, lines.count + 2))
        let bg = Style(bg: .backgroundPanel)
        let inner = buf.drawBox(rect, title: "approve \(prompt.tool)?", style: Style(fg: .warning), background: bg)
        for (row, line) in lines.prefix(inner.height).enumerated() {
            buf.write(line.truncated(to: inner.width), x: inner.x, y: inner.y + row, base: bg, clip: inner)
        }
    }
}
