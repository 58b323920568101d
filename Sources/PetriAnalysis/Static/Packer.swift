import PetriModel

/// Packer indicators from a parsed PE or ELF. Thresholds are documented in docs/static.md.
public enum PackerHeuristics {
    /// Section entropy above this (bits per byte) counts as compressed or encrypted.
    public static let highEntropy = 7.2
    /// ... when the section holds at least this share of all raw section data.
    public static let highEntropyShare = 0.20
    /// ... and at least this many bytes (a 200-byte section of random data says nothing).
    public static let highEntropyMinimumBytes: UInt32 = 512
    /// pefile's "typical of packed executables": LoadLibrary* and GetProcAddress* among fewer imports.
    public static let minimalImportsBelow = 20

    /// Section names packers leave behind, exact (case-sensitive, as the packers write them).
    public static let sectionNames: [String: String] = [
        "UPX0": "upx", "UPX1": "upx", "UPX2": "upx", "UPX!": "upx", ".UPX0": "upx", ".UPX1": "upx",
        ".aspack": "aspack", ".adata": "aspack", ".ASPack": "aspack",
        ".petite": "petite", "petite": "petite",
        ".MPRESS1": "mpress", ".MPRESS2": "mpress",
        ".themida": "themida", ".Themida": "themida", ".winlice": "winlicense",
        ".vmp0": "vmprotect", ".vmp1": "vmprotect", ".vmp2": "vmprotect",
        ".nsp0": "nspack", ".nsp1": "nspack", ".nsp2": "nspack", "nsp0": "nspack", "nsp1": "nspack",
        ".packed": "rlpack", ".RLPack": "rlpack",
        ".enigma1": "enigma", ".enigma2": "enigma",
        "PEC2": "pecompact", "PECompact2": "pecompact", "pec1": "pecompact", "pec2": "pecompact",
        ".perplex": "perplex", ".yP": "yoda", ".y0da": "yoda", "kkrunchy": "kkrunchy", ".spack": "simplepack",
        "MEW": "mew", ".MaskPE": "maskpe", ".ccg": "ccg", ".boom": "boomerang", ".neolite": "neolite",
        ".neolit": "neolite", "ProCrypt": "procrypt", ".sforce3": "starforce", ".svkp": "svkp", "BitArts": "crunch",
        ".taz": "pespin", "lz32.dll": "crinkler", ".shrink1": "shrinker", ".WWPACK": "wwpack", ".pelock": "pelock",
        ".ntkrnl": "ntkrnl",
    ]

    public static func indicators(pe: PeInfo) -> [PackerIndicator] {
        var out: [PackerIndicator] = []
        for s in pe.sections {
            if let packer = sectionNames[s.name] {
                out.append(PackerIndicator(fact: "packer:\(packer)", detail: "section name \(s.name)"))
            }
        }
        let totalRaw = pe.sections.reduce(0.0) { $0 + Double($1.rawSize) }
        for s in pe.sections where s.entropy > highEntropy && s.rawSize >= highEntropyMinimumBytes && totalRaw > 0 {
            let share = Double(s.rawSize) / totalRaw
            if share >= highEntropyShare {
                out.append(PackerIndicator(fact: "high_entropy_section",
                                           detail: "section \(s.name) entropy \(fmt2(s.entropy)) over \(Int((share * 100).rounded()))% of raw data"))
            }
        }
        for s in pe.sections where s.characteristics & 0x8000_0000 != 0 && s.characteristics & 0x2000_0000 != 0 {
            out.append(PackerIndicator(fact: "wx_section", detail: "section \(s.name) is writable and executable"))
        }
        // A DLL may have no entry point at all (0); that is not "outside".
        if pe.entryPoint != 0 {
            let firstCode = pe.sections.firstIndex { $0.characteristics & 0x20 != 0 || $0.characteristics & 0x2000_0000 != 0 }
            let epIndex = pe.entrySection.flatMap { ep in pe.sections.firstIndex { $0.name == ep } }
            if epIndex == nil {
                out.append(PackerIndicator(fact: "ep_outside_code", detail: "entry point \(hex(pe.entryPoint)) lies in no section"))
            } else if epIndex != firstCode {
                let first = firstCode.map { "first code section is \(pe.sections[$0].name)" } ?? "no section is marked code"
                out.append(PackerIndicator(fact: "ep_outside_code", detail: "entry point in \(pe.entrySection!), \(first)"))
            }
        }
        let names = pe.imports.flatMap(\.functions).compactMap(\.name)
        let total = pe.imports.reduce(0) { $0 + $1.functions.count }
        if total < minimalImportsBelow, names.contains(where: { $0.hasPrefix("LoadLibrary") }),
           names.contains(where: { $0.hasPrefix("GetProcAddress") }) {
            out.append(PackerIndicator(fact: "minimal_imports", detail: "\(total) imports, among them LoadLibrary and GetProcAddress"))
        }
        return out
    }

    public static func indicators(elf: ElfInfo, head: UnsafeRawBufferPointer) -> [PackerIndicator] {
        var out: [PackerIndicator] = []
        // UPX writes "UPX!" into its loader header near the start of a packed ELF.
        let upx: [UInt8] = Array("UPX!".utf8)
        let window = head.prefix(4096)
        if window.count >= 4 {
            for i in 0...(window.count - 4) where window[i] == upx[0] && window[i + 1] == upx[1] && window[i + 2] == upx[2] && window[i + 3] == upx[3] {
                out.append(PackerIndicator(fact: "packer:upx", detail: "UPX! header at \(hex(i))"))
                break
            }
        }
        for s in elf.segments where s.type == "LOAD" && s.permissions.contains("w") && s.permissions.contains("x") {
            out.append(PackerIndicator(fact: "wx_section", detail: "LOAD segment at \(hex(s.offset)) is writable and executable"))
        }
        let totalData = elf.sections.filter { $0.type != 8 }.reduce(0.0) { $0 + Double($1.size) }
        for s in elf.sections where s.type != 8 && s.entropy > highEntropy && s.size >= UInt64(highEntropyMinimumBytes) && totalData > 0 {
            let share = Double(s.size) / totalData
            if share >= highEntropyShare {
                out.append(PackerIndicator(fact: "high_entropy_section",
                                           detail: "section \(s.name) entropy \(fmt2(s.entropy)) over \(Int((share * 100).rounded()))% of section data"))
            }
        }
        return out
    }

    /// "packed" when a packer is named, a big section is high-entropy, the import table is
    /// minimal, or the entry point sits in a writable+executable section outside the code.
    public static func isPacked(_ indicators: [PackerIndicator]) -> Bool {
        let facts = Set(indicators.map(\.fact))
        return facts.contains { $0.hasPrefix("packer:") } || facts.contains("high_entropy_section")
            || facts.contains("minimal_imports") || (facts.contains("wx_section") && facts.contains("ep_outside_code"))
    }
}

func fmt2(_ v: Double) -> String {
    let scaled = (v * 100).rounded()
    let whole = Int(scaled) / 100, frac = Int(scaled) % 100
    return "\(whole).\(frac < 10 ? "0" : "")\(frac)"
}
