import AsyncHTTPClient
import NIOCore
import Foundation
import SXCore
import SXAuth

/// A provider's SSE decoder: SSE events in, `ProviderEvent`s out.
public protocol StreamDecoder: Sendable {
    var provider: ProviderID { get }
    /// The provider's "done" event was seen; a body that ends before it is a dropped stream.
    var completed: Bool { get }
    var producedOutput: Bool { get }
    mutating func handle(_ event: SSEEvent, now: Date, _ emit: (ProviderEvent) -> Void) throws
}

extension CodexStreamDecoder: StreamDecoder {}

/// The request/response cycle every HTTP+SSE provider shares: send, classify a non-2xx reply, stream the body
/// through the SSE parser and the provider's decoder, and turn a body that ends early into a dropped-stream failure.
public enum SSEStreaming {
    /// Runs a provider's preparation (credential check, request encoding) and returns its stream; a failure there
    /// becomes a stream that fails at once, an encoding error as `.format`.
    public static func prepared(
        _ provider: ProviderID,
        _ prepare: () throws -> AsyncThrowingStream<ProviderEvent, Error>
    ) -> AsyncThrowingStream<ProviderEvent, Error> {
        do {
            return try prepare()
        } catch {
            let failure =
                error as? ProviderFailure
                ?? ProviderFailure(reason: .format, provider: provider, message: "cannot encode the request: \(error)")
            return AsyncThrowingStream { $0.finish(throwing: failure) }
        }
    }

    public static func run<D: StreamDecoder>(
        transport: Transport, url: URL, headers: [(String, String)], body: Data, decoder: D,
        rateLimits: (@Sendable (HeaderFields) -> RateLimitSnapshot?)? = nil
    ) -> AsyncThrowingStream<ProviderEvent, Error> {
        run(
            transport: transport, url: url, headers: headers, requestBody: .data(body), decoder: decoder,
            rateLimits: rateLimits)
    }

