/// The keys a settings file may hold, with what each is for: a view of `SettingKeys` (an unknown key in a file is a
/// warning, not an error).
public enum ConfigKeys {
    public static let known: [String: String] = Dictionary(
        uniqueKeysWithValues:
            SettingKeys.all.filter { $0.origin == .anywhere }.map { ($0.name, $0.help) })

    /// Keys whose values are secrets: masked wherever config is shown.
    public static let secret: Set<String> = Set(SettingKeys.all.filter(\.secret).map(\.name))
}
