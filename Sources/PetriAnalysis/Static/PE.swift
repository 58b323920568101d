import PetriModel

/// PE/COFF parser for triage. Follows pefile's reading rules where they differ from the spec
/// (aligned raw pointers, section bounds, import table walk) so `pe_crosscheck.py` can compare
/// field by field. Untrusted input: every count is capped, every offset checked, and every
/// problem becomes a warning; the parser returns what it could read.
public enum PEParser {
    /// Caps: far above anything real, low enough that a forged count cannot make us spin.
    static let maxSections = 2048
    static let maxImportDescriptors = 4096
    static let maxThunksPerLibrary = 0x8000
    static let maxImportsTotal = 0x20000
    static let maxExports = 0x10000

    public struct Result: Sendable {
        public var info: PeInfo?
        public var warnings: [String]
        /// "dll.function,..." as pefile builds it; md5 of this is the imphash.
        public var imphashInput: String?
    }

    /// Raw section record with pefile's adjusted values kept alongside.
    struct Section {
        var name: String
        var virtualSize: UInt32, virtualAddress: UInt32, rawSize: UInt32, rawPointer: UInt32, characteristics: UInt32
        var vaAdjusted: Int, rawAdjusted: Int
        var nextVirtualAddress: UInt32?
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result {
        var p = Parse(r: ByteReader(bytes))
        let info = p.run()
        return Result(info: info, warnings: p.warnings, imphashInput: p.imphashInput)
    }

    struct Parse {
        let r: ByteReader
        var warnings: [String] = []
        var sections: [Section] = []
        var fileAlignment: UInt32 = 0x200
        var sectionAlignment: UInt32 = 0x1000
        var imphashInput: String?

        mutating func warn(_ s: String) { if warnings.count < 200 { warnings.append(s) } }

