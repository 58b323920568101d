import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PetriTestSupport
import Testing
@testable import PetriService

/// `petri serve` (the built binary) as a process of its own on a free loopback port, a real SQLite
/// store, a real HTTP client. Not in the test process: its cooperative thread pool (one thread per
/// core) is often blocked by other suites' synchronous sandbox runs, and a server there stops
/// answering (a CI run's client gave up after 120 s).
final class TestServer: @unchecked Sendable {
    let data: DataLayout
    let port: Int
    /// The `timeout` process (a process-group leader) whose child is `petri serve`.
    let pid: pid_t
    let logs: String
    private let lock = NSLock()
    private var stopped = false
    var client: PetriClient { PetriClient(server: URL(string: "http://127.0.0.1:\(port)")!) }
    var url: String { "http://127.0.0.1:\(port)" }

    private init(data: DataLayout, port: Int, pid: pid_t, logs: String) { self.data = data; self.port = port; self.pid = pid; self.logs = logs }

    struct StartFailure: Error, CustomStringConvertible { var description: String }

    /// Starts `petri serve --listen 127.0.0.1:0` (the server picks a free port and prints it),
    /// waits for the line naming the port and for /healthz. Bounded: 90 s to start; the server
    /// runs under `timeout`, so it ends within 30 min even if this process dies without stop().
    static func start(workers: Int = 0, maxUpload: UInt64 = 512 << 20, lease: TimeInterval = 60,
                      database: String? = nil, extra: [String] = [], environment: [String: String] = [:]) async throws -> TestServer {
        guard let bin = Prerequisites.built(".build/debug/petri", by: "build") else { throw StartFailure(description: "no petri binary") }
        let data = DataLayout(root: TempFolders.make("serve"))
        let logs = TempFolders.make("serve-logs")
        var args = ["/usr/bin/timeout", "-k", "5", "1800", bin, "serve", "--data", data.root, "--listen", "127.0.0.1:0",
                    "--workers", "\(workers)", "--lease", "\(Int(lease))", "--max-upload", "\(maxUpload)"]
        if let database { args += ["--database", database] }
        args += extra
        let pid = try ChildProcess.spawn(args, stdout: logs + "/out", stderr: logs + "/err", environment: environment)
        let server = TestServer(data: data, port: 0, pid: pid, logs: logs)
        let deadline = Date().addingTimeInterval(90)
        var port = 0
        while port == 0 {
            let err = (try? String(contentsOfFile: logs + "/err", encoding: .utf8)) ?? ""
            if let r = err.range(of: "serving http://127.0.0.1:") {
                port = Int(err[r.upperBound...].prefix(while: { $0.isNumber })) ?? 0
                if port > 0 { break }
            }
            if server.exited() || Date() > deadline {
                server.stop()
                throw StartFailure(description: "petri serve did not start: \(err.suffix(2000))")
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let running = TestServer(data: data, port: port, pid: pid, logs: logs)
        while true {
            if let h = try? await running.client.request("GET", "/healthz"), h.status == 200 { return running }
            if running.exited() || Date() > deadline {
                running.stop()
                throw StartFailure(description: "petri serve on port \(port) did not answer /healthz")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Whether the process ended (reaped).
    func exited() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if stopped { return true }
        var st: Int32 = 0
        let r = waitpid(pid, &st, WNOHANG)
        if r == pid || (r < 0 && errno == ECHILD) { stopped = true }
        return stopped
    }

    /// The server's stderr (for failure messages).
    var stderr: String { (try? String(contentsOfFile: logs + "/err", encoding: .utf8)) ?? "" }

    /// SIGTERM, up to 10 s for a clean exit, then SIGKILL to the process group; removes the folders.
    /// Synchronous and bounded (call it from `defer`).
    func stop(keepData: Bool = false) {
        let begin = Date()
        defer {
            let took = Date().timeIntervalSince(begin)
            if took > 3 { print("petri serve (pid \(pid)) took \(String(format: "%.1f", took)) s to stop") }
        }
        if !exited() {
            kill(pid, SIGTERM)
            let end = Date().addingTimeInterval(10)
            while !exited() && Date() < end { usleep(20_000) }
            if !exited() {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                lock.lock()
                var st: Int32 = 0
                while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
                stopped = true
                lock.unlock()
            }
        }
        if !keepData { try? FileManager.default.removeItem(atPath: data.root) }
        try? FileManager.default.removeItem(atPath: logs)
    }

    /// A store on the server's own database (to look behind the API).
    func store() async throws -> SQLJobStore { try await SQLJobStore.sqlite(path: data.database) }
}

/// posix_spawn with stdin from /dev/null and output into files (Foundation's Process and pipe
/// reads are avoided: EINTR and run-loop dependencies).
enum ChildProcess {
    static func spawn(_ argv: [String], stdout: String, stderr: String, environment: [String: String] = [:]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        var cenv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) }; for e in cenv { free(e) } }
        // The test process's blocked and ignored signals are not the child's (a SIGTERM the
        // child inherits blocked would never stop it).
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, &cargs, &cenv)
        if rc != 0 { throw TestServer.StartFailure(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }
}

let script = Data("#!/bin/sh\necho hello from a harmless test script\n".utf8)

/// Waits (polling the API) until the submission is final.
func waitFinal(_ client: PetriClient, _ id: String, seconds: Double = 120) async throws -> [String: Any] {
    let end = Date().addingTimeInterval(seconds)
    while true {
        // Asked once more after the deadline: this process may have been starved past it.
        let late = Date() > end
        let r = try await client.request("GET", "/api/v1/submissions/\(id)")
        if let j = r.json, let s = j["state"] as? String, !["queued", "running"].contains(s) { return j }
        if late { break }
        try await Task.sleep(nanoseconds: 100_000_000)
    }
    throw PetriClient.Failure(message: "submission \(id) not final after \(seconds) s")
}

@Suite("HTTP API (real server on loopback)", .serialized)
struct APITests {
    @Test func badInputGetsTheRight4xxWithAJSONBodyAndNothingIsQueued() async throws {
        let server = try await TestServer.start(workers: 0, maxUpload: 4096)
        defer { server.stop() }
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

    /// The reason the server is a process of its own: with every thread of this process's
    /// cooperative pool blocked (as other suites' synchronous sandbox runs do), it still answers.
    @Test func theServerAnswersWhileThisProcesssThreadPoolIsBlocked() async throws {
        let server = try await TestServer.start(workers: 0)
        defer { server.stop() }
        let n = ProcessInfo.processInfo.activeProcessorCount
        let release = DispatchSemaphore(value: 0)
        let blocking = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var status = 0; var error = "" }
        let box = Box()
        let url = URL(string: server.url + "/api/v1/healthz")!
        // A thread of its own waits until n tasks block the pool, asks the server (URLSession's
        // completion handler runs on its own queue), then lets the tasks go (at most 30 s).
        let asker = Thread {
            for _ in 0..<n { _ = blocking.wait(timeout: .now() + 30) }
            var r = URLRequest(url: url)
            r.timeoutInterval = 15
            let done = DispatchSemaphore(value: 0)
            URLSession.shared.dataTask(with: r) { _, response, error in
                box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
                box.error = error.map { "\($0)" } ?? ""
                done.signal()
            }.resume()
            _ = done.wait(timeout: .now() + 20)
            for _ in 0..<n { release.signal() }
        }
        asker.start()
        let blockers = (0..<n).map { _ in Task.detached { blocking.signal(); _ = release.wait(timeout: .now() + 30) } }
        for b in blockers { await b.value }
        #expect(box.status == 200, "\(box.error)")
    }

    /// `petri token create` and `serve --token-file`: without a valid bearer token every request but
    /// /healthz gets 401 with a JSON body and nothing is queued; beyond loopback serve refuses to
    /// start without tokens.
    @Test func apiTokensAreRequiredWhenConfigured() async throws {
        let dir = TempFolders.make("tokens")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tf = dir + "/tokens"
        let made = try #require(try SubmitCLITests.petri(["token", "create", "mail-gateway", "--token-file", tf]))
        #expect(made.status == 0, "\(made.stderr)")
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("petri_") && token.count > 40)
        let stored = try String(contentsOfFile: tf, encoding: .utf8)
        #expect(stored.hasPrefix("mail-gateway sha256:"))
        #expect(!stored.contains(token.dropFirst(6)))
        let mode = (try FileManager.default.attributesOfItem(atPath: tf)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600)
        let twice = try #require(try SubmitCLITests.petri(["token", "create", "mail-gateway", "--token-file", tf]))
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("already has a token named mail-gateway"))
        let capped = try #require(try SubmitCLITests.petri(["token", "create", "ci", "--token-file", tf, "--max-queued", "2"]))
        #expect(capped.status == 0, "\(capped.stderr)")
        let ciToken = capped.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try String(contentsOfFile: tf, encoding: .utf8).contains("\nci sha256:") )
        // Beyond loopback: refused without tokens, before anything listens.
        let open = try #require(try SubmitCLITests.petri(["serve", "--data", dir + "/d", "--listen", "0.0.0.0:0", "--workers", "0"]))
        #expect(open.status == 2)
        #expect(open.stderr.contains("needs API tokens"), "\(open.stderr)")
        FileManager.default.createFile(atPath: dir + "/bad", contents: Data("mail-gateway 0123\n".utf8))
        let bad = try #require(try SubmitCLITests.petri(["serve", "--data", dir + "/d", "--listen", "127.0.0.1:0", "--workers", "0", "--token-file", dir + "/bad"]))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("line 1"), "\(bad.stderr)")

