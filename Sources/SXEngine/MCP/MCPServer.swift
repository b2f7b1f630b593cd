import Foundation
import SXCore
import SXProtocol

/// A tool as one server listed it, checked: a name, a description, an object schema.
struct MCPRemoteTool: Sendable, Equatable {
    var name: String
    var description: String
    var schema: JSONValue
    var readOnly: Bool
}

/// Timeouts and limits of the MCP client; tests shorten them.
public struct MCPLimits: Sendable {
    public var startup: Swift.Duration
    public var toolCall: Swift.Duration
    public var listing: Swift.Duration
    /// The longest line a server may write (a message); longer ends the connection.
    public var maxMessageBytes: Int
    /// Failed starts in a row before a server is left failed.
    public var maxRestarts: Int
    /// The first restart's wait; it doubles each time, 30 s at most.
    public var firstBackoff: Swift.Duration

    public init(
        startup: Swift.Duration = .seconds(30), toolCall: Swift.Duration = .seconds(120),
        listing: Swift.Duration = .seconds(30),
        maxMessageBytes: Int = 32 * 1_048_576, maxRestarts: Int = 5, firstBackoff: Swift.Duration = .milliseconds(500)
    ) {
        self.startup = startup
        self.toolCall = toolCall
        self.listing = listing
        self.maxMessageBytes = maxMessageBytes
        self.maxRestarts = maxRestarts
        self.firstBackoff = firstBackoff
    }
}

/// One configured stdio server over its life: started in the background, initialized, its tools listed (again on
/// `notifications/tools/list_changed`), restarted with backoff when it dies, stopped with the session.
final class MCPServer: @unchecked Sendable {
    /// The protocol revisions sx speaks, newest first; the first is what `initialize` asks for.
    static let protocolVersions = ["2025-06-18", "2025-03-26", "2024-11-05"]

    let config: MCPServerConfig
    private let limits: MCPLimits
    private let environment: [String: String]
    private let workspace: String
    private let log: MCPLog
    private let logPath: String?
    private let changed: @Sendable () -> Void
    /// HTTP servers' requests go through the process's HTTP clients; nil: HTTP servers cannot start.
    private let http: Transport?

    private let lock = NSLock()
    private var state: MCPServerStatus.State = .starting
    private var tools: [MCPRemoteTool] = []
    private var connection: (any MCPChannel)?
    private var readyWaiters: [CheckedContinuation<Void, Never>] = []
    private var stopped = false
    private var supervisor: Task<Void, Never>?

    init(
        config: MCPServerConfig, limits: MCPLimits, environment: [String: String], workspace: String,
        logDirectory: URL?, http: Transport? = nil, changed: @escaping @Sendable () -> Void
    ) {
        self.http = http
        self.config = config
        self.limits = limits
        self.environment = environment
        self.workspace = workspace
        logPath = logDirectory?.appendingPathComponent("mcp-\(MCPNames.sanitize(config.name)).log").path
        log = MCPLog(path: logPath, secrets: config.secrets)
        self.changed = changed
    }

    var status: MCPServerStatus { lock.withLock { MCPServerStatus(name: config.name, state: state) } }
    var readyTools: [MCPRemoteTool] {
        lock.withLock {
            if case .ready = state { return tools }
            return []
        }
    }
    var isStarting: Bool {
        lock.withLock {
            if case .starting = state { return true }
            if case .failed(_, retrying: true) = state { return true }
            return false
        }
    }

    func start() {
        lock.withLock {
            guard supervisor == nil, !stopped else { return }
            supervisor = Task.detached(priority: .utility) { [self] in await self.supervise() }
        }
    }

    /// Ends the process group at once (sx is exiting or the session closed).
    func stop() {
        let (c, s, waiters) = lock.withLock {
            stopped = true
            defer { readyWaiters = [] }
            return (connection, supervisor, readyWaiters)
        }
        s?.cancel()
        c?.stopNow()
        waiters.forEach { $0.resume() }
    }

    /// `stop`, then waits until the process is reaped (a killed group goes at once).
    func stopAndWait() async {
        stop()
        if let c = lock.withLock({ connection }) { _ = await c.waitForExit() }
    }

