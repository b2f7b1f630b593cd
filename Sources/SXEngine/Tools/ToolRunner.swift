import Foundation
import SXCore

/// Runs the model's tool calls: looks the tool up, applies the approval policy, caps the result and stamps the
/// call id. Never throws and never crashes on bad input: whatever goes wrong becomes an error result the model
/// reads in the same turn.
public final class ToolRunner: Sendable {
    /// The most text any single result carries back to the model (tools cap their own output lower).
    public static let resultLimit = 64_000

    /// The built-in tools chosen by `TOOLS`.
    public let builtIn: [any Tool]
    /// Tools that come and go (the MCP servers'); read at every lookup.
    public let source: ToolSource?
    public let policy: ApprovalPolicy
    private let approvalHandler: ApprovalHandler?
    private let sessionApprovals = LockedSet()

    /// What providers advertise; empty when tools are disabled (`TOOLS=0`), so the model is told none exist.
    public var specs: [ToolSpec] { tools.map(\.spec) }

    /// Every tool offered now: the built-in ones, then the source's.
    public var tools: [any Tool] { builtIn + (source?.tools ?? []) }

    public init(
        tools: [any Tool], source: ToolSource? = nil, policy: ApprovalPolicy = .auto,
        approvalHandler: ApprovalHandler? = nil
    ) {
        self.builtIn = tools
        self.source = source
        self.policy = policy
        self.approvalHandler = approvalHandler
    }

    /// The built-in tools, in the order models see them (`ToolOffer` picks edit_file or apply_patch per model).
    public static func builtInTools() -> [any Tool] {
        [
            ShellTool(), ReadFileTool(), WriteFileTool(), EditFileTool(), ApplyPatchTool(), ListDirTool(), GlobTool(),
            GrepTool(), UpdatePlanTool(), WebFetchTool()
        ]
    }

