// libFuzzer harness: the simulated resolver's query parser (a sample's DNS packet, any bytes).
import PetriNet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    NetParserFuzzing.dns(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
