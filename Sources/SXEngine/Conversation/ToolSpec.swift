import Foundation
import SXCore

/// A tool as the model sees it: a name, a description and a JSON schema of its arguments.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The JSON schema of the arguments object, as JSON text (providers embed it verbatim).
    public var parametersSchema: String {
        didSet { parsedSchema = Self.parse(parametersSchema) }
    }
    /// The schema parsed once, when set: every request embeds it, for every tool.
    private var parsedSchema: Result<JSONValue, JSONParseError>
    /// A lark grammar: where the provider has freeform tools (Responses `custom`), the tool is offered as one and
    /// the model writes its input as plain text in this grammar; elsewhere it is a function with the schema.
    public var grammar: String?

    public init(name: String, description: String, parametersSchema: String) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
        self.parsedSchema = Self.parse(parametersSchema)
    }

    /// The schema as a value, key order kept; a schema that is not JSON is an error naming the tool and the place.
    public func parameters() throws -> JSONValue {
        do { return try parsedSchema.get() } catch {
            throw ToolSchemaError(message: "tool \(name): parameters schema is not valid JSON: \(error)")
        }
    }

    private static func parse(_ text: String) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) in try JSONParser.parse(text) }
    }
}

public struct ToolSchemaError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
