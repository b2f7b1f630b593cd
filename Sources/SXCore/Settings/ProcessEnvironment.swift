import Foundation

/// The one place sx reads its process environment. Everything else gets the values passed down: the layered
/// `Config` keeps the snapshot it was loaded with, so `--config SX_HOME=…` and a test's environment reach every
/// reader, and a grep for the environment finds only this file.
public enum ProcessEnvironment {
    public static var current: [String: String] { ProcessInfo.processInfo.environment }
}
