/// Subsequence matching for pickers: every query character must appear in order. The score favours matches at
/// word starts and consecutive runs, so `g5` ranks `gpt-5` above `gemini-2.5`.
public enum FuzzyMatch {
    public static func score(_ candidate: String, query: String) -> Int? {
        if query.isEmpty { return 0 }
        let c = Array(candidate.lowercased()), q = Array(query.lowercased())
        var qi = 0, score = 0, run = 0
        for (i, ch) in c.enumerated() where qi < q.count {
            if ch == q[qi] {
                run += 1
                score += 1 + run * 2
                if i == 0 || "-_/. :".contains(c[i - 1]) { score += 5 }
                qi += 1
            } else {
                run = 0
            }
        }
        return qi == q.count ? score - c.count / 8 : nil
    }

    /// Candidates matching `query`, best first; ties keep the input order (recent models come first).
    public static func filter(_ candidates: [String], query: String) -> [String] {
        candidates.enumerated()
            .compactMap { (i, s) in score(s, query: query).map { (i, s, $0) } }
            .sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
            .map(\.1)
    }
}
