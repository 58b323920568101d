import ArgumentParser
import Foundation
import Petri
import PetriService

/// Queue overhead per job (docs/benchmarks-service.md): submit, then claim + heartbeat + complete
/// for every job, by `--concurrency` claimers, against a SQLite file or a PostgreSQL.
struct QueueBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-bench",
        abstract: "Measure the job store's queue overhead per job (claim + heartbeat + completion).",
        shouldDisplay: false
    )

    @Option(help: "postgres://... or a SQLite file path (created; must not exist).")
    var database: String

    @Option(help: "Jobs to queue and run.")
    var jobs: Int = 500

    @Option(help: "Concurrent claimers.")
    var concurrency: Int = 2

    func run() throws {
        guard jobs > 0, jobs <= 1_000_000, concurrency > 0, concurrency <= 64 else { throw ValidationError("--jobs 1...1000000, --concurrency 1...64") }
        if !database.hasPrefix("postgres"), FileManager.default.fileExists(atPath: database) {
            throw PetriError.badInput("\(database) exists: the bench wants a fresh SQLite file")
        }
        let (db, n, k) = (database, jobs, concurrency)
        let line = try runBlocking { () -> String in
            let store = try await SQLJobStore.open(database: db)
            let start = Date()
            for i in 0..<n {
                _ = try await store.submit(NewJob(sha256: String(format: "%064x", i), fileName: "b\(i)", requirements: ["script"]))
            }
            let submitted = Date()
            try await withThrowingTaskGroup(of: Void.self) { g in
                for w in 0..<k {
                    g.addTask {
                        while let l = try await store.claim(worker: "bench-\(w)", capabilities: ["script", "elf:x86_64"], lease: 60, now: Date()) {
                            let (renewed, _) = try await store.heartbeat(l, extendBy: 60, now: Date())
                            try await store.complete(renewed, result: JobResult(verdict: "benign", score: 0, summary: "s", reportPath: "/dev/null"), now: Date())
                        }
                    }
                }
                try await g.waitForAll()
            }
            let done = Date()
            let counts = try await store.counts()
            await store.close()
            let sub = submitted.timeIntervalSince(start) * 1000 / Double(n)
            let run = done.timeIntervalSince(submitted) * 1000 / Double(n)
            return String(format: "%@: %d jobs, %d claimers: submit %.3f ms/job; claim+heartbeat+complete %.3f ms/job (wall, all claimers) = %.3f ms/job per claimer; reported %d",
                          store.dialectName, n, k, sub, run, run * Double(k), counts[.reported] ?? 0)
        }
        print(line)
    }
}
