import Foundation

/// One step of an edit script turning sequence `a` into sequence `b` (indexes are 0-based into `a` / `b`).
public enum LineEdit: Sendable, Hashable {
    /// `a[old]` is kept and becomes `b[new]`.
    case equal(old: Int, new: Int)
    /// `a[old]` is removed.
    case delete(old: Int)
    /// `b[new]` is inserted.
    case insert(new: Int)
}

/// Myers' O(ND) difference algorithm in linear space, for lines (or any hashable tokens).
///
/// Common prefix and suffix are trimmed, elements become Int ids, and elements that never occur on the other side are
/// set aside as changed before the search (they cannot be part of any common subsequence, so the result stays
/// minimal). The search bisects on middle snakes; a box whose edit distance exceeds `maxCost` is split at the furthest
/// point reached instead, and once a global work budget is spent the remaining boxes become "delete the rest, insert
/// the rest". The script is therefore always correct, minimal for ordinary inputs and bounded in time and memory.
public enum LineDiff {
    /// The edit distance explored in one box before splitting it heuristically.
    static let defaultMaxCost = 1024
    /// Snake steps and diagonals the whole diff may spend before falling back to coarse changes.
    static let defaultBudget = 20_000_000

    /// The edit script from `a` to `b`: every index of `a` and of `b` appears exactly once, in order; within a run of
    /// changes the deletions come before the insertions (as in unified diffs).
    public static func edits<T: Hashable>(_ a: [T], _ b: [T]) -> [LineEdit] {
        let changed = changes(a, b)
        return script(old: changed.old, new: changed.new)
    }

    /// Which elements of `a` are deleted and which of `b` are inserted; the unmarked ones pair up in order.
    static func changes<T: Hashable>(
        _ a: [T], _ b: [T], maxCost: Int = defaultMaxCost, budget: Int = defaultBudget
    ) -> (old: [Bool], new: [Bool]) {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        var ids: [T: Int32] = [:]
        ids.reserveCapacity(a.count + b.count - 2 * (prefix + suffix))
        var aIds: [Int32] = []
        aIds.reserveCapacity(a.count - prefix - suffix)
        for element in a[prefix..<(a.count - suffix)] {
            let fresh = Int32(truncatingIfNeeded: ids.count)
            let id = ids[element, default: fresh]
            if id == fresh { ids[element] = fresh }
            aIds.append(id)
        }
        var bIds: [Int32] = []
        bIds.reserveCapacity(b.count - prefix - suffix)
        for element in b[prefix..<(b.count - suffix)] {
            let fresh = Int32(truncatingIfNeeded: ids.count)
            let id = ids[element, default: fresh]
            if id == fresh { ids[element] = fresh }
            bIds.append(id)
        }
        let middle = changes(ids: aIds, bIds, idCount: ids.count, maxCost: maxCost, budget: budget)
        let unchanged = [Bool](repeating: false, count: prefix)
        let tail = [Bool](repeating: false, count: suffix)
        return (unchanged + middle.old + tail, unchanged + middle.new + tail)
    }

