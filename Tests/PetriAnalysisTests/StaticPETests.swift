import Crypto
import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

@Suite("Static triage: PE")
struct StaticPETests {
    static let kernel32: [SyntheticPE.Import] = ["ExitProcess", "GetModuleHandleA", "CreateFileA", "ReadFile", "WriteFile",
                                                  "CloseHandle", "GetLastError", "HeapAlloc", "HeapFree", "GetProcessHeap",
                                                  "Sleep", "GetTickCount", "GetCommandLineA", "GetStartupInfoA", "SetLastError",
                                                  "VirtualQuery", "GetSystemInfo", "LoadLibraryA", "GetProcAddress", "FreeLibrary",
                                                  "GetModuleFileNameA"].map { .name($0) }

    static func plain(is64: Bool = false) -> SyntheticPE {
        SyntheticPE(is64: is64, sections: [
            .init(name: ".text", characteristics: SyntheticPE.code, data: Array(repeating: 0x90, count: 3000) + Array("hello".utf8)),
            .init(name: ".data", characteristics: SyntheticPE.data, data: Array(repeating: 1, count: 700)),
        ], imports: [("KERNEL32.dll", kernel32), ("msvcrt.dll", [.name("printf"), .name("exit")])])
    }

    static func upxLike() -> SyntheticPE {
        SyntheticPE(sections: [
            .init(name: "UPX0", characteristics: 0xE000_0080, data: [], virtualSize: 0x20000),
            .init(name: "UPX1", characteristics: 0xE000_0040, data: noise(40_000)),
            .init(name: ".rsrc", characteristics: SyntheticPE.data, data: Array(repeating: 0, count: 512)),
        ], imports: [("KERNEL32.DLL", [.name("LoadLibraryA"), .name("GetProcAddress"), .name("VirtualProtect"), .name("ExitProcess")])],
                    entrySection: 1, entryOffset: 0x100)
    }

    static func inspect(_ pe: SyntheticPE) -> StaticInfo {
        StaticTriage.inspect(data: Data(pe.build().bytes), yaraRules: nil)
    }

    @Test func plainExecutableHasNoPackerFacts() throws {
        let info = Self.inspect(Self.plain())
        let pe = try #require(info.pe)
        #expect(info.fileType == .pe)
        #expect(pe.machine == "i386" && !pe.is64Bit && !pe.isDll)
        #expect(pe.entrySection == ".text")
        #expect(pe.sections.map(\.name) == [".text", ".data", ".idata"])
        #expect(pe.imports.map(\.dll) == ["KERNEL32.dll", "msvcrt.dll"])
        #expect(pe.imports[0].functions.count == Self.kernel32.count)
        #expect(info.packerIndicators.isEmpty, "\(info.packerIndicators)")
        #expect(!info.facts.contains("packed"))
        #expect(info.facts.contains("type:pe"))
        #expect(info.warnings.isEmpty, "\(info.warnings)")
    }

    @Test func pe32PlusIsRecognised() throws {
        let info = Self.inspect(Self.plain(is64: true))
        let pe = try #require(info.pe)
        #expect(pe.is64Bit && pe.machine == "x86-64")
        #expect(pe.imageBase == 0x1_4000_0000)
        #expect(pe.imports.flatMap(\.functions).count == Self.kernel32.count + 2)
    }

    @Test func upxLikeLayoutRaisesEveryPackerFact() throws {
        let info = Self.inspect(Self.upxLike())
        for fact in ["packed", "packer:upx", "high_entropy_section", "wx_section", "ep_outside_code", "minimal_imports"] {
            #expect(info.facts.contains(fact), "missing \(fact) in \(info.facts)")
        }
        let pe = try #require(info.pe)
        #expect(pe.entrySection == "UPX1")
        #expect(pe.sections[1].entropy > 7.9)
        #expect(pe.sections[0].rawSize == 0 && pe.sections[0].entropy == 0)
    }

