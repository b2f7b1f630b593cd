import SXCore
import SXAuth

/// One model of the fallback chain: which provider serves it and its id there.
public struct ModelTarget: Sendable, Equatable, CustomStringConvertible {
    public var provider: ProviderID
    public var model: String

    public init(provider: ProviderID, model: String) {
        self.provider = provider
        self.model = model
    }

    public var description: String { "\(provider.displayName)/\(model)" }
}