        let server = try await TestServer.start(workers: 0, extra: ["--token-file", tf])
        defer { server.stop() }
        #expect(server.stderr.contains("2 API tokens"))
        let anonymous = server.client
        var wrong = server.client
        wrong.token = token + "x"
        var right = server.client
        right.token = token
        func refused(_ r: PetriClient.HTTPResult, _ mentions: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(r.status == 401, sourceLocation: sourceLocation)
            #expect(r.headers["content-type"] == "application/json", sourceLocation: sourceLocation)
            #expect(r.headers["www-authenticate"]?.hasPrefix("Bearer") == true, sourceLocation: sourceLocation)
            #expect(r.errorCode == "unauthorized", sourceLocation: sourceLocation)
            #expect(r.errorMessage?.contains(mentions) == true, "\(r.errorMessage ?? "")", sourceLocation: sourceLocation)
        }
        refused(try await anonymous.submit(file: script, fileName: "s.sh", options: nil), "Authorization: Bearer")
        refused(try await anonymous.request("GET", "/api/v1/submissions/00000000-0000-0000-0000-000000000000"), "Authorization")
        refused(try await anonymous.request("GET", "/metrics"), "Authorization")
        refused(try await wrong.submit(file: script, fileName: "s.sh", options: nil), "not valid")
        refused(try await anonymous.request("GET", "/api/v1/samples/\(String(repeating: "a", count: 64))", headers: ["Authorization": "Basic \(Data("u:\(token)".utf8).base64EncodedString())"]), "not valid")
        #expect(try await anonymous.request("GET", "/api/v1/healthz").status == 200)
        let store = try await server.store()
        #expect(try await store.counts().isEmpty)
        let ok = try await right.submit(file: script, fileName: "s.sh", options: nil)
        #expect(ok.status == 202)
        #expect(try await store.counts() == [.queued: 1])
        // max_queued=2: the third live submission of that token is 429, nothing queued; a replay,
        // another token, and the same token after a cancel go through.
        var ci = server.client
        ci.token = ciToken
        var ciIDs: [String] = []
        for i in 0..<2 {
            let r = try await ci.submit(file: Data("#!/bin/sh\necho ci \(i)\n".utf8), fileName: "ci\(i).sh", options: nil, idempotencyKey: "ci-\(i)")
            #expect(r.status == 202)
            ciIDs.append(r.json?["id"] as? String ?? "")
        }
        let third = try await ci.submit(file: Data("#!/bin/sh\necho ci 2\n".utf8), fileName: "ci2.sh", options: nil)
        #expect(third.status == 429)
        #expect(third.errorCode == "too_many_queued")
        #expect(third.errorMessage?.contains("ci has 2 submissions") == true, "\(third.errorMessage ?? "")")
        #expect(try await store.counts() == [.queued: 3])
        let replay = try await ci.submit(file: Data("#!/bin/sh\necho ci 0\n".utf8), fileName: "ci0.sh", options: nil, idempotencyKey: "ci-0")
        #expect(replay.status == 200)
        #expect(try await right.submit(file: Data("#!/bin/sh\necho other token\n".utf8), fileName: "o.sh", options: nil).status == 202)
        #expect(try await ci.request("DELETE", "/api/v1/submissions/\(ciIDs[0])").status == 202)
        #expect(try await ci.submit(file: Data("#!/bin/sh\necho ci 3\n".utf8), fileName: "ci3.sh", options: nil).status == 202)
        #expect(try await store.counts() == [.queued: 4, .cancelled: 1])
        await store.close()
        // petri submit: the token from a file; without it the server's 401 is exit 2.
        let sample = dir + "/s.sh"
        FileManager.default.createFile(atPath: sample, contents: Data("#!/bin/sh\necho token test\n".utf8))
        FileManager.default.createFile(atPath: dir + "/my-token", contents: Data((token + "\n").utf8))
        let with = try #require(try SubmitCLITests.petri(["submit", sample, "--server", server.url, "--token-file", dir + "/my-token"]))
        #expect(with.status == 0, "\(with.stderr)")
        #expect(with.stdout.hasPrefix("submitted: "))
        let without = try #require(try SubmitCLITests.petri(["submit", sample, "--server", server.url]))
        #expect(without.status == 2)
        #expect(without.stderr.contains("unauthorized"))
    }

    @Test func idempotencyKeyReturnsTheFirstSubmission() async throws {
        let server = try await TestServer.start(workers: 0)
        defer { server.stop() }
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

    /// serve's two local workers run six submissions through the real pipeline; the API shows each
    /// one reported once, with its own report.
    @Test func submissionsAreRunByLocalWorkersAndReported() async throws {
        guard Prerequisites.require(geteuid() == 0, "root (the sandbox needs it)") else { return }
        let server = try await TestServer.start(workers: 2)
        defer { server.stop() }
        let c = server.client
        var ids: [(String, Int)] = []
        for i in 0..<6 {
            let r = try await c.submit(file: Data("#!/bin/sh\necho harmless run number \(i)\n".utf8), fileName: "s\(i).sh",
                                       options: SubmissionOptions(timeout: "20s", network: "none"))
            #expect(r.status == 202)
            ids.append((try #require(r.json?["id"] as? String), i))
        }
        for (id, i) in ids {
            let j = try await waitFinal(c, id, seconds: 300)
            #expect(j["state"] as? String == "reported", "\(j) \(server.stderr.suffix(1000))")
            #expect(j["attempts"] as? Int == 1)
            #expect(j["verdict"] is String)
            #expect((j["summary"] as? String)?.contains("s\(i).sh") == true)
            let report = try await c.request("GET", "/api/v1/submissions/\(id)/report")
            #expect(report.status == 200)
            let text = String(decoding: report.body, as: UTF8.self)
            #expect(text.contains("harmless run number \(i)"))
            #expect(!text.contains("harmless run number \((i + 1) % 6)"))
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
        defer { server.stop() }
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
        defer { server.stop() }
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
        defer { server.stop() }
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
