import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Petri
import PetriModel

/// The folders `serve` keeps under `--data`.
public struct DataLayout: Sendable {
    public var root: String
    public init(root: String) { self.root = root }
    public var samples: String { root + "/samples" }
    public var uploads: String { root + "/uploads" }
    public var jobs: String { root + "/jobs" }
    public var database: String { root + "/petri.sqlite" }
    public func sample(_ sha256: String) -> String { samples + "/" + sha256 }

    public func create() throws {
        for d in [root, samples, uploads, jobs] {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }
}

/// A problem with a request: status, a stable code and one line naming it, sent as
/// `{"error": {"code": ..., "message": ...}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status; self.code = code; self.message = message
    }
}

/// Counters for /metrics (Prometheus text format).
final class ServiceMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var submissions = 0
    private var replays = 0
    func request(_ status: Int) { lock.lock(); requests["\(status)", default: 0] += 1; lock.unlock() }
    func submitted(replay: Bool) { lock.lock(); if replay { replays += 1 } else { submissions += 1 }; lock.unlock() }
    func snapshot() -> (requests: [String: Int], submissions: Int, replays: Int) {
        lock.lock(); defer { lock.unlock() }
        return (requests, submissions, replays)
    }
}

/// The HTTP API (`/api/v1`) over a job store. It stores samples and reports; it never runs a sample
/// (workers do).
public final class PetriAPI: Sendable {
    public let store: any JobStore
    public let data: DataLayout
    /// The hard cap on an upload before the profile's own limit is known.
    public let maxUploadBytes: UInt64
    let metrics = ServiceMetrics()
    let logger: Logger
    /// When set, every request but /healthz needs one of these tokens.
    public let tokens: APITokens?

