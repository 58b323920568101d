import Foundation
import PetriModel
import PetriSandbox
import Testing

/// The supervisor's per-number tables are built once per process; a profile's extra denials patch
/// that run's copy only.
@Suite("Profile-level denials", .serialized)
struct SandboxPolicyDenyTests {
    @Test("a syscall in syscalls.extra_denied is refused with EPERM and recorded; the next run is unaffected")
    func extraDenied() throws {
        var p = TestPrograms.policy()
        p.extraDenied = ["uname"]
        guard let (r, out) = try TestPrograms.run("h_notify_flood", args: ["3"], policy: p) else { return }
        let v = TestPrograms.values(out)
        #expect(v["calls"] == "3")
        #expect(v["ok"] == "0")
        #expect(r.syscallCounts["uname"] == 3)
        let unames = r.events(named: ["uname"])
        #expect(unames.count == 3)
        #expect(unames.allSatisfy { $0.action == .denied && $0.error == "EPERM" })
        #expect(r.denied.filter { $0.name == "uname" }.count == 3)

        guard let (r2, out2) = try TestPrograms.run("h_notify_flood", args: ["3"]) else { return }
        #expect(TestPrograms.values(out2)["ok"] == "3")
        #expect(r2.events(named: ["uname"]).allSatisfy { $0.action == .allowed })
        #expect(r2.denied.isEmpty)
    }
}