        mutating func run() -> PeInfo? {
            guard r.count >= 64, r.u16(0) == 0x5a4d, let lfanew32 = r.u32(0x3c) else {
                warn("pe: file shorter than a DOS header"); return nil
            }
            let pe = Int(lfanew32)
            guard r.u32(pe) == 0x0000_4550 else {
                let message = r.has(pe, 4) ? "pe: no PE signature at e_lfanew \(hex(lfanew32))" : "pe: e_lfanew \(hex(lfanew32)) points past end of file"
                warn(message)
                return nil
            }
            guard let machine = r.u16(pe + 4), let nsec = r.u16(pe + 6), let timestamp = r.u32(pe + 8),
                  let optSize = r.u16(pe + 20), let fileChars = r.u16(pe + 22) else {
                warn("pe: COFF header truncated"); return nil
            }
            let opt = pe + 24
            let magic = r.u16(opt) ?? 0
            let is64 = magic == 0x20b
            if magic != 0x10b && magic != 0x20b { warn("pe: unknown optional header magic \(hex(magic))") }
            if Int(optSize) < (is64 ? 112 : 96) { warn("pe: optional header size \(optSize) is smaller than its fields") }
            let entry = r.u32(opt + 16) ?? 0
            if !r.has(opt + 16, 4) { warn("pe: optional header truncated") }
            let imageBase: UInt64 = is64 ? (r.u64(opt + 24) ?? 0) : UInt64(r.u32(opt + 28) ?? 0)
            sectionAlignment = r.u32(opt + 32) ?? 0x1000
            fileAlignment = r.u32(opt + 36) ?? 0x200
            let subsystem = r.u16(opt + 68) ?? 0
            let dllChars = r.u16(opt + 70) ?? 0
            let rvaCountOffset = opt + (is64 ? 108 : 92)
            var dirCount = Int(r.u32(rvaCountOffset) ?? 0)
            if dirCount > 16 { warn("pe: NumberOfRvaAndSizes \(dirCount) > 16, reading 16"); dirCount = 16 }
            let dirBase = rvaCountOffset + 4
            // Directories must also fit in the declared optional header, like the loader reads them.
            let dirFit = max(0, (opt + Int(optSize) - dirBase) / 8)
            var directories: [(rva: UInt32, size: UInt32)] = []
            for i in 0..<min(dirCount, dirFit) {
                guard let va = r.u32(dirBase + i * 8), let sz = r.u32(dirBase + i * 8 + 4) else {
                    warn("pe: data directory table truncated"); break
                }
                directories.append((va, sz))
            }

            readSections(at: opt + Int(optSize), count: Int(nsec))
            indexSections()

            var info = PeInfo(machine: PEParser.machineName(machine), is64Bit: is64, isDll: fileChars & 0x2000 != 0,
                              subsystem: PEParser.subsystemName(subsystem), timestamp: timestamp, imageBase: imageBase,
                              entryPoint: entry)
            info.characteristics = PEParser.flagNames(UInt32(fileChars), PEParser.fileCharacteristicNames)
            info.dllCharacteristics = PEParser.flagNames(UInt32(dllChars), PEParser.dllCharacteristicNames)
            info.entrySection = section(containing: entry).map { sections[$0].name }
            var budget = EntropyBudget(fileSize: r.count)
            info.sections = sections.map { s in
                let (start, length) = sectionRange(s)
                return PeSection(name: s.name, virtualAddress: s.virtualAddress, virtualSize: s.virtualSize, rawOffset: s.rawPointer,
                                 rawSize: s.rawSize, characteristics: s.characteristics, permissions: PEParser.permissions(s.characteristics),
                                 entropy: budget.entropy(r, start, length))
            }
            if budget.skipped > 0 { warn("pe: entropy not computed for \(budget.skipped) sections: their raw data overlaps far beyond the file size") }
            if directories.count > 1, directories[1].rva != 0 { info.imports = readImports(rva: directories[1].rva, is64: is64) }
            if directories.count > 0, directories[0].rva != 0 {
                info.exports = readExports(rva: directories[0].rva, size: directories[0].size)
            }
            if directories.count > 2, directories[2].rva != 0 { info.resources = readResources(rva: directories[2].rva) }
            if directories.count > 14, directories[14].rva != 0 {
                // IMAGE_COR20_HEADER: cb, runtime major/minor, metadata directory, flags
                if let d = fileOffset(rva: directories[14].rva), let major = r.u16(d + 4), let minor = r.u16(d + 6), let flags = r.u32(d + 16) {
                    info.dotnet = PeDotNet(runtime: "\(major).\(minor)", ilOnly: flags & 1 != 0)
                } else {
                    warn("pe: CLR header at RVA \(hex(directories[14].rva)) is outside the file")
                }
            }
            var end = overlayStart(optionalHeader: opt, optionalSize: Int(optSize))
            // mingw leaves the COFF symbol and string tables after the sections of unstripped
            // images: that is part of the build, not data appended to it.
            if let symbols = r.u32(pe + 12), let count = r.u32(pe + 16), symbols != 0, Int(symbols) >= end {
                let strings = Int(symbols) + Int(count) * 18
                if let stringsSize = r.u32(strings), strings + Int(stringsSize) == r.count, Int(symbols) == end {
                    end = r.count
                }
            }
            if end < r.count {
                info.overlayOffset = UInt64(end)
                info.overlaySize = UInt64(r.count - end)
            }
            return info
        }

        // MARK: sections