    /// `changes` on dense ids (`0..<idCount`; equal ids are equal elements).
    static func changes(
        ids a: [Int32], _ b: [Int32], idCount: Int, maxCost: Int = defaultMaxCost, budget: Int = defaultBudget
    ) -> (old: [Bool], new: [Bool]) {
        var oldChanged = [Bool](repeating: false, count: a.count)
        var newChanged = [Bool](repeating: false, count: b.count)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let aRange = prefix..<(a.count - suffix)
        let bRange = prefix..<(b.count - suffix)
        if aRange.isEmpty || bRange.isEmpty {
            for i in aRange { oldChanged[i] = true }
            for j in bRange { newChanged[j] = true }
            return (oldChanged, newChanged)
        }

        // Elements without a partner on the other side are changed whatever the search finds.
        var inA = [Bool](repeating: false, count: idCount)
        var inB = [Bool](repeating: false, count: idCount)
        for i in aRange where a[i] >= 0 && Int(a[i]) < idCount { inA[Int(a[i])] = true }
        for j in bRange where b[j] >= 0 && Int(b[j]) < idCount { inB[Int(b[j])] = true }
        func shared(_ id: Int32, _ other: [Bool]) -> Bool { id >= 0 && Int(id) < idCount && other[Int(id)] }
        var aKept: [Int32] = []
        var aIndex: [Int] = []
        for i in aRange {
            if shared(a[i], inB) {
                aKept.append(a[i])
                aIndex.append(i)
            } else {
                oldChanged[i] = true
            }
        }
        var bKept: [Int32] = []
        var bIndex: [Int] = []
        for j in bRange {
            if shared(b[j], inA) {
                bKept.append(b[j])
                bIndex.append(j)
            } else {
                newChanged[j] = true
            }
        }

        var search = MyersSearch(a: aKept, b: bKept, maxCost: max(1, maxCost), budget: budget)
        search.run()
        for (k, changed) in search.aChanged.enumerated() where changed { oldChanged[aIndex[k]] = true }
        for (k, changed) in search.bChanged.enumerated() where changed { newChanged[bIndex[k]] = true }
        return (oldChanged, newChanged)
    }

    /// Turns change marks into an edit script. Tolerates marks that do not pair up (extra unmarked elements on one
    /// side become deletions or insertions) so a script is always valid.
    static func script(old: [Bool], new: [Bool]) -> [LineEdit] {
        var out: [LineEdit] = []
        out.reserveCapacity(max(old.count, new.count))
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, old[i] || j >= new.count {
                out.append(.delete(old: i))
                i += 1
            } else if j < new.count, new[j] || i >= old.count {
                out.append(.insert(new: j))
                j += 1
            } else {
                out.append(.equal(old: i, new: j))
                i += 1
                j += 1
            }
        }
        return out
    }
}

/// The bisecting search over id arrays; marks changed elements in `aChanged` / `bChanged`.
private struct MyersSearch {
    let a: [Int32]
    let b: [Int32]
    let maxCost: Int
    var budget: Int
    var aChanged: [Bool]
    var bChanged: [Bool]
    /// Furthest x per diagonal, forward and backward; index is diagonal + `offset`.
    var forward: [Int]
    var backward: [Int]
    let offset: Int

    init(a: [Int32], b: [Int32], maxCost: Int, budget: Int) {
        self.a = a
        self.b = b
        self.maxCost = maxCost
        self.budget = budget
        aChanged = [Bool](repeating: false, count: a.count)
        bChanged = [Bool](repeating: false, count: b.count)
        // Diagonals run from -(cost + b.count) to cost + a.count, with one spare on each side.
        let cost = min(maxCost, (a.count + b.count + 1) / 2 + 1)
        offset = cost + b.count + 2
        let size = offset + cost + a.count + 3
        forward = [Int](repeating: 0, count: size)
        backward = [Int](repeating: 0, count: size)
    }

    mutating func run() {
        var boxes: [(aLo: Int, aHi: Int, bLo: Int, bHi: Int)] = [(0, a.count, 0, b.count)]
        while let box = boxes.popLast() {
            var (aLo, aHi, bLo, bHi) = box
            while aLo < aHi, bLo < bHi, a[aLo] == b[bLo] {
                aLo += 1
                bLo += 1
            }
            while aLo < aHi, bLo < bHi, a[aHi - 1] == b[bHi - 1] {
                aHi -= 1
                bHi -= 1
            }
            budget -= (box.aHi - box.aLo) - (aHi - aLo) + 1
            if aLo == aHi || bLo == bHi || budget <= 0 {
                markChanged(aLo, aHi, bLo, bHi)
                continue
            }
            guard let (x, y) = split(aLo, aHi, bLo, bHi),
                x >= aLo, x <= aHi, y >= bLo, y <= bHi,
                (x, y) != (aLo, bLo), (x, y) != (aHi, bHi)
            else {
                markChanged(aLo, aHi, bLo, bHi)
                continue
            }
            boxes.append((x, aHi, y, bHi))
            boxes.append((aLo, x, bLo, y))
        }
    }

