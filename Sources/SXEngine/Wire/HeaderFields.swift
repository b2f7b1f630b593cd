import SXCore
import AsyncHTTPClient
import NIOHTTP1
import SXAuth

/// Response headers with case-insensitive lookup, detached from the HTTP client types.
public struct HeaderFields: Sendable, Equatable {
    public private(set) var fields: [String: String]

    public init(_ pairs: [(String, String)]) {
        var f: [String: String] = [:]
        for (k, v) in pairs { f[k.lowercased()] = v }
        fields = f
    }

    public init(_ headers: HTTPHeaders) {
        self.init(headers.map { ($0.name, $0.value) })
    }

    public subscript(name: String) -> String? { fields[name.lowercased()] }

    /// A numeric header; nil unless finite and within ±1e12 (`TimeValue`): these become times and percentages.
    public func double(_ name: String) -> Double? {
        TimeValue.sane(self[name].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
    }
}
