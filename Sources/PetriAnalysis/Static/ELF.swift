import PetriModel

/// ELF parser for triage: header, program headers (interpreter, dynamic section), section headers
/// (names, .symtab for "stripped"), DT_NEEDED. Untrusted input: capped counts, checked offsets,
/// warnings instead of traps.
public enum ELFParser {
    static let maxSections = 4096
    static let maxSegments = 1024
    static let maxDynamicEntries = 8192
    static let maxSymbols = 65536
    static let maxFunctionNames = 2048

    /// Imported symbols worth a flag in an ELF, by what they let a sample do.
    public static let suspiciousImports: [String: String] = [
        "ptrace": "anti_debug", "process_vm_writev": "injection", "memfd_create": "fileless", "fexecve": "fileless",
    ]

    public struct Result: Sendable {
        public var info: ElfInfo?
        public var warnings: [String]
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result {
        var p = Parse(r: ByteReader(bytes))
        let info = p.run()
        return Result(info: info, warnings: p.warnings)
    }

    struct Segment { var type: UInt32, flags: UInt32, offset: UInt64, vaddr: UInt64, filesz: UInt64, memsz: UInt64 }
    struct Section { var nameOffset: UInt32, type: UInt32, flags: UInt64, addr: UInt64, offset: UInt64, size: UInt64, link: UInt32 }

    struct Parse {
        var r: ByteReader
        var warnings: [String] = []
        var is64 = true

        mutating func warn(_ s: String) { if warnings.count < 200 { warnings.append(s) } }

        mutating func run() -> ElfInfo? {
            guard r.count >= 16, r.u32(0) == 0x464c_457f else { warn("elf: no ELF magic"); return nil }
            guard let cls = r.u8(4), cls == 1 || cls == 2 else { warn("elf: unknown class \(r.u8(4) ?? 0)"); return nil }
            is64 = cls == 2
            let data = r.u8(5) ?? 1
            if data != 1 && data != 2 { warn("elf: unknown data encoding \(data), assuming little-endian") }
            r.bigEndian = data == 2
            let headerSize = is64 ? 64 : 52
            guard r.has(0, headerSize) else { warn("elf: header truncated (\(r.count) of \(headerSize) bytes)"); return nil }
            let type = r.u16(16)!, machine = r.u16(18)!
            let entry = is64 ? r.u64(24)! : UInt64(r.u32(24)!)
            let phoff = is64 ? r.u64(32)! : UInt64(r.u32(28)!)
            let shoff = is64 ? r.u64(40)! : UInt64(r.u32(32)!)
            let phentsize = Int(r.u16(is64 ? 54 : 42)!), phnum = Int(r.u16(is64 ? 56 : 44)!)
            let shentsize = Int(r.u16(is64 ? 58 : 46)!), shnum = Int(r.u16(is64 ? 60 : 48)!)
            let shstrndx = Int(r.u16(is64 ? 62 : 50)!)

            let segments = readSegments(offset: phoff, entrySize: phentsize, count: phnum)
            let sections = readSections(offset: shoff, entrySize: shentsize, count: shnum)

            var interpreter: String?
            if let interp = segments.first(where: { $0.type == 3 }) {
                if let o = offset(interp.offset), let s = r.cString(o, max: Int(min(interp.filesz, 4096))), !s.isEmpty {
                    interpreter = s
                } else { warn("elf: PT_INTERP at \(hex(interp.offset)) is outside the file") }
            }
            let hasDynamic = segments.contains { $0.type == 2 } || sections.contains { $0.type == 6 }
            let (needed, soname) = readDynamic(segments: segments, sections: sections)

            var names: [String] = []
            if !sections.isEmpty {
                if shstrndx < sections.count {
                    let strtab = sections[shstrndx]
                    names = sections.map { sectionString(strtab, $0.nameOffset) ?? "" }
                } else {
                    warn("elf: section name table index \(shstrndx) out of range")
                    names = sections.map { _ in "" }
                }
            }
            var budget = EntropyBudget(fileSize: r.count)
            let elfSections = zip(sections, names).map { s, name in
                ElfSection(name: name, type: s.type, flags: s.flags, offset: s.offset, size: s.size,
                           entropy: s.type == 8 ? 0 : budget.entropy(r, offset(s.offset) ?? r.count, offset(s.size) ?? 0))
            }
            if budget.skipped > 0 { warn("elf: entropy not computed for \(budget.skipped) sections: their data overlaps far beyond the file size") }
            let elfSegments = segments.map { s in
                ElfSegment(type: ELFParser.segmentTypeName(s.type),
                           permissions: (s.flags & 4 != 0 ? "r" : "-") + (s.flags & 2 != 0 ? "w" : "-") + (s.flags & 1 != 0 ? "x" : "-"),
                           offset: s.offset, fileSize: s.filesz, memorySize: s.memsz)
            }
            let typeName: String = switch type {
            case 1: "relocatable"
            case 2: "executable"
            case 3: "shared_object"
            case 4: "core"
            default: "type \(type)"
            }
            let imported = readImportedSymbols(sections: sections)
            var info = ElfInfo(elfClass: is64 ? "ELF64" : "ELF32", endianness: r.bigEndian ? "big" : "little",
                           machine: ELFParser.machineName(machine), type: typeName, pie: type == 3 && interpreter != nil,
                           entryPoint: entry, interpreter: interpreter, needed: needed, soname: soname,
                           stripped: !sections.contains { $0.type == 2 }, isStatic: interpreter == nil && !hasDynamic,
                           sections: elfSections, segments: elfSegments)
            info.importedSymbols = imported
            if let (count, functions) = readSymbolTable(sections: sections) { info.symbolCount = count; info.functions = functions }
            return info
        }

