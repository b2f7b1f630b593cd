/// A terminal in memory, for tests: keys are injected, frames are kept for inspection.
@MainActor
public final class MemoryTerminal: Terminal {
    public private(set) var width: Int
    public private(set) var height: Int
    public let input: AsyncStream<TerminalInput>
    let continuation: AsyncStream<TerminalInput>.Continuation
    public private(set) var frames: [ScreenBuffer] = []
    public private(set) var controlWrites: [String] = []
    public private(set) var started = false
    public private(set) var stopped = false

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        (input, continuation) = AsyncStream.makeStream(of: TerminalInput.self)
    }

    public var lastFrame: ScreenBuffer? { frames.last }

    public func send(_ event: TerminalInput) {
        if case .resize(let w, let h) = event { width = w; height = h }
        continuation.yield(event)
    }

    public func type(_ text: String) { for ch in text { send(.key(.char(ch))) } }

    public func start() throws { started = true }
    public func present(_ buffer: ScreenBuffer, theme: Theme) { frames.append(buffer) }
    public func invalidate() {}
    public func writeControl(_ sequence: String) { controlWrites.append(sequence) }
    public func suspend() {}
    public private(set) var timesAway = 0
    public func whileAway<T>(_ body: () -> T) -> T {
        timesAway += 1
        return body()
    }
    public func stop() {
        stopped = true
        continuation.finish()
    }
}
