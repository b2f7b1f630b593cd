import Foundation

/// The shipped binary: its size as built and stripped, and which shared libraries it still needs (`ldd`). Built
/// with `--static-swift-stdlib` by `bench/run.sh`, it needs no Swift runtime library, only the system's.
enum DistBench {
    static func rows(sx: String) throws -> ([Row], String) {
        func sizeMB(_ path: String) -> Double {
            let attrs = try? FileManager.default.attributesOfItem(atPath: path)
            return Double((attrs?[.size] as? NSNumber)?.int64Value ?? 0) / 1_048_576
        }
        let stripped = FileManager.default.temporaryDirectory.appendingPathComponent("sx-bench-stripped-\(getpid())")
            .path
        defer { unlink(stripped) }
        let env = ["PATH": "/usr/bin:/bin"]
        let s = try ProcessRun.spawn(["/usr/bin/env", "strip", "-o", stripped, sx], env: env, stdinNull: true)
        let ldd = try ProcessRun.spawn(["/usr/bin/env", "ldd", sx], env: env, stdinNull: true)
        let libs = ldd.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let swiftLibs = libs.filter {
            $0.contains("swift") || $0.contains("Foundation") || $0.contains("dispatch") || $0.contains("BlocksRuntime")
        }
        var rows = [
            Row(name: "sx binary size, as built", unit: "MB", samples: [sizeMB(sx)], budget: nil, higherIsBetter: false)
        ]
        if s.status == 0 {
            rows.append(
                Row(
                    name: "sx binary size, stripped", unit: "MB", samples: [sizeMB(stripped)], budget: nil,
                    higherIsBetter: false))
        }
        let note =
            swiftLibs.isEmpty
            ? "ldd sx: no Swift runtime libraries; needs \(libs.joined(separator: " "))"
            : "ldd sx: still links Swift runtime libraries: \(swiftLibs.joined(separator: " ")) (build with --static-swift-stdlib)"
        return (rows, note)
    }
}
