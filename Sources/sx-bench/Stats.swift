import Foundation

/// Median/min/max of repeated measurements, printed as one table row against its budget.
struct Row {
    var name: String
    var unit: String
    var samples: [Double]
    /// The goal and whether bigger is better (throughput) or smaller (time, memory).
    var budget: Double?
    var higherIsBetter: Bool

    var sorted: [Double] { samples.sorted() }
    var median: Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    var verdict: String {
        guard let budget else { return "" }
        let ok = higherIsBetter ? median >= budget : median <= budget
        return ok ? "met" : "MISSED"
    }

    func line() -> String {
        let b = budget.map { (higherIsBetter ? "≥ " : "≤ ") + fmt($0) } ?? "–"
        return pad(name, 54) + pad(fmt(median), 10)
            + pad("\(fmt(sorted.first ?? .nan))–\(fmt(sorted.last ?? .nan))", 20)
            + pad(unit, 7) + pad(b, 10) + verdict
    }

    static func header() -> String {
        pad("measure", 54) + pad("median", 10) + pad("min–max", 20) + pad("unit", 7) + pad("budget", 10) + "status"
    }
}

func fmt(_ v: Double) -> String {
    if v.isNaN { return "n/a" }
    if v >= 100 { return String(format: "%.0f", v) }
    if v >= 10 { return String(format: "%.1f", v) }
    return String(format: "%.2f", v)
}

func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
