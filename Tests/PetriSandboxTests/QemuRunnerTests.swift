import Foundation
import Petri
import PetriAnalysis
import PetriModel
import PetriSandbox
import Testing

/// ELFs for other processors under QEMU's user-mode emulator from the guest image (issue 14,
/// docs/architectures.md): the Mirai-like fixture and the benign device tool for all four, through
/// the whole pipeline with the default profile.
@Suite("QEMU runner: arm, aarch64, mips, mipsel samples", .serialized)
struct QemuRunnerTests {
    static func analyze(_ name: String, network: String = "sinkhole") async throws -> Report? {
        guard let path = Fixtures.path(name) else { return nil }
        return try await Fixtures.offPool {
            let dir = TestPrograms.tempDir("qemu-\(name)")
            var o = Analysis.Options(profile: try Fixtures.profile())
            o.networkMode = network
            o.timeoutSeconds = 20
            o.artifactsDirectory = dir + "/art"
            o.reportPath = dir + "/report.json"
            let outcome = try Analysis.run(samplePath: path, options: o)
            SchemaCheck.validate(outcome.reportPath)
            return outcome.report
        }
    }

    static func stdout(_ r: Report) -> String {
        (try? String(contentsOfFile: (r.run.artifactsDirectory ?? "") + "/stdout.txt", encoding: .utf8)) ?? r.output.stdoutPreview
    }

