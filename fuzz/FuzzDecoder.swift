// libFuzzer harness: the pure parts of the syscall-argument decoder (sockaddr parsing, IPv6
// rendering, data previews, flag words), fed the bytes a sample could put behind a pointer or in a
// register. Built by fuzz/run-core.sh into one module with Sources/PetriSandbox's decoder files;
// the calls live in DecoderFuzzing so the regression test replays crashers the same way.
import PetriModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    DecoderFuzzing.decode(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