    /// Builds a runner from config values: `TOOLS` (unset/`1`/`all` = every tool, `0`/`off`/`none` = no tools,
    /// or a comma-separated list of tool names) and `APPROVAL` (`auto|ask|never`; unset or empty means
    /// `defaultPolicy`). `webFetch` false (`WEB_FETCH=0`) leaves `web_fetch` out whatever `TOOLS` says. Throws
    /// `ToolConfigError` for a value it cannot parse.
    public static func fromConfig(
        tools toolsSetting: String?, approval approvalSetting: String?,
        defaultPolicy: ApprovalPolicy = .auto, webFetch: Bool = true,
        approvalHandler: ApprovalHandler? = nil, source: ToolSource? = nil
    ) throws -> ToolRunner {
        let policy: ApprovalPolicy
        if let approvalSetting, !approvalSetting.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = ApprovalPolicy(configValue: approvalSetting) else {
                throw ToolConfigError(message: "APPROVAL must be auto, ask or never, not '\(approvalSetting)'")
            }
            policy = parsed
        } else {
            policy = defaultPolicy
        }
        let tools = try selectTools(toolsSetting).filter { webFetch || $0.name != WebFetchTool.name }
        return ToolRunner(tools: tools, source: source, policy: policy, approvalHandler: approvalHandler)
    }

    static func selectTools(_ setting: String?) throws -> [any Tool] {
        let value = (setting ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch value {
        case "", "1", "true", "on", "yes", "all": return builtInTools()
        case "0", "false", "off", "no", "none": return []
        default:
            let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            let all = builtInTools()
            let unknown = names.filter { name in !all.contains { $0.name == name } }
            guard unknown.isEmpty else {
                throw ToolConfigError(
                    message:
                        "TOOLS names unknown tools: \(unknown.joined(separator: ", ")) (known: \(all.map(\.name).joined(separator: ", ")))"
                )
            }
            return all.filter { names.contains($0.name) }
        }
    }

    public func tool(named name: String) -> (any Tool)? {
        builtIn.first { $0.name == name } ?? source?.tools.first { $0.name == name }
    }

    /// Runs one call. `onOutput` receives live output chunks (shell only).
    public func run(
        call: ToolCall, context: ToolContext,
        onOutput: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> ToolOutcome {
        let start = ContinuousClock.now
        var outcome: ToolOutcome
        var found = tool(named: call.name)
        if found == nil, let source { found = await source.awaitTool(named: call.name) }
        if let tool = found {
            var context = context
            if let refusal = await refusal(for: call, tool: tool, context: &context) {
                outcome = .error(refusal)
            } else if context.isCancelled {
                outcome = .error("\(call.name): not run, the user interrupted.")
            } else {
                outcome = await tool.run(arguments: call.arguments, context: context, output: onOutput)
            }
        } else if let why = source?.unavailableReason(for: call.name) {
            outcome = .error("\(call.name) cannot run: \(why).")
        } else if tools.isEmpty {
            outcome = .error("No tools are available in this session (tools are disabled); '\(call.name)' cannot run.")
        } else {
            outcome = .error(
                "Unknown tool '\(call.name)'. Available tools: \(tools.map(\.name).joined(separator: ", ")).")
        }
        outcome.result.callId = call.id
        outcome.result.name = call.name
        outcome.result.freeform = call.freeform
        outcome.result.output = HeadTailBuffer.cap(outcome.result.output, limit: Self.resultLimit)
        if outcome.durationMs == 0 {
            let elapsed = start.duration(to: .now).components
            outcome.durationMs = Int(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)
        }
        return outcome
    }

    /// Runs several calls from one response and returns their outcomes in the calls' order. Consecutive
    /// read-only calls run in parallel; a mutating call runs alone, after everything before it, so a `read_file`
    /// after a `write_file` sees the write. After an interrupt the remaining calls get "not run" results: every
    /// call id still gets an answer, which the providers require.
    public func runBatch(
        _ calls: [ToolCall], context: ToolContext,
        onStart: @escaping @Sendable (ToolCall) -> Void = { _ in },
        onOutput: @escaping @Sendable (_ callId: String, _ chunk: String) -> Void = { _, _ in },
        onFinish: @escaping @Sendable (ToolCall, ToolOutcome) -> Void = { _, _ in }
    )
        async -> [ToolOutcome]
    {
        var outcomes: [ToolOutcome?] = Array(repeating: nil, count: calls.count)
        var index = 0
        while index < calls.count {
            var end = index + 1
            if !isMutating(calls[index]) {
                while end < calls.count && !isMutating(calls[end]) { end += 1 }
            }
            let slice = Array(calls[index..<end].enumerated()).map { (offset: $0.offset + index, call: $0.element) }
            await withTaskGroup(of: (Int, ToolOutcome).self) { group in
                for (position, call) in slice {
                    group.addTask {
                        onStart(call)
                        let outcome = await self.run(call: call, context: context) { onOutput(call.id, $0) }
                        onFinish(call, outcome)
                        return (position, outcome)
                    }
                }
                for await (position, outcome) in group { outcomes[position] = outcome }
            }
            index = end
        }
        return outcomes.map { $0! }
    }

    /// Unknown tools count as read-only here: they only produce an error result.
    private func isMutating(_ call: ToolCall) -> Bool { tool(named: call.name)?.isMutating ?? false }

    /// Whether this call will wait for the approval handler (for a front end that marks pending calls).
    public func needsApproval(_ call: ToolCall) -> Bool {
        policy == .ask && (tool(named: call.name)?.needsApproval ?? false) && !sessionApprovals.contains(call.name)
    }

    /// Why the policy refuses this call, or nil when it may run. A call the person approved just now runs with
    /// `approvedByUser` set (they saw its warning, if it had one).
    private func refusal(for call: ToolCall, tool: any Tool, context: inout ToolContext) async -> String? {
        guard tool.needsApproval else { return nil }
        switch policy {
        case .auto:
            return nil
        case .never:
            return
                "\(call.name) is not allowed: the approval policy is 'never', so only read-only tools (read_file, list_dir, glob, grep, update_plan) may run."
        case .ask:
            // Only a fetch can carry a warning; other approved-for-session tools skip the preview's work.
            if sessionApprovals.contains(call.name) && !(tool is WebFetchTool) { return nil }
            let request = Self.approvalRequest(for: call, tool: tool, context: context)
            if sessionApprovals.contains(call.name) && request.warning == nil { return nil }
            guard let approvalHandler else {
                return
                    "\(call.name) needs the user's approval, but no one can be asked in this mode. Rerun with --approval auto to allow it."
            }
            switch await approvalHandler(request) {
            case .approve:
                context.approvedByUser = true
                return nil
            case .approveForSession:
                sessionApprovals.insert(call.name)
                context.approvedByUser = true
                return nil
            case .deny(let reason):
                return "The user denied this \(call.name) call" + (reason.map { ": \($0)" } ?? ".")
                    + " Do not retry it unchanged."
            }
        }
    }

    /// What the person is shown before deciding: the summary line plus the diff the call would write, or the
    /// command and where it runs.
    static func approvalRequest(for call: ToolCall, tool: any Tool, context: ToolContext) -> ApprovalRequest {
        var request = ApprovalRequest(call: call, summary: summary(of: call))
        switch tool.preview(arguments: call.arguments, context: context) {
        case .diffs(let diffs)?: request.diffs = diffs
        case .failure(let message)?: request.previewError = message
        case .command(_, let directory)?: request.workingDirectory = directory
        case .warning(let text)?: request.warning = text
        case nil: break
        }
        return request
    }

    /// The one line an approval prompt shows: the command or the path, falling back to the raw arguments.
    static func summary(of call: ToolCall) -> String {
        let object = (try? JSONParser.parse(call.arguments))?.objectValue
        if let command = object?["command"]?.stringValue { return command }
        if let path = object?["path"]?.stringValue { return "\(call.name) \(path)" }
        if let url = object?["url"]?.stringValue { return "\(call.name) \(url)" }
        return "\(call.name) \(call.arguments.prefix(200))"
    }
}

public struct ToolConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A set of tool names approved for the session, shared by concurrent runs.
private final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String> = []
    func contains(_ name: String) -> Bool { lock.withLock { names.contains(name) } }
    func insert(_ name: String) { lock.withLock { _ = names.insert(name) } }
}
