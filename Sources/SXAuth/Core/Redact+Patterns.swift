import Foundation

extension Redact {
    /// Token shapes that must never reach a transcript, log or screen even when we don't know the secret itself
    /// (a tool that printed a file holding one): API keys, JWTs, bearer headers, refresh tokens in JSON.
    private static let patterns: [NSRegularExpression] = [
        #"sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"#,
        #"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+"#,
        #"AIza[0-9A-Za-z_\-]{30,}"#,
        #"(?i)(?<=bearer )[A-Za-z0-9._~+/\-]{16,}=*"#,
        #"(?i)(?<="(?:refresh_token|access_token|id_token|refresh|access|api_key|key|token)"\s?:\s?")[^"]{12,}(?=")"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// Replaces every token-shaped substring by its mask.
    public static func scrubTokens(_ text: String) -> String {
        guard text.count >= 12 else { return text }
        var out = text
        for re in patterns {
            let ns = out as NSString
            let matches = re.matches(in: out, range: NSRange(location: 0, length: ns.length))
            guard !matches.isEmpty else { continue }
            var result = ""
            var last = 0
            for m in matches {
                result += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                result += mask(ns.substring(with: m.range))
                last = m.range.location + m.range.length
            }
            result += ns.substring(from: last)
            out = result
        }
        return out
    }
}
