import Foundation

/// Connects the tool runner's approval callback (called on whatever task runs the tool) to a front end: each
/// request is numbered and handed to the connected front end, and its answer resumes the waiting tool.
public final class ApprovalBroker: @unchecked Sendable {
    // `pending`, `ask` and `nextId` are only touched under `lock`.
    private let lock = NSLock()
    private var pending: [Int: CheckedContinuation<ApprovalDecision, Never>] = [:]
    private var ask: (@Sendable (PendingApproval) -> Void)?
    private var nextId = 1

    public init() {}

    /// The callback to give `ToolRunner`.
    public var handler: ApprovalHandler {
        { [self] request in await ask(request) }
    }

    public func connect(_ ask: @escaping @Sendable (PendingApproval) -> Void) {
        lock.withLock { self.ask = ask }
    }

    /// Refuses everything still waiting and everything that comes later (the front end is gone).
    public func disconnect() {
        let waiting = lock.withLock { () -> [CheckedContinuation<ApprovalDecision, Never>] in
            ask = nil
            defer { pending.removeAll() }
            return Array(pending.values)
        }
        for c in waiting { c.resume(returning: .deny(reason: "sx was closed before you answered")) }
    }

    public func answer(_ id: Int, _ decision: ApprovalDecision) {
        guard let c = lock.withLock({ pending.removeValue(forKey: id) }) else { return }
        c.resume(returning: decision)
    }

    private func ask(_ request: ApprovalRequest) async -> ApprovalDecision {
        await withCheckedContinuation { (c: CheckedContinuation<ApprovalDecision, Never>) in
            let posted: (@Sendable (PendingApproval) -> Void, Int)? = lock.withLock {
                guard let ask else { return nil }
                let id = nextId
                nextId += 1
                pending[id] = c
                return (ask, id)
            }
            guard let (ask, id) = posted else {
                c.resume(returning: .deny(reason: "no one to ask (run with --approval auto to allow it)"))
                return
            }
            ask(PendingApproval(id: id, request: request))
        }
    }
}