        mutating func readSections(at tableOffset: Int, count declared: Int) {
            var count = declared
            if count > maxSections { warn("pe: \(count) sections declared, reading \(maxSections)"); count = maxSections }
            else if count > 96 { warn("pe: \(count) sections declared (the Windows loader accepts 96)") }
            var broken = 0
            for i in 0..<count {
                let o = tableOffset + i * 40
                guard r.has(o, 40) else {
                    warn("pe: section table runs past end of file after \(i) of \(declared) sections"); break
                }
                let nameBytes = r.clipped(o, 8)
                let nameEnd = nameBytes.firstIndex(of: 0) ?? 8
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: nameBytes[0..<nameEnd]), as: UTF8.self)
                let s = Section(name: name, virtualSize: r.u32(o + 8)!, virtualAddress: r.u32(o + 12)!, rawSize: r.u32(o + 16)!,
                                rawPointer: r.u32(o + 20)!, characteristics: r.u32(o + 36)!,
                                vaAdjusted: adjustSectionAlignment(r.u32(o + 12)!), rawAdjusted: adjustFileAlignment(r.u32(o + 20)!))
                // One warning per broken section for the first ten, then a count: forged tables
                // must not crowd the other warnings out.
                if s.rawSize > 0, Int(s.rawPointer) + Int(s.rawSize) > r.count {
                    broken += 1
                    if broken <= 10 {
                        warn(Int(s.rawPointer) >= r.count
                             ? "pe: section \(name) raw data at \(hex(s.rawPointer)) starts past end of file"
                             : "pe: section \(name) raw data (\(s.rawSize) bytes at \(hex(s.rawPointer))) is cut by end of file")
                    }
                }
                sections.append(s)
            }
            if broken > 10 { warn("pe: \(broken - 10) more sections with raw data past end of file") }
            // pefile: a section's extent stops where the next one (in table order) begins.
            for i in sections.indices where i + 1 < sections.count {
                sections[i].nextVirtualAddress = sections[i + 1].virtualAddress
            }
        }

        /// pefile's adjust_FileAlignment: raw pointers are rounded down to 512 once alignment ≥ 512.
        func adjustFileAlignment(_ v: UInt32) -> Int {
            fileAlignment < 0x200 ? Int(v) : Int(v / 0x200) * 0x200
        }

        /// pefile's adjust_SectionAlignment.
        func adjustSectionAlignment(_ v: UInt32) -> Int {
            var align = sectionAlignment
            if align < 0x1000 { align = fileAlignment }
            if align != 0, v % align != 0 { return Int(align) * Int(v / align) }
            return Int(v)
        }

        /// pefile's SectionStructure.get_data(): from the aligned pointer, SizeOfRawData bytes, never
        /// past PointerToRawData + SizeOfRawData, clipped to the file.
        func sectionRange(_ s: Section) -> (Int, Int) {
            let start = s.rawAdjusted
            let end = min(start + Int(s.rawSize), Int(s.rawPointer) + Int(s.rawSize))
            return (start, end - start)
        }

        /// pefile's contains_rva as a [start, end) extent per section, computed once.
        func extent(_ s: Section) -> (start: Int, end: Int) {
            var size: Int
            if r.count - s.rawAdjusted < Int(s.rawSize) { size = Int(s.virtualSize) }
            else { size = max(Int(s.rawSize), Int(s.virtualSize)) }
            if let next = s.nextVirtualAddress, next > s.virtualAddress, s.vaAdjusted + size > Int(next) {
                size = Int(next) - s.vaAdjusted
            }
            return (s.vaAdjusted, s.vaAdjusted + size)
        }

        var extents: [(start: Int, end: Int)] = []
        /// Section indices sorted by start when no two extents overlap (then the containing
        /// section is unique and a binary search finds it); nil otherwise. Forged tables with
        /// thousands of sections and a hundred thousand imports stay fast either way for real files.
        var sortedExtents: [Int]?

        mutating func indexSections() {
            extents = sections.map(extent)
            let order = extents.indices.filter { extents[$0].end > extents[$0].start }.sorted { extents[$0].start < extents[$1].start }
            var disjoint = true
            for (a, b) in zip(order, order.dropFirst()) where extents[a].end > extents[b].start { disjoint = false; break }
            sortedExtents = disjoint ? order : nil
        }

