// libFuzzer harness: the HTTP sniffer and request-head parser (what a sample sends to port 80).
import PetriNet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    NetParserFuzzing.http(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
