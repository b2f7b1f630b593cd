/// A tool call waiting for the person: the host numbers each request so the front end's answer finds its way back
/// (`EngineHost.answerApproval`).
public struct PendingApproval: Sendable, Equatable {
    public var id: Int
    public var request: ApprovalRequest

    public init(id: Int, request: ApprovalRequest) {
        self.id = id
        self.request = request
    }
}
