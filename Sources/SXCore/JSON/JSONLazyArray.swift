/// An array whose elements are made a group at a time while the body is written, and dropped right after: the
/// history part of a request (one group per message) never exists as one tree (DECISIONS 20). `make` must give the
/// same elements every time it is called (a body is gone through twice: once to count its length, once to send it).
public struct JSONLazyArray: Sendable {
    public let groups: Int
    public let make: @Sendable (Int) -> [JSONValue]

    public init(groups: Int, make: @escaping @Sendable (Int) -> [JSONValue]) {
        self.groups = groups
        self.make = make
    }

    /// Every element at once: for comparisons and tests, never on the request path.
    public func materialized() -> [JSONValue] {
        (0..<groups).flatMap(make)
    }
}