        /// The first SHT_SYMTAB: its entry count and the defined functions (STT_FUNC, a section index),
        /// through its linked string table; either byte order, both classes.
        mutating func readSymbolTable(sections: [Section]) -> (Int, [String])? {
            guard let symtab = sections.first(where: { $0.type == 2 }) else { return nil }
            guard Int(symtab.link) < sections.count, let base = offset(symtab.offset) else {
                warn("elf: .symtab without a readable string table"); return nil
            }
            let strtab = sections[Int(symtab.link)]
            let width = is64 ? 24 : 16
            let declared = Int(min(symtab.size / UInt64(width), UInt64(maxSymbols) + 1))
            if declared > maxSymbols { warn("elf: more than \(maxSymbols) symbols, reading \(maxSymbols)") }
            var count = 0
            var global: [String] = [], local: [String] = []
            for i in 1..<max(1, min(declared, maxSymbols)) {
                let o = base &+ i &* width
                guard let name = r.u32(o), let info = r.u8(o + (is64 ? 4 : 12)), let shndx = r.u16(o + (is64 ? 6 : 14)) else {
                    warn("elf: .symtab runs past end of file"); break
                }
                count += 1
                guard info & 0xf == 2, shndx != 0, name != 0, global.count + local.count < ELFParser.maxFunctionNames,
                      let s = sectionString(strtab, name), !s.isEmpty else { continue }
                if info >> 4 == 0 { local.append(s) } else { global.append(s) }
            }
            return (count, Array((global + local).prefix(ELFParser.maxFunctionNames)))
        }

        /// Undefined, named symbols of the first SHT_DYNSYM section, through its linked string table.
        mutating func readImportedSymbols(sections: [Section]) -> [String]? {
            guard let dynsym = sections.first(where: { $0.type == 11 }) else { return nil }
            guard Int(dynsym.link) < sections.count, let base = offset(dynsym.offset) else {
                warn("elf: .dynsym without a readable string table"); return nil
            }
            let strtab = sections[Int(dynsym.link)]
            let width = is64 ? 24 : 16
            let declared = Int(min(dynsym.size / UInt64(width), UInt64(maxSymbols) + 1))
            if declared > maxSymbols { warn("elf: more than \(maxSymbols) dynamic symbols, reading \(maxSymbols)") }
            var out: [String] = []
            for i in 0..<min(declared, maxSymbols) {
                let o = base &+ i &* width
                guard let name = r.u32(o), let shndx = r.u16(o + (is64 ? 6 : 14)) else {
                    warn("elf: .dynsym runs past end of file"); break
                }
                if shndx == 0, name != 0, let s = sectionString(strtab, name), !s.isEmpty { out.append(s) }
            }
            return out
        }

