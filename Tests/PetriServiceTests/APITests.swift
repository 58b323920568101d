import Foundation
import PetriTestSupport
import Testing
@testable import PetriService

/// A real server on a loopback port (Hummingbird), a real SQLite store, a real HTTP client.
final class TestServer: @unchecked Sendable {
    let data: DataLayout
    let port: Int
    let task: Task<Void, Error>
    var client: PetriClient { PetriClient(server: URL(string: "http://127.0.0.1:\(port)")!) }

    private init(data: DataLayout, port: Int, task: Task<Void, Error>) { self.data = data; self.port = port; self.task = task }

    static func start(workers: Int = 0, analyzer: any SampleAnalyzer = PipelineAnalyzer(), maxUpload: UInt64 = 512 << 20,
                      lease: TimeInterval = 60, database: String? = nil) async throws -> TestServer {
        let data = DataLayout(root: TempFolders.make("serve"))
        var server = PetriServer(host: "127.0.0.1", port: 0, workers: workers, data: data, database: database)
        server.maxUploadBytes = maxUpload
        server.lease = lease
        server.heartbeat = lease / 3
        let s = server
        let (ports, cont) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await s.run(analyzer: analyzer, signals: false, onListening: { cont.yield($0) }) }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next(), port > 0 else { task.cancel(); throw PetriClient.Failure(message: "server did not start") }
        return TestServer(data: data, port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(atPath: data.root)
    }

    /// A store on the server's own database (to look behind the API).
    func store() async throws -> SQLJobStore { try await SQLJobStore.sqlite(path: data.database) }
}

let script = Data("#!/bin/sh\necho hello from a harmless test script\n".utf8)

/// Waits (polling the API) until the submission is final.
func waitFinal(_ client: PetriClient, _ id: String, seconds: Double = 120) async throws -> [String: Any] {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        let r = try await client.request("GET", "/api/v1/submissions/\(id)")
        if let j = r.json, let s = j["state"] as? String, !["queued", "running"].contains(s) { return j }
        try await Task.sleep(nanoseconds: 100_000_000)
    }
    throw PetriClient.Failure(message: "submission \(id) not final after \(seconds) s")
}

/// Writes a stand-in report so the API's lifecycle can be tested without a sandbox run.
struct StubAnalyzer: SampleAnalyzer {
    var delay: TimeInterval = 0
    func analyze(_ work: AnalysisWork) throws -> AnalysisProduct {
        let end = Date().addingTimeInterval(delay)
        while Date() < end && !work.cancel.isSet { Thread.sleep(forTimeInterval: 0.02) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: work.samplePath))
        let path = work.outputDirectory + "/report.json"
        try Data("{\"stub\":true,\"size\":\(bytes.count)}".utf8).write(to: URL(fileURLWithPath: path))
        return JobResult(verdict: "benign", score: 12, summary: "benign: \(work.job.fileName) exited 0", reportPath: path)
    }
}

