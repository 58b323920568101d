// libFuzzer harness: ELF parser and the packer heuristics over its result. Built by fuzz/run.sh.
import PetriModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    let result = ELFParser.parse(bytes)
    if let elf = result.info { _ = PackerHeuristics.indicators(elf: elf, head: bytes) }
    return 0
}
