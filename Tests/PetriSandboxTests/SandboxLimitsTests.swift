import Foundation
import PetriModel
import PetriSandbox
import Testing

@Suite("Limits: timeout, pids, memory", .serialized)
struct SandboxLimitsTests {
    @Test("a sleeping sample is killed within timeout + 1 s")
    func timeout() throws {
        let t0 = Date()
        guard let (r, _) = try TestPrograms.run("sleeper", policy: TestPrograms.policy(timeout: 1)) else { return }
        let elapsed = Date().timeIntervalSince(t0)
        #expect(r.outcome == .timedOut)
        #expect(r.timeoutHit)
        #expect(r.limitsHit.contains { $0.limit == "timeout" })
        #expect(elapsed < 2.0, "took \(elapsed) s")
        #expect(r.processes.first { $0.pid == 2 }?.exit?.source == "timeout")
    }

    @Test("a fork bomb is stopped by the pids limit and the host stays responsive")
    func forkBomb() throws {
        var p = TestPrograms.policy(timeout: 15)
        p.pidsLimit = 64
        let t0 = Date()
        guard let (r, out) = try TestPrograms.run("forkbomb", policy: p) else { return }
        #expect(Date().timeIntervalSince(t0) < 15)
        let v = out.split(separator: " ").reduce(into: [String: Int]()) { acc, kv in
            let parts = kv.split(separator: "=")
            if parts.count == 2 { acc[String(parts[0])] = Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        #expect((v["made"] ?? 999) < 64, "output: \(out)")
        #expect((v["refused"] ?? 0) > 0)
        #expect(r.limitsHit.contains { $0.limit == "pids" }, "limits: \(r.limitsHit)")
        // the host can still fork: run something right after
        let task = Process()
        task.executableURL = URL(fileURLWithPath: "/bin/true")
        try task.run()
        task.waitUntilExit()
        #expect(task.terminationStatus == 0)
    }

    @Test("a memory hog is stopped by the memory limit")
    func memoryHog() throws {
        var p = TestPrograms.policy(timeout: 20)
        // Not smaller: the OOM killer's choice between the sample (+1000, i.e. + the limit in pages) and
        // the sandbox init (a clone of this test process, whose resident pages it shares) went to init
        // once in CI with 128 MiB, when the test process was large (the run then ended "without
        // reporting the sample's status"). Lowering init's score needs CAP_SYS_RESOURCE in the initial
        // user namespace, which petri does not have on every host.
        p.memoryLimitBytes = 512 << 20
        guard let (r, out) = try TestPrograms.run("memhog", policy: p) else { return }
        #expect(!out.contains("touched 2048 MiB"))
        #expect(r.limitsHit.contains { $0.limit == "memory" }, "limits: \(r.limitsHit), outcome \(r.outcome)")
        #expect(r.outcome == .signaled(signal: 9) || out.contains("malloc failed"), "outcome \(r.outcome)")
        // the OOM killer took the sample, never the sandbox init
        #expect(r.processes.first { $0.pid == 2 }?.exit?.signal == 9 || out.contains("malloc failed"))
    }
}
