import PetriModel
@testable import PetriWine
import Testing

/// What Wine starts for a PE, from its headers: the program, a DLL's export through rundll32, or one line why not.
@Suite("Wine launch target: executables, DLL exports, refusals")
struct WineLaunchTargetTests {
    static func pe(machine: String = "x86-64", dll: Bool = false, subsystem: String = "windows_cui", exports: [PeExport] = [],
                   imports: [String] = ["KERNEL32.dll"]) -> PeInfo {
        var p = PeInfo(machine: machine, is64Bit: machine != "i386" && machine != "armnt", isDll: dll, subsystem: subsystem,
                       timestamp: 0, imageBase: 0x1_4000_0000, entryPoint: 0x1000)
        p.exports = exports
        p.imports = imports.map { PeImportLibrary(dll: $0, functions: [PeImport(name: "f")]) }
        return p
    }
    static let exports = [PeExport(name: "Install", ordinal: 1, rva: 0x1000), PeExport(name: nil, ordinal: 2, rva: 0x1100),
                          PeExport(name: "Forwarded", ordinal: 3, rva: 0x5000, forwarder: "kernel32.Sleep")]

    func refusal(_ pe: PeInfo, name: String = "s.dll", export: String? = nil) -> String? {
        do { _ = try WineLaunchTarget.decide(pe: pe, fileName: name, dllExport: export); return nil } catch { return error.description }
    }

    @Test("executables of both machines run as themselves; --dll-export on one is refused")
    func executables() throws {
        #expect(try WineLaunchTarget.decide(pe: Self.pe(), fileName: "a.exe", dllExport: nil) == .executable)
        #expect(try WineLaunchTarget.decide(pe: Self.pe(machine: "i386"), fileName: "a.exe", dllExport: nil) == .executable)
        #expect(refusal(Self.pe(machine: "i386"), name: "a.exe", export: "first") == "--dll-export is for DLL samples; a.exe is a PE32 executable")
    }

    @Test("other processors, drivers and .NET are refused whatever they export")
    func refusals() {
        #expect(refusal(Self.pe(machine: "arm64")) == "s.dll is a PE32+ for arm64: the guest's Wine runs i386 and x86-64 Windows programs only")
        #expect(refusal(Self.pe(machine: "0x5064")) != nil)
        #expect(refusal(Self.pe(subsystem: "native")) == "s.dll is a kernel driver or native-subsystem image (native subsystem): petri runs user-mode Windows programs")
        // a driver built for another subsystem still imports the kernel
        #expect(refusal(Self.pe(dll: true, exports: Self.exports, imports: ["ntoskrnl.exe", "HAL.dll"]), export: "Install")?
            .contains("(imports ntoskrnl.exe)") == true)
        var wdm = Self.pe(); wdm.dllCharacteristics = ["wdm_driver"]
        #expect(refusal(wdm)?.contains("(WDM driver)") == true)
        var il = Self.pe(); il.dotnet = PeDotNet(runtime: "2.5", ilOnly: true)
        #expect(refusal(il) == "s.dll is a .NET assembly (CLR 2.5, IL only): the guest's Wine has no .NET runtime (no Wine Mono; mscoree is switched off)")
        var mixed = Self.pe(machine: "i386"); mixed.dotnet = PeDotNet(runtime: "2.5", ilOnly: false)
        #expect(refusal(mixed)?.contains("(CLR 2.5, mixed mode)") == true)
    }

    @Test("a DLL's export: by name, by #ordinal, first; the refusals name what it exports")
    func dllExports() throws {
        let dll = Self.pe(dll: true, exports: Self.exports)
        #expect(try WineLaunchTarget.decide(pe: dll, fileName: "s.dll", dllExport: "Install") == .dll(entry: "Install", is32Bit: false))
        #expect(try WineLaunchTarget.decide(pe: dll, fileName: "s.dll", dllExport: "#2") == .dll(entry: "#2", is32Bit: false))
        #expect(try WineLaunchTarget.decide(pe: dll, fileName: "s.dll", dllExport: "first") == .dll(entry: "Install", is32Bit: false))
        #expect(refusal(dll) == "s.dll is a DLL: name the export rundll32 calls with --dll-export NAME, #ORDINAL or first (it exports Install, #2)")
        // a forwarder is not code of the DLL's own
        #expect(refusal(dll, export: "Forwarded") == "s.dll exports no function Forwarded (it exports Install, #2)")
        #expect(refusal(dll, export: "#3") != nil)
        #expect(refusal(Self.pe(dll: true, exports: [Self.exports[2]]), export: "first") == "s.dll is a DLL with no exported function to call: petri runs a DLL through rundll32 with one of its exports")
        #expect(refusal(dll, name: "a,b.dll", export: "Install")?.contains("rundll32 cannot be given") == true)
        // an export literally named "first" is that export
        let named = Self.pe(dll: true, exports: [PeExport(name: "Run", ordinal: 1, rva: 0x1000), PeExport(name: "first", ordinal: 2, rva: 0x1010)])
        #expect(try WineLaunchTarget.decide(pe: named, fileName: "s.dll", dllExport: "first") == .dll(entry: "first", is32Bit: false))
        // names rundll32 cannot be given on its command line are refused, not mangled
        let blank = Self.pe(dll: true, exports: [PeExport(name: "Run It", ordinal: 1, rva: 0x1000)])
        #expect(refusal(blank, export: "Run It")?.contains("cannot be named on rundll32's command line") == true)
        // sample-controlled names are escaped in the line
        #expect(refusal(dll, name: "x\u{1b}[2J.dll")?.contains("\u{1b}") == false)
    }

    @Test("i386 stdcall decoration: the plain name picks RunDll@16, rundll32 gets the exported name")
    func decorated() throws {
        let dll = Self.pe(machine: "i386", dll: true, exports: [PeExport(name: "_Setup@16", ordinal: 1, rva: 0x1000), PeExport(name: "RunDll@16", ordinal: 2, rva: 0x1010)])
        #expect(try WineLaunchTarget.decide(pe: dll, fileName: "s.dll", dllExport: "RunDll") == .dll(entry: "RunDll@16", is32Bit: true))
        #expect(try WineLaunchTarget.decide(pe: dll, fileName: "s.dll", dllExport: "Setup") == .dll(entry: "_Setup@16", is32Bit: true))
        #expect(WineLaunchTarget.undecorated("Plain") == "Plain" && WineLaunchTarget.undecorated("a@b") == "a@b" && WineLaunchTarget.undecorated("@F@8") == "F")
    }

    @Test("the launch script: rundll32 of the DLL's machine by its prefix path, the DLL by its full Windows path")
    func launchArguments() {
        func args(_ t: WineLaunchTarget, name: String) -> [String] {
            WineRunRecipe(templatePath: "/t", upperDir: "", workDir: "", sampleFileName: name, arguments: ["x"], target: t).programArguments
        }
        #expect(args(.executable, name: "a.exe") == ["./a.exe", "x"])
        #expect(args(.dll(entry: "Run", is32Bit: true), name: "my plugin.dll")
            == ["/home/user/.wine/drive_c/windows/syswow64/rundll32.exe", "C:\\users\\user\\Downloads\\my plugin.dll,Run", "x"])
        #expect(args(.dll(entry: "#2", is32Bit: false), name: "version.dll")
            == ["/home/user/.wine/drive_c/windows/system32/rundll32.exe", "C:\\users\\user\\Downloads\\version.dll,#2", "x"])
    }
}
