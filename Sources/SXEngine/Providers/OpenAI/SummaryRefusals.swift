import Foundation
import SXAuth

/// Profiles whose organisation refused reasoning summaries (`400 unsupported_value` on `reasoning.summary`, an
/// unverified organisation): their later requests leave the summary out for the rest of the process, so the refusal
/// costs one extra request per profile, not one per step.
public final class SummaryRefusals: @unchecked Sendable {
    private let lock = NSLock()
    private var profiles: Set<String> = []

    public init() {}

    public func contains(_ profileId: String) -> Bool { lock.withLock { profiles.contains(profileId) } }
    public func insert(_ profileId: String) { lock.withLock { _ = profiles.insert(profileId) } }
}

extension OpenAIProvider {
    /// The Responses stream, retried once without `reasoning.summary` when the organisation refuses summaries.
    /// The refusal is a 400 before any output, so nothing but the rate-limit headers was passed on.
    func responsesStream(_ request: ProviderRequest, credential: ResolvedCredential?) -> AsyncThrowingStream<
        ProviderEvent, Error
    > {
        let profile = credential?.profileId ?? ""
        let refusals = summaryRefusals
        let first = attempt(request, credential: credential, withSummary: !refusals.contains(profile))
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    do {
                        for try await e in first { continuation.yield(e) }
                    } catch let f as ProviderFailure
                        where ProviderRefusals.isSummaryRefusal(f) && !refusals.contains(profile)
                    {
                        refusals.insert(profile)
                        let again = attempt(request, credential: credential, withSummary: false)
                        for try await e in again { continuation.yield(e) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