@Suite("HTTP API (real server on loopback)", .serialized)
struct APITests {
    @Test func badInputGetsTheRight4xxWithAJSONBodyAndNothingIsQueued() async throws {
        let server = try await TestServer.start(workers: 0, maxUpload: 4096)
        defer { Task { await server.stop() } }
        let c = server.client
        func expect(_ r: PetriClient.HTTPResult, _ status: Int, _ code: String, _ mentions: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(r.status == status, "\(String(decoding: r.body, as: UTF8.self))", sourceLocation: sourceLocation)
            #expect(r.headers["content-type"] == "application/json", sourceLocation: sourceLocation)
            #expect(r.errorCode == code, sourceLocation: sourceLocation)
            if let m = mentions { #expect(r.errorMessage?.contains(m) == true, "\(r.errorMessage ?? "")", sourceLocation: sourceLocation) }
        }
        // Not multipart.
        expect(try await c.request("POST", "/api/v1/submissions", body: script, headers: ["Content-Type": "application/octet-stream"]), 415, "not_multipart")
        // No file part.
        let (noFile, ct1) = (Data("--b\r\nContent-Disposition: form-data; name=\"options\"\r\n\r\n{}\r\n--b--\r\n".utf8), "multipart/form-data; boundary=b")
        expect(try await c.request("POST", "/api/v1/submissions", body: noFile, headers: ["Content-Type": ct1]), 400, "missing_file")
        // Truncated body (no closing boundary).
        let truncated = Data("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n#!/bin/sh\n".utf8)
        expect(try await c.request("POST", "/api/v1/submissions", body: truncated, headers: ["Content-Type": ct1]), 400, "bad_multipart")
        expect(try await c.submit(file: Data(), fileName: "empty.sh", options: nil), 400, "empty_file")
        expect(try await c.submit(file: Data(repeating: 0x41, count: 5000), fileName: "big.sh", options: nil), 413, "file_too_large", "4096")
        func raw(_ options: String) async throws -> PetriClient.HTTPResult {
            let (b, ct) = PetriClient.multipart(file: script, fileName: "s.sh", options: Data(options.utf8))
            return try await c.request("POST", "/api/v1/submissions", body: b, headers: ["Content-Type": ct])
        }
        expect(try await raw("{not json"), 422, "invalid_options", "JSON")
        expect(try await raw("{\"profil\":\"default\"}"), 422, "invalid_options", "profil")
        expect(try await raw("{\"timeout\":\"soon\"}"), 422, "invalid_options", "timeout")
        expect(try await raw("{\"network\":\"internet\"}"), 422, "invalid_options", "network")
        expect(try await raw("{\"profile\":\"../../etc/passwd\"}"), 422, "invalid_options", "profile")
        expect(try await raw("{\"profile\":\"no-such-profile\"}"), 422, "unknown_profile", "no-such-profile")
        expect(try await c.submit(file: Data([0x00, 0x01, 0x02, 0x03, 0x04, 0x05]), fileName: "data.bin", options: nil), 422, "unsupported_sample", "unsupported")
        expect(try await c.request("GET", "/api/v1/submissions/00000000-0000-0000-0000-000000000000"), 404, "not_found")
        expect(try await c.request("GET", "/api/v1/submissions/..%2F..%2Fetc"), 404, "not_found")
        expect(try await c.request("DELETE", "/api/v1/submissions/00000000-0000-0000-0000-000000000000"), 404, "not_found")
        expect(try await c.request("GET", "/api/v1/samples/xyz"), 400, "bad_sha256")
        expect(try await c.submit(file: script, fileName: "s.sh", options: nil, idempotencyKey: "has space"), 400, "bad_idempotency_key")
        // Nothing queued, no upload left behind.
        let store = try await server.store()
        #expect(try await store.counts().isEmpty)
        await store.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.data.uploads).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.data.samples).isEmpty)
        let health = try await c.request("GET", "/api/v1/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
    }

    @Test func idempotencyKeyReturnsTheFirstSubmission() async throws {
        let server = try await TestServer.start(workers: 0)
        defer { Task { await server.stop() } }
        let c = server.client
        let first = try await c.submit(file: script, fileName: "hello.sh", options: SubmissionOptions(timeout: "5s"), idempotencyKey: "mail-4711")
        #expect(first.status == 202)
        let id = try #require(first.json?["id"] as? String)
        #expect(first.headers["location"] == "/api/v1/submissions/\(id)")
        #expect(first.json?["state"] as? String == "queued")
        #expect(first.json?["requirements"] as? [String] == ["script"])
        let again = try await c.submit(file: script, fileName: "hello.sh", options: SubmissionOptions(timeout: "5s"), idempotencyKey: "mail-4711")
        #expect(again.status == 200)
        #expect(again.json?["id"] as? String == id)
        #expect(again.headers["idempotent-replayed"] == "true")
        let other = try await c.submit(file: Data("#!/bin/sh\necho other\n".utf8), fileName: "other.sh", options: nil, idempotencyKey: "mail-4711")
        #expect(other.status == 409)
        #expect(other.errorCode == "idempotency_conflict")
        #expect(other.errorMessage?.contains(id) == true)
        let store = try await server.store()
        #expect(try await store.counts() == [.queued: 1])
        await store.close()
        // The sample is stored once, by its SHA-256, and listed under it.
        let files = try FileManager.default.contentsOfDirectory(atPath: server.data.samples)
        #expect(files.count == 1)
        let sha = try #require(files.first)
        let listed = try await c.request("GET", "/api/v1/samples/\(sha)")
        #expect(listed.status == 200)
        #expect((listed.json?["submissions"] as? [[String: Any]])?.first?["id"] as? String == id)
        // Cancel while queued.
        let cancelled = try await c.request("DELETE", "/api/v1/submissions/\(id)")
        #expect(cancelled.status == 202)
        #expect(cancelled.json?["state"] as? String == "cancelled")
        let report = try await c.request("GET", "/api/v1/submissions/\(id)/report")
        #expect(report.status == 409)
        #expect(report.errorCode == "report_not_ready")
    }

    @Test func aSubmissionIsRunByALocalWorkerAndReported() async throws {
        let server = try await TestServer.start(workers: 2, analyzer: StubAnalyzer(delay: 0.2))
        defer { Task { await server.stop() } }
        let c = server.client
        var ids: [String] = []
        for i in 0..<6 {
            let r = try await c.submit(file: Data("#!/bin/sh\necho \(i)\n".utf8), fileName: "s\(i).sh", options: nil)
            #expect(r.status == 202)
            ids.append(try #require(r.json?["id"] as? String))
        }
        for id in ids {
            let j = try await waitFinal(c, id, seconds: 60)
            #expect(j["state"] as? String == "reported")
            #expect(j["verdict"] as? String == "benign")
            #expect(j["score"] as? Double == 1.2)
            #expect(j["attempts"] as? Int == 1)
            let report = try await c.request("GET", "/api/v1/submissions/\(id)/report")
            #expect(report.status == 200)
            #expect(String(decoding: report.body, as: UTF8.self).contains("\"stub\":true"))
        }
        let metrics = try await c.request("GET", "/metrics")
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains("petri_jobs{state=\"reported\"} 6"))
        #expect(text.contains("petri_submissions_total 6"))
    }

    /// The real pipeline behind the API: a harmless script through serve's local worker.
    @Test func theRealPipelineRunsASubmittedScript() async throws {
        guard Prerequisites.require(geteuid() == 0, "root (the sandbox needs it)") else { return }
        let server = try await TestServer.start(workers: 1)
        defer { Task { await server.stop() } }
        let c = server.client
        let r = try await c.submit(file: script, fileName: "hello.sh", options: SubmissionOptions(timeout: "20s", network: "none"))
        #expect(r.status == 202)
        let id = try #require(r.json?["id"] as? String)
        let j = try await waitFinal(c, id, seconds: 240)
        #expect(j["state"] as? String == "reported", "\(j)")
        #expect((j["summary"] as? String)?.contains("hello.sh") == true)
        let report = try await c.request("GET", "/api/v1/submissions/\(id)/report")
        #expect(report.status == 200)
        let text = String(decoding: report.body, as: UTF8.self)
        #expect(text.contains("hello from a harmless test script"))
    }
}

