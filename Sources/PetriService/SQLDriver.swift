import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SQLiteNIO

/// A value bound into, or read out of, a statement: the store uses only integers and text.
public enum SQLValue: Sendable, Equatable {
    case int(Int)
    case text(String)
    case null

    var int: Int? { if case .int(let i) = self { return i }; return nil }
    var text: String? { if case .text(let s) = self { return s }; return nil }
}

public struct SQLRow: Sendable {
    var values: [String: SQLValue]
    func int(_ k: String) -> Int? { values[k]?.int }
    func text(_ k: String) -> String? { values[k]?.text }
}

enum SQLDialect: Sendable { case sqlite, postgres }

/// Runs statements written once, with `$1, $2, ...` placeholders, against either database.
protocol SQLExecutor: Sendable {
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

protocol SQLDriver: SQLExecutor {
    var dialect: SQLDialect { get }
    /// Runs `body` in a write transaction (SQLite: BEGIN IMMEDIATE, the database's write lock taken
    /// first; PostgreSQL: BEGIN on one pooled connection).
    func transaction<T: Sendable>(_ body: @Sendable (SQLExecutor) async throws -> T) async throws -> T
    func close() async
}

// MARK: SQLite

/// One connection per store, serialised: a transaction's statements never interleave with another
/// caller's. Other processes (or stores) on the same file are kept apart by SQLite's own locks;
/// busy_timeout makes them wait instead of failing.
final class SQLiteDriver: SQLDriver, @unchecked Sendable {
    let dialect = SQLDialect.sqlite
    private let connection: SQLiteConnection
    private let pool: NIOThreadPool
    private let lock = AsyncLock()

    private init(connection: SQLiteConnection, pool: NIOThreadPool) { self.connection = connection; self.pool = pool }

    static func open(path: String, logger: Logger) async throws -> SQLiteDriver {
        // A thread of its own: a connection waiting out another's write lock (busy_timeout) must
        // not hold a thread of a pool that the lock's owner needs to commit.
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let c: SQLiteConnection
        do { c = try await SQLiteConnection.open(storage: .file(path: path), threadPool: pool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) } catch {
            try? await pool.shutdownGracefully()
            throw StoreError.database("cannot open SQLite database \(path): \(error)")
        }
        let d = SQLiteDriver(connection: c, pool: pool)
        _ = try await d.raw("PRAGMA busy_timeout = 10000", [])
        _ = try await d.raw("PRAGMA journal_mode = WAL", [])
        _ = try await d.raw("PRAGMA synchronous = NORMAL", [])
        _ = try await d.raw("PRAGMA foreign_keys = ON", [])
        return d
    }

    /// `$n` → `?n` (SQLite's numbered parameter, bound by position like PostgreSQL's).
    static func rewrite(_ sql: String) -> String { sql.replacingOccurrences(of: "$", with: "?") }

