import Foundation

/// Mirror profiles (`anthropic:claude-cli`, `openai-codex:codex-cli`) stand for a CLI's own login: the CLI's file is
/// the owner. A newer login there (the CLI refreshed, or the user logged in again) is copied into the store when the
/// profile is used, as OpenClaw does on every load; a refresh by sx is written back to the file
/// (`CredentialStore+Refresh.swift`), so the CLI keeps working with the rotated refresh token.
extension CredentialStore {
    nonisolated func cliLoginURL(_ kind: CLILoginFile.Kind) -> URL {
        kind == .claude ? settings.claudeCredentialsFile : settings.codexAuthFile
    }

    /// `p` as stored, or with the CLI file's login adopted (saved under the store lock) when that one is newer.
    func adoptNewerCLILogin(_ p: AuthProfile) async throws -> AuthProfile {
        guard let kind = CLILoginFile.kind(forProfile: p.id), let cli = CLILoginFile.read(kind, cliLoginURL(kind)),
            Self.cliIsNewer(cli, than: p)
        else { return p }
        return try await store.updateAsync { doc -> AuthProfile in
            // Re-checked under the lock: another process may have adopted or refreshed meanwhile.
            guard let current = doc.profile(p.id) else { return p }
            guard Self.cliIsNewer(cli, than: current) else { return current }
            try Self.adopt(cli, as: p.id, into: &doc)
            return doc.profile(p.id) ?? current
        }
    }

    /// A different login that expires later than the stored one.
    static func cliIsNewer(_ cli: CLILoginFile, than p: AuthProfile) -> Bool {
        guard cli.access != p.access || cli.refresh != p.refresh else { return false }
        guard let cliExpires = cli.expires else { return false }
        return p.expires.map { cliExpires > $0 } ?? true
    }

    /// Copies the CLI's tokens into the profile, keeping every other field of it.
    static func adopt(_ cli: CLILoginFile, as id: String, into doc: inout AuthStoreDocument) throws {
        try doc.editProfile(id) { c in
            if let a = cli.access { c["access"] = .string(a) }
            if let r = cli.refresh { c["refresh"] = .string(r) }
            if let e = cli.expires { c["expires"] = .int(e.epochMillis) }
            if let a = cli.accountId { c["accountId"] = .string(a) }
        }
    }
}
