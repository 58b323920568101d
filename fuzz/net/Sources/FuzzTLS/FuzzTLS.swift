// libFuzzer harness: the TLS ClientHello parser (SNI, ALPN, JA3) over a stream of records.
import CFuzzDriver
import PetriNet

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    NetParserFuzzing.tls(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The entry point SwiftPM's debug link calls `main` (see CFuzzDriver); a release link uses libFuzzer's.
@_cdecl("FuzzTLS_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    petri_fuzz_main(argc, argv) { data, size in testOneInput(data, size) }
}
