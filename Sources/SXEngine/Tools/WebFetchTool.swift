import AsyncHTTPClient
import Foundation
import NIOCore
import SXCore

/// `web_fetch`: one page by GET, as text a model can read (HTML converted by `HTMLText`, links kept). It goes
/// through the process's HTTP clients, so the proxy settings, the extra CA and the connect timeout (10 s by
/// default) apply. It reaches outside the machine on the model's word, so the approval policy treats it like a
/// shell command; an address on the person's own networks needs their explicit yes (`NetworkAddress`).
struct WebFetchTool: Tool {
    static let name = "web_fetch"
    /// A page's first 2 MB: more than any article, and a runaway download stops there.
    static let maxBodyBytes = 2 * 1024 * 1024
    static let maxRedirects = 5
    /// The whole fetch, every redirect included.
    static let totalTimeout = TimeAmount.seconds(30)

    let isMutating = true
    let spec = ToolSpec(
        name: WebFetchTool.name,
        description: """
            Fetch a web page (http or https, GET) and return it as readable text: HTML is converted to plain text \
            with headings, lists, code blocks and [text](url) links. Plain text and JSON come back as they are; \
            binary content (images, PDFs, archives) is refused. Pages over 2 MB are cut.
            """,
        parametersSchema: """
            {"type":"object","properties":{\
            "url":{"type":"string","description":"The http:// or https:// address to fetch."}\
            },"required":["url"],"additionalProperties":false}
            """
    )

    struct Arguments: Decodable { var url: String }

    func preview(arguments: String, context: ToolContext) -> ToolPreview? {
        guard let args = try? ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name) else { return nil }
        let url: URL
        do { url = try Self.address(args.url) } catch { return .failure(error.message) }
        guard let host = url.host, let local = NetworkAddress.localAddress(host: host) else { return nil }
        return .warning(Self.localWarning(host: host, address: local))
    }

    static func localWarning(host: String, address: String) -> String {
        let at = host == address ? host : "\(host) (\(address))"
        return "\(at) is on a private, loopback or link-local network: approving lets the model reach it"
    }

    func run(arguments: String, context: ToolContext, output: @escaping @Sendable (String) -> Void) async -> ToolOutcome
    {
        do {
            let args = try ToolArguments.decode(Arguments.self, from: arguments, tool: spec.name)
            guard let pool = context.http else { throw ToolFailure("web_fetch: no network access in this session.") }
            var url = try Self.address(args.url)
            let deadline = NIODeadline.now() + Self.totalTimeout
            var visited = [url.absoluteString]
            while true {
                try Self.checkLocal(url, context: context)
                var request = HTTPClientRequest(url: url.absoluteString)
                request.method = .GET
                request.headers.add(name: "user-agent", value: SXVersion.userAgent)
                request.headers.add(
                    name: "accept", value: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
                let response: HTTPClientResponse
                do {
                    response = try await pool.nonRedirectingClient(for: url).execute(request, deadline: deadline)
                } catch {
                    throw ToolFailure("web_fetch: \(url.absoluteString): \(Self.describe(error, url: url))")
                }
                if (300..<400).contains(response.status.code), let location = response.headers.first(name: "location") {
                    guard let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                        throw ToolFailure(
                            "web_fetch: \(url.absoluteString) redirects to an invalid address '\(location)'.")
                    }
                    if visited.contains(next.absoluteString) {
                        throw ToolFailure(
                            "web_fetch: redirect loop: \((visited + [next.absoluteString]).joined(separator: " → ")).")
                    }
                    guard visited.count <= Self.maxRedirects else {
                        throw ToolFailure(
                            "web_fetch: stopped after \(Self.maxRedirects) redirects (\(visited.first ?? "") → … → \(next.absoluteString))."
                        )
                    }
                    url = try Self.address(next.absoluteString)
                    visited.append(url.absoluteString)
                    continue
                }
                return try await Self.read(response, url: url, redirects: visited.count - 1, deadline: deadline)
            }
        } catch let failure as ToolFailure {
            return .error(failure.message)
        } catch {
            return .error("web_fetch: \(error)")
        }
    }

    /// An http(s) URL with a host, or a failure saying what is wrong with it.
    static func address(_ text: String) throws(ToolFailure) -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased() else {
            throw ToolFailure("web_fetch: '\(trimmed.prefix(200))' is not a URL; give an http:// or https:// address.")
        }
        guard scheme == "http" || scheme == "https" else {
            throw ToolFailure("web_fetch: only http and https addresses can be fetched, not \(scheme):.")
        }
        guard let host = url.host, !host.isEmpty else { throw ToolFailure("web_fetch: '\(trimmed)' names no host.") }
        return url
    }

    /// Refuses a local address unless the person said yes to this call or `WEB_FETCH_PRIVATE=1`.
    static func checkLocal(_ url: URL, context: ToolContext) throws(ToolFailure) {
        guard !context.allowPrivateNetwork, !context.approvedByUser, let host = url.host,
            let local = NetworkAddress.localAddress(host: host)
        else { return }
        let at = host == local ? host : "\(host) (\(local))"
        throw ToolFailure(
            "web_fetch: \(at) is on a private, loopback or link-local network; sx fetches such addresses only when the user approves the call (APPROVAL=ask) or sets WEB_FETCH_PRIVATE=1."
        )
    }

    static func describe(_ error: Error, url: URL) -> String {
        if let e = error as? HTTPClientError, e == .deadlineExceeded {
            return "no complete reply within \(totalTimeout.nanoseconds / 1_000_000_000) s"
        }
        let mapped = Transport.map(error, url: url)
        if let t = mapped as? TransportError { return t.message }
        if mapped is CancellationError { return "interrupted" }
        return "\(mapped)"
    }
}
