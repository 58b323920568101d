import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// Broken files give warnings, never a trap or a hang. Each test breaks one thing on purpose.
@Suite("Static triage: hardened parsers")
struct StaticHardeningTests {
    static func triage(_ bytes: [UInt8]) -> StaticInfo { StaticTriage.inspect(data: Data(bytes), yaraRules: nil) }

    static func setU32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) { put(&b, o, UInt64(v), 4) }

    @Test func everyTruncationOfAPEIsSurvived() {
        let (full, _) = StaticPETests.plain().build()
        var warned = 0
        for length in stride(from: 0, through: full.count, by: 13) {
            let info = Self.triage(Array(full.prefix(length)))
            if !info.warnings.isEmpty { warned += 1 }
        }
        #expect(warned > 10)
    }

    @Test func everyTruncationOfAnELFIsSurvived() throws {
        guard StaticSupport.require(StaticSupport.elfFixtures != nil, "gcc") else { return }
        let full = [UInt8](try Data(contentsOf: URL(fileURLWithPath: StaticSupport.elfFixtures!["dynamic"]!)))
        for length in stride(from: 0, through: full.count, by: 97) { _ = Self.triage(Array(full.prefix(length))) }
        let cut = Self.triage(Array(full.prefix(full.count / 2)))
        #expect(cut.warnings.contains { $0.contains("past end of file") }, "\(cut.warnings)")
    }

    @Test func absurdLfanew() {
        var (b, _) = StaticPETests.plain().build()
        Self.setU32(&b, 0x3c, 0xFFFF_FFF0)
        let info = Self.triage(b)
        #expect(info.pe == nil)
        #expect(info.warnings.contains { $0.contains("e_lfanew") }, "\(info.warnings)")
    }

    @Test func absurdSectionCountIsCapped() {
        var (b, l) = StaticPETests.plain().build()
        put(&b, l.peOffset + 6, 0xFFFF, 2)
        let info = Self.triage(b)
        #expect(info.warnings.contains { $0.contains("65535 sections declared") }, "\(info.warnings)")
        #expect(info.warnings.contains { $0.contains("section table runs past end of file") })
    }

    @Test func sectionDataPastEOF() {
        var (b, l) = StaticPETests.plain().build()
        Self.setU32(&b, l.sectionTable + 20, 0x7FFF_FE00)          // PointerToRawData of .text
        Self.setU32(&b, l.sectionTable + 40 + 16, 0xFFFF_FFFF)      // SizeOfRawData of .data
        let info = Self.triage(b)
        #expect(info.warnings.contains { $0.contains(".text raw data") && $0.contains("past end of file") }, "\(info.warnings)")
        #expect(info.warnings.contains { $0.contains(".data raw data") && $0.contains("cut by end of file") })
        #expect(info.pe?.sections.count == 3)
    }

    @Test func importDescriptorsWithoutTerminatorStopAtEOF() {
        var pe = StaticPETests.plain()
        pe.overlay = []
        var (b, l) = pe.build()
        // Point the import directory at the last 40 bytes of the file: descriptors of garbage.
        let dirs = l.optionalHeader + 96
        Self.setU32(&b, dirs + 8, UInt32(b.count - 8))
        for i in (b.count - 8)..<b.count { b[i] = 0x41 }
        let info = Self.triage(b)
        #expect(info.warnings.contains { $0.contains("import descriptor") }, "\(info.warnings)")
    }

    @Test func selfReferencingThunkTableIsBounded() {
        // The thunk table is the descriptor array itself, and every "name" is another thunk: the
        // walk must end at the zero descriptor or the cap, never loop.
        var pe = StaticPETests.plain()
        pe.imports = [("a.dll", [.name("f")])]
        var (b, l) = pe.build()
        let idataRaw = Int(b.count) - 0x200
        Self.setU32(&b, idataRaw, l.importRVA)          // OriginalFirstThunk → descriptors
        Self.setU32(&b, idataRaw + 16, l.importRVA)     // FirstThunk → descriptors
        let started = Date()
        let info = Self.triage(b)
        #expect(Date().timeIntervalSince(started) < 2)
        _ = info
    }

    @Test func hugeThunkTablesAreCut() {
        // An import lookup table of 0x10000 non-zero ordinals: capped, with a warning.
        var pe = StaticPETests.plain()
        pe.imports = [("a.dll", [.name("f")])]
        pe.sections.append(.init(name: ".big", characteristics: SyntheticPE.rdata,
                                 data: [UInt8](repeating: 0x80, count: 0x40000)))
        var (b, l) = pe.build()
        // .big is section 2 at VA 0x3000 (its raw data follows .data's); aim ILT and IAT at it.
        let idataRaw = b.count - 0x200
        Self.setU32(&b, idataRaw, 0x3000)
        Self.setU32(&b, idataRaw + 16, 0x3000)
        let info = Self.triage(b)
        #expect(info.warnings.contains { $0.contains("longer than") }, "\(info.warnings)")
        #expect((info.pe?.imports.first?.functions.count ?? 0) <= PEParser.maxThunksPerLibrary)
        _ = l
    }

    @Test func hugeExportCountIsCapped() {
        var (b, l) = StaticPETests.plain().build()
        // Export directory → the .data section, filled with 0x01: every count is 0x01010101.
        Self.setU32(&b, l.optionalHeader + 96, 0x2000)
        Self.setU32(&b, l.optionalHeader + 100, 40)
        let info = Self.triage(b)
        #expect(info.warnings.contains { $0.contains("exports declared") }, "\(info.warnings)")
    }

    @Test func overlappingForgedSectionsDoNotMakeEntropyQuadratic() {
        // 2000 section headers, each claiming the whole 4 MiB file from a different start.
        var (b, l) = StaticPETests.plain().build()
        let count = 2000
        let table = l.sectionTable
        let size = 4 << 20
        b += [UInt8](repeating: 0, count: max(0, table + count * 40 + 0x200 - b.count))
        b += noise(size - b.count)
        put(&b, l.peOffset + 6, UInt64(count), 2)
        for i in 0..<count {
            let t = table + i * 40
            b.replaceSubrange(t..<(t + 8), with: Array(".s\(i % 10)xxxxx".utf8.prefix(8)))
            Self.setU32(&b, t + 8, 0x1000)
            Self.setU32(&b, t + 12, UInt32(0x1000 * (i + 1)))
            Self.setU32(&b, t + 16, UInt32(size))
            Self.setU32(&b, t + 20, UInt32(i * 0x200))
            Self.setU32(&b, t + 36, SyntheticPE.rdata)
        }
        let started = Date()
        let info = Self.triage(b)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(info.pe?.sections.count == count)
        #expect(info.warnings.contains { $0.contains("entropy not computed") }, "\(info.warnings.prefix(5))")
    }

    @Test func resourceTreeLoopIsAWarningAndEmbeddedPEAFact() throws {
        var tree = [UInt8](repeating: 0, count: 0x200)
        // root: one id entry, RT_RCDATA → name directory at 0x18
        put(&tree, 0x0e, 1, 2); put(&tree, 0x10, 10, 4); put(&tree, 0x14, 0x8000_0018, 4)
        // name directory: 101 → language directory at 0x38; 102 → back to the root (the loop)
        put(&tree, 0x18 + 14, 2, 2)
        put(&tree, 0x28, 101, 4); put(&tree, 0x2c, 0x8000_0038, 4)
        put(&tree, 0x30, 102, 4); put(&tree, 0x34, 0x8000_0000, 4)
        // language directory: 1033 → data entry at 0x60
        put(&tree, 0x38 + 14, 1, 2); put(&tree, 0x48, 1033, 4); put(&tree, 0x4c, 0x60, 4)
        // data entry: RVA of the data at 0x80 in this section (VA 0x3000), 0x100 bytes: an MZ
        put(&tree, 0x60, 0x3080, 4); put(&tree, 0x64, 0x100, 4)
        tree[0x80] = 0x4d; tree[0x81] = 0x5a
        var pe = StaticPETests.plain()
        pe.sections.append(.init(name: ".rsrc", characteristics: SyntheticPE.rdata, data: tree))
        var (b, l) = pe.build()
        Self.setU32(&b, l.optionalHeader + 96 + 16, 0x3000)
        Self.setU32(&b, l.optionalHeader + 96 + 20, 0x200)
        let info = Self.triage(b)
        let resources = try #require(info.pe?.resources)
        #expect(resources == [PeResource(type: "RT_RCDATA", name: "101", language: 1033, rva: 0x3080, size: 0x100,
                                         entropy: resources.first?.entropy ?? -1, embeddedPE: true)])
        #expect(info.facts.contains("pe:embedded_pe"))
        #expect(info.warnings.contains { $0.contains("resource directory loop") }, "\(info.warnings)")
    }

    @Test func realResourceTreesParseCleanly() throws {
        let wine = "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"
        let dlls = ["comctl32.dll", "shell32.dll", "user32.dll"].map { "\(wine)/\($0)" }
        guard StaticSupport.require(dlls.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "Wine PE DLLs (apt wine64)") else { return }
        for dll in dlls {
            let info = StaticTriage.inspect(path: dll, yaraRules: nil)
            #expect(info.warnings.isEmpty, "\(dll): \(info.warnings)")
            #expect((info.pe?.resources?.count ?? 0) > 0, "\(dll)")
            #expect(info.pe?.resources?.contains { $0.type == "RT_VERSION" } == true, "\(dll)")
        }
    }

    @Test func elfWithAbsurdHeaderTables() throws {
        var b = [UInt8](repeating: 0, count: 64)
        b[0...3] = [0x7f, 0x45, 0x4c, 0x46]; b[4] = 2; b[5] = 1; b[6] = 1
        b[16] = 2; b[18] = 0x3e
        put(&b, 32, 0xFFFF_FFFF_FFFF_FF00, 8)   // e_phoff
        put(&b, 40, 0x7FFF_FFFF_FFFF_FFF0, 8)   // e_shoff
        put(&b, 54, 56, 2); put(&b, 56, 0xFFFF, 2)
        put(&b, 58, 64, 2); put(&b, 60, 0xFFFF, 2); put(&b, 62, 0xFFFE, 2)
        let info = Self.triage(b)
        let elf = try #require(info.elf)
        #expect(elf.segments.isEmpty && elf.sections.isEmpty)
        #expect(info.warnings.count >= 2, "\(info.warnings)")
    }

    @Test func elfDynamicWithHugeOffsets() throws {
        guard StaticSupport.require(StaticSupport.elfFixtures != nil, "gcc") else { return }
        var b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: StaticSupport.elfFixtures!["dynamic"]!)))
        // Rewrite every section's offset and size to huge values.
        let shoff = Int(b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 40, as: UInt64.self) })
        let shnum = Int(b[60]) | Int(b[61]) << 8
        for i in 0..<shnum {
            put(&b, shoff + i * 64 + 24, 0xFFFF_FFFF_FFFF_0000, 8)
            put(&b, shoff + i * 64 + 32, 0x7FFF_FFFF_FFFF_FFFF, 8)
        }
        let info = Self.triage(b)
        #expect(info.elf != nil)
        #expect(info.warnings.contains { $0.contains("runs past end of file") }, "\(info.warnings)")
    }

    @Test func tarWithAbsurdSize() {
        var b = [UInt8](repeating: 0, count: 1024)
        b.replaceSubrange(0..<4, with: Array("evil".utf8))
        b.replaceSubrange(124..<136, with: Array("77777777777\0".utf8))
        b.replaceSubrange(257..<262, with: Array("ustar".utf8))
        let info = Self.triage(b)
        #expect(info.archive?.entries == ["evil"])
        let huge = [UInt8](repeating: 0x37, count: 11)
        var c = b
        c.replaceSubrange(124..<135, with: huge)
        _ = Self.triage(c)
    }

    @Test func zipWithDamagedDirectory() {
        var b = [UInt8](repeating: 0, count: 200)
        b.replaceSubrange(0..<4, with: [0x50, 0x4b, 0x03, 0x04])
        let e = b.count - 22
        b.replaceSubrange(e..<(e + 4), with: [0x50, 0x4b, 0x05, 0x06])
        put(&b, e + 10, 0xFFFF, 2)
        put(&b, e + 16, 0xFFFF_FFF0, 4)
        let info = Self.triage(b)
        #expect(info.archive?.format == "zip")
        #expect(info.warnings.contains { $0.contains("damaged") }, "\(info.warnings)")
    }

    /// Inputs the fuzzers once crashed or hung on, kept so they never do again.
    @Test func crashersStayFixed() throws {
        let dir = StaticSupport.path("Tests/PetriAnalysisTests/Crashers")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let inputs = names.filter { !$0.hasPrefix(".") && $0 != "README.md" }
        #expect(!inputs.isEmpty, "no crasher corpus in \(dir)")
        for name in inputs.sorted() {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
            let started = Date()
            _ = StaticTriage.inspect(data: data, yaraRules: nil)
            #expect(Date().timeIntervalSince(started) < 5, "\(name) took too long")
        }
    }
}
