// swift-tools-version:6.2
import Foundation
import PackageDescription

// SX_FUZZ=<path of libclang_rt.fuzzer_no_main-<arch>.a> (set by bench/fuzz.sh only) builds the libFuzzer harness
// `sx-fuzz` and instruments sx's own modules for it (coverage + AddressSanitizer); dependencies stay as they are.
// A normal build never sees the harness.
let libFuzzer = ProcessInfo.processInfo.environment["SX_FUZZ"] ?? ""
let fuzzing = !libFuzzer.isEmpty
let instrumented: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []

// The toolchain's lld packs the binary's ~120,000 relative relocations into a DT_RELR table (glibc ≥ 2.36): 23 KB
// instead of 2.9 MB that the loader reads at every start, ~2.5 MB less resident memory (DECISIONS 20).
let compactRelocations: [LinkerSetting] =
    fuzzing
    ? []
    : [
        .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux]))
    ]

let package = Package(
    name: "sx",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sx", targets: ["sx"])
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2")
    ],
    targets: [
        // ncursesw plus a C shim for its macros and C globals (Swift 6 rejects mutable C globals).
        .target(
            name: "CNCurses",
            cSettings: [
                .define("NCURSES_WIDECHAR", to: "1"), .define("_XOPEN_SOURCE_EXTENDED", to: "1"), .define("_GNU_SOURCE")
            ],
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // The shared vocabulary every module speaks: provider ids, JSON, files, time, redaction, settings, build info.
        .target(name: "SXCore", swiftSettings: instrumented, plugins: ["CommitStamp"]),
        .target(
            name: "SXAuth",
            dependencies: [
                "SXCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess")
            ],
            swiftSettings: instrumented
        ),
        // What a front end may see of the engine and nothing else: sessions, events, approvals, the host.
        .target(name: "SXProtocol", dependencies: ["SXCore"], swiftSettings: instrumented),
        .target(
            name: "SXEngine",
            dependencies: [
                "SXCore", "SXProtocol", "SXAuth",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Subprocess", package: "swift-subprocess")
            ],
            swiftSettings: instrumented
        ),
        // Writes the commit being built (`git describe`, "unknown" without git) into BuildInfo for `sx --version`.
        .plugin(name: "CommitStamp", capability: .buildTool()),
        .target(name: "SXTUI", dependencies: ["SXCore", "SXProtocol", "CNCurses"], swiftSettings: instrumented),
        .executableTarget(
            name: "sx",
            dependencies: [
                "SXCore", "SXProtocol", "SXAuth", "SXEngine", "SXTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            linkerSettings: compactRelocations
        ),
        // Loopback servers that speak the providers' real wire formats; used by tests, benchmarks and e2e scripts.
        .target(
            name: "SXTestSupport",
            dependencies: [
                "SXCore", "SXAuth",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto")
            ]
        ),
        .executableTarget(name: "sx-mock", dependencies: ["SXTestSupport"]),
        .executableTarget(
            name: "sx-bench", dependencies: ["SXCore", "SXProtocol", "SXAuth", "SXEngine", "SXTUI", "SXTestSupport"]),
        .testTarget(name: "SXCoreTests", dependencies: ["SXCore", "SXTestSupport"]),
        .testTarget(name: "SXAuthTests", dependencies: ["SXCore", "SXAuth", "SXTestSupport"]),
        .testTarget(name: "SXEngineTests", dependencies: ["SXCore", "SXProtocol", "SXEngine", "SXTestSupport"]),
        .testTarget(
            name: "SXTUITests", dependencies: ["SXCore", "SXProtocol", "SXTUI", "SXTestSupport"],
            exclude: ["Snapshots"]),
        .testTarget(name: "sxTests", dependencies: ["sx", "SXTestSupport", "SXCore", "SXAuth", "SXFuzzTargets"]),
        // What each fuzz harness does with one input; the tests replay the corpus and past crashes through it.
        .target(
            name: "SXFuzzTargets", dependencies: ["SXCore", "SXProtocol", "SXAuth", "SXEngine", "SXTUI"],
            swiftSettings: instrumented)
    ]
)

if fuzzing {
    package.targets.append(
        .executableTarget(
            name: "sx-fuzz",
            dependencies: ["SXFuzzTargets"],
            swiftSettings: instrumented + [.unsafeFlags(["-parse-as-library"])],
            linkerSettings: [.unsafeFlags(["-sanitize=address", "-Xlinker", libFuzzer, "-lstdc++"])]
        ))
}
