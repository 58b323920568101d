// libFuzzer harness: PE parser and the packer heuristics over its result. Built by fuzz/run.sh.
import PetriModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPE(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    let result = PEParser.parse(bytes)
    if let pe = result.info { _ = PackerHeuristics.indicators(pe: pe) }
    return 0
}
