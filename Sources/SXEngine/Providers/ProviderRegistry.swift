import Foundation
import SXCore
import SXAuth

public struct ProviderNotAvailable: Error, CustomStringConvertible {
    public let provider: ProviderID
    public var description: String { "provider \(provider.displayName) is not available in this build of sx yet" }
}

/// Builds each provider once from the configuration; the session asks it by id.
public struct ProviderRegistry: Sendable {
    private let providers: [ProviderID: any Provider]

    public init(_ providers: [any Provider]) {
        var map: [ProviderID: any Provider] = [:]
        for p in providers { map[p.id] = p }
        self.providers = map
    }

    public func provider(for id: ProviderID) throws -> any Provider {
        guard let p = providers[id] else { throw ProviderNotAvailable(provider: id) }
        return p
    }

    public var available: [ProviderID] { Array(providers.keys) }
}
