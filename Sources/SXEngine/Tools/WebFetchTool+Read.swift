import AsyncHTTPClient
import Foundation
import NIOCore

extension WebFetchTool {
    /// What a content type is to `web_fetch`.
    enum ContentKind: Equatable {
        case html, text
        case refused(String)
    }

    static func kind(of contentType: String?) -> ContentKind {
        guard let contentType else { return .text }  // unlabelled: the bytes are sniffed
        let media =
            contentType.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        if media.isEmpty { return .text }
        if media == "text/html" || media == "application/xhtml+xml" { return .html }
        if media.hasPrefix("text/") { return .text }
        let textual = [
            "application/json", "application/xml", "application/javascript", "application/ecmascript",
            "application/x-yaml", "application/yaml", "application/toml", "application/x-sh", "application/sql",
            "application/graphql", "application/x-ndjson"
        ]
        if textual.contains(media) || media.hasSuffix("+json") || media.hasSuffix("+xml") { return .text }
        return .refused(media)
    }

    /// The page's text, its first `maxBodyBytes` when longer (with a note saying so).
    static func read(_ response: HTTPClientResponse, url: URL, redirects: Int, deadline: NIODeadline) async throws
        -> ToolOutcome
    {
        let contentType = response.headers.first(name: "content-type")
        let kind = kind(of: contentType)
        if case .refused(let media) = kind {
            throw ToolFailure(
                "web_fetch: \(url.absoluteString) is \(media), not text; web_fetch returns only text pages (HTML, plain text, JSON, XML)."
            )
        }
        var body = Data()
        var cut = false
        do {
            for try await chunk in response.body {
                let room = maxBodyBytes - body.count
                if chunk.readableBytes > room {
                    body.append(contentsOf: chunk.readableBytesView.prefix(room))
                    cut = true
                    break
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            throw ToolFailure("web_fetch: \(url.absoluteString): \(describe(error, url: url))")
        }
        if ReadFileTool.looksBinary(body.prefix(8192)) {
            throw ToolFailure(
                "web_fetch: \(url.absoluteString) is binary data (\(contentType ?? "no content type")), not text; it is not shown."
            )
        }
        let raw = decode(body, contentType: contentType)
        let text = kind == .html ? HTMLText.convert(raw, baseURL: url) : raw
        var header =
            url.absoluteString + (redirects > 0 ? " (after \(redirects) redirect\(redirects == 1 ? "" : "s"))" : "")
        header += "\nHTTP \(response.status.code) · \(contentType ?? "no content type") · \(body.count) bytes read"
        if cut {
            header +=
                "\n[cut: the page is larger than \(maxBodyBytes / 1_048_576) MB; only its first \(maxBodyBytes / 1_048_576) MB were read]"
        }
        let status = response.status.code
        let result = header + "\n\n" + text
        return status >= 400 ? .error("web_fetch: the server answered HTTP \(status).\n" + result) : .ok(result)
    }

    /// UTF-8 unless the type names Latin-1 (or its Windows superset); a character cut at the 2 MB edge is dropped.
    static func decode(_ body: Data, contentType: String?) -> String {
        let charset = contentType?.lowercased().components(separatedBy: "charset=").dropFirst().first?
            .split(separator: ";").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }
        if let charset, ["iso-8859-1", "latin1", "windows-1252", "us-ascii"].contains(charset) {
            return String(data: body, encoding: .isoLatin1) ?? String(decoding: body, as: UTF8.self)
        }
        return String(decoding: body, as: UTF8.self)
    }
}