    private func raw(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let data: [SQLiteData] = binds.map {
            switch $0 {
            case .int(let i): return .integer(i)
            case .text(let s): return .text(s)
            case .null: return .null
            }
        }
        do {
            let rows = try await connection.query(Self.rewrite(sql), data)
            return rows.map { row in
                var v: [String: SQLValue] = [:]
                for c in row.columns {
                    switch c.data {
                    case .integer(let i): v[c.name] = .int(i)
                    case .text(let s): v[c.name] = .text(s)
                    case .float(let d): v[c.name] = .int(Int(d))
                    case .blob, .null: v[c.name] = .null
                    }
                }
                return SQLRow(values: v)
            }
        } catch {
            throw StoreError.database("\(error)")
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await lock.run { try await self.raw(sql, binds) }
    }

    private struct InTransaction: SQLExecutor {
        let driver: SQLiteDriver
        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] { try await driver.raw(sql, binds) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (SQLExecutor) async throws -> T) async throws -> T {
        try await lock.run {
            _ = try await self.raw("BEGIN IMMEDIATE", [])
            do {
                let r = try await body(InTransaction(driver: self))
                _ = try await self.raw("COMMIT", [])
                return r
            } catch {
                _ = try? await self.raw("ROLLBACK", [])
                throw error
            }
        }
    }

    /// Closes even when the calling task is cancelled (a server shutting down): the thread pool
    /// refuses work from a cancelled task, and an unclosed connection must not be left behind.
    func close() async {
        let (c, p) = (connection, pool)
        await Task.detached {
            try? await c.close()
            try? await p.shutdownGracefully()
        }.value
    }
}

/// A FIFO async mutex (actor methods are reentrant across awaits; this is not).
final class AsyncLock: @unchecked Sendable {
    private let mutex = NSLock()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if mutex.withLock({ () -> Bool in if busy { return false }; busy = true; return true }) { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = mutex.withLock { () -> Bool in
                if !busy { busy = true; return true }
                waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    func release() {
        let next = mutex.withLock { () -> CheckedContinuation<Void, Never>? in
            if waiters.isEmpty { busy = false; return nil }
            return waiters.removeFirst()
        }
        next?.resume()
    }

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do { let r = try await body(); release(); return r } catch { release(); throw error }
    }
}

// MARK: PostgreSQL

/// A pooled client (postgres-nio); `run()` lives in a task the driver owns until `close()`.
final class PostgresDriver: SQLDriver, @unchecked Sendable {
    let dialect = SQLDialect.postgres
    let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`, or a Unix
    /// socket: `postgres://user@/database?host=/run/postgresql` (the folder holding `.s.PGSQL.<port>`).
    static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw StoreError.badURL(url)
        }
        let items = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        let user = c.user.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres"
        let password = c.password?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        var db = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        if db.isEmpty { db = user }
        let port = c.port ?? 5432
        var config: PostgresClient.Configuration
        if let socketDir = items["host"], socketDir.hasPrefix("/") {
            config = .init(unixSocketPath: socketDir + "/.s.PGSQL.\(port)", username: user, password: password, database: db)
        } else {
            guard let host = c.host, !host.isEmpty else { throw StoreError.badURL(url) }
            let tls: PostgresClient.Configuration.TLS
            switch items["sslmode"] ?? "prefer" {
            case "disable": tls = .disable
            case "require", "verify-full": tls = .require(.makeClientConfiguration())
            default: tls = .prefer(.makeClientConfiguration())
            }
            config = .init(host: host, port: port, username: user, password: password, database: db, tls: tls)
        }
        config.options.maximumConnections = 8
        return config
    }

    static func open(url: String, logger: Logger) async throws -> PostgresDriver {
        let d = PostgresDriver(client: PostgresClient(configuration: try configuration(url: url), backgroundLogger: logger), logger: logger)
        // Fail at open, not at the first claim, when the server is unreachable.
        do { _ = try await d.query("SELECT 1 AS one", []) } catch {
            await d.close()
            throw error
        }
        return d
    }

    static func bindings(_ binds: [SQLValue]) -> PostgresBindings {
        var b = PostgresBindings(capacity: binds.count)
        for v in binds {
            switch v {
            case .int(let i): b.append(i)
            case .text(let s): b.append(s)
            case .null: b.appendNull()
            }
        }
        return b
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [SQLRow] {
        var out: [SQLRow] = []
        for try await row in rows {
            var v: [String: SQLValue] = [:]
            for cell in row {
                guard cell.bytes != nil else { v[cell.columnName] = .null; continue }
                switch cell.dataType {
                case .int8, .int4, .int2: v[cell.columnName] = .int(try cell.decode(Int.self))
                case .bool: v[cell.columnName] = .int(try cell.decode(Bool.self) ? 1 : 0)
                default: v[cell.columnName] = .text(try cell.decode(String.self))
                }
            }
            out.append(SQLRow(values: v))
        }
        return out
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        do {
            return try await Self.decode(client.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(binds)), logger: logger))
        } catch let e as StoreError { throw e } catch {
            throw StoreError.database(String(reflecting: error))
        }
    }

    private struct OnConnection: SQLExecutor, @unchecked Sendable {
        let connection: PostgresConnection
        let logger: Logger
        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            do {
                return try await PostgresDriver.decode(connection.query(PostgresQuery(unsafeSQL: sql, binds: PostgresDriver.bindings(binds)), logger: logger))
            } catch let e as StoreError { throw e } catch {
                throw StoreError.database(String(reflecting: error))
            }
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (SQLExecutor) async throws -> T) async throws -> T {
        let logger = self.logger
        do {
            return try await client.withConnection { conn in
                let exec = OnConnection(connection: conn, logger: logger)
                _ = try await exec.query("BEGIN", [])
                do {
                    let r = try await body(exec)
                    _ = try await exec.query("COMMIT", [])
                    return r
                } catch {
                    _ = try? await exec.query("ROLLBACK", [])
                    throw error
                }
            }
        } catch let e as StoreError { throw e } catch {
            throw StoreError.database(String(reflecting: error))
        }
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
