// libFuzzer harness: the HTTP sniffer and request-head parser (what a sample sends to port 80).
import CFuzzDriver
import PetriNet

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    NetParserFuzzing.http(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The entry point SwiftPM's debug link calls `main` (see CFuzzDriver); a release link uses libFuzzer's.
@_cdecl("FuzzHTTP_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    petri_fuzz_main(argc, argv) { data, size in testOneInput(data, size) }
}
