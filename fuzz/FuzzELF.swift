// libFuzzer harness: ELF parser, the packer heuristics over its result, and ELFLoadCheck. Built by fuzz/run.sh.
import PetriModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    let result = ELFParser.parse(bytes)
    if let elf = result.info { _ = PackerHeuristics.indicators(elf: elf, head: bytes) }
    // the intake's loadability check, reading through the same bounds a pread would have
    _ = ELFLoadCheck.problem(fileSize: UInt64(bytes.count)) { offset, count in
        guard offset < UInt64(bytes.count) else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(bytes.count, start + count)])
    }
    return 0
}
