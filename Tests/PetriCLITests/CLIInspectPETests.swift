import Foundation
import PetriTestSupport
import Testing

/// `petri inspect` on the 32-bit test programs (tests/pe/build/x86, `make programs`): the PE32 line
/// names the machine, as for PE32+.
@Suite("inspect: PE32 and PE32+ alike")
struct CLIInspectPETests {
    @Test("the type line, machine, subsystem, sections with entropy, imports and exports of a PE32 and a PE32+",
          arguments: [("x86", "PE32", "i386"), ("x64", "PE32+", "x86-64")])
    func inspect(_ build: (arch: String, kind: String, machine: String)) throws {
        guard let exe = CLIBadInputTests.program("benign.exe", arch: build.arch), let dll = CLIBadInputTests.program("plugin.dll", arch: build.arch) else { return }
        let dir = CLI.tempDir()
        FileManager.default.createFile(atPath: dir + "/benign.exe", contents: Data(exe))
        FileManager.default.createFile(atPath: dir + "/plugin.dll", contents: Data(dll))
        guard let r = try CLI.run(["inspect", dir + "/benign.exe"]), let d = try CLI.run(["inspect", dir + "/plugin.dll"]) else { return }
        #expect(r.code == 0 && d.code == 0, "\(r.stderr) \(d.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "type:     \(build.kind) executable (console) \(build.machine)", "\(lines.first ?? "")")
        #expect(lines.contains { $0.hasPrefix("pe:       \(build.machine), subsystem windows_cui, timestamp ") })
        #expect(lines.contains { $0.hasPrefix("  .text      r-x  va 0x1000 ") && $0.contains(" entropy ") }, "\(r.stdout)")
        #expect(lines.contains { $0.range(of: #"^imports:  [0-9]+ from [0-9]+ DLLs$"#, options: .regularExpression) != nil })
        #expect(lines.contains { $0.hasPrefix("  KERNEL32.dll (") })
        let dl = d.stdout.split(separator: "\n").map(String.init)
        #expect(dl.first == "type:     \(build.kind) DLL (console) \(build.machine)", "\(dl.first ?? "")")
        #expect(dl.contains("exports:  2: PluginRun, RunDllEntry"), "\(d.stdout)")
    }
}
