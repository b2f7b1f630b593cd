import Foundation
import SXCore

extension AppState {
    /// The efforts Ctrl+T cycles through for the active model.
    public var activeEfforts: [String] {
        guard let s = session else { return Reducer.efforts }
        return modelEfforts[ModelRef(provider: s.provider, model: s.model).description] ?? modelEfforts[s.model] ?? Reducer.efforts
    }
}
