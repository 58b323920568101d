import Foundation
import PetriModel
import PetriSandbox
import Testing

/// Abuse of resources (issue 8): petri keeps working, the run ends in bounded time, and the report
/// says what was hit.
@Suite("Hardening: resource abuse", .serialized)
struct HardeningResourceTests {
    @Test("fd exhaustion stops at RLIMIT_NOFILE; the sample and petri keep working")
    func fdExhaustion() throws {
        guard let (r, v) = try Hardening.expectValues("h_fd_exhaust", ["error": "EMFILE", "open_after": "OK"]) else { return }
        let opened = Int(v["opened"] ?? "") ?? 0
        #expect(opened > 900 && opened <= 1021, "opened \(opened)")
        #expect(r.outcome == .exited(code: 0))
        #expect((r.syscallCounts["openat"] ?? 0) >= UInt64(opened + 1), "every open counted exactly")
    }

    @Test("CPU spin in 32 threads is killed at the timeout; the run ends within timeout + grace")
    func cpuSpin() throws {
        let t0 = Date()
        guard let (r, out) = try TestPrograms.run("h_cpu_spin", args: ["32"], policy: TestPrograms.policy(timeout: 2)) else { return }
        let elapsed = Date().timeIntervalSince(t0)
        #expect(TestPrograms.values(out)["threads"] == "32")
        #expect(r.outcome == .timedOut && r.timeoutHit)
        #expect(elapsed < 2 + SandboxPolicy().killGraceSeconds + 2, "took \(elapsed) s")
    }

    @Test("a 1 GiB stdout flood is capped at maxOutputBytes, counted in full, and bounded in time")
    func stdoutFlood() throws {
        guard let path = TestPrograms.path("h_stdout_flood") else { return }
        let artifacts = TestPrograms.tempDir("h_flood")
        defer { try? FileManager.default.removeItem(atPath: artifacts) }
        var p = TestPrograms.policy(timeout: 90)
        p.maxOutputBytes = 8 << 20
        var req = LaunchRequest(samplePath: path, sampleName: "h_stdout_flood", policy: p, artifactsDirectory: artifacts)
        req.arguments = [req.insideSamplePath, "1024"]
        let t0 = Date()
        let r = try Sandbox.run(req)
        let elapsed = Date().timeIntervalSince(t0)
        #expect(r.outcome == .exited(code: 0), "\(r.outcome)")
        #expect(r.output.stdoutBytes == 1 << 30)
        #expect(r.output.stdoutTruncated)
        let size = (try? FileManager.default.attributesOfItem(atPath: artifacts + "/stdout.txt")[.size] as? UInt64) ?? 0
        #expect(size == 8 << 20, "stdout.txt is \(size) bytes")
        #expect(r.limitsHit.contains { $0.limit == "output" }, "\(r.limitsHit)")
        #expect(r.output.stderrPreview.contains("written=1073741824"))
        #expect(elapsed < 60, "took \(elapsed) s")
    }

    @Test("a sample that closes its stdio and swaps in a pipe nobody reads still ends normally")
    func stdioClosed() throws {
        guard let (r, out) = try TestPrograms.run("h_stdio_close") else { return }
        #expect(out == "before\n")
        #expect(r.outcome == .exited(code: 0))
        #expect(r.files.contains { $0.path == "/tmp/after-stdio-closed" && $0.size == 5 })
    }

    @Test("a sample ignoring SIGTERM and every catchable signal is killed at the timeout")
    func ignoresSigterm() throws {
        let t0 = Date()
        guard let (r, out) = try TestPrograms.run("h_sigterm", policy: TestPrograms.policy(timeout: 1.5)) else { return }
        let elapsed = Date().timeIntervalSince(t0)
        #expect(out.contains("ignoring"))
        #expect(r.outcome == .timedOut && r.timeoutHit)
        #expect(r.processes.first { $0.pid == 2 }?.exit?.source == "timeout")
        #expect(elapsed < 1.5 + SandboxPolicy().killGraceSeconds + 1.5, "took \(elapsed) s")
    }

