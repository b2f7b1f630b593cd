import Foundation
import SXCore
import SXAuth

/// A model the provider's own list does not have: refused before any request, with the nearest listed model.
public struct ModelNotListed: Error, Equatable, CustomStringConvertible {
    public let provider: ProviderID
    public let model: String
    public let suggestion: String?

    public var description: String {
        var s = "\(provider.displayName) does not list model \(model)"
        if let suggestion { s += "; did you mean \(suggestion)?" }
        return s + " (`sx models list --provider \(provider.displayName)` shows them all)"
    }
}

extension LiveCatalogs {
    /// `resolve` of the built-in catalog, then, where the provider's list is known: a version-less alias
    /// (`opus`, `sol`, `gemini-flash`) goes to the newest listed model of its family; an alias whose target is not
    /// listed does too. Capabilities are the merged ones.
    public func resolve(_ input: String, current: ProviderID?, catalog: ModelCatalog) -> ResolvedModel {
        var r = catalog.resolve(input, current: current)
        let bare = input.trimmingCharacters(in: .whitespaces).split(separator: "/").last.map { $0.lowercased() } ?? ""
        // Only an alias moves; an id typed in full stays what was typed.
        if let list = known(r.provider), r.model.lowercased() != bare {
            let versionless = !bare.contains(where: \.isNumber)
            if versionless || list.model(r.model) == nil,
                let newest = Self.newest(family: Self.familyKey(r.model), in: list)
            {
                r.model = newest
            }
        }
        r.capabilities = capabilities(provider: r.provider, model: r.model)
        return r
    }

    /// Throws `ModelNotListed` when the provider's list is known and lacks `model`.
    public func check(provider: ProviderID, model: String) throws {
        guard let list = known(provider), list.model(model) == nil else { return }
        throw ModelNotListed(provider: provider, model: model, suggestion: Self.nearest(model, in: list))
    }

    /// The same family's newest model, else the visible id closest in spelling.
    static func nearest(_ model: String, in list: LiveCatalog) -> String? {
        if let n = newest(family: familyKey(model), in: list) { return n }
        let target = Array(model.lowercased())
        return list.models.filter { !$0.hidden }.min { a, b in
            editDistance(Array(a.id.lowercased()), target) < editDistance(Array(b.id.lowercased()), target)
        }?.id
    }

    /// `claude-opus-4-7-20260301` → `claude-opus`, `gpt-6.1-sol` → `gpt-sol`, `gemini-3.1-pro-preview` → `gemini-pro`:
    /// the words of an id without its version, date and release tags.
    static func familyKey(_ id: String) -> String {
        id.lowercased().split(separator: "-")
            .filter { t in !(t.first?.isNumber ?? true) && !["preview", "latest", "exp"].contains(t) }
            .joined(separator: "-")
    }

    /// Version numbers of an id in order (`gpt-6.1-sol` → [6, 1]); dates (≥ 1000) are left out.
    static func version(_ id: String) -> [Int] {
        id.split(whereSeparator: { $0 == "-" || $0 == "." }).compactMap { Int($0) }.filter { $0 < 1000 }
    }

    static func newest(family: String, in list: LiveCatalog) -> String? {
        let same = list.models.enumerated().filter { !$0.element.hidden && familyKey($0.element.id) == family }
        return same.max { a, b in
            let va = version(a.element.id), vb = version(b.element.id)
            // Higher version wins; on a tie the one listed first (Codex priority, Anthropic's newest first).
            return va != vb ? va.lexicographicallyPrecedes(vb) : a.offset > b.offset
        }?.element.id
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var prev = row[0]
            row[0] = i + 1
            for (j, cb) in b.enumerated() {
                let cur = row[j + 1]
                row[j + 1] = min(row[j + 1] + 1, row[j] + 1, prev + (ca == cb ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}
