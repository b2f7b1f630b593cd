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
            return []
        case .engine(let event):
            reduceEvent(&state, event)
            return []
        case .resize(let w, let h):
            state.width = max(1, w)
            state.height = max(1, h)
            return []
        case .tick(let now):
            state.now = now
            if let until = state.quitArmedUntil, now >= until {
                state.quitArmedUntil = nil
                state.flash = nil
            }
            return []
        case .sessionStatus(let status):
            state.session = status
            state.busy = status.busy
            // The model the session started on is the first "recent" one, so the picker opens on it.
            if state.recentModels.isEmpty, let name = state.models.first(where: {
                ($0 == status.model || $0.hasSuffix("/" + status.model)) && state.modelProviders[$0].map { $0 == status.provider.rawValue } != false
            }) {
                rememberModel(&state, name)
            }
            return []
        case .profiles(let profiles):
            state.profiles = profiles
            return []
        case .modelWatch(let report):
            state.watch = report
            if let line = report.changed { state.append(.notice("auto-switch: " + line, .info)) }
            return []
        case .notice(let text, let level):
            state.append(.notice(text, level))
            return []
        case .themeChanged(let name):
            state.themeName = name
            return []
        case .scrollResolved(let scroll):
            state.scroll = scroll
            return []
        case .filesIndexed(let files):
            state.files = files
            return []
        case .imageAttached(let name, let data):
            state.composer.images.append((name, data))
            return []
        case .sessionReplaced(let status, let history, let notice):
            return sessionReplaced(&state, status, history: history, notice: notice)
        case .turnHistory(let history):
            adoptTexts(&state, from: history)
            return []
        case .sessionsListed(let sessions):
            sessionsListed(&state, sessions)
            return []
        }
    }

    static func reduceEvent(_ state: inout AppState, _ event: EngineEvent) {
        switch event {
        case .requestStarted(let provider, let model, let profileId, _):
            if !state.busy { state.turnStartedAt = state.now }
            state.busy = true
            if state.session == nil {
                state.session = SessionStatus(sessionId: "", provider: provider, model: model, profileId: profileId, busy: true)
            } else {
                state.session?.provider = provider
                state.session?.model = model
                state.session?.profileId = profileId
                state.session?.busy = true
            }
        case .thinkingDelta(let text):
            if case .thinking(_, true, let collapsed)? = state.items.last?.kind {
                state.updateLast { item in
                    guard case .thinking(var body, _, _) = item.kind else { return }
                    item.kind = .notice("", .info)  // drops the enum's reference so `body` appends in place
                    body += text
                    item.kind = .thinking(body, streaming: true, collapsed: collapsed)
                }
            } else {
                finishStreaming(&state)
                state.append(.thinking(text, streaming: true, collapsed: false))
            }
        case .textDelta(let text):
            if case .assistant(_, true)? = state.items.last?.kind {
                // Appending in place keeps a 5,000-delta reply linear; `old + text` would copy it every time.
                state.updateLast { item in
                    guard case .assistant(var body, _) = item.kind else { return }
                    item.kind = .notice("", .info)
                    body += text
                    item.kind = .assistant(body, streaming: true)
                }
            } else {
                finishStreaming(&state)
                state.append(.assistant(text, streaming: true))
            }
        case .toolCall(let call):
            finishStreaming(&state)
            state.toolLog.append(ToolLogEntry(callId: call.id, name: call.name, arguments: call.arguments, startedAt: state.now))
            state.append(.tool(callId: call.id))
        case .toolOutput(let callId, let chunk):
            updateTool(&state, callId) { $0.appendOutput(chunk) }
        case .toolResult(let result, let exitCode, let durationMs):
            updateTool(&state, result.callId) { entry in
                entry.status = result.isError || (exitCode ?? 0) != 0 ? .failed : .ok
                entry.exitCode = exitCode
                entry.durationMs = durationMs
                if !result.output.isEmpty { entry.output = result.output }
            }
        case .usage(let usage):
            state.lastUsage = usage
        case .rateLimits(let profileId, let snapshot):
            state.rateLimits[profileId ?? ""] = snapshot
            state.rateLimitsAt[profileId ?? ""] = state.now
        case .profileSwitched(let from, let to, let reason):
            finishStreaming(&state)
            state.session?.profileId = to
            state.append(.notice("profile \(from ?? "–") → \(to): \(reason)", .info))
        case .modelSwitched(let from, let to, let reason):
            finishStreaming(&state)
            state.session?.model = to
            rememberModel(&state, to)
            state.append(.notice("model \(from) → \(to): \(reason)", .info))
        case .notice(let text):
            finishStreaming(&state)
            state.append(.notice(text, .info))
        case .error(let text):
            finishStreaming(&state)
            state.append(.notice(text, .error))
        case .waiting(let until, let reason):
            state.wait = AppState.Wait(until: until, reason: reason)
        case .waitEnded:
            state.wait = nil
        case .turnDone(let summary):
            finishStreaming(&state)
            state.wait = nil
            state.busy = false
            state.session?.busy = false
            state.turnStartedAt = nil
            state.lastUsage = summary.usage
            switch summary.outcome {
            case .interrupted: state.append(.notice("interrupted", .warning))
            case .stepLimit: state.append(.notice("stopped: step limit reached after \(summary.steps) steps", .warning))
            case .failed, .completed: break
            }
        }
    }

    /// Ends the live assistant/thinking item: its tail (an unfinished line, a held-back table) is committed, and a
    /// thinking block collapses because the answer (or a tool call) has started.
    static func finishStreaming(_ state: inout AppState) {
        guard let last = state.items.last else { return }
        switch last.kind {
        case .assistant(let text, true):
            state.updateLast { $0.kind = .assistant(text, streaming: false) }
        case .thinking(let text, true, _):
            state.updateLast { $0.kind = .thinking(text, streaming: false, collapsed: true) }
        default:
            break
        }
    }

    static func updateTool(_ state: inout AppState, _ callId: String, _ body: (inout ToolLogEntry) -> Void) {
        guard let i = state.toolLog.lastIndex(where: { $0.callId == callId }) else { return }
        body(&state.toolLog[i])
        if let item = state.items.lastIndex(where: { $0.kind == .tool(callId: callId) }) { state.items[item].revision += 1 }
    }

    static func rememberModel(_ state: inout AppState, _ model: String) {
        state.recentModels.removeAll { $0 == model }
        state.recentModels.insert(model, at: 0)
        if state.recentModels.count > maxRecentModels { state.recentModels.removeLast() }
    }
}
