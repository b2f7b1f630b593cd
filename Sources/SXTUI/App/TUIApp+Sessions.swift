import Foundation
import SXProtocol

/// The session behind the screen: its events forwarded into the inbox, and `/new` / `/resume` replacing it.
extension TUIApp {
    /// Forwards `session`'s events until its stream ends (or the forwarder is cancelled by a replacement). A session
    /// that already has history (resumed at start or by `/resume`) is replayed first; `notice` says why it changed.
    func forward(_ session: any AgentSession, notice: String?) {
        let inbox = self.inbox, generation = sessionGeneration
        // On the session's own actor, when it is one: the event it yields wakes this loop on the same executor,
        // in its queue behind the session's current job, instead of waking another thread for every delta.
        let home = session as? any Actor
        forwarder = Task {
            let status = await session.status()
            let history = await session.history()
            if notice != nil || !history.isEmpty {
                let said = notice ?? "resumed \(status.sessionId)"
                let earlier = await session.earlierHistory()
                inbox.post(.action(.sessionReplaced(status, history: history, notice: said, earlier: earlier)))
            } else {
                inbox.post(.action(.sessionStatus(status)))
            }
            await EventPump.run(session, into: inbox, isolation: home)
            if !Task.isCancelled { inbox.post(.sessionEnded(generation: generation)) }
        }
    }

    /// Asks the host for the next session. The host makes it current and closes the old one, whose stream then
    /// ends: the generation moves first, so that end does not end the app.
    func switchSession(_ request: SessionRequest) {
        guard host.features.contains(.sessions) else {
            dispatch(
                .notice("\(request.resumeId == nil ? "/new" : "/resume") is not available in this build", .warning))
            return
        }
        let inbox = self.inbox, host = self.host
        Task { @MainActor in
            self.sessionGeneration += 1
            let generation = self.sessionGeneration
            let next: any AgentSession
            do {
                next = try await host.replaceSession(request)
            } catch {
                if self.sessionGeneration == generation { self.sessionGeneration -= 1 }
                inbox.post(
                    .action(
                        .notice(
                            "\(request.resumeId == nil ? "cannot start a new session" : "cannot resume"): \(error)",
                            .error)))
                return
            }
            self.forwarder?.cancel()
            let status = await next.status()
            self.forward(
                next,
                notice: request.resumeId == nil ? "new session \(status.sessionId)" : "resumed \(status.sessionId)")
        }
    }

    func listSessions() {
        guard host.features.contains(.sessions) else {
            dispatch(.notice("/resume is not available in this build", .warning))
            return
        }
        let inbox = self.inbox, host = self.host
        Task.detached(priority: .userInitiated) {
            inbox.post(.action(.sessionsListed(await host.savedSessions())))
        }
    }
}

/// Moves a session's events into the inbox, running on `isolation` (the session's actor) when given.
enum EventPump {
    static func run(
        _ session: any AgentSession, into inbox: Mailbox<TUIApp.Message>,
        isolation: isolated (any Actor)?
    ) async {
        for await event in session.events {
            inbox.post(.action(.engine(event)))
            // After each turn the screen swaps its copies of the turn's texts for the engine's (one copy kept).
            if case .turnDone = event { inbox.post(.action(.turnHistory(await session.history()))) }
        }
    }
}
