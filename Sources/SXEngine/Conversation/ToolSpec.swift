import Foundation

/// A tool as the model sees it: a name, a description and a JSON schema of its arguments.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The JSON schema of the arguments object, as JSON text (providers embed it verbatim).
    public var parametersSchema: String

    public init(name: String, description: String, parametersSchema: String) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
    }
}
