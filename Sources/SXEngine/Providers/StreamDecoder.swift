import AsyncHTTPClient
import Foundation
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
    public static func prepared(_ provider: ProviderID,
                                _ prepare: () throws -> AsyncThrowingStream<ProviderEvent, Error>) -> AsyncThrowingStream<ProviderEvent, Error> {
        do {
            return try prepare()
        } catch {
            let failure = error as? ProviderFailure
                ?? ProviderFailure(reason: .format, provider: provider, message: "cannot encode the request: \(error)")
            return AsyncThrowingStream { $0.finish(throwing: failure) }
        }
    }

    public static func run<D: StreamDecoder>(
        transport: Transport, url: URL, headers: [(String, String)], body: Data, decoder: D,
        rateLimits: (@Sendable (HeaderFields) -> RateLimitSnapshot?)? = nil
    ) -> AsyncThrowingStream<ProviderEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var decoder = decoder
                let provider = decoder.provider
                do {
                    let response: HTTPClientResponse
                    do {
                        response = try await transport.send(url: url, headers: headers, body: body)
                    } catch let e as TransportError {
                        throw FailureClassifier.transport(e, provider: provider, afterOutput: false)
                    }
                    let fields = HeaderFields(response.headers)
                    if let snap = rateLimits?(fields) { continuation.yield(.rateLimits(snap)) }
                    guard (200..<300).contains(Int(response.status.code)) else {
                        let data = (try? await Transport.collect(response, url: url)) ?? Data()
                        throw FailureClassifier.classify(provider: provider, status: Int(response.status.code),
                                                         headers: fields, body: data)
                    }
                    var parser = SSEParser()
                    let now = Date()
                    do {
                        var batch = DeltaBatch()
                        for try await buffer in response.body {
                            var thrown: Error?
                            buffer.withUnsafeReadableBytes { raw in
                                parser.feed(raw) { ev in
                                    guard thrown == nil else { return }
                                    do { try decoder.handle(ev, now: now) { batch.add($0) } } catch { thrown = error }
                                }
                            }
                            batch.flush(into: continuation)
                            if let thrown { throw thrown }
                            if decoder.completed { break }
                        }
                    } catch let e as ProviderFailure {
                        throw e
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        let mapped = Transport.map(error, url: url)
                        if let te = mapped as? TransportError {
                            throw FailureClassifier.transport(te, provider: provider, afterOutput: decoder.producedOutput)
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
                        throw ProviderFailure(reason: .timeout, provider: provider,
                                              message: "the stream closed before the response was complete",
                                              afterOutput: decoder.producedOutput, retryable: true)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Adjacent text (or thinking) deltas decoded from one network read are passed on as one event: a read holds
/// dozens of small deltas, and every event downstream costs a task switch or two and a terminal write. What the
/// reader sees is the same text, as soon as the bytes arrived.
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
