import Foundation

/// Whether a host is on the person's own networks: loopback, private (RFC 1918, unique-local IPv6), link-local,
/// carrier-grade NAT, or unspecified. A model asked to fetch such an address could reach a router's admin page or
/// a cloud metadata service (169.254.169.254), so `web_fetch` needs an explicit yes for it.
enum NetworkAddress {
    /// The first local address the host is or resolves to, or nil when every address is public. A name that does
    /// not resolve is nil too (the fetch then fails with the resolver's error).
    static func localAddress(host: String) -> String? {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare.hasSuffix(".localhost") { return "loopback (\(bare))" }
        if let local = isLocal(literal: bare) { return local ? bare : nil }
        for address in resolve(bare) where isLocal(literal: address) == true { return address }
        return nil
    }

    /// Whether an IPv4 or IPv6 literal is local; nil when `text` is not a literal.
    static func isLocal(literal text: String) -> Bool? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let b = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            return isLocal(v4: b)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let b = withUnsafeBytes(of: v6) { Array($0) }
            return isLocal(v6: b)
        }
        return nil
    }

    static func isLocal(v4 b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (169, 254): return true
        case (172, 16...31): return true
        case (192, 168): return true
        case (100, 64...127): return true  // carrier-grade NAT (RFC 6598)
        default: return false
        }
    }

    static func isLocal(v6 b: [UInt8]) -> Bool {
        if b.allSatisfy({ $0 == 0 }) { return true }  // ::
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return true }  // ::1
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if b[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {  // ::ffff:a.b.c.d
            return isLocal(v4: Array(b[12..<16]))
        }
        return false
    }

    /// The host's addresses as text, through the system resolver (`/etc/hosts`, DNS).
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var out: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0,
                NI_NUMERICHOST) == 0
            {
                out.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return out
    }
}
