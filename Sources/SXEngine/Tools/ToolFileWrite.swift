import Foundation
import SXCore

extension AtomicFile {
    /// The file tools' write: like an editor (mode kept, folders made), failures worded for the model.
    static func write(_ data: Data, to path: String, tool: String, shown: String) throws(ToolFailure) {
        do {
            try write(data, atPath: path, mode: .likeAnEditor)
        } catch {
            if error.operation == "create folder" {
                throw ToolFailure("\(tool): cannot create the folder for '\(shown)': \(error.reason)")
            }
            throw ToolFailure("\(tool): cannot write '\(shown)': \(error.reason)")
        }
    }
}
