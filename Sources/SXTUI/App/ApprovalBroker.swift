import Foundation
import SXEngine

/// Connects the tool runner's approval callback (called on whatever task runs the tool) to the app's modal: a
/// request becomes an `.approvalRequested` action, and the person's key resumes the waiting tool.
public final class ApprovalBroker: @unchecked Sendable {
    // `pending`, `post` and `nextId` are only touched under `lock`.
    private let lock = NSLock()
    private var pending: [Int: CheckedContinuation<ApprovalDecision, Never>] = [:]
    private var post: (@Sendable (Action) -> Void)?
    private var nextId = 1

    public init() {}

    /// The callback to give `ToolRunner`.
    public var handler: ApprovalHandler {
        { [self] request in await ask(request) }
    }

    func attach(_ post: @escaping @Sendable (Action) -> Void) {
        lock.withLock { self.post = post }
    }

    /// Refuses everything still waiting and everything that comes later (the app is gone).
    func detach() {
        let waiting = lock.withLock { () -> [CheckedContinuation<ApprovalDecision, Never>] in
            post = nil
            defer { pending.removeAll() }
            return Array(pending.values)
        }
        for c in waiting { c.resume(returning: .deny(reason: "sx was closed before you answered")) }
    }

    func answer(_ id: Int, _ choice: ApprovalChoice) {
        guard let c = lock.withLock({ pending.removeValue(forKey: id) }) else { return }
        switch choice {
        case .yes: c.resume(returning: .approve)
        case .always: c.resume(returning: .approveForSession)
        case .no: c.resume(returning: .deny(reason: "the user said no"))
        }
    }

    private func ask(_ request: ApprovalRequest) async -> ApprovalDecision {
        await withCheckedContinuation { (c: CheckedContinuation<ApprovalDecision, Never>) in
            let posted: (@Sendable (Action) -> Void, Int)? = lock.withLock {
                guard let post else { return nil }
                let id = nextId
                nextId += 1
                pending[id] = c
                return (post, id)
            }
            guard let (post, id) = posted else {
                c.resume(returning: .deny(reason: "no one to ask (run with --approval auto to allow it)"))
                return
            }
            post(.approvalRequested(ApprovalPrompt(id: id, tool: request.call.name, summary: request.summary)))
        }
    }
}
