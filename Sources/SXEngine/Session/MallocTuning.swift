import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// glibc's allocator settings for a long session. Each request carries the whole history, so its buffers grow
/// with the conversation; with the defaults, glibc raises its mmap threshold after the first large free and then
/// serves those buffers from per-thread arenas (one per core × 8) that keep the freed space. A 12-minute soak
/// (bench/soak.py, 457 turns) ended at 63.2 MB RSS with the defaults and at 52.0 MB with these settings
/// (44 vs 22 KB per turn after warm-up).
/// `mallopt` and `malloc_trim` are not in Swift's Glibc module, so they are looked up at run time; where they
/// are missing (another libc) both calls do nothing.
public enum MallocTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let symbols: (mallopt: Mallopt?, trim: Trim?) = {
        #if os(Linux)
            guard let handle = dlopen(nil, RTLD_NOW) else { return (nil, nil) }
            return (
                dlsym(handle, "mallopt").map { unsafeBitCast($0, to: Mallopt.self) },
                dlsym(handle, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
            )
        #else
            return (nil, nil)
        #endif
    }()

    /// Two arenas and a fixed 128 KB mmap threshold (so request-sized buffers go back to the system when freed).
    /// `MALLOC_*` environment variables set by the user win.
    public static func applyForLongSession(environment: [String: String]) {
        guard let mallopt = symbols.mallopt else { return }
        if environment["MALLOC_ARENA_MAX"] == nil { _ = mallopt(-8, 2) }  // M_ARENA_MAX
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = mallopt(-3, 128 << 10) }  // M_MMAP_THRESHOLD
        if environment["MALLOC_TRIM_THRESHOLD_"] == nil { _ = mallopt(-1, 256 << 10) }  // M_TRIM_THRESHOLD
    }

    /// Hands free heap pages back to the system (after a turn, when the request and reply buffers are gone).
    public static func trim() { _ = symbols.trim?(0) }
}
