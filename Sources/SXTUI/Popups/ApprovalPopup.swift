/// The approval modal: what the model wants to do, and one key per answer. It waits for its answer: every key
/// comes to it (Ctrl+C says no), and an approval that arrives while a picker is open goes on top of it.
struct ApprovalPopup: Popup {
    var prompt: ApprovalPrompt
    var kind: PopupKind { .approval(id: prompt.id) }
    var takesAllKeys: Bool { true }

    mutating func handle(_ key: Key, in state: AppState) -> PopupOutcome {
        let choice: ApprovalChoice
        switch key {
        case .char("y"), .char("Y"), .enter: choice = .yes
        case .char("a"), .char("A"): choice = .always
        case .char("n"), .char("N"), .escape, .ctrl("c"): choice = .no
        default: return .stay
        }
        return PopupOutcome(close: true, effects: [.answerApproval(id: prompt.id, choice)])
    }

    func draw(_ state: AppState, into buf: inout ScreenBuffer) {
        let width = max(20, min(buf.width - 4, 84))
        let body = LineWrapper.wrap(StyledLine(prompt.summary, Style(fg: .text, .bold)), width: width - 4)
        let what = prompt.tool == "shell" ? "run this command" : "use \(prompt.tool) on"
        var lines = [StyledLine("The model wants to \(what):", Style(fg: .text))] + body.prefix(max(1, buf.height - 8))
        lines.append(StyledLine())
        var keys = StyledLine("[y] yes", Style(fg: .toolOk, .bold))
        keys.append("   ", Style(fg: .text))
        keys.append("[a] always for \(prompt.tool)", Style(fg: .primary, .bold))
        keys.append("   ", Style(fg: .text))
        keys.append("[n] no", Style(fg: .toolError, .bold))
        lines.append(keys)
        let rect = buf.bounds.centered(width: width, height: min(buf.height, lines.count + 2))
        let bg = Style(bg: .backgroundPanel)
        let inner = buf.drawBox(rect, title: "approve \(prompt.tool)?", style: Style(fg: .warning), background: bg)
        for (row, line) in lines.prefix(inner.height).enumerated() {
            buf.write(line.truncated(to: inner.width), x: inner.x, y: inner.y + row, base: bg, clip: inner)
        }
    }
}
