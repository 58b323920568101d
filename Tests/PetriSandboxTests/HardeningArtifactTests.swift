import Foundation
import PetriModel
import PetriSandbox
import Testing

/// What a hostile sample leaves in the artifacts must be safe on the host and no bigger than it is
/// (issue 19): no set-id or shared-writable modes, petri's own user as owner, sparse files and hard
/// links kept as what they are, a total bound per run.
@Suite("Hardening: safe artifacts", .serialized)
struct HardeningArtifactTests {
    static func run(_ name: String, policy: SandboxPolicy = TestPrograms.policy()) throws -> (SandboxResult, String)? {
        guard let path = TestPrograms.path(name) else { return nil }
        let artifacts = TestPrograms.tempDir(name)
        var req = LaunchRequest(samplePath: path, sampleName: name, policy: policy, artifactsDirectory: artifacts)
        req.arguments = [req.insideSamplePath]
        let r = try Sandbox.run(req)
        #expect(r.outcome == .exited(code: 0), "\(name): \(r.outcome) \(r.errors)")
        return (r, artifacts)
    }

    static func lstatOf(_ p: String) -> stat? {
        var st = stat()
        return lstat(p, &st) == 0 ? st : nil
    }

    @Test("set-uid, set-gid, sticky world-writable and 0000 modes: kept safe and owned by petri's user; the report keeps the original mode")
    func suidDrop() throws {
        guard let (r, _) = try Self.run("h_suid_drop") else { return }
        let want = ["suid.sh": "04755", "sgid.sh": "02755", "shared.txt": "0666", "locked.txt": "00", "drop": "01777", "drop/inner.sh": "06777"]
        for (name, original) in want.sorted(by: { $0.key < $1.key }) {
            let inside = "/home/user/" + name
            let f = r.files.first { $0.path == inside }
            #expect(f?.mode == original, "\(name): report mode \(f?.mode ?? "-"), want \(original)")
            guard let host = r.upperFiles[inside] ?? (name == "drop" ? r.upperFiles["/home/user/drop/inner.sh"].map { ($0 as NSString).deletingLastPathComponent } : nil),
                  let st = Self.lstatOf(host) else { Issue.record("\(name) not kept: \(r.upperFiles.keys.sorted())"); continue }
            #expect(st.st_mode & 0o7022 == 0, "\(name) kept with mode \(String(st.st_mode & 0o7777, radix: 8))")
            #expect(st.st_uid == getuid() && st.st_gid == getgid(), "\(name) owned by \(st.st_uid):\(st.st_gid), not a mapped id")
            #expect(st.st_mode & 0o600 == 0o600, "\(name): petri's user can read it")
        }
        // nothing in the whole kept tree carries a dangerous mode or a foreign owner
        guard let upper = r.upperDirectory else { Issue.record("no kept upper layer: \(r.errors)"); return }
        let e = FileManager.default.enumerator(atPath: upper)
        var seen = 0
        while let rel = e?.nextObject() as? String {
            guard let st = Self.lstatOf(upper + "/" + rel) else { continue }
            seen += 1
            if st.st_mode & S_IFMT != S_IFLNK { #expect(st.st_mode & 0o7022 == 0, "\(rel): \(String(st.st_mode & 0o7777, radix: 8))") }
            #expect(st.st_uid == getuid(), "\(rel) owned by \(st.st_uid)")
        }
        #expect(seen >= want.count)
        #expect((Self.lstatOf(upper).map { $0.st_mode & 0o777 }) == 0o700, "the kept layer is closed to other local users")
    }

    @Test("a 400 MiB sparse file with 8 KiB of data is kept sparse at its apparent size")
    func sparse() throws {
        guard let (r, _) = try Self.run("h_sparse") else { return }
        let f = r.files.first { $0.path == "/home/user/sparse.img" }
        #expect(f?.size == 400 << 20, "apparent size recorded: \(String(describing: f?.size))")
        guard let host = r.upperFiles["/home/user/sparse.img"], let st = Self.lstatOf(host) else { Issue.record("not kept: \(r.errors)"); return }
        #expect(st.st_size == 400 << 20)
        #expect(Int64(st.st_blocks) * 512 < 1 << 20, "written densely: \(Int64(st.st_blocks) * 512) bytes allocated")
        let h = try FileHandle(forReadingFrom: URL(fileURLWithPath: host))
        try h.seek(toOffset: 200 << 20)
        #expect(try h.read(upToCount: 4) == Data("AAAA".utf8), "the data extents are copied")
        try h.seek(toOffset: 300 << 20)
        #expect(try h.read(upToCount: 4) == Data(count: 4), "the hole reads as zeros")
        try h.close()
        #expect(!r.limitsHit.contains { $0.limit == "artifacts" })
    }

    @Test("one 1 MiB file with 64 more names is kept as one inode with 65 links; the record lists every name")
    func hardLinks() throws {
        guard let (r, artifacts) = try Self.run("h_hardlinks") else { return }
        #expect((try? String(contentsOfFile: artifacts + "/stdout.txt", encoding: .utf8)) == "links=64\n")
        let names = ["data.bin"] + (0..<64).map { String(format: "link%02d.bin", $0) }
        var inodes = Set<UInt>()
        for n in names {
            let inside = "/home/user/" + n
            #expect(r.files.first { $0.path == inside }?.size == 1 << 20, "\(n) listed with its size")
            guard let host = r.upperFiles[inside], let st = Self.lstatOf(host) else { Issue.record("\(n) not kept"); continue }
            inodes.insert(UInt(st.st_ino))
            #expect(st.st_nlink == 65, "\(n): \(st.st_nlink) links")
        }
        #expect(inodes.count == 1, "data copied once: \(inodes.count) inodes")
    }

    @Test("past the per-run artifacts bound files are listed and hashed but kept empty, with limits_hit")
    func artifactsBound() throws {
        var policy = TestPrograms.policy()
        policy.maxArtifactsBytes = 512 << 10
        guard let (r, _) = try Self.run("h_hardlinks", policy: policy) else { return }
        #expect(r.limitsHit.contains { $0.limit == "artifacts" && $0.detail.contains("\(1 << 20) bytes") }, "\(r.limitsHit)")
        let f = r.files.first { $0.path == "/home/user/data.bin" }
        #expect(f?.sha256?.count == 64 && f?.size == 1 << 20, "still hashed and sized: \(String(describing: f))")
        guard let host = r.upperFiles["/home/user/data.bin"], let st = Self.lstatOf(host) else { Issue.record("not listed in the kept layer"); return }
        #expect(st.st_size == 1 << 20 && st.st_blocks == 0, "kept as a hole at its apparent size: \(st.st_blocks) blocks")
    }
}
