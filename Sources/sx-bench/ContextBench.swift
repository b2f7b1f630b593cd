import Foundation
import SXCore
import SXEngine

/// The per-turn cost of the context meter on a 5,000-message history (issue 16's budget: ≤ 1 ms): what the engine
/// does before each request (bring the ledger up to date with the two messages a turn adds, read the count), next
/// to a full recount of the history, which is what an accounting without the ledger would pay every time.
enum ContextBench {
    static func rows(runs: Int) -> [Row] {
        var history = BodyBench.history(messages: 5_000)
        var ledger = ContextLedger(fixed: 3_000)
        ledger.sync(history)
        ledger.record(inputTokens: ledger.tokens, forMessages: history.count)
        var perTurn: [Double] = [], recount: [Double] = []
        for i in 0..<max(runs, 5) * 20 {
            history.append(.user("turn \(i): and the next part"))
            history.append(Message(role: .assistant, parts: [.text(String(repeating: "an answer line\n", count: 40))]))
            let t0 = now()
            ledger.sync(history)
            let tokens = ledger.tokens
            let t1 = now()
            precondition(tokens > 0)
            perTurn.append((t1 - t0) * 1_000_000)
            if i % 20 == 0 {
                let t2 = now()
                var fresh = ContextLedger(fixed: 3_000)
                fresh.sync(history)
                precondition(fresh.tokens > 0)
                recount.append((now() - t2) * 1_000_000)
            }
        }
        return [
            Row(
                name: "context accounting per turn, 5,000 messages", unit: "µs", samples: perTurn, budget: 1_000,
                higherIsBetter: false),
            Row(
                name: "  (a full recount of the same history)", unit: "µs", samples: recount, budget: nil,
                higherIsBetter: false)
        ]
    }
}
