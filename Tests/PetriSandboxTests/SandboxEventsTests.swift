import Foundation
import PetriModel
import PetriSandbox
import Testing

@Suite("Events and process tree, from real sandbox runs", .serialized)
struct SandboxEventsTests {
    @Test("file create/write/rename/unlink and self-deletion are recorded exactly")
    func fileOperations() throws {
        guard let (r, _) = try TestPrograms.run("file_ops") else { return }
        #expect(r.outcome == .exited(code: 0))
        let dl = "/home/user/Downloads/"
        let seen = r.eventPaths(["openat", "open", "creat", "rename", "renameat", "renameat2", "unlink", "unlinkat"], under: dl)
        #expect(seen == [
            "openat \(dl)a.txt",
            "renameat2 \(dl)a.txt -> \(dl)b.txt",
            "openat \(dl)c.txt",
            "unlink \(dl)c.txt",
            "unlink \(dl)file_ops",
        ] || seen == [
            "openat \(dl)a.txt",
            "rename \(dl)a.txt -> \(dl)b.txt",
            "openat \(dl)c.txt",
            "unlink \(dl)c.txt",
            "unlink \(dl)file_ops",
        ], "got \(seen)")
        let open = r.events.first { $0.name == "openat" && $0.path == dl + "a.txt" }
        #expect(open?.args[ArgKey.flags] == .string("O_WRONLY|O_CREAT|O_TRUNC"))
        #expect(open?.args[ArgKey.mode] == .string("0644"))
        #expect(open?.pid == 2)
        #expect(open?.image == "file_ops")
        // The overlay's upper layer is the file record: b.txt created, the sample's own image deleted.
        let b = r.files.first { $0.path == dl + "b.txt" }
        #expect(b?.change == .created)
        #expect(b?.size == 6)
        #expect(b?.sha256 == "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
        #expect(r.files.contains { $0.path == dl + "file_ops" && $0.change == .deleted })
        #expect(!r.files.contains { $0.path == dl + "a.txt" || $0.path == dl + "c.txt" })
        if let upper = r.upperDirectory {
            #expect(FileManager.default.fileExists(atPath: upper + "/home/user/Downloads/b.txt"))
        } else {
            Issue.record("upper directory not kept")
        }
    }

    @Test("fork + exec of a child: events and process tree")
    func execChild() throws {
        guard let (r, _) = try TestPrograms.run("exec_child") else { return }
        #expect(r.outcome == .exited(code: 3))
        let execs = r.events(named: ["execve"])
        #expect(execs.count == 2)
        #expect(execs.first?.path == "/home/user/Downloads/exec_child")
        #expect(execs.last?.path == "/bin/true" || execs.last?.path == "/usr/bin/true")
        #expect(execs.last?.args[ArgKey.argv] == .list(["/bin/true", "--petri-test"]))
        #expect(execs.last?.pid == 3)
        #expect(execs.last?.ppid == 2)
        let forks = r.events(named: ["clone", "fork", "vfork"]).filter { $0.pid == 2 }
        #expect(forks.count == 1)
        // Process tree: 2 exec_child (exit 3) → 3 true (exit 0)
        #expect(r.processes.count == 2)
        let parent = r.processes.first { $0.pid == 2 }
        let child = r.processes.first { $0.pid == 3 }
        #expect(parent?.ppid == 1)
        #expect(parent?.image == "exec_child")
        #expect(parent?.exit?.code == 3)
        #expect(child?.ppid == 2)
        #expect(child?.image == "true")
        #expect(child?.exit?.code == 0)
        #expect(child?.createdBy == forks.first?.seq)
        #expect(r.events(named: ["exit_group"]).map { $0.args["code"] } == [.int(0), .int(3)])
    }

    @Test("connect to 198.51.100.5:80 with no network is recorded with its destination")
    func connectRecorded() throws {
        guard let (r, out) = try TestPrograms.run("connect") else { return }
        #expect(TestPrograms.values(out)["connect"] == "Network is unreachable")
        let c = r.events(named: ["connect"])
        #expect(c.count == 1)
        #expect(c.first?.args[ArgKey.address] == .string("198.51.100.5:80"))
        #expect(c.first?.args[ArgKey.family] == .string("AF_INET"))
        #expect(r.attempts.count == 1)
        #expect(r.attempts.first?.ip == "198.51.100.5")
        #expect(r.attempts.first?.port == 80)
        #expect(r.attempts.first?.proto == "tcp")
        let s = r.events(named: ["socket"]).first
        #expect(s?.args[ArgKey.type] == .string("SOCK_STREAM"))
    }

    @Test("PTRACE_TRACEME is answered without being executed")
    func traceme() throws {
        guard let (r, out) = try TestPrograms.run("traceme") else { return }
        #expect(out.contains("traceme=0"))
        #expect(out.contains("TracerPid:\t0"))
        let e = r.events(named: ["ptrace"]).first
        #expect(e?.action == .emulated)
        #expect(e?.args[ArgKey.request] == .string("PTRACE_TRACEME"))
        #expect(e?.category == .evasion)
    }

    @Test("a 32-bit program's syscalls are decoded with the i386 table")
    func i386Program() throws {
        guard let (r, out) = try TestPrograms.run("hello32") else { return }
        #expect(out.contains("hello32"))
        let open = r.events.first { $0.path == "/tmp/hello32.txt" }
        #expect(open?.arch == "i386")
        #expect(open?.args[ArgKey.flags] == .string("O_WRONLY|O_CREAT|O_TRUNC"))
        #expect(r.files.contains { $0.path == "/tmp/hello32.txt" && $0.size == 3 })
    }

    @Test("a setup step that fails is reported with its stage and errno")
    func setupFailureStage() throws {
        var p = TestPrograms.policy()
        p.workingDirectory = "/proc/petri-no-such-dir"
        guard let (r, _) = try TestPrograms.run("exec_child", policy: p) else { return }
        guard case .setupFailed(let stage, let err, let message) = r.outcome else {
            Issue.record("expected a setup failure, got \(r.outcome)"); return
        }
        #expect(stage == "chdir" || stage.hasPrefix("mount"))
        #expect(err != 0)
        #expect(!message.isEmpty)
    }

    @Test("stdout is captured to a file with a preview, and capped")
    func outputCapture() throws {
        var p = TestPrograms.policy()
        p.maxOutputBytes = 100
        guard let (r, _) = try TestPrograms.run("posture", policy: p) else { return }
        #expect(r.output.stdoutBytes > 100)
        #expect(r.output.stdoutTruncated)
        #expect(r.output.stdoutPreview.hasPrefix("pid=2"))
        #expect(r.limitsHit.contains { $0.limit == "output" })
    }
}
