import Foundation
import SXCore

/// The sanitizer settings of the test process (bench/sanitizers.sh sets them: suppressions, no backtracer), for the
/// `sx` processes a test starts with an environment of its own: they are built with the same sanitizer and must
/// read the same suppressions. Empty in a plain run.
public enum SanitizerEnvironment {
    public static let keys = ["TSAN_OPTIONS", "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "SWIFT_BACKTRACE"]

    public static var passThrough: [String: String] {
        let env = ProcessEnvironment.current
        return Dictionary(uniqueKeysWithValues: keys.compactMap { k in env[k].map { (k, $0) } })
    }
}
