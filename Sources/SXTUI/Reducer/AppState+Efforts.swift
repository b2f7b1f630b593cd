import Foundation
import SXCore

extension AppState {
    /// The efforts Ctrl+T cycles through for the active model.
    public var activeEfforts: [String] {
        guard let s = engine.session else { return Reducer.efforts }
        return engine.modelEfforts[ModelRef(provider: s.provider, model: s.model).description] ?? engine.modelEfforts[
            s.model]
            ?? Reducer.efforts
    }
}
