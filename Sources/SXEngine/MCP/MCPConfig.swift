import Foundation
import SXCore

/// One entry of an `mcpServers` object (the shape Claude Code, Cursor and most MCP clients read; DECISIONS 45).
public struct MCPServerConfig: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case stdio(command: String, args: [String], env: [String: String], cwd: String?)
        case http(url: String, headers: [String: String])
    }

    /// `trust`: `ask` puts every call behind the approval policy like a shell command; `auto` never asks.
    public enum Trust: String, Sendable, Equatable {
        case ask, auto
    }

    /// Where the entry was read: the person's own file or a workspace's `.mcp.json` (which must be approved).
    public enum Origin: Sendable, Equatable {
        case user
        case workspace
    }

    public var name: String
    public var transport: Transport
    public var trust: Trust
    public var origin: Origin
    /// The entry as written (unknown fields included), compared when a workspace approval is checked.
    public var raw: JSONValue

    public init(name: String, transport: Transport, trust: Trust = .ask, origin: Origin = .user, raw: JSONValue = .null)
    {
        self.name = name
        self.transport = transport
        self.trust = trust
        self.origin = origin
        self.raw = raw
    }

    /// The values in `env` and `headers`: what must never reach the screen, the transcript or a log.
    public var secrets: [String] {
        switch transport {
        case .stdio(_, _, let env, _): Array(env.values)
        case .http(_, let headers): Array(headers.values)
        }
    }

    /// One line for `sx mcp list`; secrets masked.
    public var summary: String {
        switch transport {
        case .stdio(let command, let args, _, _): ([command] + args).joined(separator: " ")
        case .http(let url, _): url
        }
    }
}

/// A config file that cannot be used: where and why, in one line.
public struct MCPConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// Reads and writes `mcpServers` files. Parsing never crashes: anything unexpected is an `MCPConfigError` with the
/// file, the line and the field.
public enum MCPConfigFile {
    /// `$SX_HOME/mcp.json`.
    public static func userPath(_ paths: SXPaths) -> URL { paths.home.appendingPathComponent("mcp.json") }
    /// `.mcp.json` at the workspace root.
    public static func workspacePath(_ workspace: URL) -> URL { workspace.appendingPathComponent(".mcp.json") }