    public init(store: any JobStore, data: DataLayout, maxUploadBytes: UInt64 = 512 << 20, tokens: APITokens? = nil, logger: Logger = Logger(label: "petri.api")) {
        self.store = store; self.data = data; self.maxUploadBytes = maxUploadBytes; self.tokens = tokens; self.logger = logger
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data + Data("\n".utf8))))
    }

    struct ErrorBody: Encodable {
        struct Inner: Encodable { var code: String; var message: String }
        var error: Inner
    }

    static func errorResponse(_ e: APIError) -> Response {
        json(ErrorBody(error: .init(code: e.code, message: Printable.line(e.message))), status: e.status)
    }

    /// Every route's handler: API errors become their JSON body; anything else is a 500 whose body
    /// names no internals.
    func handle(_ body: () async throws -> Response) async -> Response {
        let r: Response
        do { r = try await body() } catch let e as APIError {
            r = Self.errorResponse(e)
        } catch {
            logger.error("internal error: \(error)")
            r = Self.errorResponse(APIError(.internalServerError, "internal", "internal server error"))
        }
        metrics.request(r.status.code)
        return r
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        if let tokens { router.add(middleware: TokenMiddleware(tokens: tokens, metrics: metrics)) }
        let api = router.group("api/v1")
        api.post("submissions") { req, ctx in await self.handle { try await self.submit(req, ctx) } }
        api.get("submissions/:id") { req, ctx in await self.handle { try await self.status(ctx) } }
        api.delete("submissions/:id") { req, ctx in await self.handle { try await self.cancel(ctx) } }
        api.get("submissions/:id/report") { req, ctx in await self.handle { try await self.report(ctx) } }
        api.get("samples/:sha256") { req, ctx in await self.handle { try await self.sample(ctx) } }
        api.get("healthz") { _, _ in await self.handle { try await self.health() } }
        router.get("healthz") { _, _ in await self.handle { try await self.health() } }
        api.get("metrics") { _, _ in await self.handle { try await self.metricsText() } }
        router.get("metrics") { _, _ in await self.handle { try await self.metricsText() } }
        return router
    }

    // MARK: views

    struct JobView: Encodable {
        var id: String
        var state: String
        var phase: String?
        var sha256: String
        var file_name: String
        var options: SubmissionOptions
        var requirements: [String]
        var attempts: Int
        var lost_leases: Int
        var cancel_requested: Bool
        var created_at: Date
        var updated_at: Date
        var finished_at: Date?
        var verdict: String?
        var score: Double?
        var summary: String?
        var error_class: String?
        var error: String?
        var links: [String: String]

        init(_ j: Job) {
            id = j.id; state = j.state.rawValue; phase = j.phase; sha256 = j.sha256; file_name = j.fileName
            options = (try? SubmissionOptions.decode(j.options)) ?? SubmissionOptions()
            requirements = j.requirements; attempts = j.attempts; lost_leases = j.lostLeases; cancel_requested = j.cancelRequested
            created_at = j.createdAt; updated_at = j.updatedAt; finished_at = j.finishedAt
            verdict = j.verdict; score = j.score.map { Double($0) / 10 }; summary = j.summary
            error_class = j.errorClass; error = j.error
            links = ["self": "/api/v1/submissions/\(j.id)"]
            if j.reportPath != nil { links["report"] = "/api/v1/submissions/\(j.id)/report" }
        }
    }

    static func validID(_ s: String) -> Bool {
        s.utf8.count == 36 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || $0 == 0x2d }
    }

    func job(_ ctx: BasicRequestContext) async throws -> Job {
        let id = ctx.parameters.get("id") ?? ""
        guard Self.validID(id), let j = try await store.job(id: id) else {
            throw APIError(.notFound, "not_found", "no submission \(ServiceText.short(id))")
        }
        return j
    }

    func status(_ ctx: BasicRequestContext) async throws -> Response {
        Self.json(JobView(try await job(ctx)))
    }

    func cancel(_ ctx: BasicRequestContext) async throws -> Response {
        let j = try await job(ctx)
        _ = try await store.cancel(id: j.id, now: Date())
        guard let after = try await store.job(id: j.id) else { throw APIError(.notFound, "not_found", "no submission \(j.id)") }
        return Self.json(JobView(after), status: .accepted)
    }

    func report(_ ctx: BasicRequestContext) async throws -> Response {
        let j = try await job(ctx)
        guard let path = j.reportPath else {
            throw APIError(.conflict, "report_not_ready", "submission \(j.id) has no report (state \(j.state.rawValue))")
        }
        // Only files under the data folder are served.
        guard path.hasPrefix(data.jobs + "/"), !path.contains("/../"), let bytes = FileManager.default.contents(atPath: path) else {
            throw APIError(.notFound, "report_missing", "the report of submission \(j.id) is not on this server")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func sample(_ ctx: BasicRequestContext) async throws -> Response {
        let sha = (ctx.parameters.get("sha256") ?? "").lowercased()
        guard sha.utf8.count == 64, sha.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw APIError(.badRequest, "bad_sha256", "not a SHA-256 (64 hex digits): \(ServiceText.short(sha))")
        }
        let jobs = try await store.jobs(sha256: sha)
        if jobs.isEmpty { throw APIError(.notFound, "not_found", "no submission of sample \(sha)") }
        struct SampleView: Encodable { var sha256: String; var submissions: [JobView] }
        return Self.json(SampleView(sha256: sha, submissions: jobs.map(JobView.init)))
    }

    func health() async throws -> Response {
        do { _ = try await store.counts() } catch {
            throw APIError(.serviceUnavailable, "store_unavailable", "the job store does not answer")
        }
        return Self.json(["status": "ok"])
    }

    func metricsText() async throws -> Response {
        let counts = try await store.counts()
        let m = metrics.snapshot()
        var out = "# HELP petri_jobs Jobs in the store by state.\n# TYPE petri_jobs gauge\n"
        for s in JobState.allCases { out += "petri_jobs{state=\"\(s.rawValue)\"} \(counts[s] ?? 0)\n" }
        out += "# HELP petri_submissions_total Submissions queued by this server.\n# TYPE petri_submissions_total counter\n"
        out += "petri_submissions_total \(m.submissions)\n"
        out += "# HELP petri_submission_replays_total Submissions answered from an earlier Idempotency-Key.\n# TYPE petri_submission_replays_total counter\n"
        out += "petri_submission_replays_total \(m.replays)\n"
        out += "# HELP petri_http_responses_total HTTP responses by status code.\n# TYPE petri_http_responses_total counter\n"
        for (code, n) in m.requests.sorted(by: { $0.key < $1.key }) { out += "petri_http_responses_total{code=\"\(code)\"} \(n)\n" }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: out)))
    }

    // MARK: submit

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    func submit(_ req: Request, _ ctx: BasicRequestContext) async throws -> Response {
        guard let boundary = MultipartReader.boundary(contentType: req.headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, "not_multipart", "POST /submissions takes multipart/form-data with a \"file\" part (and an optional \"options\" JSON part)")
        }
        var key: String? = nil
        if let k = req.headers[Self.idempotencyKey] {
            guard !k.isEmpty, k.utf8.count <= 255, k.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
                throw APIError(.badRequest, "bad_idempotency_key", "Idempotency-Key must be 1-255 printable ASCII characters without spaces")
            }
            key = k
        }
        if let len = req.headers[.contentLength].flatMap(UInt64.init), len > maxUploadBytes + 64 * 1024 {
            throw APIError(.contentTooLarge, "file_too_large", "the request is \(len) bytes, over this server's limit of \(maxUploadBytes) bytes")
        }
        var reader = MultipartReader(boundary: boundary, fileLimit: maxUploadBytes, directory: data.uploads)
        do {
            for try await chunk in req.body {
                try chunk.withUnsafeReadableBytes { try reader.feed($0) }
            }
        } catch let p as MultipartReader.Problem {
            reader.discard()
            throw Self.apiError(p)
        } catch {
            reader.discard()
            throw APIError(.badRequest, "bad_body", "the request body could not be read")
        }
        let parts: (fields: [String: Data], upload: MultipartReader.Upload?)
        do { parts = try reader.finish() } catch let p as MultipartReader.Problem { throw Self.apiError(p) }
        guard let upload = parts.upload else {
            throw APIError(.badRequest, "missing_file", "no \"file\" part in the multipart body")
        }
        var keep = false
        defer { if !keep { try? FileManager.default.removeItem(atPath: upload.path) } }
        if upload.size == 0 { throw APIError(.badRequest, "empty_file", "the file is empty") }
        let options: SubmissionOptions
        do { options = try SubmissionOptions.parse(parts.fields["options"] ?? Data()) } catch let e as SubmissionOptions.Invalid {
            throw APIError(.unprocessableContent, "invalid_options", e.message)
        }
        let profile: Profile
        do { profile = try options.loadProfile() } catch let e as SubmissionOptions.Invalid {
            throw APIError(.unprocessableContent, "unknown_profile", e.message)
        }
        if upload.size > profile.policy.maxSampleBytes {
            throw APIError(.contentTooLarge, "file_too_large", "the file is \(upload.size) bytes, over profile \(profile.name)'s limit of \(profile.policy.maxSampleBytes) bytes")
        }
        let fileName = Self.fileName(upload.fileName)
        // The checks `analyze` makes before anything runs (type, ELF load problems), on the stored copy.
        let detected: FileTypeDetector.Result
        do { (_, detected) = try Analysis.intake(path: upload.path, policy: profile.policy, name: fileName, displayPath: fileName) } catch let e as PetriError {
            throw APIError(.unprocessableContent, "unsupported_sample", e.description)
        }
        let stored = data.sample(upload.sha256)
        var storedNow = false
        if FileManager.default.fileExists(atPath: stored) {
            try? FileManager.default.removeItem(atPath: upload.path)
        } else if rename(upload.path, stored) != 0 {
            throw APIError(.internalServerError, "store_failed", "the sample could not be stored")
        } else {
            storedNow = true
        }
        keep = true
        var new = NewJob(idempotencyKey: key, sha256: upload.sha256, fileName: fileName, options: options.encoded(),
                         requirements: Capabilities.required(for: detected))
        if let tokens, let e = tokens.entry(authorization: req.headers[.authorization] ?? "") {
            new.submitter = e.name
            new.maxLive = e.maxQueued
        }
        let outcome: SubmitOutcome
        do { outcome = try await store.submit(new, now: Date()) } catch StoreError.limitReached(let live) {
            if storedNow, (try? await store.jobs(sha256: upload.sha256).isEmpty) == true { try? FileManager.default.removeItem(atPath: stored) }
            throw APIError(.tooManyRequests, "too_many_queued", "token \(new.submitter ?? "") has \(live) submissions queued or running, its limit (max_queued); submit again when one is done")
        } catch StoreError.idempotencyConflict(let id) {
            // Nothing queued: the sample this request brought goes too, unless a job has it.
            if storedNow, (try? await store.jobs(sha256: upload.sha256).isEmpty) == true { try? FileManager.default.removeItem(atPath: stored) }
            throw APIError(.conflict, "idempotency_conflict", "Idempotency-Key was already used for a different sample or options (submission \(id))")
        }
        switch outcome {
        case .created(let j):
            metrics.submitted(replay: false)
            var h = HTTPFields()
            h[.location] = "/api/v1/submissions/\(j.id)"
            return Self.json(JobView(j), status: .accepted, headers: h)
        case .existing(let j):
            metrics.submitted(replay: true)
            var h = HTTPFields()
            h[.location] = "/api/v1/submissions/\(j.id)"
            h[Self.replayed] = "true"
            return Self.json(JobView(j), status: .ok, headers: h)
        }
    }

    /// The upload's own name (last path component, at most 200 bytes), or `sample`.
    static func fileName(_ s: String) -> String {
        var n = String(s.split(separator: "/").last ?? "")
        n = String(n.split(separator: "\\").last ?? "")
        if n.isEmpty || n == "." || n == ".." || n.utf8.contains(0) { return "sample" }
        while n.utf8.count > 200 { n.removeLast() }
        return n
    }

    static func apiError(_ p: MultipartReader.Problem) -> APIError {
        switch p {
        case .notMultipart: return APIError(.unsupportedMediaType, "not_multipart", "not a multipart/form-data body")
        case .malformed(let m): return APIError(.badRequest, "bad_multipart", m)
        case .fileTooLarge(let limit): return APIError(.contentTooLarge, "file_too_large", "the file is over this server's limit of \(limit) bytes")
        case .fieldTooLarge(let n): return APIError(.contentTooLarge, "field_too_large", "the \"\(ServiceText.short(n))\" part is over 64 KiB")
        }
    }
}

