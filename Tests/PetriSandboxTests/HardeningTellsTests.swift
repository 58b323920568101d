import Foundation
import PetriModel
@testable import PetriSandbox
import Testing

/// Sandbox tells (issue 19): what a sample reads from inside to tell it runs in petri. Run for real
/// in the sandbox (on the guest image when the profile has one), read from the sample's side.
@Suite("Hardening: sandbox tells", .serialized)
struct HardeningTellsTests {
    /// The "== name" sections h_tells prints.
    static func sections(_ out: String) -> [String: String] {
        var result: [String: String] = [:]
        var name: String?
        var lines: [Substring] = []
        for line in out.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("== ") {
                if let n = name { result[n] = lines.joined(separator: "\n") }
                name = String(line.dropFirst(3)); lines = []
            } else { lines.append(line) }
        }
        return result
    }

    @Test("mountinfo, cgroup and pid 1's command line name neither petri nor a host path; every cgroup is /; the guest has a machine-id")
    func noPetriInProc() throws {
        guard let (r, out) = try TestPrograms.run("h_tells") else { return }
        #expect(r.outcome == .exited(code: 0), "\(r.outcome) \(r.errors)")
        let s = Self.sections(out)
        guard let mountinfo = s["mountinfo"], let cgroup = s["cgroup"], let cmdline = s["cmdline1"] else {
            Issue.record("h_tells printed: \(out)"); return
        }
        #expect(mountinfo.contains(" / ") && mountinfo.contains(" /proc "), "mountinfo was read: \(mountinfo)")
        // what the host would give away: petri's name, its run folders, caches, the repository and temp folders
        let hostPaths = [Run.runtimeRoot(), "/var/cache", "/var/tmp/petri", TestPrograms.repoRoot]
            .filter { !$0.isEmpty && $0 != "/" }
        for (name, text) in [("mountinfo", mountinfo), ("cgroup", cgroup), ("/proc/1/cmdline", cmdline)] {
            #expect(!text.lowercased().contains("petri"), "\(name) names petri:\n\(text)")
            for p in hostPaths { #expect(!text.contains(p), "\(name) shows the host path \(p):\n\(text)") }
        }
        // every overlay option is relative (no absolute host folder in lowerdir/upperdir/workdir)
        for line in mountinfo.split(separator: "\n") where line.contains(" - overlay ") {
            for opt in line.split(separator: " ").last?.split(separator: ",") ?? [] where opt.hasPrefix("lowerdir=") || opt.hasPrefix("upperdir=") || opt.hasPrefix("workdir=") {
                let value = opt.split(separator: "=", maxSplits: 1).last ?? ""
                #expect(value.split(separator: ":").allSatisfy { !$0.hasPrefix("/") }, "absolute overlay folder: \(line)")
            }
        }
        // a bind mount's root field is its host path: none is left but the device nodes
        for line in mountinfo.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count > 4 else { continue }
            #expect(f[3] == "/" || ["/null", "/zero", "/full", "/random", "/urandom", "/tty"].contains(f[3]) || line.contains(" - proc "),
                    "a mount whose source path shows: \(line)")
        }
        let cgroups = cgroup.split(separator: "\n").filter { !$0.isEmpty }
        #expect(!cgroups.isEmpty && cgroups.allSatisfy { $0.hasSuffix(":/") }, "cgroup paths:\n\(cgroup)")
        #expect(cmdline.hasPrefix("/sbin/init"), "/proc/1/cmdline: \(cmdline)")
        #expect(s["comm1"]?.hasPrefix("init") == true)
        let id = (s["machine-id"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "machine-id: \(id)")
        #expect(r.errors.isEmpty, "\(r.errors)")
    }
}
