import Foundation
import SXAuth

/// A built-in capability the model can call. Tools never throw: every failure becomes a result the model reads,
/// so a bad call costs one step instead of the turn.
public protocol Tool: Sendable {
    var spec: ToolSpec { get }
    /// Whether the tool changes the machine (files, processes). Mutating tools are what `ApprovalPolicy` guards.
    var isMutating: Bool { get }
    /// Whether `ApprovalPolicy` guards the call (`ask` asks, `never` refuses): every mutating built-in tool, and an
    /// MCP server's tools unless its config says `trust: auto`.
    var needsApproval: Bool { get }
    /// Runs one call. `arguments` is the model's JSON text (possibly malformed); `output` receives live output
    /// chunks for display (only `shell` streams). The returned `callId` may be empty: `ToolRunner` stamps it.
    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    /// What the call would do, for the approval prompt; worked out without changing anything. Nil: nothing to show
    /// beyond the call's one-line summary.
    func preview(arguments: String, context: ToolContext) -> ToolPreview?
}

extension Tool {
    public var name: String { spec.name }
    public var needsApproval: Bool { isMutating }
    public func preview(arguments: String, context: ToolContext) -> ToolPreview? { nil }
}

/// Where and how a tool runs.
public struct ToolContext: Sendable {
    /// The workspace root, resolved through symlinks at creation so that confinement compares real paths.
    public let workspaceRoot: String
    /// Lets file tools reach paths outside the workspace (the user asked for it explicitly).
    public var allowOutsideWorkspace: Bool
    /// A second way to interrupt running tools besides cancelling the Swift task (e.g. a TUI key handler that
    /// does not own the task). Swift task cancellation is always honoured too.
    public var cancellation: ToolCancellation?
    /// Extra environment for `shell`, on top of the inherited one.
    public var environment: [String: String]
    /// What `~` in a tool's path means (`HOME` from the settings); nil: the account's home folder.
    public var homeDirectory: String?
    /// The process's HTTP clients (proxy, extra CA, connect timeout) for `web_fetch`; nil: no network here.
    public var http: HTTPClientPool?
    /// `WEB_FETCH_PRIVATE`: `web_fetch` may reach private, loopback and link-local addresses without a yes.
    public var allowPrivateNetwork: Bool
    /// Set by `ToolRunner` for a call the person approved just now (its prompt showed the call's warning).
    public var approvedByUser = false

    public init(
        workspaceRoot: String, allowOutsideWorkspace: Bool = false,
        cancellation: ToolCancellation? = nil, environment: [String: String] = [:], homeDirectory: String? = nil,
        http: HTTPClientPool? = nil, allowPrivateNetwork: Bool = false
    ) {
        self.workspaceRoot = WorkspacePath.realPath(
            of: WorkspacePath.absolute(workspaceRoot, base: FileManager.default.currentDirectoryPath))
        self.allowOutsideWorkspace = allowOutsideWorkspace
        self.cancellation = cancellation
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.http = http
        self.allowPrivateNetwork = allowPrivateNetwork
    }

    /// True when either the task or the context's token was cancelled.
    var isCancelled: Bool { Task.isCancelled || (cancellation?.isCancelled ?? false) }
}

/// A thread-safe one-shot cancel flag shared between the front end and running tools.
public final class ToolCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() { lock.withLock { cancelled = true } }
    public var isCancelled: Bool { lock.withLock { cancelled } }
}

/// A tool's result plus what the tool log shows next to it.
public struct ToolOutcome: Sendable, Equatable {
    public var result: ToolResult
    /// The process exit code (shell only); nil when there was no process or it died of a signal.
    public var exitCode: Int32?
    public var durationMs: Int
    /// The plan an `update_plan` call set; the session announces it (`EngineEvent.plan`) after the result.
    public var plan: Plan?

    public init(result: ToolResult, exitCode: Int32? = nil, durationMs: Int = 0, plan: Plan? = nil) {
        self.result = result
        self.exitCode = exitCode
        self.durationMs = durationMs
        self.plan = plan
    }

    /// The event the session emits when this call is done.
    public var event: EngineEvent { .toolResult(result, exitCode: exitCode, durationMs: durationMs) }

    /// A successful result whose call id the runner fills in.
    static func ok(_ text: String, images: [ImageData] = [], exitCode: Int32? = nil) -> ToolOutcome {
        ToolOutcome(
            result: ToolResult(callId: "", name: "", output: text, isError: false, images: images), exitCode: exitCode)
    }

    /// An error result: the model reads `text` and can correct itself.
    static func error(_ text: String, exitCode: Int32? = nil) -> ToolOutcome {
        ToolOutcome(result: ToolResult(callId: "", name: "", output: text, isError: true), exitCode: exitCode)
    }
}

/// A failure inside a tool, carried to the single place that turns it into an error result.
struct ToolFailure: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension ToolOutcome {
    /// Runs `body`, turning a thrown `ToolFailure` into an error result.
    static func catching(_ body: () throws(ToolFailure) -> ToolOutcome) -> ToolOutcome {
        do { return try body() } catch { return .error(error.message) }
    }
}