    /// Waits while the server is starting or restarting (bounded by the startup timeout and the backoff).
    func waitUntilSettled() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let settled = lock.withLock { () -> Bool in
                if stopped { return true }
                switch state {
                case .starting, .failed(_, retrying: true):
                    readyWaiters.append(c)
                    return false
                default: return true
                }
            }
            if settled { c.resume() }
        }
    }

    private func set(_ new: MCPServerStatus.State, tools newTools: [MCPRemoteTool]? = nil) {
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            state = new
            if let newTools { tools = newTools }
            switch new {
            case .starting, .failed(_, retrying: true): return []
            default:
                defer { readyWaiters = [] }
                return readyWaiters
            }
        }
        // The offered tools first: whoever waited for this state looks them up next.
        changed()
        waiters.forEach { $0.resume() }
    }

    private func supervise() async {
        var failures = 0
        var backoff = limits.firstBackoff
        while !Task.isCancelled && !lock.withLock({ stopped }) {
            set(.starting)
            var reason: String
            switch await connect() {
            case .failure(let error):
                reason = error.description
                failures += 1
            case .success(let (conn, listed)):
                set(.ready(tools: listed.count), tools: listed)
                failures = 0
                backoff = limits.firstBackoff
                reason = await conn.waitForExit()
            }
            if lock.withLock({ stopped }) || Task.isCancelled { return }
            if reason.contains(MCPHTTPChannel.needsLogin) {
                log.write(reason)
                set(.needsLogin, tools: [])
                return
            }
            let retrying = failures < limits.maxRestarts
            log.write("\(reason)" + (retrying ? "; restarting" : "; giving up after \(failures) failed starts"))
            set(.failed(reason, retrying: retrying), tools: [])
            guard retrying else { return }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(30))
        }
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens the channel (spawns the process, or nothing yet for HTTP).
    private func open() -> Result<any MCPChannel, StartFailure> {
        let onNotification: @Sendable (String, JSONValue?) -> Void = { [weak self] method, params in
            self?.notification(method, params)
        }
        let onClose: @Sendable (String) -> Void = { [weak self] reason in self?.connectionClosed(reason) }
        switch config.transport {
        case .http(let urlText, let headers):
            guard let url = URL(string: urlText), url.scheme == "http" || url.scheme == "https", let http else {
                return .failure(StartFailure(description: "\(urlText) is not an http(s) URL"))
            }
            return .success(
                MCPHTTPChannel(
                    url: url, headers: headers, transport: http, log: log, maxMessageBytes: limits.maxMessageBytes,
                    onNotification: onNotification, onClose: onClose))
        case .stdio(let command, let args, let env, let cwd):
            let conn = MCPConnection(log: log, onNotification: onNotification, onClose: onClose)
            var childEnv = environment
            for (k, v) in env { childEnv[k] = v }
            let dir = cwd.map { WorkspacePath.absolute($0, base: workspace) } ?? workspace
            do {
                try conn.start { onLine, onExit in
                    try MCPStdioProcess(
                        command: command, args: args, environment: childEnv, cwd: dir, stderrLog: logPath,
                        maxLine: limits.maxMessageBytes, onLine: onLine, onExit: onExit)
                }
            } catch {
                return .failure(StartFailure(description: "\(error)"))
            }
            return .success(conn)
        }
    }

    /// Opens, initializes and lists; the channel stays open on success.
    private func connect() async -> Result<(any MCPChannel, [MCPRemoteTool]), StartFailure> {
        let conn: any MCPChannel
        switch open() {
        case .failure(let f): return .failure(f)
        case .success(let c): conn = c
        }
        lock.withLock { connection = conn }
        if lock.withLock({ stopped }) {
            conn.stopNow()
            return .failure(StartFailure(description: "stopped"))
        }
        let initialize: JSONValue = [
            "protocolVersion": .string(Self.protocolVersions[0]),
            "capabilities": .object(JSONObject()),
            "clientInfo": ["name": "sx", "version": .string(SXVersion.version)]
        ]
        switch await conn.request("initialize", initialize, timeout: limits.startup) {
        case .failure(let e):
            conn.stop()
            if case .timedOut = e {
                return .failure(
                    StartFailure(description: "no answer to initialize within \(limits.startup.components.seconds) s"))
            }
            return .failure(StartFailure(description: "initialize failed: \(e)"))
        case .success(let result):
            let version = result["protocolVersion"]?.stringValue ?? "(none)"
            guard Self.protocolVersions.contains(version) else {
                conn.stop()
                return .failure(StartFailure(description: "speaks protocol \(version), which sx does not"))
            }
            conn.agreed(protocolVersion: version)
            log.write("initialized, protocol \(version)")
        }
        conn.notify("notifications/initialized", nil)
        switch await listTools(conn) {
        case .failure(let e):
            conn.stop()
            return .failure(StartFailure(description: "tools/list failed: \(e)"))
        case .success(let listed): return .success((conn, listed))
        }
    }

    /// Every page of `tools/list`; a tool that is not well formed is left out and logged, never offered.
    func listTools(_ conn: any MCPChannel) async -> Result<[MCPRemoteTool], MCPError> {
        var out: [MCPRemoteTool] = []
        var cursor: String?
        var pages = 0
        repeat {
            let params: JSONValue? = cursor.map { .object(["cursor": .string($0)]) }
            switch await conn.request("tools/list", params, timeout: limits.listing) {
            case .failure(let e): return .failure(e)
            case .success(let result):
                guard let list = result["tools"]?.arrayValue else {
                    return .failure(.malformed("tools/list answered without a \"tools\" array"))
                }
                for item in list {
                    switch MCPToolCheck.check(item) {
                    case .success(let tool): out.append(tool)
                    case .failure(let why): log.write("left out a tool: \(why.description)")
                    }
                }
                cursor = result["nextCursor"]?.stringValue
            }
            pages += 1
        } while cursor != nil && pages < 100
        return .success(out)
    }

    private func notification(_ method: String, _ params: JSONValue?) {
        switch method {
        case "notifications/tools/list_changed":
            Task.detached { [self] in
                guard let conn = lock.withLock({ connection }), !conn.isClosed else { return }
                if case .success(let listed) = await listTools(conn), !conn.isClosed {
                    set(.ready(tools: listed.count), tools: listed)
                }
            }
        case "notifications/message":
            let level = params?["level"]?.stringValue ?? "info"
            let data = params?["data"].map { $0.stringValue ?? String(decoding: JSONBody.encode($0), as: UTF8.self) }
            log.write("[\(level)] \(data ?? "")")
        default: break
        }
    }

    /// The process is gone: its tools go at once, before the calls waiting on it hear why, so a call right after
    /// waits for the restart instead of reaching the dead connection (the supervisor decides the rest).
    private func connectionClosed(_ reason: String) {
        // Only a ready server's end is news here; a failed start is the supervisor's to report.
        let wasReady = lock.withLock { () -> Bool in
            guard !stopped, case .ready = state else { return false }
            return true
        }
        if wasReady { set(.failed(reason, retrying: true), tools: []) }
    }

    /// Why this server offers no tools now, for a call that names one of them.
    var unavailableReason: String? {
        lock.withLock {
            if case .ready = state { return nil }
            return "MCP server \(config.name): \(MCPServerStatus(name: config.name, state: state).stateText)"
        }
    }

    /// `tools/call`; the server's answer, or why there is none. A server restarting is waited for.
    func call(_ tool: String, arguments: JSONValue) async -> Result<JSONValue, MCPError> {
        if lock.withLock({ connection?.isClosed ?? true }) { await waitUntilSettled() }
        guard let conn = lock.withLock({ connection }), !conn.isClosed else {
            return .failure(.closed(lock.withLock { MCPServerStatus(name: config.name, state: state).stateText }))
        }
        return await conn.request(
            "tools/call", .object(["name": .string(tool), "arguments": arguments]), timeout: limits.toolCall)
    }
}

