import Foundation
import SXCore
import SXProtocol

/// Provider, model and profile; every profile's state with live countdowns; Codex's 5-hour and weekly usage bars.
enum StatusPane {
    static func preferredHeight(_ state: AppState) -> Int { content(state, width: 40).count + 2 }

    static func draw(
        _ state: AppState, in rect: Rect, into buf: inout ScreenBuffer, focused: Bool, background: Style? = nil
    ) {
        let inner = buf.drawBox(
            rect, title: "status", style: Style(fg: focused ? .borderActive : .border),
            titleStyle: Style(fg: focused ? .borderActive : .textMuted, .bold), background: background)
        guard !inner.isEmpty else { return }
        for (row, line) in content(state, width: inner.width).prefix(inner.height).enumerated() {
            buf.write(
                line.truncated(to: inner.width), x: inner.x, y: inner.y + row, base: background ?? .plain, clip: inner)
        }
    }

    static func content(_ state: AppState, width: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        let label = Style(fg: .textMuted)
        func row(_ name: String, _ value: String, _ style: Style = Style(fg: .text)) {
            var l = StyledLine(name.padding(toLength: 9, withPad: " ", startingAt: 0), label)
            l.append(value, style)
            out.append(l)
        }
        row("provider", state.engine.session?.provider.displayName ?? "–", Style(fg: .primary, .bold))
        row("model", state.engine.activeModel.isEmpty ? "–" : state.engine.activeModel, Style(fg: .primary))
        row(
            "profile", (state.engine.session?.profileId ?? "–") + (state.engine.pinnedProfile != nil ? " (pinned)" : "")
        )
        if let effort = state.engine.session?.reasoningEffort { row("effort", effort) }
        if let c = state.engine.context {
            row(
                "context",
                "\(c.percentLeft)% left (\(CompactionReport.k(c.tokens)) of \(CompactionReport.k(c.window)))",
                Style(fg: StatusBar.meterToken(c.percentLeft)))
        }
        if let u = state.engine.lastUsage {
            row("tokens", "in \(compact(u.inputTokens)) · out \(compact(u.outputTokens))", label)
        }
        let t = state.engine.totalUsage
        if t.inputTokens + t.outputTokens > 0 {
            row(
                "session",
                "in \(compact(t.inputTokens)) · cached \(compact(t.cachedInputTokens)) · out \(compact(t.outputTokens))",
                label)
        }
        if let cost = state.engine.context?.sessionCostUSD {
            row("cost", String(format: "~$%.2f (estimate, list prices)", cost), label)
        }
        if let w = state.engine.watch { out.append(watchLine(w, now: state.chrome.now)) }
        if let plan = state.engine.plan, !plan.steps.isEmpty { out += planLines(plan, width: width) }
        var barsShownFor: Set<String> = []
        if !state.engine.profiles.isEmpty {
            out.append(StyledLine("profiles", Style(fg: .textMuted, .bold)))
            for p in state.engine.profiles {
                out.append(profileLine(p, state: state))
                let lines = profileUsageLines(p, state: state, width: width)
                if !lines.isEmpty { barsShownFor.insert(p.id) }
                out += lines
            }
        }
        if !state.engine.mcpServers.isEmpty {
            out.append(StyledLine("mcp", Style(fg: .textMuted, .bold)))
            for server in state.engine.mcpServers { out.append(mcpLine(server)) }
        }
        let snapshot =
            state.engine.session?.profileId.flatMap { state.engine.rateLimits[$0] }
            ?? state.engine.rateLimits.values.first
        let shownAbove = state.engine.session?.profileId.map { barsShownFor.contains($0) } ?? false
        if let snapshot, !snapshot.isEmpty, !shownAbove {
            out.append(StyledLine("usage", Style(fg: .textMuted, .bold)))
            if let w = snapshot.primary { out.append(usageBar("5h", w, width: width, now: state.chrome.now)) }
            if let w = snapshot.secondary { out.append(usageBar("week", w, width: width, now: state.chrome.now)) }
            if let c = snapshot.creditBalance { row("credits", c) }
        }
        return out
    }

    /// `plan 2/5` and one line per step: ☑ done (dimmed), ◐ in progress (bold), ☐ to do. The glyphs are
    /// single-cell in the terminals the tmux tests and the themes use, like the profile marks (● ◔ ✗) beside them.
    static func planLines(_ plan: Plan, width: Int) -> [StyledLine] {
        var header = StyledLine("plan", Style(fg: .textMuted, .bold))
        header.append(" \(plan.completedCount)/\(plan.steps.count)", Style(fg: .textMuted))
        var out = [header]
        for step in plan.steps {
            let (mark, markStyle, textStyle): (String, Style, Style) =
                switch step.status {
                case .completed: ("☑", Style(fg: .ok), Style(fg: .textMuted, .dim))
                case .inProgress: ("◐", Style(fg: .primary, .bold), Style(fg: .text, .bold))
                case .pending: ("☐", Style(fg: .textMuted), Style(fg: .text))
                }
            var line = StyledLine(mark + " ", markStyle)
            line.append(step.step.replacingOccurrences(of: "\n", with: " "), textStyle)
            out.append(line)
        }
        return out
    }

