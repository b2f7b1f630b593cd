import Foundation
import Testing
import SXFuzzTargets

/// Every input under `Tests/Fixtures/fuzz/<target>/` goes through its fuzz target once more: the seed corpus
/// (`bench/fuzz_seeds.py`) and each input libFuzzer ever found crashing (`crash-*`, kept after the fix). A target
/// returns normally for any input; a trap or a broken invariant fails the whole test run, so a regression is loud.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    static func inputs(_ target: String) -> [URL] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func everyTargetHasSeeds() {
        for t in FuzzTargets.names { #expect(!Self.inputs(t).isEmpty, "no seeds for \(t)") }
    }

    @Test(arguments: FuzzTargets.names) func replay(_ target: String) throws {
        for file in Self.inputs(target) {
            let data = try Data(contentsOf: file)
            FuzzTargets.run(target, Array(data))
            // Also every prefix boundary a stream can be cut at, for the small inputs.
            if data.count < 2048 && target != "markdown" {
                for cut in stride(from: 0, to: data.count, by: max(1, data.count / 16)) {
                    FuzzTargets.run(target, Array(data.prefix(cut)))
                }
            }
        }
    }
}
