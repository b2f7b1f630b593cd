import Foundation
import SXAuth

/// sx's own instructions, plus `AGENTS.md` from the workspace root and its parents up to the git root (as Codex
/// does), outermost first so that the nearest file has the last word.
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

    public static func build(workspace: URL, toolsEnabled: Bool, date: Date = Date()) -> String {
        var prompt = base
        if !toolsEnabled {
            prompt += "\n\nNo tools are available in this session: answer from the conversation alone."
        }
        prompt += "\n\nWorking directory: \(workspace.path)\nToday's date: \(UTCTime.day(date))"
        for file in agentsFiles(from: workspace) {
            if let text = try? String(contentsOf: file, encoding: .utf8), !text.isEmpty {
                prompt += "\n\n# Instructions from \(file.path)\n\n" + String(text.prefix(64 * 1024))
            }
        }
        return prompt
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