        /// pefile's get_section_by_rva: the first section (table order) that contains it.
        func section(containing rva: UInt32) -> Int? {
            let v = Int(rva)
            if let order = sortedExtents {
                var lo = 0, hi = order.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if extents[order[mid]].start <= v { lo = mid + 1 } else { hi = mid }
                }
                guard lo > 0 else { return nil }
                let i = order[lo - 1]
                return v < extents[i].end ? i : nil
            }
            return extents.firstIndex { $0.start <= v && v < $0.end }
        }

        /// File offset of an RVA; RVAs outside every section map 1:1 when inside the file (headers).
        func fileOffset(rva: UInt32) -> Int? {
            if let i = section(containing: rva) {
                let s = sections[i]
                return Int(rva) - s.vaAdjusted + s.rawAdjusted
            }
            return Int(rva) < r.count ? Int(rva) : nil
        }

        func overlayStart(optionalHeader: Int, optionalSize: Int) -> Int {
            var largest = 0
            func consider(_ end: Int) { if end <= r.count, end > largest { largest = end } }
            consider(optionalHeader + optionalSize)
            for s in sections { consider(Int(s.rawPointer) + Int(s.rawSize)) }
            return largest
        }

        // MARK: imports

        mutating func readImports(rva: UInt32, is64: Bool) -> [PeImportLibrary] {
            guard var descriptor = fileOffset(rva: rva) else {
                warn("pe: import directory RVA \(hex(rva)) maps outside the file"); return []
            }
            var libraries: [PeImportLibrary] = []
            var hashParts: [String] = []
            var total = 0
            for n in 0...maxImportDescriptors {
                if n == maxImportDescriptors { warn("pe: more than \(maxImportDescriptors) import descriptors, stopped"); break }
                guard r.has(descriptor, 20) else { warn("pe: import descriptor at \(hex(descriptor)) runs past end of file"); break }
                let oft = r.u32(descriptor)!, nameRVA = r.u32(descriptor + 12)!, ft = r.u32(descriptor + 16)!
                if oft == 0, r.u32(descriptor + 4)! == 0, r.u32(descriptor + 8)! == 0, nameRVA == 0, ft == 0 { break }
                descriptor += 20
                guard let nameOffset = fileOffset(rva: nameRVA), let dllBytes = r.cBytes(nameOffset, max: 0x200),
                      !dllBytes.isEmpty else {
                    warn("pe: import descriptor with unreadable DLL name at RVA \(hex(nameRVA)) skipped"); continue
                }
                // pefile keeps the DLL under this name; so do we, so imphash agrees.
                let dll = PEParser.isValidDllName(dllBytes) ? String(decoding: dllBytes, as: UTF8.self) : "*invalid*"
                let functions = readThunks(dll: dll, oft: oft, ft: ft, is64: is64, budget: maxImportsTotal - total)
                guard let functions else { continue }
                total += functions.count
                if total >= maxImportsTotal { warn("pe: more than \(maxImportsTotal) imports, stopped") }
                libraries.append(PeImportLibrary(dll: dll, functions: functions))
                var lib = dll.lowercased()
                if let dot = lib.lastIndex(of: "."), ["ocx", "sys", "dll"].contains(lib[lib.index(after: dot)...]) {
                    lib = String(lib[..<dot])
                }
                for f in functions {
                    let fname = f.name ?? PEOrdinalNames.name(dll: dll, ordinal: f.ordinal ?? 0)
                    hashParts.append("\(lib).\(fname.lowercased())")
                }
                if total >= maxImportsTotal { break }
            }
            if !libraries.isEmpty { imphashInput = hashParts.joined(separator: ",") }
            return libraries
        }

        /// One DLL's thunks: the import lookup table if it reads, else the address table (pefile's
        /// choice). nil when neither reads (pefile drops the DLL then).
        mutating func readThunks(dll: String, oft: UInt32, ft: UInt32, is64: Bool, budget: Int) -> [PeImport]? {
            let ilt = thunkValues(rva: oft, is64: is64, budget: budget)
            let table = ilt.isEmpty ? thunkValues(rva: ft, is64: is64, budget: budget) : ilt
            if table.isEmpty {
                warn("pe: import tables of \(dll) are empty or unreadable"); return nil
            }
            let ordinalFlag: UInt64 = is64 ? 0x8000_0000_0000_0000 : 0x8000_0000
            let addressMask: UInt64 = is64 ? 0x7fff_ffff_ffff_ffff : 0x7fff_ffff
            var out: [PeImport] = []
            for value in table {
                if value & ordinalFlag != 0 {
                    out.append(PeImport(ordinal: UInt16(truncatingIfNeeded: value & 0xffff)))
                    continue
                }
                let hintRVA = value & addressMask
                guard hintRVA <= UInt64(UInt32.max) - 2, let off = fileOffset(rva: UInt32(hintRVA) + 2),
                      let nameBytes = r.cBytes(off, max: 0x200) else {
                    warn("pe: import of \(dll) with name RVA \(hex(hintRVA)) outside the file"); break
                }
                guard PEParser.isValidFunctionName(nameBytes) else { continue }
                let name = String(decoding: nameBytes, as: UTF8.self)
                out.append(PeImport(name: name, suspicious: SuspiciousImports.category(name)))
            }
            return out
        }

        /// Thunk values until the terminating zero; stops at EOF, at the cap, or at the first entry
        /// that would run past the file (the warning says which).
        mutating func thunkValues(rva: UInt32, is64: Bool, budget: Int) -> [UInt64] {
            guard rva != 0, var o = fileOffset(rva: rva) else { return [] }
            let width = is64 ? 8 : 4
            var values: [UInt64] = []
            let cap = min(maxThunksPerLibrary, max(budget, 0))
            while true {
                if values.count >= cap { warn("pe: import thunk table at \(hex(rva)) longer than \(cap) entries, cut"); break }
                guard let v = is64 ? r.u64(o) : r.u32(o).map(UInt64.init) else {
                    warn("pe: import thunk table at \(hex(rva)) runs past end of file"); break
                }
                if v == 0 { break }
                values.append(v)
                o += width
            }
            return values
        }

        // MARK: resources

        static let maxResources = 10_000
        static let resourceTypes: [UInt32: String] = [
            1: "RT_CURSOR", 2: "RT_BITMAP", 3: "RT_ICON", 4: "RT_MENU", 5: "RT_DIALOG", 6: "RT_STRING", 7: "RT_FONTDIR",
            8: "RT_FONT", 9: "RT_ACCELERATOR", 10: "RT_RCDATA", 11: "RT_MESSAGETABLE", 12: "RT_GROUP_CURSOR",
            14: "RT_GROUP_ICON", 16: "RT_VERSION", 17: "RT_DLGINCLUDE", 19: "RT_PLUGPLAY", 20: "RT_VXD",
            21: "RT_ANICURSOR", 22: "RT_ANIICON", 23: "RT_HTML", 24: "RT_MANIFEST",
        ]

        /// The resource tree, type → name → language → data. Directories are offsets into the
        /// tree chosen by the file, so a directory may point at itself or an ancestor: every
        /// directory is visited once, revisits are a "loop" warning, depth and leaves are capped.
        mutating func readResources(rva: UInt32) -> [PeResource] {
            guard let base = fileOffset(rva: rva), r.has(base, 16) else {
                warn("pe: resource directory at RVA \(hex(rva)) is outside the file"); return []
            }
            var out: [PeResource] = []
            var visited = Set<Int>()
            var loops = 0
            var budget = EntropyBudget(fileSize: r.count)
            func label(_ id: UInt32) -> String {
                guard id & 0x8000_0000 != 0 else { return "\(id)" }
                // Named entry: a length-prefixed UTF-16 string relative to the tree's base.
                let o = base + Int(id & 0x7fff_ffff)
                guard let n = r.u16(o) else { return "?" }
                var units: [UInt16] = []
                for i in 0..<min(Int(n), 256) { guard let u = r.u16(o + 2 + 2 * i) else { break }; units.append(u) }
                return String(decoding: units, as: UTF16.self)
            }
            // Iterative walk: (directory offset, depth, type, name).
            var stack: [(Int, Int, String, String)] = [(base, 0, "", "")]
            while let (dir, depth, type, name) = stack.popLast() {
                if !visited.insert(dir).inserted { loops += 1; continue }
                guard let named = r.u16(dir + 12), let ids = r.u16(dir + 14) else {
                    warn("pe: resource directory at \(hex(dir)) runs past end of file"); continue
                }
                for i in 0..<(Int(named) + Int(ids)) {
                    if out.count >= Self.maxResources { break }
                    let e = dir + 16 + 8 * i
                    guard let id = r.u32(e), let target = r.u32(e + 4) else {
                        warn("pe: resource entries at \(hex(dir)) run past end of file"); break
                    }
                    let sub = base + Int(target & 0x7fff_ffff)
                    if target & 0x8000_0000 != 0 {
                        if depth >= 2 { warn("pe: resource tree deeper than type/name/language at \(hex(dir))"); continue }
                        let t = depth == 0 ? (id & 0x8000_0000 == 0 ? Self.resourceTypes[id] ?? "\(id)" : label(id)) : type
                        let n = depth == 1 ? label(id) : name
                        stack.append((sub, depth + 1, t, n))
                    } else {
                        guard let dataRVA = r.u32(sub), let size = r.u32(sub + 4) else {
                            warn("pe: resource data entry at \(hex(sub)) runs past end of file"); continue
                        }
                        let o = fileOffset(rva: dataRVA) ?? r.count
                        let mz = r.u16(o) == 0x5a4d
                        out.append(PeResource(type: depth == 0 ? "\(id)" : type, name: depth >= 1 ? name : "", language: id & 0xffff,
                                              rva: dataRVA, size: size, entropy: budget.entropy(r, o, Int(size)), embeddedPE: mz))
                    }
                }
                if out.count >= Self.maxResources { warn("pe: more than \(Self.maxResources) resources, stopped"); break }
            }
            if loops > 0 { warn("pe: resource directory loop (\(loops) directory reference\(loops == 1 ? "" : "s") back into the tree), not followed") }
            return out
        }

        // MARK: exports

        mutating func readExports(rva: UInt32, size: UInt32) -> [PeExport] {
            guard let d = fileOffset(rva: rva), r.has(d, 40) else {
                warn("pe: export directory at RVA \(hex(rva)) is outside the file"); return []
            }
            let base = r.u32(d + 16)!
            var nFunctions = Int(r.u32(d + 20)!), nNames = Int(r.u32(d + 24)!)
            let functionsRVA = r.u32(d + 28)!, namesRVA = r.u32(d + 32)!, ordinalsRVA = r.u32(d + 36)!
            if nFunctions > maxExports { warn("pe: \(nFunctions) exports declared, reading \(maxExports)"); nFunctions = maxExports }
            if nNames > maxExports { warn("pe: \(nNames) export names declared, reading \(maxExports)"); nNames = maxExports }
            var names: [Int: String] = [:]
            if nNames > 0, let namesOff = fileOffset(rva: namesRVA), let ordOff = fileOffset(rva: ordinalsRVA) {
                for i in 0..<nNames {
                    guard let nameRVA = r.u32(namesOff + 4 * i), let index = r.u16(ordOff + 2 * i) else {
                        warn("pe: export name table runs past end of file"); break
                    }
                    if let o = fileOffset(rva: nameRVA), let s = r.cString(o, max: 0x200), names[Int(index)] == nil {
                        names[Int(index)] = s
                    }
                }
            }
            var out: [PeExport] = []
            guard nFunctions > 0 else { return out }
            guard let funcsOff = fileOffset(rva: functionsRVA) else {
                warn("pe: export address table at RVA \(hex(functionsRVA)) is outside the file"); return out
            }
            let dirEnd = UInt64(rva) + UInt64(size)
            for i in 0..<nFunctions {
                guard let fRVA = r.u32(funcsOff + 4 * i) else { warn("pe: export address table runs past end of file"); break }
                if fRVA == 0 { continue }
                var forwarder: String?
                if UInt64(fRVA) >= UInt64(rva), UInt64(fRVA) < dirEnd, let o = fileOffset(rva: fRVA) {
                    forwarder = r.cString(o, max: 0x200)
                }
                out.append(PeExport(name: names[i], ordinal: base &+ UInt32(i), rva: fRVA, forwarder: forwarder))
            }
            return out
        }
    }

    // MARK: names and validity (pefile's rules, so the same entries are dropped)

    static func isValidDllName(_ b: UnsafeRawBufferPointer) -> Bool {
        // pefile is_valid_dos_filename: letters, digits, DOS punctuation and path separators.
        b.allSatisfy { isAlnum($0) || "!#$%&'()-@^_`{}~+,.;=[]\\/".utf8.contains($0) }
    }

    static func isValidFunctionName(_ b: UnsafeRawBufferPointer) -> Bool {
        // pefile is_valid_function_name: letters, digits and ._?@$()<>
        b.allSatisfy { isAlnum($0) || "._?@$()<>".utf8.contains($0) }
    }

    @inline(__always)
    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    }

    static func permissions(_ c: UInt32) -> String {
        (c & 0x4000_0000 != 0 ? "r" : "-") + (c & 0x8000_0000 != 0 ? "w" : "-") + (c & 0x2000_0000 != 0 ? "x" : "-")
    }

    static func machineName(_ m: UInt16) -> String {
        switch m {
        case 0x14c: "i386"
        case 0x8664: "x86-64"
        case 0xaa64: "arm64"
        case 0x1c0: "arm"
        case 0x1c4: "armnt"
        case 0x200: "ia64"
        case 0: "unknown"
        default: hex(m)
        }
    }

    static func subsystemName(_ s: UInt16) -> String {
        switch s {
        case 1: "native"
        case 2: "windows_gui"
        case 3: "windows_cui"
        case 5: "os2_cui"
        case 7: "posix_cui"
        case 9: "windows_ce_gui"
        case 10: "efi_application"
        case 11: "efi_boot_service_driver"
        case 12: "efi_runtime_driver"
        case 13: "efi_rom"
        case 14: "xbox"
        case 16: "windows_boot_application"
        default: "\(s)"
        }
    }

    static let fileCharacteristicNames: [(UInt32, String)] = [
        (0x0001, "relocs_stripped"), (0x0002, "executable_image"), (0x0004, "line_nums_stripped"),
        (0x0008, "local_syms_stripped"), (0x0020, "large_address_aware"), (0x0100, "32bit_machine"),
        (0x0200, "debug_stripped"), (0x1000, "system"), (0x2000, "dll"),
    ]

    static let dllCharacteristicNames: [(UInt32, String)] = [
        (0x0020, "high_entropy_va"), (0x0040, "dynamic_base"), (0x0080, "force_integrity"), (0x0100, "nx_compat"),
        (0x0200, "no_isolation"), (0x0400, "no_seh"), (0x0800, "no_bind"), (0x1000, "appcontainer"),
        (0x2000, "wdm_driver"), (0x4000, "guard_cf"), (0x8000, "terminal_server_aware"),
    ]

    static func flagNames(_ v: UInt32, _ table: [(UInt32, String)]) -> [String] {
        table.filter { v & $0.0 != 0 }.map(\.1)
    }
}

