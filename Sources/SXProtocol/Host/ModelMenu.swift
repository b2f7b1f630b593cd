/// What the model picker offers (Ctrl+L, `/model`): `provider/model` names in display order, and per name its
/// provider id (to grey out a provider that is cooling down), the efforts it lists (Ctrl+T cycles only those), and
/// whether the provider marks it hidden (then it is offered only when typed).
public struct ModelMenu: Sendable, Equatable {
    public var models: [String]
    public var providers: [String: String]
    public var efforts: [String: [String]]
    public var hidden: Set<String>

    public init(
        models: [String] = [], providers: [String: String] = [:], efforts: [String: [String]] = [:],
        hidden: Set<String> = []
    ) {
        self.models = models
        self.providers = providers
        self.efforts = efforts
        self.hidden = hidden
    }
}
