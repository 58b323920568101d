import Foundation
import PetriModel
import PetriSandbox
import Testing

@Suite("Seccomp: deny, record, allow", .serialized)
struct SandboxSeccompTests {
    @Test("escape-class syscalls are refused with EPERM (clone3 ENOSYS) and recorded as denied")
    func deniedSyscalls() throws {
        guard let (r, out) = try TestPrograms.run("denied") else { return }
        let v = TestPrograms.values(out)
        for name in ["mount", "unshare", "bpf", "chroot", "clone_newns", "init_module", "keyctl"] {
            #expect(v[name] == "EPERM", "\(name): \(v[name] ?? "missing")")
        }
        #expect(v["clone3"] == "ENOSYS")
        for name in ["mount", "unshare", "bpf", "chroot", "init_module", "keyctl"] {
            let e = r.events(named: [name]).first
            #expect(e?.action == .denied, "\(name)")
            #expect(e?.error == "EPERM")
            #expect(r.denied.contains { $0.name == name })
        }
        #expect(r.events(named: ["clone3"]).first?.error == "ENOSYS")
        let ns = r.events(named: ["clone"]).first
        #expect(ns?.action == .denied)
        #expect(ns?.args[ArgKey.cloneFlags] == .string("CLONE_NEWNS|SIGCHLD"))
        #expect(r.events(named: ["mount"]).first?.path == "/tmp")
    }

    @Test("int 0x80 from a 64-bit process is decoded with the i386 table")
    func int80() throws {
        guard let (r, out) = try TestPrograms.run("int80") else { return }
        #expect(out.contains("int80_mkdir=0"))
        let e = r.events(named: ["mkdir"]).first
        #expect(e?.arch == "i386")
        #expect(e?.path == "/tmp/int80-dir")
        #expect(e?.args[ArgKey.mode] == .string("0755"))
        #expect(r.files.contains { $0.path == "/tmp/int80-dir" && $0.type == .directory })
    }

    @Test("x32 syscall numbers kill the process")
    func x32Killed() throws {
        guard let (r, out) = try TestPrograms.run("x32abi") else { return }
        #expect(out.contains("before"))
        #expect(!out.contains("x32="))
        #expect(r.outcome == .signaled(signal: 31))
        // the kernel kills before any notification; the process tree says why
        #expect(r.processes.first { $0.pid == 2 }?.exit == ProcessExit(signal: 31, source: "reaped", cause: "x32_syscall"), "\(r.processes.map { "\($0.pid) \(String(describing: $0.exit))" })")
    }

    @Test("a sample that stacks its own seccomp filter is refused")
    func stackedFilterRefused() throws {
        guard let (r, out) = try TestPrograms.run("seccomp_stack") else { return }
        let v = TestPrograms.values(out)
        #expect(v["seccomp"] == "EPERM")
        #expect(v["prctl_seccomp"] == "EPERM")
        #expect(v["prctl_seccomp_highbits"] == "EPERM", "prctl(0x100000016, ...) is PR_SET_SECCOMP to the kernel")
        #expect(v["filters"] == "1", "only petri's filter is installed: \(v["filters"] ?? "-")")
        #expect(r.events(named: ["seccomp"]).first?.action == .denied)
        #expect(r.events.contains { $0.name == "prctl" && $0.args[ArgKey.request] == .string("PR_SET_SECCOMP") && $0.action == .denied })
        #expect(r.events.contains { $0.name == "prctl" && $0.args[ArgKey.request] == .string("PR_SET_NO_NEW_PRIVS") && $0.action == .allowed })
    }

    @Test("event volume is bounded with exact counts")
    func boundedEvents() throws {
        var p = TestPrograms.policy()
        p.maxEvents = 10
        p.maxEventsPerSyscall = 3
        guard let (r, _) = try TestPrograms.run("posture", policy: p) else { return }
        #expect(r.eventStats.notified == r.syscallCounts.values.reduce(0, +))
        #expect(r.eventStats.recorded + r.eventStats.elided == r.eventStats.notified)
        #expect(r.events.filter { $0.name == "openat" }.count <= 3)
        #expect((r.syscallCounts["openat"] ?? 0) > 3)
        #expect(r.eventStats.elided > 0)
        #expect(r.limitsHit.contains { $0.limit == "events" })
    }
}
