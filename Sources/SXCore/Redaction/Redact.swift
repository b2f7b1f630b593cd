/// Masking of secrets for everything a person or a log can see: `sk-…abcd`.
///
/// The prefix (up to the first `-` or `_`, at most 7 characters) is kept because it tells which kind of key it
/// is; the last four characters tell two keys apart. Anything shorter than 12 characters shows no characters.
public enum Redact {
    public static func mask(_ secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return "(none)" }
        let chars = Array(secret)
        guard chars.count >= 12 else { return "…" }
        var prefix = ""
        if let sep = chars.prefix(8).firstIndex(where: { $0 == "-" || $0 == "_" }), sep > 0 {
            prefix = String(chars[...sep])
        } else if secret.hasPrefix("eyJ") {
            prefix = "eyJ"
        }
        return prefix + "…" + String(chars.suffix(4))
    }

    /// Replaces every occurrence of each secret in `text` by its mask. Secrets shorter than 8 characters are
    /// left alone (they would match ordinary words).
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for s in secrets where s.count >= 8 {
            out = out.replacingOccurrences(of: s, with: mask(s))
        }
        return out
    }
}
