import Foundation

extension JSONValue {
    /// A Foundation tree (what `JSONSerialization.jsonObject` gives, or a `[String: Any]` literal) as a value.
    /// Dictionary keys are sorted by code point, since a dictionary has no order of its own: equal trees give equal
    /// bytes. A value JSON cannot hold (a `Date`, a class) is an error naming its type.
    public init(foundation value: Any) throws(JSONBody.UnsupportedValue) {
        switch value {
        case let v as JSONValue: self = v
        case let s as String: self = .string(s)
        case let b as Bool where type(of: value) == Bool.self: self = .bool(b)
        case let i as Int where type(of: value) == Int.self: self = .int(i)
        case let d as Double where type(of: value) == Double.self: self = .double(d)
        case let object as [String: Any]:
            var o = JSONObject()
            for key in object.keys.sorted() { o[key] = try JSONValue(foundation: object[key]!) }
            self = .object(o)
        case let array as [Any]:
            var elements: [JSONValue] = []
            elements.reserveCapacity(array.count)
            for element in array { elements.append(try JSONValue(foundation: element)) }
            self = .array(elements)
        case is NSNull: self = .null
        case let n as NSNumber:
            // What JSONSerialization.jsonObject gives for numbers and booleans.
            let kind = String(cString: n.objCType)
            if kind == "c" || kind == "B" {
                self = .bool(n.boolValue)
            } else if kind == "d" || kind == "f" {
                self = .double(n.doubleValue)
            } else {
                self = .number(n.stringValue)
            }
        case let i as Int64: self = .int(i)
        case let i as Int32: self = .int(Int(i))
        default: throw JSONBody.UnsupportedValue(typeName: "\(type(of: value))")
        }
    }
}
