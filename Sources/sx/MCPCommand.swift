import ArgumentParser
import Foundation
import SXCore
import SXEngine

/// `sx mcp`: the MCP servers of `$SX_HOME/mcp.json` (scope user) and of this folder's `.mcp.json` (scope
/// workspace), in the `mcpServers` format other agents use (DECISIONS 45). Secrets in `env` and `headers` are
/// printed masked.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "List, add and remove MCP servers; approve a workspace's .mcp.json.",
        subcommands: [List.self, Get.self, Add.self, Remove.self, Approve.self], defaultSubcommand: List.self)

    enum Scope: String, ExpressibleByArgument, CaseIterable {
        case user, workspace
    }

    struct Files {
        let paths: SXPaths
        let workspace: URL

        init() {
            paths = SXPaths.resolve(environment: ProcessEnvironment.current)
            workspace = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        }

        func url(_ scope: Scope) -> URL {
            scope == .user ? MCPConfigFile.userPath(paths) : MCPConfigFile.workspacePath(workspace)
        }

        /// Both files' servers; a file that does not parse is reported on stderr and skipped.
        func servers(reporting: Bool = true) -> (servers: [(Scope, MCPServerConfig)], failed: Bool) {
            var out: [(Scope, MCPServerConfig)] = []
            var failed = false
            for scope in Scope.allCases {
                do {
                    let origin: MCPServerConfig.Origin = scope == .user ? .user : .workspace
                    out += try MCPConfigFile.load(url(scope), origin: origin).map { (scope, $0) }
                } catch {
                    failed = true
                    if reporting { Terminal.err("sx: \(error)") }
                }
            }
            return (out, failed)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the MCP servers.")

        func run() async throws {
            let files = Files()
            let (servers, failed) = files.servers()
            let approvals = MCPApprovals(paths: files.paths)
            if servers.isEmpty && !failed {
                print("no MCP servers (add one with `sx mcp add NAME -- COMMAND ARGS…`)")
            }
            for (scope, s) in servers {
                var notes = ["trust \(s.trust.rawValue)"]
                if scope == .workspace, !approvals.isApproved(s, workspace: MCPApprovals.key(files.workspace)) {
                    notes.append("waiting for approval: sx mcp approve")
                }
                print("\(s.name)  \(scope.rawValue)  \(s.summary)  (\(notes.joined(separator: ", ")))")
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one MCP server.")

        @Argument(help: "The server's name.")
        var name: String

        func run() async throws {
            let files = Files()
            guard let (scope, s) = files.servers().servers.first(where: { $0.1.name == name }) else {
                throw CLIError("no MCP server named \(name) (see `sx mcp list`)")
            }
            print("\(s.name)")
            print("  scope: \(scope.rawValue) (\(files.url(scope).path))")
            switch s.transport {
            case .stdio(let command, let args, let env, let cwd):
                print("  type: stdio")
                print("  command: \(command)")
                if !args.isEmpty { print("  args: \(args.joined(separator: " "))") }
                if let cwd { print("  cwd: \(cwd)") }
                for (k, v) in env.sorted(by: { $0.key < $1.key }) { print("  env: \(k)=\(Redact.mask(v))") }
            case .http(let url, let headers):
                print("  type: http")
                print("  url: \(url)")
                for (k, v) in headers.sorted(by: { $0.key < $1.key }) { print("  header: \(k): \(Redact.mask(v))") }
            }
            print("  trust: \(s.trust.rawValue)")
            if scope == .workspace {
                let ok = MCPApprovals(paths: files.paths).isApproved(s, workspace: MCPApprovals.key(files.workspace))
                print("  approved: \(ok ? "yes" : "no (sx mcp approve)")")
            }
            print("  log: \(files.paths.home.appendingPathComponent("logs/mcp-\(MCPNames.sanitize(s.name)).log").path)")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an MCP server (or replace the one of that name).",
            discussion:
                "sx mcp add --trust auto time -- uvx mcp-server-time · sx mcp add --transport http docs https://…/mcp")

        @Option(name: .shortAndLong, help: "user ($SX_HOME/mcp.json, the default) or workspace (./.mcp.json).")
        var scope: Scope = .user

        @Option(name: .long, help: "stdio (a command, the default) or http (a URL).")
        var transport: String = "stdio"

        @Option(name: .shortAndLong, help: "An environment variable for the server: KEY=VALUE (repeatable).")
        var env: [String] = []

        @Option(name: [.customShort("H"), .long], help: "An HTTP header: 'Name: value' (repeatable).")
        var header: [String] = []

        @Option(name: .long, help: "ask (calls go through the approval policy, the default) or auto.")
        var trust: String?

        @Argument(help: "The server's name.")
        var name: String

        @Argument(help: "The URL (http), or the command when it has no arguments.")
        var target: String?

        @Argument(parsing: .postTerminator, help: "After --: the command and its arguments.")
        var command: [String] = []

        func run() async throws {
            let files = Files()
            let url = files.url(scope)
            var entry = JSONObject()
            let rest = (target.map { [$0] } ?? []) + command
            guard let first = rest.first else { throw ValidationError("missing the command (or the URL for http)") }
            switch transport {
            case "stdio":
                entry["command"] = .string(first)
                if rest.count > 1 { entry["args"] = .array(rest.dropFirst().map { .string($0) }) }
                if !env.isEmpty {
                    var e = JSONObject()
                    for pair in env {
                        guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                            throw ValidationError("--env \(pair.prefix(20)): expected KEY=VALUE")
                        }
                        e[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
                    }
                    entry["env"] = .object(e)
                }
            case "http":
                entry["type"] = "http"
                entry["url"] = .string(first)
                if !header.isEmpty {
                    var h = JSONObject()
                    for line in header {
                        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                            throw ValidationError("--header: expected 'Name: value'")
                        }
                        h[String(line[..<colon])] = .string(
                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                    }
                    entry["headers"] = .object(h)
                }
            default: throw ValidationError("--transport must be stdio or http")
            }
            if let trust {
                guard MCPServerConfig.Trust(rawValue: trust) != nil else {
                    throw ValidationError("--trust must be ask or auto")
                }
                entry["trust"] = .string(trust)
            }
            var tree = try MCPConfigFile.tree(url)
            tree.withObject("mcpServers") { $0[name] = .object(entry) }
            try MCPConfigFile.write(tree, to: url)
            print("added MCP server \(name) to \(url.path)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an MCP server.")

        @Option(name: .shortAndLong, help: "user or workspace (default: wherever the name is).")
        var scope: Scope?

        @Argument(help: "The server's name.")
        var name: String

        func run() async throws {
            let files = Files()
            for s in scope.map({ [$0] }) ?? Scope.allCases {
                let url = files.url(s)
                var tree = try MCPConfigFile.tree(url)
                guard tree["mcpServers"]?[name] != nil else { continue }
                tree.withObject("mcpServers") { $0[name] = nil }
                try MCPConfigFile.write(tree, to: url)
                print("removed MCP server \(name) from \(url.path)")
                return
            }
            throw CLIError("no MCP server named \(name)")
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Let this folder's .mcp.json servers start (asked again when an entry changes).")

        func run() async throws {
            let files = Files()
            let url = files.url(.workspace)
            let servers = try MCPConfigFile.load(url, origin: .workspace)
            guard !servers.isEmpty else { throw CLIError("no MCP servers in \(url.path)") }
            for s in servers { print("approved \(s.name): \(s.summary)") }
            try MCPApprovals(paths: files.paths).approve(servers, workspace: MCPApprovals.key(files.workspace))
        }
    }
}
