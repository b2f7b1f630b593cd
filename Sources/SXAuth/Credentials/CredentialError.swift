import Foundation
import SXCore

/// Why no credential could be handed out; each is one line telling the user what to do.
public enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    case reloginNeeded(profileId: String, reason: String)
    case refreshFailed(profileId: String, message: String)
    case unknownProfile(String)
    case unusable(profileId: String, why: String)
    case codexCLIExpired(path: String)
    case noProfiles(ProviderID)
    /// A mirror profile was refreshed and stored, but its CLI's own file could not be rewritten.
    case mirrorWriteBackFailed(profileId: String, path: String, reason: String)

    public var description: String {
        switch self {
        case let .reloginNeeded(id, reason):
            "\(id): re-login needed (\(reason)); run `sx auth login --provider \(Self.providerName(id)) \(Self.name(id))`"
        case let .refreshFailed(id, message): "\(id): the token refresh failed: \(message)"
        case .unknownProfile(let id): "no profile '\(id)' (see `sx auth list`)"
        case let .unusable(id, why): "\(id) cannot be used: \(why)"
        case .codexCLIExpired(let path):
            "the access token in \(path) has expired and sx never refreshes Codex's own login; run `codex` once, "
                + "or copy it into sx with `sx auth import-codex`"
        case let .mirrorWriteBackFailed(id, path, reason):
            "\(id): refreshed and saved, but writing the new tokens back to \(path) failed (\(reason)); that file was left "
                + "as it was and its login is now out of date: log in again in that CLI"
        case .noProfiles(let p):
            "no usable \(p.displayName) credential; run `sx auth login --provider \(p.displayName)`"
        }
    }

    static func name(_ id: String) -> String { AuthProfile(id: id, raw: JSONObject()).name }
    static func providerName(_ id: String) -> String {
        AuthProfile.parseId(id)?.0.displayName ?? String(id.split(separator: ":").first ?? "")
    }
}
