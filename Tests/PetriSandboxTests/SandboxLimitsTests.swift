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

    @Test("a memory hog is stopped by a 128 MiB limit and is the one the OOM killer takes, even when the supervisor is large")
    func memoryHog() throws {
        // The sandbox init is a clone of this process and is counted for every resident page of it.
        // Make this process large, as a test process in CI or a supervisor with a big report is: with
        // init inside the limited group, the group's OOM killer chose init over the sample (+1000)
        // and the run ended without the sample's status. init is outside the limited group now.
        let ballastBytes = 384 << 20
        let ballast = UnsafeMutableRawPointer.allocate(byteCount: ballastBytes, alignment: 4096)
        defer { ballast.deallocate() }
        memset(ballast, 0x5A, ballastBytes)
        var p = TestPrograms.policy(timeout: 20)
        p.memoryLimitBytes = 128 << 20
        let run = try withExtendedLifetime(ballast) { try TestPrograms.run("memhog", policy: p) }
        guard let (r, out) = run else { return }
        #expect(!out.contains("touched 2048 MiB"))
        #expect(r.outcome == .signaled(signal: 9), "outcome \(r.outcome), errors \(r.errors)")
        // the OOM killer took the sample (pid 2 inside), and said so in the group's events
        #expect(r.processes.first { $0.pid == 2 }?.exit?.signal == 9, "processes: \(r.processes.map { ($0.pid, $0.exit as Any) })")
        let memory = r.limitsHit.first { $0.limit == "memory" }
        #expect(memory != nil, "limits: \(r.limitsHit)")
        #expect(memory.map { !$0.detail.contains(" 0 processes OOM-killed") && $0.detail.contains("OOM-killed") } == true, "limit: \(memory as Any)")
        #expect(!r.errors.contains { $0.contains("cgroup") }, "errors: \(r.errors)")
    }
}
