import Foundation
import PetriTestSupport
import Testing
@testable import PetriService

enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty store of the kind (SQLite: a new file; PostgreSQL: a new database on the test
/// server), closed after `body`. nil (with a recorded failure under CI=true) when PostgreSQL is missing.
func withStore(_ kind: StoreKind, retry: RetryPolicy = RetryPolicy(), _ body: (SQLJobStore, _ reopen: () async throws -> SQLJobStore) async throws -> Void) async throws {
    switch kind {
    case .sqlite:
        let dir = TempFolders.make("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/jobs.sqlite"
        let store = try await SQLJobStore.sqlite(path: path, retry: retry)
        var others: [SQLJobStore] = []
        do {
            try await body(store, {
                let s = try await SQLJobStore.sqlite(path: path, retry: retry)
                others.append(s)
                return s
            })
        } catch {
            for o in others { await o.close() }
            await store.close()
            throw error
        }
        for o in others { await o.close() }
        await store.close()
    case .postgres:
        guard let pg = requirePostgres() else { return }
        let name = pg.nextDatabaseName()
        let admin = try await SQLJobStore.postgres(url: pg.adminURL)
        _ = try await admin.driver.query("CREATE DATABASE \(name)", [])
        await admin.close()
        let url = pg.url(database: name)
        let store = try await SQLJobStore.postgres(url: url, retry: retry)
        var others: [SQLJobStore] = []
        do {
            try await body(store, {
                let s = try await SQLJobStore.postgres(url: url, retry: retry)
                others.append(s)
                return s
            })
        } catch {
            for o in others { await o.close() }
            await store.close()
            throw error
        }
        for o in others { await o.close() }
        await store.close()
    }
}

let t0 = Date(timeIntervalSince1970: 1_800_000_000)

func newJob(_ n: Int = 0, key: String? = nil, requires: [String] = []) -> NewJob {
    NewJob(idempotencyKey: key, sha256: String(repeating: String(n % 10), count: 64), fileName: "sample-\(n).sh",
           options: "{\"profile\":\"default\"}", requirements: requires)
}

/// The same suite against both stores: one interface, one code path, two databases.
@Suite("JobStore conformance (SQLite and PostgreSQL)")
struct JobStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func claimGivesAFreshTokenAndEachJobOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let a = try await store.submit(newJob(1), now: t0).job
            let b = try await store.submit(newJob(2), now: t0.addingTimeInterval(1)).job
            #expect(a.state == .queued)
            let l1 = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: t0.addingTimeInterval(2)))
            let l2 = try #require(try await store.claim(worker: "w2", capabilities: [], lease: 60, now: t0.addingTimeInterval(2)))
            // Oldest first, each to one worker, with different tokens.
            #expect(l1.jobID == a.id)
            #expect(l2.jobID == b.id)
            #expect(l1.token != l2.token)
            #expect(l1.token.count == 32)
            #expect(try await store.claim(worker: "w3", capabilities: [], lease: 60, now: t0.addingTimeInterval(2)) == nil)
            let running = try #require(try await store.job(id: a.id))
            #expect(running.state == .running)
            #expect(running.attempts == 1)
            #expect(running.worker == "w1")
            #expect(l1.expiresAt.timeIntervalSince(t0) == 62)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func heartbeatRenewsAndAStaleTokenIsRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            _ = try await store.submit(newJob(1), now: t0)
            let lease = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: t0))
            // Renewed at 50 s for another 60 s: not expired at 100 s.
            let (renewed, cancel) = try await store.heartbeat(lease, extendBy: 60, now: t0.addingTimeInterval(50))
            #expect(!cancel)
            #expect(renewed.expiresAt.timeIntervalSince(t0) == 110)
            #expect(try await store.rescueExpired(now: t0.addingTimeInterval(100)).isEmpty)
            var forged = lease
            forged.token = SQLJobStore.token()
            await #expect(throws: StoreError.leaseLost(jobID: lease.jobID)) {
                _ = try await store.heartbeat(forged, extendBy: 60, now: t0.addingTimeInterval(60))
            }
            await #expect(throws: StoreError.leaseLost(jobID: lease.jobID)) {
                try await store.setPhase(forged, phase: "running", now: t0.addingTimeInterval(60))
            }
            try await store.setPhase(renewed, phase: "running", now: t0.addingTimeInterval(61))
            #expect(try await store.job(id: lease.jobID)?.phase == "running")
            // Past its expiry a lease is not renewed, even before a rescuer ran.
            await #expect(throws: StoreError.leaseLost(jobID: lease.jobID)) {
                _ = try await store.heartbeat(renewed, extendBy: 60, now: t0.addingTimeInterval(111))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLostLeaseCannotOverwriteTheRerunsResult(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let job = try await store.submit(newJob(1), now: t0).job
            let first = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: t0))
            // w1 stalls; the lease expires and the rescuer requeues the job; w2 claims it.
            let rescued = try await store.rescueExpired(now: t0.addingTimeInterval(61))
            #expect(rescued == [RescuedJob(id: job.id, state: .queued)])
            let second = try #require(try await store.claim(worker: "w2", capabilities: [], lease: 60, now: t0.addingTimeInterval(62)))
            #expect(second.jobID == job.id)
            #expect(second.token != first.token)
            let mine = JobResult(verdict: "benign", score: 3, summary: "second", reportPath: "/r/2.json")
            #expect(try await store.complete(second, result: mine, now: t0.addingTimeInterval(70)) == .reported)
            // w1 wakes up and tries to publish: refused, nothing changed.
            await #expect(throws: StoreError.leaseLost(jobID: job.id)) {
                try await store.complete(first, result: JobResult(verdict: "malicious", score: 99, summary: "first", reportPath: "/r/1.json"), now: t0.addingTimeInterval(71))
            }
            await #expect(throws: StoreError.leaseLost(jobID: job.id)) {
                try await store.fail(first, errorClass: .infrastructure, message: "late", now: t0.addingTimeInterval(72))
            }
            // Published once: the second worker's result, and a completed lease is spent.
            await #expect(throws: StoreError.leaseLost(jobID: job.id)) {
                try await store.complete(second, result: mine, now: t0.addingTimeInterval(73))
            }
            let done = try #require(try await store.job(id: job.id))
            #expect(done.state == .reported)
            #expect(done.summary == "second")
            #expect(done.verdict == "benign")
            #expect(done.score == 3)
            #expect(done.reportPath == "/r/2.json")
            #expect(done.attempts == 2)
            #expect(done.lostLeases == 1)
            #expect(done.finishedAt == t0.addingTimeInterval(70))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoLostLeasesEndTheJobAsWorkerLost(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let job = try await store.submit(newJob(1), now: t0).job
            _ = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 30, now: t0))
            // Not before the lease ends.
            #expect(try await store.rescueExpired(now: t0.addingTimeInterval(29)).isEmpty)
            #expect(try await store.rescueExpired(now: t0.addingTimeInterval(31)) == [RescuedJob(id: job.id, state: .queued)])
            // A second rescuer finds nothing left to do.
            #expect(try await store.rescueExpired(now: t0.addingTimeInterval(31)).isEmpty)
            _ = try #require(try await store.claim(worker: "w2", capabilities: [], lease: 30, now: t0.addingTimeInterval(32)))
            #expect(try await store.rescueExpired(now: t0.addingTimeInterval(70)) == [RescuedJob(id: job.id, state: .workerLost)])
            let lost = try #require(try await store.job(id: job.id))
            #expect(lost.state == .workerLost)
            #expect(lost.lostLeases == 2)
            #expect(lost.error?.contains("w2") == true)
            #expect(lost.finishedAt != nil)
            #expect(try await store.claim(worker: "w3", capabilities: [], lease: 30, now: t0.addingTimeInterval(80)) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func infrastructureFailuresRetryWithBackoffThenFail(kind: StoreKind) async throws {
        var retry = RetryPolicy()
        retry.maxAttempts = 3
        retry.backoffBase = 10
        try await withStore(kind, retry: retry) { store, _ in
            let job = try await store.submit(newJob(1), now: t0).job
            var now = t0
            let l1 = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now))
            #expect(try await store.fail(l1, errorClass: .infrastructure, message: "sandbox set-up failed", now: now) == .queued)
            // Backoff 10 s after the first attempt: not claimable at 9 s, claimable at 10 s.
            #expect(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now.addingTimeInterval(9)) == nil)
            now = now.addingTimeInterval(10)
            let l2 = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now))
            #expect(try await store.fail(l2, errorClass: .infrastructure, message: "again", now: now) == .queued)
            // 20 s after the second.
            #expect(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now.addingTimeInterval(19)) == nil)
            now = now.addingTimeInterval(20)
            let l3 = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now))
            #expect(l3.job.attempts == 3)
            #expect(try await store.fail(l3, errorClass: .infrastructure, message: "third", now: now) == .failed)
            let failed = try #require(try await store.job(id: job.id))
            #expect(failed.state == .failed)
            #expect(failed.errorClass == "infrastructure")
            #expect(failed.error == "third")
            #expect(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now.addingTimeInterval(3600)) == nil)

            // Bad input is final at once.
            let other = try await store.submit(newJob(2), now: now).job
            let l4 = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: now))
            #expect(l4.jobID == other.id)
            #expect(try await store.fail(l4, errorClass: .badInput, message: "unsupported format", now: now) == .failed)
            #expect(try await store.job(id: other.id)?.attempts == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func cancelQueuedAndRunning(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let queued = try await store.submit(newJob(1), now: t0).job
            let running = try await store.submit(newJob(2), now: t0.addingTimeInterval(1)).job
            #expect(try await store.cancel(id: queued.id, now: t0.addingTimeInterval(2)) == .cancelled)
            // The cancelled job is never claimed: the next claim gets the other one.
            let lease = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: t0.addingTimeInterval(3)))
            #expect(lease.jobID == running.id)
            #expect(try await store.cancel(id: running.id, now: t0.addingTimeInterval(4)) == .running)
            let (_, cancel) = try await store.heartbeat(lease, extendBy: 60, now: t0.addingTimeInterval(5))
            #expect(cancel)
            let end = try await store.complete(lease, result: JobResult(verdict: nil, score: nil, summary: "stopped", reportPath: "/r.json"), now: t0.addingTimeInterval(6))
            #expect(end == .cancelled)
            #expect(try await store.job(id: running.id)?.state == .cancelled)
            // Final states stay; an unknown id is nil.
            #expect(try await store.cancel(id: running.id, now: t0.addingTimeInterval(7)) == .cancelled)
            #expect(try await store.cancel(id: "no-such-job", now: t0.addingTimeInterval(7)) == nil)
            let done = try await store.submit(newJob(3), now: t0.addingTimeInterval(8)).job
            let l3 = try #require(try await store.claim(worker: "w1", capabilities: [], lease: 60, now: t0.addingTimeInterval(8)))
            #expect(l3.jobID == done.id)
            try await store.complete(l3, result: JobResult(verdict: "benign", score: 0, summary: "ok", reportPath: "/r3.json"), now: t0.addingTimeInterval(9))
            #expect(try await store.cancel(id: done.id, now: t0.addingTimeInterval(10)) == .reported)
            #expect(try await store.counts() == [.cancelled: 2, .reported: 1])
        }
    }

    /// A submitter's cap on live (queued or running) jobs: over it nothing is queued; final jobs
    /// and other submitters do not count.
    @Test(arguments: StoreKind.allCases)
    func aSubmittersLiveJobsAreCapped(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            func job(_ n: Int, _ who: String, key: String? = nil) -> NewJob {
                var j = newJob(n, key: key)
                j.submitter = who
                j.maxLive = 2
                return j
            }
            let a = try await store.submit(job(1, "gateway", key: "g-1"), now: t0)
            _ = try await store.submit(job(2, "gateway"), now: t0)
            await #expect(throws: StoreError.limitReached(live: 2)) {
                _ = try await store.submit(job(3, "gateway"), now: t0)
            }
            #expect(try await store.submit(job(1, "gateway", key: "g-1"), now: t0) == .existing(a.job))
            var other = job(3, "analyst")
            other.requirements = ["pe:i386"]  // not claimed below: the claim takes a gateway job
            _ = try await store.submit(other, now: t0)
            // Running still counts; a final job does not.
            let lease = try #require(try await store.claim(worker: "w", capabilities: [], lease: 60, now: t0))
            await #expect(throws: StoreError.limitReached(live: 2)) {
                _ = try await store.submit(job(4, "gateway"), now: t0)
            }
            #expect(try await store.complete(lease, result: JobResult(verdict: "benign", score: 0, summary: "s", reportPath: "/nonexistent"), now: t0) == .reported)
            _ = try await store.submit(job(4, "gateway"), now: t0)
            #expect(try await store.counts().values.reduce(0, +) == 4)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func submitIsIdempotentByKey(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let first = try await store.submit(newJob(1, key: "k-1"), now: t0)
            guard case .created(let job) = first else { Issue.record("first submit not created: \(first)"); return }
            let again = try await store.submit(newJob(1, key: "k-1"), now: t0.addingTimeInterval(5))
            #expect(again == .existing(job))
            // The same key for another sample: a conflict naming the first job; nothing queued.
            await #expect(throws: StoreError.idempotencyConflict(existingID: job.id)) {
                _ = try await store.submit(newJob(2, key: "k-1"), now: t0.addingTimeInterval(6))
            }
            var otherOptions = newJob(1, key: "k-1")
            otherOptions.options = "{\"profile\":\"strict\"}"
            await #expect(throws: StoreError.idempotencyConflict(existingID: job.id)) {
                _ = try await store.submit(otherOptions, now: t0.addingTimeInterval(6))
            }
            // Without a key, every submit is a new job.
            let n1 = try await store.submit(newJob(1), now: t0.addingTimeInterval(7))
            let n2 = try await store.submit(newJob(1), now: t0.addingTimeInterval(7))
            #expect(n1.job.id != n2.job.id)
            #expect(try await store.counts() == [.queued: 3])
            #expect(try await store.jobs(sha256: newJob(1).sha256).count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func capabilityRoutingInTheClaim(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let pe32 = try await store.submit(newJob(1, requires: ["pe:i386"]), now: t0).job
            let both = try await store.submit(newJob(2, requires: ["elf:aarch64", "guest:abc"]), now: t0.addingTimeInterval(1)).job
            let any = try await store.submit(newJob(3), now: t0.addingTimeInterval(2)).job
            // A worker without pe:i386 skips the older job and gets the unconstrained one.
            let l1 = try #require(try await store.claim(worker: "x86", capabilities: ["elf:x86_64", "pe:x86_64"], lease: 60, now: t0.addingTimeInterval(3)))
            #expect(l1.jobID == any.id)
            #expect(try await store.claim(worker: "x86", capabilities: ["elf:x86_64", "pe:x86_64"], lease: 60, now: t0.addingTimeInterval(3)) == nil)
            // One of two requirements is not enough.
            #expect(try await store.claim(worker: "arm", capabilities: ["elf:aarch64"], lease: 60, now: t0.addingTimeInterval(3)) == nil)
            let l2 = try #require(try await store.claim(worker: "arm", capabilities: ["guest:abc", "elf:aarch64", "elf:x86_64"], lease: 60, now: t0.addingTimeInterval(3)))
            #expect(l2.jobID == both.id)
            #expect(l2.job.requirements == ["elf:aarch64", "guest:abc"])
            let l3 = try #require(try await store.claim(worker: "wine32", capabilities: ["pe:i386"], lease: 60, now: t0.addingTimeInterval(3)))
            #expect(l3.jobID == pe32.id)
            await #expect(throws: StoreError.self) {
                _ = try await store.submit(newJob(4, requires: ["a,b"]), now: t0)
            }
        }
    }

    /// Concurrent claimers (SQLite: three connections on one file; PostgreSQL: three pools): every
    /// job is claimed exactly once.
    @Test(arguments: StoreKind.allCases)
    func concurrentClaimsTakeEachJobOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store, reopen in
            var ids: Set<String> = []
            for i in 0..<30 { ids.insert(try await store.submit(newJob(i), now: t0.addingTimeInterval(Double(i) / 1000)).job.id) }
            let stores: [SQLJobStore] = [store, try await reopen(), try await reopen()]
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for (n, s) in stores.enumerated() {
                    for k in 0..<2 {
                        group.addTask {
                            var mine: [String] = []
                            while let l = try await s.claim(worker: "w\(n)-\(k)", capabilities: [], lease: 60, now: t0.addingTimeInterval(1)) {
                                mine.append(l.jobID)
                                try await s.complete(l, result: JobResult(verdict: "benign", score: 0, summary: l.worker, reportPath: "/r"), now: t0.addingTimeInterval(2))
                            }
                            return mine
                        }
                    }
                }
                var all: [String] = []
                for try await part in group { all += part }
                return all
            }
            #expect(claimed.count == 30)
            #expect(Set(claimed) == ids)
            #expect(try await store.counts() == [.reported: 30])
        }
    }
}
