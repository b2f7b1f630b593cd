import Foundation

extension AppState {
    /// The efforts Ctrl+T cycles through for the active model.
    public var activeEfforts: [String] {
        guard let s = engine.session else { return Reducer.efforts }
        return engine.modelEfforts["\(s.provider.displayName)/\(s.model)"] ?? engine.modelEfforts[s.model] ?? Reducer.efforts
    }
}
