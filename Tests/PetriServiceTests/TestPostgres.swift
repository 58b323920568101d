import Foundation
import PetriTestSupport
import Testing

/// A real PostgreSQL for the tests: initdb in a temporary folder, started by pg_ctl on a Unix socket
/// in that folder (no TCP), as an unprivileged user when the tests run as root (postgres refuses
/// root), stopped when the test process exits. Debian's `postgresql` package provides it (`make deps`).
final class TestPostgres: @unchecked Sendable {
    let directory: String
    let user: String?
    let pgCtl: String
    let dataDirectory: String
    private let lock = NSLock()
    private var counter = 0

    /// The server every test in this process shares, or why there is none.
    static let shared: Result<TestPostgres, TestPostgresError> = {
        do {
            let pg = try TestPostgres.start()
            runningInstance = pg
            atexit { TestPostgres.runningInstance?.stop() }
            return .success(pg)
        } catch let e as TestPostgresError {
            return .failure(e)
        } catch {
            return .failure(TestPostgresError(message: "\(error)"))
        }
    }()
    nonisolated(unsafe) static var runningInstance: TestPostgres?

    struct TestPostgresError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin).
    static func binDirectory() -> String? {
        let base = "/usr/lib/postgresql"
        let majors = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        for m in majors.reversed() where FileManager.default.isExecutableFile(atPath: "\(base)/\(m)/bin/initdb") { return "\(base)/\(m)/bin" }
        return nil
    }

    private init(directory: String, user: String?, pgCtl: String) {
        self.directory = directory; self.user = user; self.pgCtl = pgCtl
        dataDirectory = directory + "/data"
    }

    static func start() throws -> TestPostgres {
        guard let bin = binDirectory() else {
            throw TestPostgresError(message: "PostgreSQL server (Debian package postgresql: initdb, pg_ctl under /usr/lib/postgresql/*/bin)")
        }
        // Short: the socket path (<dir>/.s.PGSQL.5432) must stay under 108 bytes.
        var template = Array("/tmp/petri-pg-XXXXXX".utf8CString)
        guard let p = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestPostgresError(message: "mkdtemp failed")
        }
        let dir = String(cString: p)
        var user: String? = nil
        if geteuid() == 0 {
            guard let pw = getpwnam("nobody") else { throw TestPostgresError(message: "user nobody (to run postgres as non-root)") }
            chown(dir, pw.pointee.pw_uid, pw.pointee.pw_gid)
            user = "nobody"
        }
        let pg = TestPostgres(directory: dir, user: user, pgCtl: bin + "/pg_ctl")
        try pg.run(bin + "/initdb", ["-D", pg.dataDirectory, "-U", "petri", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"])
        try pg.run(bin + "/pg_ctl", ["-D", pg.dataDirectory, "-l", dir + "/server.log", "-w", "-t", "60",
                                     "-o", "-k \(dir) -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100",
                                     "start"])
        return pg
    }

    /// Runs a server program as the unprivileged user; throws with its output when it fails.
    /// posix_spawn and waitpid, not Foundation's Process: its termination monitor did not reap
    /// `runuser` once pg_ctl had left a daemon behind (the test hung on a zombie).
    private func run(_ program: String, _ args: [String]) throws {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--", program] } ?? [program]) + args
        let outPath = directory + "/ctl.out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // A file, not a pipe: the server pg_ctl starts inherits the descriptors.
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cargs, environ)
        guard rc == 0 else { throw TestPostgresError(message: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        if !exited || code != 0 {
            let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw TestPostgresError(message: "\(program) \(args.first ?? "") failed (status \(status)): \(text.suffix(400)) \(log.suffix(800))")
        }
    }

    func stop() {
        try? run(pgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// URL of the server's `postgres` database (to create others).
    var adminURL: String { "postgres://petri@/postgres?host=\(directory)" }

    func url(database: String) -> String { "postgres://petri@/\(database)?host=\(directory)" }

    /// A fresh database name for one test.
    func nextDatabaseName() -> String {
        lock.lock(); defer { lock.unlock() }
        counter += 1
        return "t\(getpid())_\(counter)"
    }
}

/// Fails under CI=true, notes a skip elsewhere (the project's prerequisite rule).
func requirePostgres() -> TestPostgres? {
    switch TestPostgres.shared {
    case .success(let pg): return pg
    case .failure(let e):
        Prerequisites.require(false, e.message)
        return nil
    }
}
