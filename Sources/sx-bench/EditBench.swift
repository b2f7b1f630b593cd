import Foundation
import SXCore
import SXEngine
import SXTUI

/// Issue 17's speed rows: the checkpoint before a turn in a 20,000-file workspace with 1,000 files changed since
/// the last one (≤ 300 ms), a frame with a 10,000-line diff on screen after an append (≤ 2 ms), and `apply_patch`
/// of a 1,000-hunk patch through the tool runner, file write included (≤ 50 ms).
enum EditBench {
    static func rows(runs: Int) async throws -> [Row] {
        [try snapshotRow(runs: runs), diffFrameRow(runs: runs), try await patchRow(runs: runs)]
    }

    static func temp(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func snapshotRow(runs: Int) throws -> Row {
        let root = temp("ckpt")
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("work")
        for d in 0..<200 {
            let dir = work.appendingPathComponent("dir\(d)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for f in 0..<100 {
                try Data("file \(d)/\(f)\nline two\n".utf8).write(to: dir.appendingPathComponent("f\(f).txt"))
            }
        }
        let store = try CheckpointStore(
            workspace: work.path, snapshotsDir: root.appendingPathComponent("snapshots").path)
        _ = try store.snapshot(label: "first")
        var samples: [Double] = []
        for run in 0..<max(runs, 5) {
            for i in 0..<1_000 {
                let d = (i * 7 + run) % 200, f = (i * 13) % 100
                try Data("changed \(run) \(i)\n".utf8).write(
                    to: work.appendingPathComponent("dir\(d)/f\(f).txt"))
            }
            // A turn's snapshot comes after the model has been thinking: the changes are not written in the same
            // second as the snapshot (git would have to re-read "racily clean" files, which a real turn never pays).
            Thread.sleep(forTimeInterval: 1.1)
            let t = now()
            _ = try store.snapshot(label: "run \(run)")
            samples.append((now() - t) * 1000)
        }
        return Row(
            name: "checkpoint before a turn: 20,000 files, 1,000 changed", unit: "ms", samples: samples, budget: 300,
            higherIsBetter: false)
    }

    static func diffFrameRow(runs: Int) -> Row {
        var s = AppState(width: 120, height: 40, models: ["codex/gpt-5.5"])
        let old = (0..<10_000).map { "let value\($0) = compute(\($0))\n" }.joined()
        // Every fifth line changed: the hunks touch and make one diff of 12,000 lines (8,000 kept, 2,000 replaced).
        let new = (0..<10_000).map {
            $0 % 5 == 0 ? "let value\($0) = compute(\($0) + 1)\n" : "let value\($0) = compute(\($0))\n"
        }
        .joined()
        var entry = ToolLogEntry(
            callId: "c1", name: "write_file", arguments: #"{"path":"big.swift"}"#, startedAt: Date())
        entry.status = .ok
        entry.diffs = [FileDiff.between(old: Data(old.utf8), new: Data(new.utf8), path: "big.swift")]
        s.toolLog.entries.append(entry)
        s.conversation.items.append(ConversationItem(id: 1, kind: .tool(callId: "c1")))
        s.conversation.nextItemId = 2
        s.conversation.expandAll = true
        let cache = RenderCache()
        var (_, scroll) = ScreenRenderer.render(s, cache: cache)
        s.conversation.scroll = scroll
        var samples: [Double] = []
        for i in 0..<max(60, runs * 20) {
            s.conversation.items.append(ConversationItem(id: s.conversation.nextItemId, kind: .user("one more \(i)")))
            s.conversation.nextItemId += 1
            let t = now()
            (_, scroll) = ScreenRenderer.render(s, cache: cache)
            samples.append((now() - t) * 1000)
            s.conversation.scroll = scroll
        }
        let lines = entry.diffs[0].hunks.reduce(0) { $0 + $1.lines.count }
        return Row(
            name: "TUI frame, a \(lines)-line diff on screen: after append", unit: "ms", samples: samples,
            budget: 2, higherIsBetter: false)
    }

    static func patchRow(runs: Int) async throws -> Row {
        let root = temp("patch")
        defer { try? FileManager.default.removeItem(at: root) }
        let runner = ToolRunner(tools: ToolRunner.builtInTools(), policy: .auto)
        let context = ToolContext(workspaceRoot: root.path)
        let original = (0..<20_000).map { "line \($0) of the file\n" }.joined()
        var patch = "*** Begin Patch\n*** Update File: big.txt\n"
        for h in 0..<1_000 {
            let at = h * 20 + 10
            patch += "@@\n line \(at - 3) of the file\n line \(at - 2) of the file\n line \(at - 1) of the file\n"
            patch += "-line \(at) of the file\n+line \(at) was patched\n"
        }
        patch += "*** End Patch\n"
        let arguments = String(decoding: JSONBody.encode(["input": .string(patch)]), as: UTF8.self)
        var samples: [Double] = []
        for run in 0..<max(runs, 5) {
            try Data(original.utf8).write(to: root.appendingPathComponent("big.txt"))
            let t = now()
            let outcome = await runner.run(
                call: ToolCall(id: "p\(run)", name: "apply_patch", arguments: arguments), context: context)
            samples.append((now() - t) * 1000)
            precondition(!outcome.result.isError, outcome.result.output)
            precondition(outcome.result.diffs.first?.added == 1_000)
        }
        return Row(
            name: "apply_patch: 1,000 hunks on a 20,000-line file (written)", unit: "ms", samples: samples,
            budget: 50, higherIsBetter: false)
    }
}
