import Foundation

/// One check of the background auto-switch watcher, as the status pane shows it (`auto  codex/gpt-5.5`) and the
/// conversation announces it (once per change).
public struct ModelWatchReport: Sendable, Equatable {
    /// The best usable model of the priority list (or, when everything is blocked, the one free soonest).
    public var effective: String
    public var usable: Bool
    public var freeAt: Date?
    /// The announcement when the effective model changed since the last check; nil when it did not.
    public var changed: String?
    public var checkedAt: Date

    public init(effective: String, usable: Bool, freeAt: Date? = nil, changed: String? = nil, checkedAt: Date) {
        self.effective = effective
        self.usable = usable
        self.freeAt = freeAt
        self.changed = changed
        self.checkedAt = checkedAt
    }
}