/// Imports worth a flag, by what they let a sample do. Matched case-insensitively on the name
/// with or without the A/W suffix.
public enum SuspiciousImports {
    static let table: [String: String] = {
        var t: [String: String] = [:]
        for n in ["isdebuggerpresent", "checkremotedebuggerpresent", "ntqueryinformationprocess", "zwqueryinformationprocess",
                  "ntsetinformationthread", "zwsetinformationthread", "outputdebugstring", "ntqueryobject"] { t[n] = "anti_debug" }
        for n in ["virtualallocex", "writeprocessmemory", "createremotethread", "createremotethreadex", "ntunmapviewofsection",
                  "zwunmapviewofsection", "setthreadcontext", "queueuserapc", "ntcreatethreadex", "rtlcreateuserthread",
                  "ntwritevirtualmemory"] { t[n] = "injection" }
        for n in ["setwindowshookex", "getasynckeystate"] { t[n] = "keylogging" }
        for n in ["urldownloadtofile", "internetopenurl", "internetreadfile", "winhttpopen"] { t[n] = "download" }
        for n in ["createservice", "regsetvalueex"] { t[n] = "persistence" }
        for n in ["adjusttokenprivileges"] { t[n] = "privilege" }
        for n in ["cryptencrypt"] { t[n] = "crypto" }
        for n in ["winexec"] { t[n] = "execution" }
        return t
    }()

    public static func category(_ name: String) -> String? {
        let n = name.lowercased()
        if let c = table[n] { return c }
        if n.hasSuffix("a") || n.hasSuffix("w") { return table[String(n.dropLast())] }
        return nil
    }
}