    @Test func highEntropyNeedsAShareOfRawData() {
        // A small random section next to a big ordinary one stays below the 20% share.
        var pe = Self.plain()
        pe.sections[0].data = Array(repeating: 0x90, count: 60_000)
        pe.sections.append(.init(name: ".blob", characteristics: SyntheticPE.rdata, data: noise(4096)))
        let info = Self.inspect(pe)
        #expect(!info.facts.contains("high_entropy_section"))
        pe.sections[2].data = noise(30_000)
        #expect(Self.inspect(pe).facts.contains("high_entropy_section"))
    }

    @Test func imphashFollowsPefile() throws {
        var pe = Self.plain()
        pe.imports = [("KERNEL32.dll", [.name("ExitProcess"), .name("LoadLibraryA")]),
                      ("WS2_32.dll", [.ordinal(115), .ordinal(9999)]),
                      ("user32.ocx", [.name("MessageBoxW")])]
        let info = Self.inspect(pe)
        let expected = "kernel32.exitprocess,kernel32.loadlibrarya,ws2_32.wsastartup,ws2_32.ord9999,user32.messageboxw"
        let md5 = Insecure.MD5.hash(data: Data(expected.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(info.pe?.imphash == md5)
        #expect(info.pe?.imports[1].functions.map(\.ordinal) == [115, 9999])
    }

    @Test func overlayIsMeasured() throws {
        var pe = Self.plain()
        pe.overlay = Array(repeating: 0xAB, count: 1234)
        let info = Self.inspect(pe)
        #expect(info.pe?.overlaySize == 1234)
        #expect(info.facts.contains("pe:overlay"))
    }

    @Test func suspiciousImportsBecomeFacts() {
        var pe = Self.plain()
        pe.imports = [("KERNEL32.dll", Self.kernel32 + [.name("IsDebuggerPresent"), .name("WriteProcessMemory")]),
                      ("ntdll.dll", [.name("NtQueryInformationProcess")]),
                      ("user32.dll", [.name("SetWindowsHookExW")])]
        let facts = Self.inspect(pe).facts
        for f in ["anti_debug_imports", "injection_imports", "keylogging_imports",
                  "imports:kernel32.dll!isdebuggerpresent", "imports:ntdll.dll!ntqueryinformationprocess",
                  "imports:user32.dll!setwindowshookexw", "imports:kernel32.dll!writeprocessmemory"] {
            #expect(facts.contains(f), "missing \(f)")
        }
        #expect(!facts.contains("imports:kernel32.dll!exitprocess"))
    }

    @Test func mingwFixturesParse() throws {
        guard StaticSupport.require(StaticSupport.peFixtures != nil, "x86_64-w64-mingw32-gcc (apt gcc-mingw-w64-x86-64)") else { return }
        let fx = StaticSupport.peFixtures!
        let anti = StaticTriage.inspect(path: fx["antidebug.exe"]!, yaraRules: nil)
        #expect(anti.pe?.machine == "x86-64")
        #expect(anti.pe?.subsystem == "windows_cui")
        for f in ["anti_debug_imports", "injection_imports", "imports:kernel32.dll!isdebuggerpresent",
                  "imports:kernel32.dll!checkremotedebuggerpresent", "imports:kernel32.dll!createremotethread"] {
            #expect(anti.facts.contains(f), "missing \(f) in \(anti.facts)")
        }
        #expect(!anti.facts.contains("packed"), "\(anti.packerIndicators)")
        #expect(anti.pe?.entrySection == ".text")

        let dll = StaticTriage.inspect(path: fx["exports.dll"]!, yaraRules: nil)
        #expect(dll.pe?.isDll == true)
        #expect(dll.facts.contains("pe:dll"))
        let exports = Set(dll.pe?.exports.compactMap(\.name) ?? [])
        #expect(exports.isSuperset(of: ["petri_add", "petri_mul"]))

        // Unstripped mingw images end in the COFF symbol table: not an overlay.
        #expect(anti.pe?.overlaySize == 0 && !anti.facts.contains("pe:overlay"), "\(anti.pe?.overlaySize ?? 0)")
        let hello = StaticTriage.inspect(path: fx["hello-stripped.exe"]!, yaraRules: nil)
        #expect(hello.warnings.isEmpty, "\(hello.warnings)")
        #expect(hello.pe?.imphash?.count == 32)
        #expect(hello.typeDetail == "PE32+ executable (console) x86-64")
    }
}
