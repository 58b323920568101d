import Foundation
import PetriModel
import PetriSandbox
import Testing

@Suite("Isolation posture, read from inside the sandbox", .serialized)
struct SandboxIsolationTests {
    @Test("pid 1 is the sandbox init, no capabilities, no_new_privs, uid maps, only lo, no shadow")
    func posture() throws {
        guard let (r, out) = try TestPrograms.run("posture") else { return }
        #expect(r.outcome == .exited(code: 0))
        let v = TestPrograms.values(out)
        #expect(v["pid"] == "2")
        #expect(v["ppid"] == "1")
        #expect(v["init_comm"] == "init")
        #expect(v["visible_processes"] == "2", "only init and the sample are visible")
        #expect(v["uid"] == "1000")
        #expect(v["gid"] == "1000")
        for cap in ["CapEff", "CapPrm", "CapBnd", "CapAmb", "CapInh"] {
            #expect(v[cap] == "0000000000000000", "\(cap)")
        }
        #expect(v["NoNewPrivs"] == "1")
        #expect(v["Seccomp"] == "2")
        #expect(v["Seccomp_filters"] == "1")
        #expect(v["TracerPid"] == "0")
        #expect(v["uid_map"]?.split(separator: " ").map(String.init) == ["0", "100000", "65536"])
        #expect(v["gid_map"]?.split(separator: " ").map(String.init) == ["0", "100000", "65536"])
        #expect(v["interfaces"] == "lo")
        #expect(v["setuid0"] == "EPERM")
        #expect(v["shadow"] == "ABSENT")
        #expect(v["hostname"] == SandboxPolicy().hostname)
        #expect(v["home"] == "/home/user")
        #expect(v["cwd"] == "/home/user/Downloads")
        #expect(v["extra_fds"] == "0", "no host fd beyond stdio reaches the sample")
        #expect(v["write_etc_passwd"] != "OK")
        #expect(v["create_in_usr"] != "OK")
        // the host's view: the sample ran as the dedicated unprivileged host uid
        #expect(r.processes.first?.pid == 2)
    }

    @Test("writing to a host path inside leaves the host file unchanged")
    func hostFileUnchanged() throws {
        let marker = "/tmp/petri-host-marker-\(UUID().uuidString)"
        try "original\n".write(toFile: marker, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: marker) }
        guard let (r, out) = try TestPrograms.run("host_write", args: [marker]) else { return }
        #expect(TestPrograms.values(out)["open"] == "OK", "inside, /tmp is the run's own overlay")
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "original\n")
        #expect(r.files.contains { $0.path == marker && $0.change == .created && $0.size == 9 })
    }

    @Test("the sample's original on the host is never modified")
    func sampleUntouched() throws {
        guard let src = TestPrograms.path("file_ops") else { return }
        let before = try Data(contentsOf: URL(fileURLWithPath: src))
        guard let (r, _) = try TestPrograms.run("file_ops") else { return }
        #expect(r.outcome == .exited(code: 0))
        #expect(FileManager.default.fileExists(atPath: src), "the sample deleted only its copy")
        #expect(try Data(contentsOf: URL(fileURLWithPath: src)) == before)
    }

    @Test("a symlink dropped in the overlay is reported, never followed")
    func symlinkNotFollowed() throws {
        let dir = TestPrograms.tempDir("symlink")
        let upper = dir + "/upper"
        try FileManager.default.createDirectory(atPath: upper, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: upper + "/passwd-link", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: upper + "/dirlink", withDestinationPath: "/etc")
        let c = OverlayCollector(layers: [(upper, "/tmp", nil)], artifactsDirectory: dir + "/art")
        let files = c.collectFileChanges()
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.type == .symlink && $0.sha256 == nil })
        #expect(files.first { $0.path == "/tmp/passwd-link" }?.symlinkTarget == "/etc/passwd")
        #expect(!FileManager.default.fileExists(atPath: dir + "/art/dropped"))
    }
}
