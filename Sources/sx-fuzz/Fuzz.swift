import Foundation
import SXFuzzTargets

// libFuzzer harnesses, one executable: `sx-fuzz TARGET [libFuzzer flags] [CORPUS_DIR…]`.
// Built only by bench/fuzz.sh (SX_FUZZ=1 adds this target and instruments SXAuth/SXEngine/SXTUI with
// -sanitize=fuzzer,address); a normal `swift build` never sees it. A trap (a failed precondition, an out-of-range
// index, a force unwrap) or an ASan report is a finding; a thrown error is the parser doing its job.
//
// SwiftPM links an executable's entry point as `<module>_main`, so libFuzzer's own `main` is replaced by this one
// (linked against libclang_rt.fuzzer_no_main), which picks the target and hands over to LLVMFuzzerRunDriver.

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> CInt

nonisolated(unsafe) var selected = ""

let callback: FuzzCallback = { d, n in
    FuzzTargets.run(selected, d.map { Array(UnsafeBufferPointer(start: $0, count: n)) } ?? [])
    return 0
}

@_cdecl("sx_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let args = (0..<Int(argc)).map { argv?[$0].map { String(cString: $0) } ?? "" }
    guard args.count >= 2, FuzzTargets.names.contains(args[1]) else {
        let names = FuzzTargets.names.joined(separator: " ")
        FileHandle.standardError.write(
            Data("usage: sx-fuzz TARGET [libFuzzer flags] [CORPUS…]\ntargets: \(names)\n".utf8))
        return 2
    }
    selected = args[1]
    // libFuzzer sees argv without the target name.
    var cargs: [UnsafeMutablePointer<CChar>?] = [strdup(args[0])] + args.dropFirst(2).map { strdup($0) } + [nil]
    var count = CInt(cargs.count - 1)
    return cargs.withUnsafeMutableBufferPointer { buf in
        var p: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buf.baseAddress
        return LLVMFuzzerRunDriver(&count, &p, callback)
    }
}
