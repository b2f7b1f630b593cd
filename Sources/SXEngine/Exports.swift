// The engine's API is phrased in the protocol's types (sessions, events, messages, approvals), so whoever imports
// the engine (the executable, benchmarks, engine tests) gets them with it, and a new engine file that names a
// `Message` or an `EngineEvent` needs no extra import. A front end imports SXProtocol alone.
@_exported import SXProtocol