/// `petri submit` (the built binary) against a real server.
@Suite("petri submit", .serialized)
struct SubmitCLITests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static func petri(_ args: [String]) throws -> Run? {
        guard let bin = Prerequisites.built(".build/debug/petri", by: "build") else { return nil }
        let dir = TempFolders.make("spawn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // posix_spawn with output files (Foundation's pipe reads died on EINTR here).
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, dir + "/err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = [bin] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, bin, &actions, nil, &cargs, environ)
        if rc != 0 { Issue.record("cannot start petri: \(rc)"); return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        return Run(status: code, stdout: out, stderr: err)
    }

    @Test func badInputExitsTwoAndAnUnreachableServerOne() async throws {
        let server = try await TestServer.start(workers: 0)
        defer { Task { await server.stop() } }
        let dir = TempFolders.make("submit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = dir + "/empty.sh"
        FileManager.default.createFile(atPath: empty, contents: Data())
        let url = "http://127.0.0.1:\(server.port)"
        // Refused by the server (400 empty_file): exit 2, one line with the server's message.
        let r1 = try #require(try Self.petri(["submit", empty, "--server", url]))
        #expect(r1.status == 2)
        #expect(r1.stderr.contains("empty_file"))
        #expect(r1.stderr.split(separator: "\n").count == 1)
        // Refused by the client before anything is sent.
        let r2 = try #require(try Self.petri(["submit", dir + "/missing.sh", "--server", url]))
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("not found"))
        let sample = dir + "/s.sh"
        FileManager.default.createFile(atPath: sample, contents: script)
        let r3 = try #require(try Self.petri(["submit", sample, "--server", url, "--timeout", "forever"]))
        #expect(r3.status == 2)
        #expect(r3.stderr.contains("timeout"))
        // Nobody listens on port 9 of loopback: petri's side, exit 1.
        let r4 = try #require(try Self.petri(["submit", sample, "--server", "http://127.0.0.1:9"]))
        #expect(r4.status == 1)
        #expect(r4.stderr.contains("cannot reach"))
        let store = try await server.store()
        #expect(try await store.counts().isEmpty)
        await store.close()
    }

    /// serve's local worker runs the real pipeline; `submit --wait` prints analyze's summary, exit 0.
    @Test func submitWaitPrintsTheSummary() async throws {
        guard Prerequisites.require(geteuid() == 0, "root (the sandbox needs it)") else { return }
        let server = try await TestServer.start(workers: 1)
        defer { Task { await server.stop() } }
        let dir = TempFolders.make("submit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sample = dir + "/hello.sh"
        FileManager.default.createFile(atPath: sample, contents: script)
        let r = try #require(try Self.petri(["submit", sample, "--server", "http://127.0.0.1:\(server.port)", "--timeout", "20s", "--network", "none", "--wait"]))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.contains("hello.sh exited with code 0") == true, "\(r.stdout)")
        #expect(lines.last?.hasPrefix("report: http://127.0.0.1:\(server.port)/api/v1/submissions/") == true)
    }
}
