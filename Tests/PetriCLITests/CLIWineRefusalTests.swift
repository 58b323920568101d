import Foundation
import PetriTestSupport
import Testing

/// PEs the guest's Wine cannot run (another processor, a .NET assembly, a kernel driver, a DLL without
/// an export to call) are refused with one line and exit 2 before any image or template is built: each
/// made from a real test program (tests/pe, `make programs`) with one header field changed.
extension CLIBadInputTests {
    static func program(_ file: String, arch: String = "x64", sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        let p = CLI.repoRoot + "/tests/pe/build/\(arch)/\(file)"
        if let d = FileManager.default.contents(atPath: p) { return [UInt8](d) }
        Issue.record("PE test program \(arch)/\(file) missing: run `make programs` (needs gcc-mingw-w64)", sourceLocation: sourceLocation)
        return nil
    }

    /// `bytes` with the COFF/optional-header field at `offset` from the PE signature set to `value` (little-endian).
    static func patched(_ bytes: [UInt8], at offset: Int, _ value: UInt32, width: Int) -> [UInt8] {
        var b = bytes
        let pe = Int(b[60]) | Int(b[61]) << 8 | Int(b[62]) << 16 | Int(b[63]) << 24
        for i in 0..<width { b[pe + offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        return b
    }

    static func write(_ bytes: [UInt8], name: String) -> String {
        let f = CLI.tempDir() + "/" + name
        FileManager.default.createFile(atPath: f, contents: Data(bytes))
        return f
    }

    @Test("an ARM64 or ARM PE is refused: not a processor the guest's Wine runs", arguments: [(UInt32(0xaa64), "arm64"), (0x1c4, "armnt")])
    func armPE(_ machine: (UInt32, String)) throws {
        guard let exe = Self.program("benign.exe") else { return }
        let f = Self.write(Self.patched(exe, at: 4, machine.0, width: 2), name: "setup.exe")
        try expectBadInput(f, contains: "setup.exe is a PE32+ for \(machine.1): the guest's Wine runs i386 and x86-64 Windows programs only")
    }

    @Test("a native-subsystem image (a kernel driver .sys) is refused")
    func driver() throws {
        guard let exe = Self.program("benign.exe") else { return }
        // the optional header starts 24 bytes after the signature; Subsystem is at +68
        let f = Self.write(Self.patched(exe, at: 24 + 68, 1, width: 2), name: "netfilter.sys")
        try expectBadInput(f, contains: "netfilter.sys is a kernel driver or native-subsystem image (native subsystem): petri runs user-mode Windows programs")
    }

    @Test("a .NET assembly is refused: the guest's Wine has no .NET runtime", arguments: ["x64", "x86"])
    func dotnet(_ arch: String) throws {
        guard let exe = Self.program("benign.exe", arch: arch) else { return }
        // data directory 14 (the CLR header) pointed at the first section (0x1000), 72 bytes
        let dirs = 24 + (arch == "x64" ? 112 : 96)
        let withCLR = Self.patched(Self.patched(exe, at: dirs + 14 * 8, 0x1000, width: 4), at: dirs + 14 * 8 + 4, 72, width: 4)
        let f = Self.write(withCLR, name: "Invoice.exe")
        try expectBadInput(f, contains: "Invoice.exe is a .NET assembly (CLR ")
        try expectBadInput(f, contains: "the guest's Wine has no .NET runtime")
    }

    @Test("a DLL without --dll-export is refused with its exports named; a wrong export too", arguments: ["x64", "x86"])
    func dllWithoutExport(_ arch: String) throws {
        guard let dll = Self.program("plugin.dll", arch: arch) else { return }
        let f = Self.write(dll, name: "plugin.dll")
        try expectBadInput(f, contains: "plugin.dll is a DLL: name the export rundll32 calls with --dll-export NAME, #ORDINAL or first (it exports PluginRun, RunDllEntry)")
        try expectBadInput(f, extra: ["--dll-export", "DllInstall"], contains: "plugin.dll exports no function DllInstall (it exports PluginRun, RunDllEntry)")
    }

    @Test("a DLL that exports nothing to call is refused")
    func dllWithoutExports() throws {
        guard let dll = Self.program("plugin.dll") else { return }
        // data directory 0 (exports) emptied
        let dirs = 24 + 112
        let f = Self.write(Self.patched(Self.patched(dll, at: dirs, 0, width: 4), at: dirs + 4, 0, width: 4), name: "helper.dll")
        try expectBadInput(f, extra: ["--dll-export", "first"], contains: "helper.dll is a DLL with no exported function to call")
    }

    @Test("--dll-export with a sample that is not a DLL is refused")
    func dllExportForExecutable() throws {
        guard let exe = Self.program("benign.exe", arch: "x86") else { return }
        let f = Self.write(exe, name: "benign.exe")
        try expectBadInput(f, extra: ["--dll-export", "first"], contains: "--dll-export is for DLL samples; benign.exe is a PE32 executable")
        let script = CLI.tempDir() + "/run.sh"
        FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\necho hi\n".utf8))
        try expectBadInput(script, extra: ["--dll-export", "first"], contains: "--dll-export is for DLL samples; run.sh is script (/bin/sh)")
    }
}