        mutating func readSegments(offset table: UInt64, entrySize: Int, count declared: Int) -> [Segment] {
            guard declared > 0 else { return [] }
            let minSize = is64 ? 56 : 32
            guard entrySize >= minSize else { warn("elf: program header entry size \(entrySize) < \(minSize)"); return [] }
            guard let base = offset(table) else { warn("elf: program header offset \(hex(table)) is absurd"); return [] }
            let count = min(declared, maxSegments)
            if declared > maxSegments { warn("elf: \(declared) program headers declared, reading \(maxSegments)") }
            var out: [Segment] = []
            for i in 0..<count {
                guard let o = add(base, i * entrySize), r.has(o, minSize) else {
                    warn("elf: program header table runs past end of file after \(i) of \(declared) entries"); break
                }
                if is64 {
                    out.append(Segment(type: r.u32(o)!, flags: r.u32(o + 4)!, offset: r.u64(o + 8)!, vaddr: r.u64(o + 16)!,
                                       filesz: r.u64(o + 32)!, memsz: r.u64(o + 40)!))
                } else {
                    out.append(Segment(type: r.u32(o)!, flags: r.u32(o + 24)!, offset: UInt64(r.u32(o + 4)!), vaddr: UInt64(r.u32(o + 8)!),
                                       filesz: UInt64(r.u32(o + 16)!), memsz: UInt64(r.u32(o + 20)!)))
                }
            }
            return out
        }

        mutating func readSections(offset table: UInt64, entrySize: Int, count declared: Int) -> [Section] {
            guard declared > 0, table != 0 else { return [] }
            let minSize = is64 ? 64 : 40
            guard entrySize >= minSize else { warn("elf: section header entry size \(entrySize) < \(minSize)"); return [] }
            guard let base = offset(table) else { warn("elf: section header offset \(hex(table)) is absurd"); return [] }
            let count = min(declared, maxSections)
            if declared > maxSections { warn("elf: \(declared) section headers declared, reading \(maxSections)") }
            var out: [Section] = []
            var broken = 0
            for i in 0..<count {
                guard let o = add(base, i * entrySize), r.has(o, minSize) else {
                    warn("elf: section header table runs past end of file after \(i) of \(declared) entries"); break
                }
                if is64 {
                    out.append(Section(nameOffset: r.u32(o)!, type: r.u32(o + 4)!, flags: r.u64(o + 8)!, addr: r.u64(o + 16)!,
                                       offset: r.u64(o + 24)!, size: r.u64(o + 32)!, link: r.u32(o + 40)!))
                } else {
                    out.append(Section(nameOffset: r.u32(o)!, type: r.u32(o + 4)!, flags: UInt64(r.u32(o + 8)!), addr: UInt64(r.u32(o + 12)!),
                                       offset: UInt64(r.u32(o + 16)!), size: UInt64(r.u32(o + 20)!), link: r.u32(o + 24)!))
                }
                let s = out[out.count - 1]
                if s.type != 8, s.size > 0, (offset(s.offset).flatMap { add($0, offset(s.size) ?? Int.max) } ?? Int.max) > r.count {
                    broken += 1
                    if broken <= 10 { warn("elf: section \(i) data (\(s.size) bytes at \(hex(s.offset))) runs past end of file") }
                }
            }
            if broken > 10 { warn("elf: \(broken - 10) more sections with data past end of file") }
            return out
        }

