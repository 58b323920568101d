import Crypto
import Foundation
import Logging

/// The job store over SQLite or PostgreSQL: every statement is written once and runs on both; the
/// claim's row lock (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the transaction's write lock taken by
/// `BEGIN IMMEDIATE` on SQLite) is the only part that differs.
public final class SQLJobStore: JobStore, @unchecked Sendable {
    let driver: any SQLDriver
    public let retry: RetryPolicy

    init(driver: any SQLDriver, retry: RetryPolicy) {
        self.driver = driver
        self.retry = retry
    }

    /// An embedded database file (one host: `petri serve`).
    public static func sqlite(path: String, retry: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "petri.store")) async throws -> SQLJobStore {
        let s = SQLJobStore(driver: try await SQLiteDriver.open(path: path, logger: logger), retry: retry)
        try await s.migrate()
        return s
    }

    /// A shared PostgreSQL (`postgres://...`): every host's workers claim from it.
    public static func postgres(url: String, retry: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "petri.store")) async throws -> SQLJobStore {
        let s = SQLJobStore(driver: try await PostgresDriver.open(url: url, logger: logger), retry: retry)
        try await s.migrate()
        return s
    }

    /// `postgres://...` or a SQLite file path.
    public static func open(database: String, retry: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "petri.store")) async throws -> SQLJobStore {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            return try await postgres(url: database, retry: retry, logger: logger)
        }
        return try await sqlite(path: database, retry: retry, logger: logger)
    }

    public var dialectName: String { driver.dialect == .sqlite ? "sqlite" : "postgresql" }

    // MARK: schema

    static let schema = [
        """
        CREATE TABLE IF NOT EXISTS petri_jobs (
            id TEXT PRIMARY KEY,
            idempotency_key TEXT UNIQUE,
            fingerprint TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            options TEXT NOT NULL,
            requirements TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            lost_leases BIGINT NOT NULL DEFAULT 0,
            cancel_requested BIGINT NOT NULL DEFAULT 0,
            lease_token TEXT,
            lease_owner TEXT,
            lease_expires BIGINT,
            run_after BIGINT NOT NULL,
            phase TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            finished_at BIGINT,
            error_class TEXT,
            error TEXT,
            verdict TEXT,
            score BIGINT,
            summary TEXT,
            report_path TEXT,
            worker TEXT
        )
        """,
        "CREATE INDEX IF NOT EXISTS petri_jobs_queue ON petri_jobs (state, run_after, created_at)",
        "CREATE INDEX IF NOT EXISTS petri_jobs_lease ON petri_jobs (state, lease_expires)",
        "CREATE INDEX IF NOT EXISTS petri_jobs_sha256 ON petri_jobs (sha256)",
        """
        CREATE TABLE IF NOT EXISTS petri_job_requirements (
            job_id TEXT NOT NULL REFERENCES petri_jobs (id) ON DELETE CASCADE,
            capability TEXT NOT NULL,
            PRIMARY KEY (job_id, capability)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS petri_job_submitters (
            job_id TEXT PRIMARY KEY REFERENCES petri_jobs (id) ON DELETE CASCADE,
            submitter TEXT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS petri_job_submitters_by ON petri_job_submitters (submitter)",
    ]

    public func migrate() async throws {
        // Two processes creating the schema at once can collide on PostgreSQL's catalog; the
        // second try finds the tables there.
        for attempt in 0..<3 {
            do {
                for s in Self.schema { _ = try await driver.query(s, []) }
                return
            } catch {
                if attempt == 2 { throw error }
                try await Task.sleep(nanoseconds: 200_000_000)
            }
        }
    }

    static let columns = "id, idempotency_key, sha256, file_name, options, requirements, state, attempts, lost_leases, cancel_requested, phase, created_at, updated_at, finished_at, error_class, error, verdict, score, summary, report_path, worker, lease_token, lease_owner, lease_expires"

    static func ms(_ d: Date) -> Int { Int((d.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int?) -> Date? { ms.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    static func job(_ r: SQLRow) throws -> Job {
        guard let id = r.text("id"), let stateText = r.text("state"), let state = JobState(rawValue: stateText) else {
            throw StoreError.database("unreadable job row")
        }
        let req = r.text("requirements") ?? ""
        return Job(id: id, idempotencyKey: r.text("idempotency_key"), sha256: r.text("sha256") ?? "", fileName: r.text("file_name") ?? "",
                   options: r.text("options") ?? "{}", requirements: req.isEmpty ? [] : req.split(separator: ",").map(String.init),
                   state: state, attempts: r.int("attempts") ?? 0, lostLeases: r.int("lost_leases") ?? 0,
                   cancelRequested: (r.int("cancel_requested") ?? 0) != 0, phase: r.text("phase"),
                   createdAt: date(r.int("created_at")) ?? Date(timeIntervalSince1970: 0),
                   updatedAt: date(r.int("updated_at")) ?? Date(timeIntervalSince1970: 0),
                   finishedAt: date(r.int("finished_at")), errorClass: r.text("error_class"), error: r.text("error"),
                   verdict: r.text("verdict"), score: r.int("score"), summary: r.text("summary"), reportPath: r.text("report_path"),
                   worker: r.text("worker"))
    }

    /// 128 random bits, hex.
    static func token() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &g)) }.joined()
    }

    static func capabilityNames(_ caps: [String]) throws -> [String] {
        for c in caps where c.isEmpty || c.contains(",") || c.utf8.count > 128 {
            throw StoreError.database("capability names are 1-128 characters without commas: \(ServiceText.short(c))")
        }
        return Array(Set(caps)).sorted()
    }

    // MARK: submit and read

    public func submit(_ new: NewJob, now: Date) async throws -> SubmitOutcome {
        let requirements = try Self.capabilityNames(new.requirements)
        let id = UUID().uuidString.lowercased()
        let t = Self.ms(now)
        let fingerprint = SHA256.hash(data: Data(new.fingerprint.utf8)).map { String(format: "%02x", $0) }.joined()
        let inserted: Bool = try await driver.transaction { db in
            // The token's cap, in the insert's transaction (exact on SQLite, whose transaction holds
            // the write lock; on PostgreSQL two submits racing may both pass).
            if let who = new.submitter, let cap = new.maxLive {
                let live = try await db.query("""
                    SELECT COUNT(*) AS n FROM petri_job_submitters s JOIN petri_jobs j ON j.id = s.job_id
                    WHERE s.submitter = $1 AND j.state IN ('queued', 'running')
                    """, [.text(who)]).first?.int("n") ?? 0
                if live >= cap {
                    // A replay of an earlier submission is not a new job: let it through.
                    var replay = false
                    if let k = new.idempotencyKey {
                        replay = !(try await db.query("SELECT id FROM petri_jobs WHERE idempotency_key = $1", [.text(k)])).isEmpty
                    }
                    if !replay { throw StoreError.limitReached(live: live) }
                }
            }
            let rows = try await db.query("""
                INSERT INTO petri_jobs (id, idempotency_key, fingerprint, sha256, file_name, options, requirements, state, run_after, created_at, updated_at, phase)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $8, $8, 'queued')
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id
                """, [.text(id), new.idempotencyKey.map { .text($0) } ?? .null, .text(fingerprint), .text(new.sha256), .text(new.fileName),
                      .text(new.options), .text(requirements.joined(separator: ",")), .int(t)])
            guard !rows.isEmpty else { return false }
            for c in requirements {
                _ = try await db.query("INSERT INTO petri_job_requirements (job_id, capability) VALUES ($1, $2)", [.text(id), .text(c)])
            }
            if let who = new.submitter {
                _ = try await db.query("INSERT INTO petri_job_submitters (job_id, submitter) VALUES ($1, $2)", [.text(id), .text(who)])
            }
            return true
        }
        if inserted {
            guard let j = try await job(id: id) else { throw StoreError.database("job \(id) vanished after insert") }
            return .created(j)
        }
        let rows = try await driver.query("SELECT \(Self.columns), fingerprint FROM petri_jobs WHERE idempotency_key = $1", [.text(new.idempotencyKey ?? "")])
        guard let row = rows.first else { throw StoreError.database("idempotency key conflict without a row") }
        let existing = try Self.job(row)
        guard row.text("fingerprint") == fingerprint else { throw StoreError.idempotencyConflict(existingID: existing.id) }
        return .existing(existing)
    }

    public func job(id: String) async throws -> Job? {
        try await driver.query("SELECT \(Self.columns) FROM petri_jobs WHERE id = $1", [.text(id)]).first.map(Self.job)
    }

    public func jobs(sha256: String) async throws -> [Job] {
        try await driver.query("SELECT \(Self.columns) FROM petri_jobs WHERE sha256 = $1 ORDER BY created_at, id", [.text(sha256)]).map(Self.job)
    }

    public func counts() async throws -> [JobState: Int] {
        var out: [JobState: Int] = [:]
        for r in try await driver.query("SELECT state, COUNT(*) AS n FROM petri_jobs GROUP BY state", []) {
            if let s = r.text("state").flatMap(JobState.init(rawValue:)) { out[s] = r.int("n") ?? 0 }
        }
        return out
    }

    // MARK: leases

    public func claim(worker: String, capabilities: [String], lease: TimeInterval, now: Date) async throws -> Lease? {
        let caps = try Self.capabilityNames(capabilities)
        let token = Self.token()
        let t = Self.ms(now)
        let expires = Self.ms(now.addingTimeInterval(lease))
        // Routing: no requirement of the job may be missing from the worker's capabilities.
        let placeholders = caps.indices.map { "$\($0 + 5)" }.joined(separator: ", ")
        let missing = caps.isEmpty ? "" : " AND r.capability NOT IN (\(placeholders))"
        // The one dialect-specific part: PostgreSQL skips rows another claim holds; SQLite's
        // BEGIN IMMEDIATE (in `transaction`) already holds the database's write lock.
        let rowLock = driver.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let sql = """
            UPDATE petri_jobs SET state = 'running', lease_token = $1, lease_owner = $2, worker = $2, lease_expires = $3,
                attempts = attempts + 1, updated_at = $4, phase = 'claimed'
            WHERE state = 'queued' AND id = (
                SELECT j.id FROM petri_jobs j
                WHERE j.state = 'queued' AND j.run_after <= $4
                  AND NOT EXISTS (SELECT 1 FROM petri_job_requirements r WHERE r.job_id = j.id\(missing))
                ORDER BY j.created_at, j.id LIMIT 1\(rowLock))
            RETURNING \(Self.columns)
            """
        let binds: [SQLValue] = [.text(token), .text(worker), .int(expires), .int(t)] + caps.map { .text($0) }
        let rows: [SQLRow]
        switch driver.dialect {
        case .sqlite: rows = try await driver.transaction { db in try await db.query(sql, binds) }
        case .postgres: rows = try await driver.query(sql, binds)
        }
        guard let row = rows.first else { return nil }
        return Lease(job: try Self.job(row), token: token, worker: worker, expiresAt: Self.date(expires)!)
    }

    public func heartbeat(_ lease: Lease, extendBy: TimeInterval, now: Date) async throws -> (lease: Lease, cancelRequested: Bool) {
        let expires = Self.ms(now.addingTimeInterval(extendBy))
        let rows = try await driver.query("""
            UPDATE petri_jobs SET lease_expires = $1, updated_at = $2
            WHERE id = $3 AND lease_token = $4 AND state = 'running' AND lease_expires >= $2
            RETURNING cancel_requested
            """, [.int(expires), .int(Self.ms(now)), .text(lease.jobID), .text(lease.token)])
        guard let r = rows.first else { throw StoreError.leaseLost(jobID: lease.jobID) }
        var l = lease
        l.expiresAt = Self.date(expires)!
        return (l, (r.int("cancel_requested") ?? 0) != 0)
    }

    public func setPhase(_ lease: Lease, phase: String, now: Date) async throws {
        let rows = try await driver.query("""
            UPDATE petri_jobs SET phase = $1, updated_at = $2 WHERE id = $3 AND lease_token = $4 AND state = 'running' RETURNING id
            """, [.text(phase), .int(Self.ms(now)), .text(lease.jobID), .text(lease.token)])
        if rows.isEmpty { throw StoreError.leaseLost(jobID: lease.jobID) }
    }

    @discardableResult
    public func complete(_ lease: Lease, result: JobResult, now: Date) async throws -> JobState {
        let t = Self.ms(now)
        let rows = try await driver.query("""
            UPDATE petri_jobs SET state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'reported' END,
                phase = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'reported' END,
                verdict = $1, score = $2, summary = $3, report_path = $4, finished_at = $5, updated_at = $5,
                lease_token = NULL, lease_expires = NULL, error_class = NULL, error = NULL
            WHERE id = $6 AND lease_token = $7 AND state = 'running'
            RETURNING state
            """, [result.verdict.map { .text($0) } ?? .null, result.score.map { .int($0) } ?? .null, .text(result.summary),
                  .text(result.reportPath), .int(t), .text(lease.jobID), .text(lease.token)])
        guard let s = rows.first?.text("state").flatMap(JobState.init(rawValue:)) else { throw StoreError.leaseLost(jobID: lease.jobID) }
        return s
    }

    @discardableResult
    public func fail(_ lease: Lease, errorClass: ErrorClass, message: String, now: Date) async throws -> JobState {
        let t = Self.ms(now)
        let retryAt = Self.ms(now.addingTimeInterval(retry.backoff(afterAttempt: lease.job.attempts)))
        let rows = try await driver.query("""
            UPDATE petri_jobs SET
                state = CASE WHEN cancel_requested = 1 THEN 'cancelled'
                             WHEN $1 = 'infrastructure' AND attempts < $2 THEN 'queued' ELSE 'failed' END,
                finished_at = CASE WHEN cancel_requested = 0 AND $1 = 'infrastructure' AND attempts < $2 THEN NULL ELSE $3 END,
                phase = 'failed', run_after = $4, error_class = $1, error = $5, updated_at = $3,
                lease_token = NULL, lease_owner = NULL, lease_expires = NULL
            WHERE id = $6 AND lease_token = $7 AND state = 'running'
            RETURNING state
            """, [.text(errorClass.rawValue), .int(retry.maxAttempts), .int(t), .int(retryAt), .text(String(message.prefix(2000))),
                  .text(lease.jobID), .text(lease.token)])
        guard let s = rows.first?.text("state").flatMap(JobState.init(rawValue:)) else { throw StoreError.leaseLost(jobID: lease.jobID) }
        return s
    }

    public func cancel(id: String, now: Date) async throws -> JobState? {
        let t = Self.ms(now)
        let rows = try await driver.query("""
            UPDATE petri_jobs SET
                state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,
                phase = CASE WHEN state = 'queued' THEN 'cancelled' ELSE phase END,
                finished_at = CASE WHEN state = 'queued' THEN $1 ELSE finished_at END,
                cancel_requested = CASE WHEN state IN ('queued', 'running') THEN 1 ELSE cancel_requested END,
                updated_at = $1
            WHERE id = $2
            RETURNING state
            """, [.int(t), .text(id)])
        return rows.first?.text("state").flatMap(JobState.init(rawValue:))
    }

    public func rescueExpired(now: Date) async throws -> [RescuedJob] {
        let t = Self.ms(now)
        let rows = try await driver.query("""
            UPDATE petri_jobs SET
                lost_leases = lost_leases + 1,
                state = CASE WHEN cancel_requested = 1 THEN 'cancelled'
                             WHEN lost_leases + 1 >= $1 THEN 'worker_lost'
                             WHEN attempts >= $2 THEN 'failed' ELSE 'queued' END,
                finished_at = CASE WHEN cancel_requested = 0 AND lost_leases + 1 < $1 AND attempts < $2 THEN NULL ELSE $3 END,
                error_class = 'infrastructure',
                error = 'lease of worker ' || COALESCE(lease_owner, '?') || ' expired',
                phase = 'rescued', run_after = $3, updated_at = $3,
                lease_token = NULL, lease_owner = NULL, lease_expires = NULL
            WHERE state = 'running' AND lease_expires < $3
            RETURNING id, state
            """, [.int(retry.maxLostLeases), .int(retry.maxAttempts), .int(t)])
        return rows.compactMap { r in
            guard let id = r.text("id"), let s = r.text("state").flatMap(JobState.init(rawValue:)) else { return nil }
            return RescuedJob(id: id, state: s)
        }.sorted { $0.id < $1.id }
    }

    public func close() async { await driver.close() }
}

enum ServiceText {
    static func short(_ s: String) -> String {
        String(s.prefix(64).map { $0.isASCII && !$0.isNewline && ($0.asciiValue ?? 0) >= 0x20 ? $0 : "?" })
    }
}
