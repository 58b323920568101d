import Foundation

/// Where a job is. `queued` and `running` are live; the others are final.
public enum JobState: String, Codable, Sendable, CaseIterable {
    case queued, running, reported, failed, cancelled
    case workerLost = "worker_lost"

    public var isFinal: Bool { self != .queued && self != .running }
}

/// Why a worker gave a job back. Only infrastructure failures are retried; the sample crashing or
/// timing out is a result (`complete`), not a failure.
public enum ErrorClass: String, Codable, Sendable {
    /// The worker's side failed (sandbox set-up, disk, a lost dependency): retried with backoff.
    case infrastructure
    /// The sample or its options were refused (e.g. by intake on the worker): final, never retried.
    case badInput = "bad_input"
}

/// A job as the store keeps it.
public struct Job: Codable, Sendable, Equatable {
    public var id: String
    public var idempotencyKey: String?
    public var sha256: String
    public var fileName: String
    /// The submission's options as canonical JSON (SubmissionOptions).
    public var options: String
    public var requirements: [String]
    public var state: JobState
    /// Claims so far (every claim is an attempt).
    public var attempts: Int
    /// Leases that expired without the worker finishing (the rescuer counted them).
    public var lostLeases: Int
    public var cancelRequested: Bool
    public var phase: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    public var errorClass: String?
    public var error: String?
    public var verdict: String?
    public var score: Int?
    public var summary: String?
    public var reportPath: String?
    public var worker: String?
}

/// What a submitter hands the store.
public struct NewJob: Sendable {
    public var idempotencyKey: String?
    public var sha256: String
    public var fileName: String
    public var options: String
    /// Capabilities a worker must have to claim it (e.g. `elf:x86_64`, `pe:i386`, `guest:<id>`).
    public var requirements: [String]
    /// The API token's name that submitted it, and that token's cap on its live (queued or
    /// running) jobs: over it, `submit` throws `limitReached` and queues nothing.
    public var submitter: String? = nil
    public var maxLive: Int? = nil
    public init(idempotencyKey: String? = nil, sha256: String, fileName: String, options: String = "{}", requirements: [String] = []) {
        self.idempotencyKey = idempotencyKey; self.sha256 = sha256; self.fileName = fileName
        self.options = options; self.requirements = requirements
    }
    /// Two submissions are the same request when sample and options are the same.
    var fingerprint: String { sha256 + "\n" + options + "\n" + requirements.sorted().joined(separator: ",") }
}

public enum SubmitOutcome: Sendable, Equatable {
    /// A new job was queued.
    case created(Job)
    /// The Idempotency-Key was seen before with the same sample and options: that job, nothing queued.
    case existing(Job)
    public var job: Job { switch self { case .created(let j), .existing(let j): return j } }
}

/// A claim: the job and the fresh token every later write must carry.
public struct Lease: Sendable, Equatable {
    public var job: Job
    public var token: String
    public var worker: String
    public var expiresAt: Date
    public var jobID: String { job.id }
}

/// What a worker publishes when the analysis ran (whatever the sample did).
public struct JobResult: Sendable, Equatable {
    public var verdict: String?
    public var score: Int?
    public var summary: String
    public var reportPath: String
    public init(verdict: String?, score: Int?, summary: String, reportPath: String) {
        self.verdict = verdict; self.score = score; self.summary = summary; self.reportPath = reportPath
    }
}

public struct RescuedJob: Sendable, Equatable {
    public var id: String
    public var state: JobState
}

public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The write carried a token that is no longer the job's: another claim owns it now, or the
    /// rescuer took it back. Nothing was written.
    case leaseLost(jobID: String)
    /// The Idempotency-Key was used before for a different sample or options.
    case idempotencyConflict(existingID: String)
    case badURL(String)
    case database(String)
    /// The submitter already has this many live jobs (its token's cap).
    case limitReached(live: Int)

    public var description: String {
        switch self {
        case .leaseLost(let id): return "lease lost on job \(id): a later claim owns it, nothing written"
        case .idempotencyConflict(let id): return "Idempotency-Key already used for a different sample or options (job \(id))"
        case .badURL(let s): return "not a database URL: \(s)"
        case .database(let s): return "database: \(s)"
        case .limitReached(let n): return "\(n) submissions of this token are queued or running, its limit"
        }
    }
}

/// How often an infrastructure failure is retried, how long it waits, and how many lost leases end a job.
public struct RetryPolicy: Sendable, Equatable {
    /// Claims a job may have in all (first run included).
    public var maxAttempts: Int = 3
    /// Backoff before retry n (n = 1, 2, ...): base * 2^(n-1), at most `maxBackoff`.
    public var backoffBase: TimeInterval = 5
    public var maxBackoff: TimeInterval = 300
    /// A job that has cost this many workers their lease ends as `worker_lost`.
    public var maxLostLeases: Int = 2
    public init() {}

    func backoff(afterAttempt n: Int) -> TimeInterval {
        min(maxBackoff, backoffBase * pow(2, Double(max(0, n - 1))))
    }
}

/// The job store: one interface, one code path, two databases (SQLite for one host, PostgreSQL for
/// many). Every write a worker makes carries its lease token; a stale token writes nothing.
/// Times are passed in (`now`) so that leases can be tested without sleeping.
public protocol JobStore: Sendable {
    /// Creates the schema when missing (idempotent).
    func migrate() async throws
    func submit(_ job: NewJob, now: Date) async throws -> SubmitOutcome
    func job(id: String) async throws -> Job?
    /// The oldest queued job whose requirements are all among `capabilities`, leased to `worker`
    /// until now + lease with a fresh token; nil when there is none.
    func claim(worker: String, capabilities: [String], lease: TimeInterval, now: Date) async throws -> Lease?
    /// Extends the lease; returns whether a cancel was requested. Throws `leaseLost`.
    func heartbeat(_ lease: Lease, extendBy: TimeInterval, now: Date) async throws -> (lease: Lease, cancelRequested: Bool)
    /// A fenced progress note (e.g. "static", "running"). Throws `leaseLost`.
    func setPhase(_ lease: Lease, phase: String, now: Date) async throws
    /// Publishes the result: `reported` (or `cancelled` when a cancel was requested). Throws `leaseLost`.
    @discardableResult
    func complete(_ lease: Lease, result: JobResult, now: Date) async throws -> JobState
    /// Gives the job back: infrastructure → queued after backoff while attempts remain, else failed;
    /// bad input → failed. Throws `leaseLost`.
    @discardableResult
    func fail(_ lease: Lease, errorClass: ErrorClass, message: String, now: Date) async throws -> JobState
    /// Queued → cancelled at once; running → cancel requested (the worker sees it on its next heartbeat).
    /// Returns the state after, nil for an unknown id.
    func cancel(id: String, now: Date) async throws -> JobState?
    /// Requeues jobs whose lease expired; a job that has lost `maxLostLeases` leases ends as worker_lost.
    func rescueExpired(now: Date) async throws -> [RescuedJob]
    func counts() async throws -> [JobState: Int]
    func jobs(sha256: String) async throws -> [Job]
    func close() async
}

public extension JobStore {
    func submit(_ job: NewJob) async throws -> SubmitOutcome { try await submit(job, now: Date()) }
}