    public static func run<D: StreamDecoder>(
        transport: Transport, url: URL, headers: [(String, String)], requestBody body: RequestBody, decoder: D,
        rateLimits: (@Sendable (HeaderFields) -> RateLimitSnapshot?)? = nil
    ) -> AsyncThrowingStream<ProviderEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var decoder = decoder
                let provider = decoder.provider
                do {
                    let response: HTTPClientResponse
                    do {
                        response = try await transport.send(url: url, headers: headers, requestBody: body)
                    } catch let e as TransportError {
                        throw FailureClassifier.transport(e, provider: provider, afterOutput: false)
                    }
                    let fields = HeaderFields(response.headers)
                    if let snap = rateLimits?(fields) { continuation.yield(.rateLimits(snap)) }
                    guard (200..<300).contains(Int(response.status.code)) else {
                        let data = (try? await Transport.collect(response, url: url)) ?? Data()
                        throw FailureClassifier.classify(
                            provider: provider, status: Int(response.status.code),
                            headers: fields, body: data)
                    }
                    var parser = SSEParser()
                    let now = Date()
                    let cap = transport.pool.settings.maxResponseBytes
                    var received = 0
                    // The client's read timeout only catches silence; a server that dribbles bytes without ever
                    // finishing a line (slow loris) must not hold the turn for the whole request deadline.
                    let lineTimeout = Double(transport.pool.settings.readTimeout.nanoseconds) / 1e9
                    var lastLineEnd = Date()
                    do {
                        var batch = DeltaBatch()
                        // The body is read in a task of its own, so each turn of this loop takes every chunk that
                        // has arrived (what one network read delivered, as the client decodes it chunk by chunk)
                        // and passes its deltas on as one event: one write in `sx exec`, one frame in the TUI.
                        let parts = Inbox<ByteBuffer>()
                        let body = response.body
                        let reader = Task {
                            do {
                                for try await buffer in body { parts.push(buffer) }
                                parts.finish()
                            } catch {
                                parts.finish(throwing: error)
                            }
                        }
                        // Leaving the loop (done, too big, a bad event) stops the reader, which ends the request.
                        defer { reader.cancel() }
                        reading: while true {
                            let arrived = try await parts.drain()
                            if arrived.isEmpty { break }
                            for buffer in arrived {
                                received += buffer.readableBytes
                                if received > cap {
                                    batch.flush(into: continuation)
                                    throw ProviderFailure(
                                        reason: .unknown, provider: provider,
                                        message:
                                            "the reply exceeded \(Self.megabytes(cap)) (SX_MAX_RESPONSE_MB); stopped reading",
                                        afterOutput: decoder.producedOutput)
                                }
                                var thrown: Error?
                                let sawLineEnd = buffer.withUnsafeReadableBytes { raw in
                                    raw.count > 0
                                        && (memchr(raw.baseAddress!, 0x0A, raw.count) != nil
                                            || memchr(raw.baseAddress!, 0x0D, raw.count) != nil)
                                }
                                if sawLineEnd {
                                    lastLineEnd = Date()
                                } else if Date().timeIntervalSince(lastLineEnd) > lineTimeout {
                                    batch.flush(into: continuation)
                                    throw ProviderFailure(
                                        reason: .timeout, provider: provider,
                                        message:
                                            "the server kept sending without finishing a line for \(String(format: "%g", lineTimeout)) s (SX_READ_TIMEOUT); gave up",
                                        afterOutput: decoder.producedOutput, retryable: false)
                                }
                                buffer.withUnsafeReadableBytes { raw in
                                    parser.feed(raw) { ev in
                                        guard thrown == nil else { return }
                                        do { try decoder.handle(ev, now: now) { batch.add($0) } } catch {
                                            thrown = error
                                        }
                                    }
                                }
                                if let thrown {
                                    batch.flush(into: continuation)
                                    throw thrown
                                }
                                if decoder.completed {
                                    batch.flush(into: continuation)
                                    break reading
                                }
                            }
                            // More arrived while these were parsed: take it into the same event first.
                            if !parts.hasPending { batch.flush(into: continuation) }
                        }
                        batch.flush(into: continuation)
                    } catch let e as ProviderFailure {
                        throw e
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        let mapped = Transport.map(error, url: url)
                        if let te = mapped as? TransportError {
                            throw FailureClassifier.transport(
                                te, provider: provider, afterOutput: decoder.producedOutput)
                        }
                        throw mapped
                    }
                    if !decoder.completed {
                        var thrown: Error?
                        parser.finish { ev in
                            guard thrown == nil else { return }
                            do { try decoder.handle(ev, now: now) { continuation.yield($0) } } catch { thrown = error }
                        }
                        if let thrown { throw thrown }
                    }
                    guard decoder.completed else {
                        throw ProviderFailure(
                            reason: .timeout, provider: provider,
                            message: "the stream closed before the response was complete",
                            afterOutput: decoder.producedOutput, retryable: true)
                    }
                    continuation.finish()
                } catch var f as ProviderFailure {
                    // A server (or proxy) may echo the credential in its error text: it never reaches a screen or log.
                    f.message = Self.scrub(f.message, requestHeaders: headers)
                    continuation.finish(throwing: f)
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension SSEStreaming {
    /// Masks the request's own credentials (bearer, API-key headers) and anything token-shaped in `text`.
    static func scrub(_ text: String, requestHeaders: [(String, String)]) -> String {
        var secrets: [String] = []
        for (name, value) in requestHeaders {
            switch name.lowercased() {
            case "authorization":
                secrets.append(value)
                if let r = value.range(of: " ") { secrets.append(String(value[r.upperBound...])) }
            case "x-api-key", "x-goog-api-key", "api-key":
                secrets.append(value)
            default: break
            }
        }
        // Longest first, so a whole header value is masked before its token part.
        return Redact.scrubTokens(Redact.scrub(text, secrets: secrets.sorted { $0.count > $1.count }))
    }

    static func megabytes(_ n: Int) -> String {
        n % 1_048_576 == 0 ? "\(n / 1_048_576) MB" : String(format: "%.1f MB", Double(n) / 1_048_576)
    }
}

/// Adjacent text (or thinking) deltas decoded from the chunks that arrived together (one network read) are passed
/// on as one event: a read holds dozens of small deltas, and every event downstream costs a task switch or two and
/// a terminal write. What the reader sees is the same text, as soon as the bytes arrived.
struct DeltaBatch {
    private var events: [ProviderEvent] = []

    mutating func add(_ e: ProviderEvent) {
        switch (events.last, e) {
        case (.textDelta(let a)?, .textDelta(let b)):
            events[events.count - 1] = .textDelta(a + b)
        case (.thinkingDelta(let a)?, .thinkingDelta(let b)):
            events[events.count - 1] = .thinkingDelta(a + b)
        default:
            events.append(e)
        }
    }

    mutating func flush(into continuation: AsyncThrowingStream<ProviderEvent, Error>.Continuation) {
        for e in events { continuation.yield(e) }
        events.removeAll(keepingCapacity: true)
    }
}
