import Foundation
import SXProtocol

/// The pure core: `reduce(state, action) -> effects`. No IO here — the app loop performs the effects. Key handling
/// lives in `Reducer+Keys.swift`, slash commands in `Reducer+Commands.swift`.
public enum Reducer {
    /// How long "press Ctrl+C again to quit" stays armed: long enough to press twice deliberately, short enough that
    /// a later Ctrl+C (meant to clear input) does not quit by surprise.
    static let quitArmSeconds: TimeInterval = 2
    /// Two Esc presses within this window clear the composer when nothing is running.
    static let doubleEscapeSeconds: TimeInterval = 0.6
    /// Mouse wheel step: three lines, the common terminal default.
    static let wheelLines = 3
    /// Recent models kept for F2 cycling and the top of the picker.
    static let maxRecentModels = 8
    /// Side column resize step: four columns per press reaches any width in a few presses without overshooting.
    static let sideStep = 4
    /// The efforts Ctrl+T cycles through for a model whose levels the app did not give (`AppState.modelEfforts`).
    static let efforts = ["low", "medium", "high"]

    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            return reduceKey(&state, key)
        case .approvalRequested(let prompt):
            // On top of whatever is open: a picker under it is there again, as it was, once this is answered.
            state.push(ApprovalPopup(prompt: prompt))
            return state.chrome.focused
                ? [] : [.notify(oneLine("sx: approval needed: \(prompt.tool) \(prompt.summary)"))]
        case .engine(let event):
            let answer = currentAnswer(state)
            reduceEvent(&state, event)
            // Type-ahead: a turn that ended on its own sends the next queued message; an interrupted one keeps them.
            if case .turnDone(let summary) = event, summary.outcome != .interrupted, state.composer.queue.isEmpty,
                !state.chrome.focused
            {
                switch summary.outcome {
                case .completed: return [.notify(oneLine("sx: done" + (answer.map { ": \($0)" } ?? "")))]
                case .failed: return [.notify("sx: the turn failed")]
                default: return [.notify("sx: stopped at the step limit")]
                }
            }
            if case .turnDone(let summary) = event, !state.composer.queue.isEmpty {
                if summary.outcome == .interrupted {
                    let n = state.composer.queue.count
                    state.conversation.append(
                        .notice(
                            "\(n) queued message\(n == 1 ? "" : "s") kept: Enter on an empty prompt sends the next, Esc Esc clears",
                            .info))
                    return []
                }
                return sendNextQueued(&state)
            }
            return []
        case .resize(let w, let h):
            state.chrome.width = max(1, w)
            state.chrome.height = max(1, h)
            return []
        case .tick(let now):
            state.chrome.now = now
            if let until = state.chrome.quitArmedUntil, now >= until {
                state.chrome.quitArmedUntil = nil
                state.chrome.flash = nil
            }
            return []
        case .sessionStatus(let status):
            state.engine.session = status
            state.engine.busy = status.busy
            // The model the session started on is the first "recent" one, so the picker opens on it.
            if state.engine.recentModels.isEmpty,
                let name = state.engine.models.first(where: {
                    ($0 == status.model || $0.hasSuffix("/" + status.model))
                        && state.engine.modelProviders[$0].map { $0 == status.provider.rawValue } != false
                })
            {
                rememberModel(&state, name)
            }
            return []
        case .profiles(let profiles):
            state.engine.profiles = profiles
            return []
        case .mcpServers(let servers):
            state.engine.mcpServers = servers
            return []
        case .modelWatch(let report):
            state.engine.watch = report
            if let line = report.changed { state.conversation.append(.notice("auto-switch: " + line, .info)) }
            return []
        case .notice(let text, let level):
            state.conversation.append(.notice(text, level))
            return []
        case .themeChanged(let name):
            state.chrome.themeName = name
            return []
        case .scrollResolved(let scroll):
            state.conversation.scroll = scroll
            return []
        case .filesIndexed(let files):
            state.composer.files = files
            return []
        case .commandsLoaded(let library, let announce):
            commandsLoaded(&state, library, announce: announce)
            return []
        case .imageAttached(let name, let data):
            state.composer.images.append((name, data))
            return []
        case .promptEdited(let text):
            state.composer.replaceText(text)
            state.chrome.focus = .composer
            return []
        case .sendRefused(let message):
            if let i = state.conversation.items.lastIndex(where: {
                if case .user(let text) = $0.kind { text.hasPrefix(message.text) } else { false }
            }) {
                state.conversation.items.remove(at: i)
            }
            state.composer.queue.insert(message, at: 0)
            state.engine.busy = true
            return []
        case .sessionReplaced(let status, let history, let notice, let earlier):
            return sessionReplaced(&state, status, history: history, notice: notice, earlier: earlier)
        case .turnHistory(let history):
            adoptTexts(&state, from: history)
            return []
        case .sessionsListed(let sessions):
            sessionsListed(&state, sessions)
            return []
        case .rewindPoints(let points):
            rewindPointsListed(&state, points)
            return []
        case .restored(let report, let command):
            restored(&state, report, command: command)
            return []
        }
    }

    static func reduceEvent(_ state: inout AppState, _ event: EngineEvent) {
        switch event {
        case .requestStarted(let provider, let model, let profileId, _):
            if !state.engine.busy { state.engine.turnStartedAt = state.chrome.now }
            state.engine.busy = true
            if state.engine.session == nil {
                state.engine.session = SessionStatus(
                    sessionId: "", provider: provider, model: model, profileId: profileId, busy: true)
            } else {
                state.engine.session?.provider = provider
                state.engine.session?.model = model
                state.engine.session?.profileId = profileId
                state.engine.session?.busy = true
            }
        case .thinkingDelta(let text):
            if case .thinking(_, true, let collapsed)? = state.conversation.items.last?.kind {
                state.conversation.updateLast { item in
                    guard case .thinking(var body, _, _) = item.kind else { return }
                    item.kind = .notice("", .info)  // drops the enum's reference so `body` appends in place
                    body += text
                    item.kind = .thinking(body, streaming: true, collapsed: collapsed)
                }
            } else {
                finishStreaming(&state)
                state.conversation.append(.thinking(text, streaming: true, collapsed: false))
            }
        case .textDelta(let text):
            if case .assistant(_, true)? = state.conversation.items.last?.kind {
                // Appending in place keeps a 5,000-delta reply linear; `old + text` would copy it every time.
                state.conversation.updateLast { item in
                    guard case .assistant(var body, _) = item.kind else { return }
                    item.kind = .notice("", .info)
                    body += text
                    item.kind = .assistant(body, streaming: true)
                }
            } else {
                finishStreaming(&state)
                state.conversation.append(.assistant(text, streaming: true))
            }
        case .toolCall(let call):
            finishStreaming(&state)
            state.toolLog.entries.append(
                ToolLogEntry(callId: call.id, name: call.name, arguments: call.arguments, startedAt: state.chrome.now))
            state.conversation.append(.tool(callId: call.id))
        case .toolOutput(let callId, let chunk):
            updateTool(&state, callId) { $0.appendOutput(chunk) }
        case .toolResult(let result, let exitCode, let durationMs):
            updateTool(&state, result.callId) { entry in
                entry.status = result.isError || (exitCode ?? 0) != 0 ? .failed : .ok
                entry.exitCode = exitCode
                entry.durationMs = durationMs
                if !result.output.isEmpty { entry.output = result.output }
                entry.diffs = result.diffs
            }
        case .usage(let usage):
            state.engine.lastUsage = usage
            state.engine.totalUsage = state.engine.totalUsage + usage
        case .context(let c):
            state.engine.context = c
        case .compacted(let report):
            finishStreaming(&state)
            state.conversation.append(.compaction(report))
            releaseCompacted(&state)
        case .rateLimits(let profileId, let snapshot):
            state.engine.rateLimits[profileId ?? ""] = snapshot
            state.engine.rateLimitsAt[profileId ?? ""] = state.chrome.now
        case .profileSwitched(let from, let to, let reason):
            finishStreaming(&state)
            state.engine.session?.profileId = to
            state.conversation.append(.notice("profile \(from ?? "–") → \(to): \(reason)", .info))
        case .modelSwitched(let from, let to, let reason):
            finishStreaming(&state)
            state.engine.session?.model = to
            rememberModel(&state, to)
            state.conversation.append(.notice("model \(from) → \(to): \(reason)", .info))
        case .notice(let text):
            finishStreaming(&state)
            state.conversation.append(.notice(text, .info))
        case .plan(let plan):
            // One line when the plan moved on (a step done or started, steps changed), not for a repeat.
            if plan.steps != state.engine.plan?.steps {
                finishStreaming(&state)
                state.conversation.append(.notice(plan.summaryLine, .info))
            }
            state.engine.plan = plan
        case .error(let text):
            finishStreaming(&state)
            state.conversation.append(.notice(text, .error))
        case .waiting(let until, let reason):
            state.engine.wait = EngineMirror.Wait(until: until, reason: reason)
        case .waitEnded:
            state.engine.wait = nil
        case .turnDone(let summary):
            finishStreaming(&state)
            state.engine.wait = nil
            state.engine.busy = false
            state.engine.session?.busy = false
            state.engine.turnStartedAt = nil
            state.engine.lastUsage = summary.usage
            switch summary.outcome {
            case .interrupted: state.conversation.append(.notice("interrupted", .warning))
            case .stepLimit:
                state.conversation.append(.notice("stopped: step limit reached after \(summary.steps) steps", .warning))
            case .failed, .completed: break
            }
        }
    }

    /// Ends the live assistant/thinking item: its tail (an unfinished line, a held-back table) is committed, and a
    /// thinking block collapses because the answer (or a tool call) has started.
    static func finishStreaming(_ state: inout AppState) {
        guard let last = state.conversation.items.last else { return }
        switch last.kind {
        case .assistant(let text, true):
            state.conversation.updateLast { $0.kind = .assistant(text, streaming: false) }
        case .thinking(let text, true, _):
            state.conversation.updateLast { $0.kind = .thinking(text, streaming: false, collapsed: true) }
        default:
            break
        }
    }

    static func updateTool(_ state: inout AppState, _ callId: String, _ body: (inout ToolLogEntry) -> Void) {
        guard let i = state.toolLog.entries.lastIndex(where: { $0.callId == callId }) else { return }
        body(&state.toolLog.entries[i])
        if let item = state.conversation.items.lastIndex(where: { $0.kind == .tool(callId: callId) }) {
            state.conversation.items[item].revision += 1
        }
    }

    static func rememberModel(_ state: inout AppState, _ model: String) {
        state.engine.recentModels.removeAll { $0 == model }
        state.engine.recentModels.insert(model, at: 0)
        if state.engine.recentModels.count > maxRecentModels { state.engine.recentModels.removeLast() }
    }

    /// The running turn's answer (none when its last item is the prompt), for the notification.
    static func currentAnswer(_ state: AppState) -> String? {
        for item in state.conversation.items.reversed() {
            switch item.kind {
            case .assistant(let text, _): return text
            case .user: return nil
            default: continue
            }
        }
        return nil
    }

    /// A notification's text: one line, at most 120 characters (terminals show a line or two).
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(119)) + "…" : flat
    }
}