/// `petri serve`: the API, N local workers and a rescuer in one process.
public struct PetriServer: Sendable {
    public var host: String
    public var port: Int
    public var workers: Int
    public var data: DataLayout
    public var database: String?
    public var lease: TimeInterval = 60
    public var heartbeat: TimeInterval = 20
    public var maxUploadBytes: UInt64 = 512 << 20
    public var tokens: APITokens? = nil

    public init(host: String = "127.0.0.1", port: Int = 8470, workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2),
                data: DataLayout, database: String? = nil) {
        self.host = host; self.port = port; self.workers = workers; self.data = data; self.database = database
    }

    /// Runs until cancelled or SIGTERM/SIGINT (when `signals`). `onListening` gets the bound port.
    public func run(analyzer: any SampleAnalyzer = PipelineAnalyzer(), signals: Bool = true, logger: Logger = Logger(label: "petri.serve"),
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try data.create()
        let store = try await SQLJobStore.open(database: database ?? data.database, logger: logger)
        let api = PetriAPI(store: store, data: data, maxUploadBytes: maxUploadBytes, tokens: tokens, logger: logger)
        let app = Application(
            router: api.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "petri"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let data = self.data
        let hostName = ProcessInfo.processInfo.hostName
        var settings: [Worker.Settings] = []
        for i in 0..<workers {
            var s = Worker.Settings(name: "\(hostName)-\(getpid())-\(i)")
            s.lease = lease
            s.heartbeat = heartbeat
            settings.append(s)
        }
        let rescueEvery = max(1, lease / 6)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    if signals { try await app.runService() } else { try await app.run() }
                }
                for s in settings {
                    let w = Worker(store: store, settings: s, analyzer: analyzer, outputRoot: data.jobs, logger: logger) { job in data.sample(job.sha256) }
                    group.addTask { await w.run() }
                }
                group.addTask { await Rescuer(store: store, interval: rescueEvery, logger: logger).run() }
                // The server ending (signal, error) ends the workers.
                _ = try await group.next()
                group.cancelAll()
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
