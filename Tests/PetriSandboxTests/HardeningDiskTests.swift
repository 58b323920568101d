import Foundation
import PetriModel
import PetriSandbox
import Testing

@Suite("Hardening: writable layer size", .serialized)
struct HardeningDiskTests {
    @Test("a disk-filling sample gets ENOSPC at the writable-layer limit; the report says so; host disk untouched")
    func diskFill() throws {
        guard let path = TestPrograms.path("h_disk_fill") else { return }
        let artifacts = TestPrograms.tempDir("h_disk_fill")
        defer { try? FileManager.default.removeItem(atPath: artifacts) }
        var p = TestPrograms.policy(timeout: 30)
        p.maxWritableBytes = 64 << 20
        var req = LaunchRequest(samplePath: path, sampleName: "h_disk_fill", policy: p, artifactsDirectory: artifacts)
        req.arguments = [req.insideSamplePath, "256"]
        let r = try Sandbox.run(req)
        let v = TestPrograms.values((try? String(contentsOfFile: artifacts + "/stdout.txt", encoding: .utf8)) ?? "")
        #expect(v["error"] == "ENOSPC", "\(v)")
        let mib = Int(v["written_mib"] ?? "") ?? 999
        #expect(mib < 64, "wrote \(mib) MiB past a 64 MiB layer")
        #expect(r.limitsHit.contains { $0.limit == "disk" }, "\(r.limitsHit)")
        #expect(r.errors.isEmpty, "\(r.errors)")
        // the record survives the copy out of the tmpfs: files with sizes, and the kept upper layer
        #expect(r.files.filter { $0.path.hasPrefix("/tmp/fill-") }.count >= 1)
        #expect(r.upperDirectory == artifacts + "/upper")
        #expect(FileManager.default.fileExists(atPath: artifacts + "/upper/tmp/fill-0"))
        // no petri tmpfs left mounted
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        #expect(!mounts.contains(artifacts), "writable layer still mounted")
    }

    @Test("whiteouts and modes survive the copy of the upper layer out of the tmpfs")
    func whiteoutsKept() throws {
        guard let (r, _) = try TestPrograms.run("file_ops") else { return }
        guard let upper = r.upperDirectory else { Issue.record("no upper kept"); return }
        var found = false
        if let e = FileManager.default.enumerator(atPath: upper) {
            while let rel = e.nextObject() as? String {
                var st = stat()
                if lstat(upper + "/" + rel, &st) == 0, st.st_mode & S_IFMT == S_IFCHR, st.st_rdev == 0 { found = true }
            }
        }
        #expect(found == r.files.contains { $0.change == .deleted }, "whiteouts kept iff the run deleted files: \(r.files.map { "\($0.change) \($0.path)" })")
    }
}