    @Test("a sample that exits while its children live on: the run ends when the whole tree ends")
    func orphansFinite() throws {
        let t0 = Date()
        guard let (r, out) = try TestPrograms.run("h_orphans", args: ["finite"], policy: TestPrograms.policy(timeout: 20)) else { return }
        let elapsed = Date().timeIntervalSince(t0)
        #expect(out.contains("parent_exit"))
        #expect(r.outcome == .exited(code: 0))
        #expect(!r.timeoutHit)
        #expect(elapsed >= 1.4 && elapsed < 10, "took \(elapsed) s")
        for i in 0..<3 { #expect(r.files.contains { $0.path == "/tmp/orphan-\(i)" }, "orphan \(i)'s file recorded") }
        #expect(r.processes.count >= 4, "\(r.processes.map { $0.pid })")
    }

    @Test("children that outlive the sample forever are killed at the timeout")
    func orphansForever() throws {
        let t0 = Date()
        guard let (r, _) = try TestPrograms.run("h_orphans", args: ["forever"], policy: TestPrograms.policy(timeout: 2)) else { return }
        let elapsed = Date().timeIntervalSince(t0)
        #expect(r.timeoutHit)
        #expect(r.limitsHit.contains { $0.limit == "timeout" })
        #expect(r.processes.first { $0.pid == 2 }?.exit?.code == 0, "the sample itself exited 0")
        #expect(elapsed < 2 + SandboxPolicy().killGraceSeconds + 2, "took \(elapsed) s")
    }

    @Test("a zombie storm is stopped by the pids limit; init reaps every orphan; the run ends")
    func zombieStorm() throws {
        var p = TestPrograms.policy(timeout: 20)
        p.pidsLimit = 128
        let t0 = Date()
        guard let (r, out) = try TestPrograms.run("h_zombies", args: ["2000"], policy: p) else { return }
        let v = TestPrograms.values(out)
        let made = Int(v["made"] ?? "") ?? -1
        #expect(made > 0 && made < 128, "made \(made)")
        #expect((Int(v["refused"] ?? "") ?? 0) > 0)
        #expect(r.outcome == .exited(code: 0))
        #expect(r.limitsHit.contains { $0.limit == "pids" }, "\(r.limitsHit)")
        #expect(r.processes.count >= made + 1, "every child is in the tree")
        #expect(Date().timeIntervalSince(t0) < 10)
    }

    @Test("16 concurrent runs: each report holds only its own marker")
    func concurrentRuns() throws {
        guard let path = TestPrograms.path("h_marker") else { return }
        // Real threads, not tasks: the cooperative pool has one thread per core and Sandbox.run blocks.
        final class Box: @unchecked Sendable { var items: [(String, Result<SandboxResult, Error>, String)] = []; let lock = NSLock() }
        let box = Box()
        var threads: [Thread] = []
        let done = DispatchSemaphore(value: 0)
        for i in 0..<16 {
            let t = Thread {
                let marker = "m\(i)-\(UUID().uuidString.prefix(6))"
                let artifacts = TestPrograms.tempDir("h_marker\(i)")
                var req = LaunchRequest(samplePath: path, sampleName: "h_marker", policy: TestPrograms.policy(timeout: 60), artifactsDirectory: artifacts)
                req.arguments = [req.insideSamplePath, marker]
                let r = Result { try Sandbox.run(req) }
                let out = (try? String(contentsOfFile: artifacts + "/stdout.txt", encoding: .utf8)) ?? ""
                box.lock.lock(); box.items.append((marker, r, out)); box.lock.unlock()
                done.signal()
            }
            t.stackSize = 4 << 20
            threads.append(t)
        }
        let t0 = Date()
        for t in threads { t.start() }
        for _ in threads { #expect(done.wait(timeout: .now() + 120) == .success) }
        let elapsed = Date().timeIntervalSince(t0)
        #expect(box.items.count == 16)
        let markers = Set(box.items.map { $0.0 })
        for (marker, result, out) in box.items {
            guard case .success(let r) = result else { Issue.record("\(marker): \(result)"); continue }
            #expect(r.outcome == .exited(code: 0), "\(marker): \(r.outcome) \(r.errors)")
            #expect(out == "marker=\(marker)\n", "\(marker): stdout \(out)")
            let homeFiles = r.files.filter { $0.path.hasPrefix("/home/user/marker-") }.map { $0.path }
            #expect(homeFiles == ["/home/user/marker-\(marker)"], "\(marker): \(homeFiles)")
            #expect(r.files.contains { $0.path == "/tmp/marker" && $0.size == UInt64(marker.utf8.count) })
            let seen = r.events.compactMap { $0.path }.filter { $0.contains("/marker-") }
            for other in markers where other != marker { #expect(!seen.contains { $0.contains(other) }, "\(marker) saw \(other)") }
        }
        print("16 concurrent runs in \(String(format: "%.1f", elapsed)) s")
    }
}