    /// `● git ready (12 tools)`, `◔ time starting`, `✗ db failed: exited with status 1 (restarting)`.
    static func mcpLine(_ server: MCPServerStatus) -> StyledLine {
        let (mark, token): (String, ThemeToken) =
            switch server.state {
            case .ready: ("●", .ok)
            case .starting: ("◔", .cooldown)
            case .failed(_, let retrying): ("✗", retrying ? .warning : .error)
            case .waitingForApproval: ("!", .warning)
            case .unsupported: ("–", .textMuted)
            case .needsLogin: ("!", .warning)
            }
        var l = StyledLine(mark + " ", Style(fg: token))
        l.append(server.name, Style(fg: .text))
        l.append(" " + server.stateText, Style(fg: token))
        return l
    }

    static func profileLine(_ p: ProfileStatus, state: AppState) -> StyledLine {
        var l = StyledLine()
        let active = p.id == state.engine.session?.profileId
        let (mark, token, text): (String, ThemeToken, String) =
            switch p.state {
            case .ok: ("●", .ok, "ok")
            case .coolingDown(let until):
                ("◔", .cooldown, "cooling " + countdown(until.timeIntervalSince(state.chrome.now)))
            case .disabled(let reason): ("✗", .disabled, "disabled: " + reason)
            case .needsLogin: ("!", .warning, "re-login needed")
            }
        l.append(mark + " ", Style(fg: token))
        l.append(p.id, Style(fg: active ? .primary : .text, active ? .bold : []))
        l.append(" " + text, Style(fg: token))
        if let used = p.lastUsed {
            l.append(" · " + ago(state.chrome.now.timeIntervalSince(used)), Style(fg: .textMuted, .dim))
        }
        return l
    }

    /// A Codex profile's own 5-hour and weekly bars under its line: the newest of what the store holds (headers
    /// of any process, the usage endpoint) and this session's own headers; "usage unknown" when the newest read
    /// failed. Nothing when nothing was ever seen (no bars of guesswork).
    static func profileUsageLines(_ p: ProfileStatus, state: AppState, width: Int) -> [StyledLine] {
        guard p.provider == "openai-codex" else { return [] }
        var snapshot = p.usage
        var unknown = p.usageUnknown
        // This session's own headers replace an older reading. With no reading yet they stay in the session's
        // usage block below (the store has them within a second: the session saves what it sees).
        if let live = state.engine.rateLimits[p.id], !live.isEmpty, let at = state.engine.rateLimitsAt[p.id],
            let seen = p.usageAt, at >= seen
        {
            snapshot = live
            unknown = false
        }
        if unknown { return [StyledLine("    usage unknown", Style(fg: .textMuted, .dim))] }
        guard let snapshot else { return [] }
        var out: [StyledLine] = []
        if let w = snapshot.primary {
            out.append(
                usageBar(
                    RateLimitSnapshot.windowLabel(w, fallback: "5h"), w, width: width, now: state.chrome.now, indent: 2)
            )
        }
        if let w = snapshot.secondary {
            out.append(
                usageBar(
                    RateLimitSnapshot.windowLabel(w, fallback: "week"), w, width: width, now: state.chrome.now,
                    indent: 2))
        }
        return out
    }

    /// `auto     anthropic/claude-sonnet-4-5`: the background watcher's effective model.
    static func watchLine(_ w: ModelWatchReport, now: Date) -> StyledLine {
        var l = StyledLine("auto".padding(toLength: 9, withPad: " ", startingAt: 0), Style(fg: .textMuted))
        l.append(w.effective, Style(fg: w.usable ? .text : .warning))
        if !w.usable, let free = w.freeAt {
            l.append(" free in " + countdown(free.timeIntervalSince(now)), Style(fg: .cooldown))
        }
        return l
    }

    /// `5h   ███████░░░░░ 58% 2h13m`: the bar takes what the label, percentage and reset time leave.
    static func usageBar(_ name: String, _ w: RateLimitWindow, width: Int, now: Date, indent: Int = 0) -> StyledLine {
        let pct = max(0, min(100, w.usedPercent))
        let reset = w.resetsAt.map { " " + countdown($0.timeIntervalSince(now)) } ?? ""
        let pctText = String(format: " %3.0f%%", pct)
        let barWidth = max(4, width - indent - 5 - CellWidth.of(pctText) - CellWidth.of(reset))
        let filled = Int((Double(barWidth) * pct / 100).rounded())
        let token: ThemeToken = pct >= 90 ? .error : pct >= 70 ? .warning : .ok
        var l = StyledLine(
            String(repeating: " ", count: indent) + name.padding(toLength: 5, withPad: " ", startingAt: 0),
            Style(fg: .textMuted))
        l.append(String(repeating: "█", count: filled), Style(fg: token))
        l.append(String(repeating: "░", count: barWidth - filled), Style(fg: .border))
        l.append(pctText, Style(fg: token))
        l.append(reset, Style(fg: .textMuted, .dim))
        return l
    }

    /// `4d3h`, `2h13m`, `04:12`: coarse when far, to the second when close (it ticks every second).
    static func countdown(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        if s >= 86_400 { return "\(s / 86_400)d\(s % 86_400 / 3600)h" }
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" }
        return String(format: "%02d:%02d", s / 60, s % 60)
    }

    static func ago(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "just now" }
        if s < 3600 { return "\(s / 60)m ago" }
        if s < 86_400 { return "\(s / 3600)h ago" }
        return "\(s / 86_400)d ago"
    }

    static func compact(_ n: Int) -> String {
        n >= 1_000_000
            ? String(format: "%.1fM", Double(n) / 1e6) : n >= 1000 ? String(format: "%.1fk", Double(n) / 1000) : "\(n)"
    }
}
