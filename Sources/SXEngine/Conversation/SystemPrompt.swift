import Foundation
import SXCore
import SXAuth

/// sx's own instructions, plus `AGENTS.md` from the workspace root and its parents up to the git root (as Codex
/// does), outermost first so that the nearest file has the last word.
///
/// Two parts: `instructions` (who sx is and how it works, the same in every folder) and `context` (the working
/// directory, the date and the AGENTS.md files). The Codex backend wants the first as its top-level `instructions`
/// and keeps the second in `input`, as Codex does; the other providers get both as one system prompt.
public enum SystemPrompt {
    public static let base = """
        You are sx, a coding agent working in the user's terminal, in the folder they started you in.
        You can read, search, edit and run code with the tools you are given. Work like a careful senior engineer:
        look before you change, make the smallest change that solves the problem, and check your work by running it.
        - Prefer the dedicated file tools over shell commands for reading, searching and editing files.
        - Keep answers short and concrete; use Markdown with fenced code blocks for code.
        - Never print or copy secrets (API keys, tokens, passwords) into answers or files.
        - When a command fails, read the error and fix the cause instead of retrying blindly.
        """

    public struct Parts: Sendable, Equatable {
        public var instructions: String
        public var context: String
        /// Both parts as one system prompt.
        public var whole: String { SystemPrompt.join(instructions, context) }
    }

    public static func parts(workspace: URL, toolsEnabled: Bool, date: Date = Date()) -> Parts {
        Parts(
            instructions: instructions(toolsEnabled: toolsEnabled), context: context(workspace: workspace, date: date))
    }

    public static func build(workspace: URL, toolsEnabled: Bool, date: Date = Date()) -> String {
        parts(workspace: workspace, toolsEnabled: toolsEnabled, date: date).whole
    }

    public static func instructions(toolsEnabled: Bool) -> String {
        toolsEnabled ? base : base + "\n\nNo tools are available in this session: answer from the conversation alone."
    }

    public static func context(workspace: URL, date: Date = Date()) -> String {
        var text = "Working directory: \(workspace.path)\nToday's date: \(UTCTime.day(date))"
        for file in agentsFiles(from: workspace) {
            if let body = try? String(contentsOf: file, encoding: .utf8), !body.isEmpty {
                text += "\n\n# Instructions from \(file.path)\n\n" + String(body.prefix(64 * 1024))
            }
        }
        return text
    }

    static func join(_ a: String, _ b: String) -> String {
        a.isEmpty ? b : b.isEmpty ? a : a + "\n\n" + b
    }

    /// `AGENTS.md` files from the git root (or the workspace when it is not in a repository) down to the workspace.
    static func agentsFiles(from workspace: URL) -> [URL] {
        let fm = FileManager.default
        var dirs: [URL] = []
        var dir = workspace.standardizedFileURL
        while true {
            dirs.append(dir)
            if fm.fileExists(atPath: dir.appendingPathComponent(".git").path) { break }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { dirs = [workspace.standardizedFileURL]; break }
            dir = parent
        }
        return dirs.reversed().map { $0.appendingPathComponent("AGENTS.md") }.filter { fm.fileExists(atPath: $0.path) }
    }
}
