import Foundation
import SXCore

extension CredentialStore {
    public func profileIds(for provider: ProviderID) async throws -> [String] {
        try candidateIds(for: provider, doc: store.load())
    }

    /// Whether `provider` has something to try (for `PROVIDER=auto`). Reads files only, never the network; for the
    /// remote and ssh sources a valid configuration counts.
    public nonisolated func hasUsableCredential(_ provider: ProviderID) -> Bool {
        if provider == .demo { return true }
        guard let doc = try? store.load(), let ids = try? candidateIds(for: provider, doc: doc) else { return false }
        if ids == [Self.codexCLIProfileId] { return (try? codexCLICredential()) != nil }
        if ids == [Self.remoteProfileId] { return (try? makeFetcher(Self.remoteProfileId)) != nil }
        return !ids.isEmpty
    }

    /// docs/protocol/profiles.md#candidate-order, steps 1-3.
    nonisolated func candidateIds(for provider: ProviderID, doc: AuthStoreDocument) throws -> [String] {
        if provider == .openaiCodex {
            switch settings.tokenSource {
            case .remote: return [Self.remoteProfileId]
            case .ssh: return settings.ssh == nil ? [] : [Self.sshProfileId]
            case .local: break
            }
        }
        let now = clock.now()
        let sourceIds: Set<String> = [Self.remoteProfileId, Self.sshProfileId]
        let explicit = doc.order(for: provider)
        var candidates: [AuthProfile]
        if let explicit {
            candidates = explicit.compactMap { doc.profile($0) }.filter { $0.provider == provider }
        } else {
            candidates = doc.profiles(for: provider)
            // An OpenClaw `anthropic` OAuth/token profile is a Claude subscription login.
            if provider == .claudeCode {
                candidates += doc.profiles(for: .anthropic).filter { $0.type == .oauth || $0.type == .token }
            }
        }
        candidates = candidates.filter { $0.isUsable(now: now) && !sourceIds.contains($0.id) }

        func blocked(_ p: AuthProfile) -> Date? {
            var s = doc.usageStats(p.id)
            CooldownPolicy.dropExpired(&s, now: now)
            return s.blockedUntil(now: now)
        }
        let available = candidates.filter { blocked($0) == nil }
        let waiting = candidates.compactMap { p in blocked(p).map { (p, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
        var ordered: [AuthProfile]
        if explicit != nil {
            ordered = available + waiting
        } else {
            func rank(_ p: AuthProfile) -> Int { p.type == .oauth ? 0 : p.type == .token ? 1 : 2 }
            func used(_ p: AuthProfile) -> Date { doc.usageStats(p.id).lastUsed ?? .distantPast }
            ordered = available.sorted { (rank($0), used($0)) < (rank($1), used($1)) } + waiting
        }
        var ids = ordered.map(\.id)
        let storeHasCodex = doc.allProfiles.contains {
            $0.providerRaw == ProviderID.openaiCodex.rawValue && !sourceIds.contains($0.id)
        }
        if provider == .openaiCodex, !storeHasCodex, FileManager.default.fileExists(atPath: settings.codexAuthFile.path)
        {
            ids.append(Self.codexCLIProfileId)
        }
        return ids
    }
}