    private mutating func markChanged(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int) {
        for i in aLo..<aHi { aChanged[i] = true }
        for j in bLo..<bHi { bChanged[j] = true }
    }

    /// A point on a shortest edit path through the box (the middle snake), or after `maxCost` steps the point that
    /// got furthest. Coordinates are absolute. Works on the box extended without bounds (no matches outside), which
    /// keeps Myers' furthest-reaching lemma exact; points outside the box are never returned as split points.
    private mutating func split(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int) -> (Int, Int)? {
        let n = aHi - aLo
        let m = bHi - bLo
        let delta = n - m
        let odd = delta & 1 != 0
        let limit = min(maxCost, (n + m + 1) / 2 + 1)
        let off = offset
        let a = self.a
        let b = self.b
        // Work on local arrays (moved out, not copied): no exclusivity or uniqueness checks in the hot loops.
        var forward: [Int] = []
        var backward: [Int] = []
        swap(&forward, &self.forward)
        swap(&backward, &self.backward)
        defer {
            swap(&forward, &self.forward)
            swap(&backward, &self.backward)
        }
        var spent = 0
        var lastD = 0
        for d in 0...limit {
            lastD = d
            // Forward: furthest x on diagonals -d...d, paths from (0, 0).
            var k = -d
            while k <= d {
                var x: Int
                if d == 0 {
                    x = 0
                } else if k == -d || (k != d && forward[off + k + 1] > forward[off + k - 1]) {
                    x = forward[off + k + 1]
                } else {
                    x = forward[off + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, y >= 0, a[aLo + x] == b[bLo + y] {
                    x += 1
                    y += 1
                    spent += 1
                }
                forward[off + k] = x
                if odd, d > 0, k >= delta - (d - 1), k <= delta + (d - 1), x >= backward[off + k] {
                    budget -= spent
                    if x <= n, y <= m { return (aLo + x, bLo + y) }
                    let xb = backward[off + k]
                    return (aLo + xb, bLo + xb - k)
                }
                k += 2
            }
            // Backward: smallest x on diagonals delta-d...delta+d, paths from (n, m).
            k = delta - d
            while k <= delta + d {
                var x: Int
                if d == 0 {
                    x = n
                } else if k == delta + d || (k != delta - d && backward[off + k - 1] < backward[off + k + 1] - 1) {
                    x = backward[off + k - 1]
                } else {
                    x = backward[off + k + 1] - 1
                }
                var y = x - k
                while x > 0, y > 0, x <= n, y <= m, a[aLo + x - 1] == b[bLo + y - 1] {
                    x -= 1
                    y -= 1
                    spent += 1
                }
                backward[off + k] = x
                if !odd, k >= -d, k <= d, x <= forward[off + k] {
                    budget -= spent
                    if x >= 0, y >= 0 { return (aLo + x, bLo + y) }
                    let xf = forward[off + k]
                    return (aLo + xf, bLo + xf - k)
                }
                k += 2
            }
            spent += 2 * d + 2
        }
        budget -= spent

        // Too expensive: split where either search got furthest inside the box.
        var best: (x: Int, y: Int)?
        var bestProgress = 0
        var k = -lastD
        while k <= lastD {
            let x = forward[off + k]
            let y = x - k
            if x <= n, y <= m, x + y > bestProgress {
                bestProgress = x + y
                best = (x, y)
            }
            k += 2
        }
        k = delta - lastD
        while k <= delta + lastD {
            let x = backward[off + k]
            let y = x - k
            if x >= 0, y >= 0, n + m - x - y > bestProgress {
                bestProgress = n + m - x - y
                best = (x, y)
            }
            k += 2
        }
        guard let best else { return nil }
        return (aLo + best.x, bLo + best.y)
    }
}
