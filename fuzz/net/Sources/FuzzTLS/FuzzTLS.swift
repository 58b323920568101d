// libFuzzer harness: the TLS ClientHello parser (SNI, ALPN, JA3) over a stream of records.
import PetriNet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    NetParserFuzzing.tls(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