    @Test("mirai-sim for all four: telnet brute force, watchdog, the /proc killer, the report to its C2; the record is the program's", arguments: ["arm", "aarch64", "mips", "mipsel"])
    func miraiSim(arch: String) async throws {
        let name = "mirai-sim-" + arch
        guard let r = try await Self.analyze(name) else { return }
        #expect(r.run.runner == "qemu")
        #expect(r.run.outcome == .exited(code: 0), "\(r.run.outcome) \(r.output.stderrPreview)")
        #expect(Self.stdout(r).contains("2 rivals killed, 12 telnet logins tried"), "\(Self.stdout(r))")
        #expect(r.verdict == .malicious, "\(r.verdict)")
        let ids = Set(r.behaviours.map(\.id))
        for id in ["telnet-credential-brute-force", "watchdog-device-open", "kills-processes-found-in-proc"] {
            #expect(ids.contains(id), "\(id) missing: \(ids.sorted())")
        }
        // qemu's own start-up (uname, its 128 MiB writable+executable translation cache) is not the sample's.
        #expect(!ids.contains("writable-executable-memory") && !ids.contains("system-information-discovery"), "\(ids.sorted())")
        // Static triage names the machine, class and byte order and read the section and symbol tables.
        let elf = r.sample.staticInfo?.elf
        #expect(elf?.machine == (arch.hasPrefix("mips") ? "mips" : arch) && elf?.elfClass == (arch == "aarch64" ? "ELF64" : "ELF32")
                && elf?.endianness == (arch == "mips" ? "big" : "little"), "\(String(describing: elf))")
        #expect(elf?.sections.contains { $0.name == ".text" } == true && elf?.stripped == false && elf?.isStatic == true)
        #expect((elf?.symbolCount ?? 0) > 100, "\(String(describing: elf?.symbolCount))")
        #expect(elf?.functions?.contains("main") == true && elf?.functions?.contains("getaddrinfo") == true,
                "\(elf?.functions?.prefix(20) ?? [])")

        // The process tree shows the program, its argv and its children, never the emulator.
        #expect(r.processes.count == 3, "\(r.processes.map(\.image))")
        for p in r.processes {
            #expect(p.image == name && p.path?.hasSuffix("/" + name) == true, "\(p.image) \(p.path ?? "")")
            #expect(!p.image.hasPrefix("qemu-"))
        }
        #expect(r.processes.filter { $0.argv.last == "--rival" }.count == 2, "\(r.processes.map(\.argv))")
        // The emulated program's syscalls reach the filter as host (x86-64) calls, with their data.
        let sample = r.events.filter { $0.runner != true && $0.kind == .syscall }
        #expect(sample.allSatisfy { $0.arch == nil || $0.arch == "x86_64" })
        #expect(sample.contains { $0.name == "sendto" && $0.args[ArgKey.preview]?.stringValue == "root\\r\\n" }, "telnet login line")
        #expect(sample.contains { $0.name == "kill" && $0.args[ArgKey.signal]?.stringValue == "SIGKILL" })
        #expect(r.network.dns.contains { $0.name == "report.iot-sim.example" }, "\(r.network.dns.map(\.name))")
        #expect(r.network.attempts.filter { $0.syscall == "connect" && ($0.port == 23 || $0.port == 2323) }.count == 12)
        // The emulator's start-up is runner activity: everything before the program's first own call
        // (the watchdog open), and every memory-mapping call.
        let root = r.processes.first { $0.ppid == 1 }?.pid ?? 2
        let first = sample.first { $0.pid == root && $0.name != "execve" }
        #expect(first?.path == "/dev/watchdog", "first own call: \(String(describing: first))")
        #expect(r.events.filter { $0.category == .memory && $0.name != "memfd_create" }.allSatisfy { $0.runner == true })
        #expect(r.events.contains { $0.runner == true && $0.path == "/proc/sys/vm/mmap_min_addr" })
    }

    @Test("the benign device tool runs on all four architectures and stays benign", arguments: ["arm", "aarch64", "mips", "mipsel"])
    func benignDevice(arch: String) async throws {
        guard let r = try await Self.analyze("benign-device-" + arch) else { return }
        #expect(r.run.runner == "qemu")
        #expect(r.run.outcome == .exited(code: 0), "\(r.run.outcome) \(r.output.stderrPreview)")
        #expect(Self.stdout(r).contains("uptime "), "\(Self.stdout(r))")
        #expect(r.verdict == .benign, "\(r.verdict) \(r.behaviours.map(\.id))")
        #expect(r.files.contains { $0.path == "/tmp/device-status.txt" })
        let elf = r.sample.staticInfo?.elf
        #expect(elf?.machine == (arch.hasPrefix("mips") ? "mips" : arch))
        #expect(elf?.endianness == (arch == "mips" ? "big" : "little"))
        // The symbol table read in either byte order: the program's own functions by name.
        #expect(elf?.functions?.contains("main") == true, "\(elf?.functions?.prefix(20) ?? [])")
        #expect(r.processes.allSatisfy { $0.image == "benign-device-" + arch }, "\(r.processes.map(\.image))")
    }

    @Test("a guest without the emulator, or a dynamically linked foreign ELF without its loader: one line of bad input")
    func guestCannotRun() throws {
        let empty = TestPrograms.tempDir("qemu-empty-root")
        #expect(throws: PetriError.self) { try QemuRunner(architecture: .mips).check(systemRoot: empty, staticInfo: nil) }
        do {
            try QemuRunner(architecture: .arm).check(systemRoot: empty, staticInfo: nil)
        } catch let PetriError.badInput(line) {
            #expect(line == "arm ELF: the guest image has no /usr/bin/qemu-arm-static (package qemu-user-static) to run it")
        }
        // The host has the emulators (make deps), but no arm loader: a dynamic arm ELF is refused.
        var info = StaticInfo()
        info.elf = ElfInfo(elfClass: "ELF32", endianness: "little", machine: "arm", type: "executable", pie: false, entryPoint: 0,
                           interpreter: "/lib/ld-linux.so.3", stripped: false, isStatic: false)
        if access("/usr/bin/qemu-arm-static", X_OK) == 0, access("/lib/ld-linux.so.3", F_OK) != 0 {
            do {
                try QemuRunner(architecture: .arm).check(systemRoot: "", staticInfo: info)
                Issue.record("a dynamic arm ELF without its loader was accepted")
            } catch let PetriError.badInput(line) {
                #expect(line.contains("dynamically linked arm ELF: its loader /lib/ld-linux.so.3 is not in the guest image"), "\(line)")
            }
        }
    }

    @Test("the binfmt_misc registration: Debian's magic and mask, flags POF, no field that could break the line")
    func registration() {
        let arm = QemuRunner(architecture: .arm).binaryFormats(systemRoot: "/nonexistent").first
        #expect(arm?.name == "qemu-arm")
        #expect(arm?.registration(interpreterPath: "/r/usr/bin/qemu-arm-static")
                == ":qemu-arm:M::\\x7f\\x45\\x4c\\x46\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x28\\x00:"
                + "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/r/usr/bin/qemu-arm-static:POF")
        #expect(arm?.registration(interpreterPath: "/a:b") == nil)
        #expect(arm?.registration(interpreterPath: "relative") == nil)
        #expect(LaunchPlan.BinaryFormat(name: "a/b", magic: [1], mask: [1], interpreter: "/x").registration(interpreterPath: "/x") == nil)
        #expect(LaunchPlan.BinaryFormat(name: "x", magic: [1, 2], mask: [1], interpreter: "/x").registration(interpreterPath: "/x") == nil)
        // Every emulator's magic matches the header ELFArchitecture reads as that architecture.
        for (arch, magic, mask) in QemuRunner.formats {
            #expect(magic.count == mask.count)
            #expect(ELFArchitecture(header: magic) == arch, "\(arch)")
        }
        #expect(ELFArchitecture(header: [0x7f, 0x45, 0x4c, 0x46, 1, 2, 1] + [UInt8](repeating: 0, count: 11) + [0x00, 0x28]) == nil, "big-endian arm is not run")
    }
}
