import PetriModel

/// Would the kernel load this ELF? The checks `load_elf_binary` makes before the point of no return
/// (type, machine, program header table), plus the one it leaves to a crash later: PT_LOAD data past
/// the end of the file (a truncated file maps, then dies of SIGBUS). A sample that fails here is bad
/// input, refused before anything runs; the kernel stays the final judge at execve.
public enum ELFLoadCheck {
    /// One line saying why the file can't be executed, or nil when it looks loadable.
    /// `read(offset, count)` returns up to `count` bytes at `offset` (fewer at the end of the file).
    public static func problem(fileSize: UInt64, read: (UInt64, Int) -> [UInt8]) -> String? {
        let ident = read(0, 64)
        guard ident.count >= 16, ident[0] == 0x7f, ident[1] == 0x45, ident[2] == 0x4c, ident[3] == 0x46 else { return "no ELF magic" }
        guard ident[4] == 1 || ident[4] == 2 else { return "corrupt ELF (unknown class \(ident[4]))" }
        guard ident[5] == 1 || ident[5] == 2 else { return "corrupt ELF (unknown data encoding \(ident[5]))" }
        let is64 = ident[4] == 2
        let be = ident[5] == 2
        let headerSize = is64 ? 64 : 52
        guard ident.count >= headerSize else { return "truncated ELF (the \(headerSize)-byte header is cut at byte \(ident.count))" }
        // The parser's reader, in the file's byte order; every offset below is inside a buffer whose
        // length was checked first.
        func u16(_ b: [UInt8], _ o: Int) -> UInt64 { b.withUnsafeBytes { UInt64(ByteReader($0, bigEndian: be).u16(o) ?? 0) } }
        func u32(_ b: [UInt8], _ o: Int) -> UInt64 { b.withUnsafeBytes { UInt64(ByteReader($0, bigEndian: be).u32(o) ?? 0) } }
        func u64(_ b: [UInt8], _ o: Int) -> UInt64 { b.withUnsafeBytes { ByteReader($0, bigEndian: be).u64(o) ?? 0 } }
        let type = u16(ident, 16), machine = u16(ident, 18)
        guard type == 2 || type == 3 else { return "ELF type \(type) is not an executable or shared object" }
        guard ELFArchitecture(is64: is64, bigEndian: be, machine: UInt16(machine)) != nil else {
            return "\(is64 ? "64" : "32")-bit \(be ? "big" : "little")-endian ELF for machine \(ELFParser.machineName(UInt16(machine))), "
                + "not one petri runs (\(ELFArchitecture.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
        let phoff = is64 ? u64(ident, 32) : u32(ident, 28)
        let phentsize = u16(ident, is64 ? 54 : 42), phnum = u16(ident, is64 ? 56 : 44)
        let entrySize: UInt64 = is64 ? 56 : 32
        guard phentsize == entrySize else { return "corrupt ELF (program header entry size \(phentsize), expected \(entrySize))" }
        let tableSize = phnum * entrySize
        guard phnum > 0, tableSize <= 4096 else { return "corrupt ELF (\(phnum) program headers)" }
        let (tableEnd, overflow) = phoff.addingReportingOverflow(tableSize)
        guard !overflow, tableEnd <= fileSize else {
            return "truncated ELF (program headers end at byte \(overflow ? "∞" : String(tableEnd)), the file has \(fileSize))"
        }
        let table = read(phoff, Int(tableSize))
        guard table.count == Int(tableSize) else { return "truncated ELF (program headers unreadable)" }
        for i in 0..<Int(phnum) {
            let o = i * Int(entrySize)
            let pType = u32(table, o)
            let pOffset = is64 ? u64(table, o + 8) : u32(table, o + 4)
            let pFilesz = is64 ? u64(table, o + 32) : u32(table, o + 16)
            guard pType == 1 || pType == 3 else { continue }  // PT_LOAD, PT_INTERP
            let (end, over) = pOffset.addingReportingOverflow(pFilesz)
            if over || end > fileSize {
                return "truncated ELF (\(pType == 1 ? "loadable segment" : "interpreter path") \(i) ends at byte \(over ? "∞" : String(end)), the file has \(fileSize))"
            }
        }
        return nil
    }
}

