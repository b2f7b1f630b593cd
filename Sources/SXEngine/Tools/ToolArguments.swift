import Foundation
import SXCore

/// Decodes a model's argument JSON into a tool's `Decodable` arguments, turning every decoding problem into one
/// sentence the model can act on (which field, what was wrong) rather than Foundation's debug descriptions.
enum ToolArguments {
    static func decode<T: Decodable>(_ type: T.Type, from json: String, tool: String) throws(ToolFailure) -> T {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        // Some providers send an empty string for a call without arguments.
        let text = trimmed.isEmpty ? "{}" : trimmed
        guard let value = try? JSONParser.parse(text) else {
            throw ToolFailure(
                "\(tool): the arguments are not valid JSON: \(preview(text)). Send a JSON object such as \(exampleHint(tool))."
            )
        }
        guard value.objectValue != nil else {
            throw ToolFailure("\(tool): the arguments must be a JSON object, got \(preview(text)).")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw ToolFailure("\(tool): \(describe(error))")
        } catch {
            throw ToolFailure("\(tool): invalid arguments: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let all = path + (key.map { [$0] } ?? [])
            let name = all.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return name.isEmpty ? "arguments" : "'\(name)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing required argument \(field(context.codingPath, key))."
        case .typeMismatch(let type, let context):
            return "argument \(field(context.codingPath)) must be \(typeName(type))."
        case .valueNotFound(let type, let context):
            return "argument \(field(context.codingPath)) must be \(typeName(type)), not null."
        case .dataCorrupted(let context):
            return "argument \(field(context.codingPath)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "invalid arguments."
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "a boolean (true or false)"
        default: "of type \(type)"
        }
    }

    private static func preview(_ text: String) -> String {
        text.count > 120 ? "`\(text.prefix(120))…`" : "`\(text)`"
    }

    private static func exampleHint(_ tool: String) -> String {
        switch tool {
        case "shell": #"{"command": "ls -la"}"#
        case "read_file": #"{"path": "README.md"}"#
        case "write_file": #"{"path": "notes.txt", "content": "…"}"#
        case "edit_file": #"{"path": "a.swift", "old_string": "…", "new_string": "…"}"#
        case "grep": #"{"pattern": "TODO"}"#
        case "glob": #"{"pattern": "**/*.swift"}"#
        default: "{}"
        }
    }
}