/// What makes a listed tool offerable: a non-empty name and an object schema the providers accept.
enum MCPToolCheck {
    struct Rejection: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ item: JSONValue) -> Result<MCPRemoteTool, Rejection> {
        guard let name = item["name"]?.stringValue, !name.isEmpty else {
            return .failure(Rejection(description: "a tool without a name"))
        }
        guard var schema = item["inputSchema"]?.objectValue else {
            return .failure(Rejection(description: "\(name): inputSchema is not an object"))
        }
        if let type = schema["type"] {
            guard type.stringValue == "object" else {
                return .failure(Rejection(description: "\(name): inputSchema's type is not \"object\""))
            }
        } else {
            schema["type"] = "object"
        }
        if let properties = schema["properties"] {
            guard let p = properties.objectValue, p.entries.allSatisfy({ $0.value.objectValue != nil }) else {
                return .failure(Rejection(description: "\(name): inputSchema's properties are not schemas"))
            }
        }
        if let required = schema["required"] {
            guard let r = required.arrayValue, r.allSatisfy({ $0.stringValue != nil }) else {
                return .failure(Rejection(description: "\(name): inputSchema's required is not a list of names"))
            }
        }
        let description = item["description"]?.stringValue ?? item["title"]?.stringValue ?? ""
        let readOnly = item["annotations"]?["readOnlyHint"]?.boolValue ?? false
        return .success(
            MCPRemoteTool(name: name, description: description, schema: .object(schema), readOnly: readOnly))
    }
}