        func sectionString(_ table: Section, _ index: UInt32) -> String? {
            guard UInt64(index) < table.size, let base = offset(table.offset), let o = add(base, Int(index)) else { return nil }
            return r.cString(o, max: 256)
        }

        /// File offset of a virtual address through the PT_LOAD segments.
        func fileOffset(vaddr: UInt64, segments: [Segment]) -> Int? {
            for s in segments where s.type == 1 && vaddr >= s.vaddr && vaddr - s.vaddr < s.filesz {
                let (o, overflow) = s.offset.addingReportingOverflow(vaddr - s.vaddr)
                return overflow ? nil : offset(o)
            }
            return nil
        }

        /// DT_NEEDED and DT_SONAME; through the .dynamic section when section headers exist, else
        /// through PT_DYNAMIC and the DT_STRTAB address.
        mutating func readDynamic(segments: [Segment], sections: [Section]) -> ([String], String?) {
            var dynOffset: Int?, dynSize: UInt64 = 0, strtabOffset: Int?, strtabSize: UInt64 = .max
            if let dyn = sections.first(where: { $0.type == 6 }) {
                dynOffset = offset(dyn.offset); dynSize = dyn.size
                if Int(dyn.link) < sections.count {
                    strtabOffset = offset(sections[Int(dyn.link)].offset); strtabSize = sections[Int(dyn.link)].size
                }
            } else if let dyn = segments.first(where: { $0.type == 2 }) {
                dynOffset = offset(dyn.offset); dynSize = dyn.filesz
            }
            guard let start = dynOffset else { return ([], nil) }
            let width = is64 ? 16 : 8
            var neededOffsets: [UInt64] = [], sonameOffset: UInt64?
            var strtabAddress: UInt64?
            let limit = min(Int(min(dynSize, UInt64(Int.max))) / width, maxDynamicEntries)
            for i in 0..<limit {
                let o = start &+ i &* width
                guard let tag = is64 ? r.u64(o) : r.u32(o).map(UInt64.init),
                      let val = is64 ? r.u64(o + 8) : r.u32(o + 4).map(UInt64.init) else {
                    warn("elf: dynamic section runs past end of file"); break
                }
                if tag == 0 { break }
                switch tag {
                case 1: neededOffsets.append(val)
                case 14: sonameOffset = val
                case 5: strtabAddress = val
                default: break
                }
            }
            if strtabOffset == nil, let addr = strtabAddress { strtabOffset = fileOffset(vaddr: addr, segments: segments) }
            guard let strtab = strtabOffset else {
                if !neededOffsets.isEmpty { warn("elf: DT_NEEDED entries but no readable string table") }
                return ([], nil)
            }
            func string(_ v: UInt64) -> String? {
                guard v < strtabSize, let i = offset(v), let o = add(strtab, i) else { return nil }
                return r.cString(o, max: 4096)
            }
            return (neededOffsets.compactMap(string), sonameOffset.flatMap(string))
        }
    }

    static func machineName(_ m: UInt16) -> String {
        switch m {
        case 0x3e: "x86-64"
        case 0x03: "i386"
        case 0xb7: "aarch64"
        case 0x28: "arm"
        case 0x08: "mips"
        case 0x14: "ppc"
        case 0x15: "ppc64"
        case 0xf3: "riscv"
        case 0x16: "s390"
        default: hex(m)
        }
    }

    static func segmentTypeName(_ t: UInt32) -> String {
        switch t {
        case 0: "NULL"
        case 1: "LOAD"
        case 2: "DYNAMIC"
        case 3: "INTERP"
        case 4: "NOTE"
        case 6: "PHDR"
        case 7: "TLS"
        case 0x6474_e550: "GNU_EH_FRAME"
        case 0x6474_e551: "GNU_STACK"
        case 0x6474_e552: "GNU_RELRO"
        case 0x6474_e553: "GNU_PROPERTY"
        default: hex(t)
        }
    }
}