    /// The servers of one file, in the file's order; a missing file has none.
    public static func load(_ url: URL, origin: MCPServerConfig.Origin) throws(MCPConfigError) -> [MCPServerConfig] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return try parse(data, path: url.path, origin: origin)
    }

    public static func parse(_ data: Data, path: String, origin: MCPServerConfig.Origin) throws(MCPConfigError)
        -> [MCPServerConfig]
    {
        let text = String(decoding: data, as: UTF8.self)
        let root: JSONValue
        do { root = try JSONParser.parse(data) } catch {
            throw MCPConfigError(path: path, line: error.line, message: "not JSON: \(error.reason)")
        }
        let locate = KeyLocator(text: text)
        guard let top = root.objectValue else {
            throw MCPConfigError(path: path, line: 1, message: "the file must be a JSON object with \"mcpServers\"")
        }
        guard let serversValue = top["mcpServers"] else { return [] }
        guard let servers = serversValue.objectValue else {
            throw MCPConfigError(
                path: path, line: locate.line(of: "mcpServers"), message: "\"mcpServers\" must be an object")
        }
        var out: [MCPServerConfig] = []
        for (name, value) in servers.entries {
            let serverLine = locate.line(of: name, after: "mcpServers")
            func fail(_ field: String?, _ message: String) -> MCPConfigError {
                let line = field.map { locate.line(of: $0, after: name, fallback: serverLine) } ?? serverLine
                return MCPConfigError(
                    path: path, line: line,
                    message: "server \"\(name)\"" + (field.map { ", \"\($0)\"" } ?? "") + ": "
                        + message)
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail(nil, "a server needs a name")
            }
            guard let entry = value.objectValue else { throw fail(nil, "must be an object") }
            let trust: MCPServerConfig.Trust
            switch entry["trust"] {
            case nil: trust = .ask
            case .string(let s)?:
                guard let t = MCPServerConfig.Trust(rawValue: s) else {
                    throw fail("trust", "must be \"ask\" or \"auto\"")
                }
                trust = t
            default: throw fail("trust", "must be \"ask\" or \"auto\"")
            }
            let type = entry["type"]
            if let type, type.stringValue == nil { throw fail("type", "must be a string") }
            let transport: MCPServerConfig.Transport
            switch type?.stringValue {
            case "http"?, "streamable-http"?, "sse"?:
                guard let url = entry["url"]?.stringValue, !url.isEmpty else { throw fail("url", "must be a URL") }
                transport = .http(url: url, headers: try strings(entry["headers"]) { fail("headers", $0) })
            case nil where entry["url"] != nil && entry["command"] == nil:
                guard let url = entry["url"]?.stringValue, !url.isEmpty else { throw fail("url", "must be a URL") }
                transport = .http(url: url, headers: try strings(entry["headers"]) { fail("headers", $0) })
            case nil, "stdio"?:
                guard let command = entry["command"]?.stringValue, !command.isEmpty else {
                    throw entry["command"] == nil
                        ? fail(nil, "needs \"command\" (stdio) or \"url\" (http)")
                        : fail("command", "must be a non-empty string")
                }
                var args: [String] = []
                if let a = entry["args"] {
                    guard let list = a.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                        throw fail("args", "must be an array of strings")
                    }
                    args = list.compactMap(\.stringValue)
                }
                var cwd: String?
                if let c = entry["cwd"] {
                    guard let s = c.stringValue else { throw fail("cwd", "must be a string") }
                    cwd = s
                }
                transport = .stdio(
                    command: command, args: args, env: try strings(entry["env"]) { fail("env", $0) }, cwd: cwd)
            case let other?:
                throw fail("type", "must be \"stdio\" or \"http\", not \"\(other)\"")
            }
            out.append(MCPServerConfig(name: name, transport: transport, trust: trust, origin: origin, raw: value))
        }
        return out
    }

    /// An object of strings (`env`, `headers`), or empty when absent.
    private static func strings(_ value: JSONValue?, _ fail: (String) -> MCPConfigError) throws(MCPConfigError)
        -> [String: String]
    {
        guard let value else { return [:] }
        guard let object = value.objectValue else { throw fail("must be an object of strings") }
        var out: [String: String] = [:]
        for (k, v) in object.entries {
            guard let s = v.stringValue else { throw fail("\"\(k)\" must be a string") }
            out[k] = s
        }
        return out
    }

    /// The file as a tree to edit (`sx mcp add`/`remove`): unknown fields survive the rewrite.
    public static func tree(_ url: URL) throws(MCPConfigError) -> JSONObject {
        guard let data = FileManager.default.contents(atPath: url.path) else { return JSONObject() }
        _ = try parse(data, path: url.path, origin: .user)
        do { return try JSONParser.parse(data).objectValue ?? JSONObject() } catch {
            throw MCPConfigError(path: url.path, line: error.line, message: "not JSON: \(error.reason)")
        }
    }

    /// Writes the tree atomically, 0600 (the file holds secrets).
    public static func write(_ tree: JSONObject, to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(JSONBody.encodePretty(.object(tree)), to: url, mode: 0o600)
    }
}

/// Finds the line a key is written on, for error messages (the parser's tree keeps no positions).
struct KeyLocator {
    let lines: [Substring]

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The first line holding `"key"` followed by a colon, after the first line holding `"after"`.
    func line(of key: String, after anchor: String? = nil, fallback: Int = 1) -> Int {
        var start = 0
        if let anchor, let a = find(anchor, from: 0) { start = a }
        return (find(key, from: start) ?? (fallback - 1)) + 1
    }

    private func find(_ key: String, from: Int) -> Int? {
        let quoted = "\"" + key + "\""
        guard from < lines.count else { return nil }
        for i in from..<lines.count {
            guard let r = lines[i].range(of: quoted) else { continue }
            if lines[i][r.upperBound...].drop(while: { $0 == " " || $0 == "\t" }).first == ":" { return i }
        }
        return nil
    }
}
