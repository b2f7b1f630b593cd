import Foundation

extension AppState {
    /// The efforts Ctrl+T cycles through for the active model.
    public var activeEfforts: [String] {
        guard let s = session else { return Reducer.efforts }
        return modelEfforts["\(s.provider.displayName)/\(s.model)"] ?? modelEfforts[s.model] ?? Reducer.efforts
    }
}
