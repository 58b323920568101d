import Foundation
import PetriModel
import PetriSandbox
import Testing

/// The full posture seen from inside, compared with a golden file (tests/golden/h_posture.txt) so a
/// regression in any layer (credentials, capabilities, no_new_privs, seccomp, namespaces, mounts,
/// fds, rlimits, id maps) shows up as a diff. Regenerate with PETRI_UPDATE_GOLDEN=1 after a
/// deliberate change, and review the diff.
@Suite("Hardening: full posture (golden)", .serialized)
struct HardeningPostureTests {
    static let golden = TestPrograms.repoRoot + "/tests/golden/h_posture.txt"

    /// Namespace inode numbers become `new` (differs from the host's) or `host` (shared).
    static func normalize(_ out: String, host: [String: String]) -> [String] {
        out.split(separator: "\n").map { line -> String in
            let l = String(line)
            guard l.hasPrefix("ns."), let eq = l.firstIndex(of: "=") else { return l }
            var key = String(l[l.index(l.startIndex, offsetBy: 3)..<eq])
            if key.hasSuffix("_for_children") { key = String(key.dropLast("_for_children".count)) }
            let value = String(l[l.index(after: eq)...])
            return String(l[..<eq]) + "=" + (host[key] == value ? "host" : "new")
        }
    }

    @Test("posture from inside matches the golden file; every namespace but time is new")
    func fullPosture() throws {
        guard let (r, out) = try TestPrograms.run("h_posture") else { return }
        #expect(r.outcome == .exited(code: 0))
        let lines = Self.normalize(out, host: Hardening.hostNamespaces())
        if ProcessInfo.processInfo.environment["PETRI_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: (Self.golden as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(toFile: Self.golden, atomically: true, encoding: .utf8)
        }
        guard let want = try? String(contentsOfFile: Self.golden, encoding: .utf8) else {
            Issue.record("golden file \(Self.golden) missing: run with PETRI_UPDATE_GOLDEN=1")
            return
        }
        let wantLines = want.split(separator: "\n").map(String.init)
        let missing = wantLines.filter { !lines.contains($0) }
        let extra = lines.filter { !wantLines.contains($0) }
        #expect(missing.isEmpty && extra.isEmpty, "posture differs from golden:\n- \(missing.joined(separator: "\n- "))\n+ \(extra.joined(separator: "\n+ "))")
        // The invariants that matter most, spelled out so a golden regeneration can't hide them.
        let v = TestPrograms.values(lines.joined(separator: "\n"))
        for ns in ["cgroup", "ipc", "mnt", "net", "pid", "user", "uts"] { #expect(v["ns.\(ns)"] == "new", "\(ns) namespace shared with the host") }
        for cap in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] { #expect(v["status.\(cap)"] == "0000000000000000") }
        #expect(v["status.NoNewPrivs"] == "1" && v["prctl.no_new_privs"] == "1")
        #expect(v["status.Seccomp"] == "2" && v["status.Seccomp_filters"] == "1")
        #expect(v["cred.uid"] == "1000,1000,1000" && v["cred.gid"] == "1000,1000,1000" && v["cred.groups"] == "")
        #expect(v["uid_map.0"] == "0 100000 65536" && v["gid_map.0"] == "0 100000 65536")
        #expect(v["fd.0"] == "/dev/null" && v["fd.1"] == "pipe" && v["fd.2"] == "pipe")
        #expect(lines.filter { $0.hasPrefix("fd.") }.count == 3, "no host fd beyond stdio")
        #expect(v["ctty"] == "NONE" && v["sid_is_pid"] == "1")
        #expect(!lines.contains { $0.hasPrefix("mount.") && $0.contains(" /sys ") })
    }
}
