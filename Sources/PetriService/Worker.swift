import Foundation
import Logging
import Petri
import PetriModel
import PetriSandbox

/// One job's sample, handed to an analyzer on a worker.
public struct AnalysisWork: Sendable {
    public var job: Job
    public var options: SubmissionOptions
    public var samplePath: String
    /// This attempt's own folder (report.json, artifacts/): a rerun never writes into it.
    public var outputDirectory: String
    public var cancel: CancelFlag
    /// Fenced progress ("static", "running"): ignored when the lease is gone.
    public var progress: @Sendable (String) -> Void
}

/// What an analysis produced: the result the worker publishes (fenced by its lease).
public typealias AnalysisProduct = JobResult

/// Why an analysis could not produce a report.
public struct AnalysisFailure: Error, CustomStringConvertible {
    public var errorClass: ErrorClass
    public var message: String
    public init(_ errorClass: ErrorClass, _ message: String) { self.errorClass = errorClass; self.message = message }
    public var description: String { message }
}

/// Runs samples. Blocking is fine: the worker calls it on a thread of its own, never on the
/// cooperative pool or an event loop.
public protocol SampleAnalyzer: Sendable {
    func analyze(_ work: AnalysisWork) throws -> AnalysisProduct
}

/// A worker: claims jobs it can run, keeps the lease alive while the analyzer runs, publishes the
/// result with the lease token. A worker that loses its lease stops the run and publishes nothing.
public final class Worker: Sendable {
    public struct Settings: Sendable {
        public var name: String
        public var capabilities: [String]
        /// Lease length and heartbeat period (a third of it by default).
        public var lease: TimeInterval = 60
        public var heartbeat: TimeInterval = 20
        /// How long an idle worker waits before claiming again.
        public var idlePoll: TimeInterval = 0.5
        public init(name: String, capabilities: [String] = Capabilities.host) { self.name = name; self.capabilities = capabilities }
    }

    let store: any JobStore
    public let settings: Settings
    let analyzer: any SampleAnalyzer
    /// Where a job's sample is on this host (local workers: the server's sample folder; remote
    /// workers: downloaded first).
    let samplePath: @Sendable (Job) async throws -> String
    /// Root of per-attempt output folders.
    let outputRoot: String
    let logger: Logger

    public init(store: any JobStore, settings: Settings, analyzer: any SampleAnalyzer, outputRoot: String,
                logger: Logger = Logger(label: "petri.worker"), samplePath: @escaping @Sendable (Job) async throws -> String) {
        self.store = store; self.settings = settings; self.analyzer = analyzer
        self.outputRoot = outputRoot; self.logger = logger; self.samplePath = samplePath
    }

    /// Claims and runs jobs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                if try await runOnce() == nil {
                    try? await Task.sleep(nanoseconds: UInt64(settings.idlePoll * 1e9))
                }
            } catch {
                logger.error("worker \(settings.name): \(error)")
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
    }

    /// One claim: nil when there was nothing to claim, else the job's state after.
    @discardableResult
    public func runOnce() async throws -> JobState? {
        guard let lease = try await store.claim(worker: settings.name, capabilities: settings.capabilities, lease: settings.lease, now: Date()) else {
            return nil
        }
        return try await process(lease)
    }

    final class LeaseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var _lease: Lease
        private var _lost = false
        init(_ l: Lease) { _lease = l }
        var lease: Lease { lock.lock(); defer { lock.unlock() }; return _lease }
        var lost: Bool { lock.lock(); defer { lock.unlock() }; return _lost }
        func set(_ l: Lease) { lock.lock(); _lease = l; lock.unlock() }
        func markLost() { lock.lock(); _lost = true; lock.unlock() }
    }

    func process(_ claimed: Lease) async throws -> JobState {
        let box = LeaseBox(claimed)
        let cancel = CancelFlag()
        let store = self.store
        let settings = self.settings
        let logger = self.logger
        // Heartbeats: renew, watch for a cancel, stop the run when the lease is gone.
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(settings.heartbeat * 1e9))
                if Task.isCancelled { break }
                do {
                    let (renewed, cancelRequested) = try await store.heartbeat(box.lease, extendBy: settings.lease, now: Date())
                    box.set(renewed)
                    if cancelRequested { cancel.set() }
                } catch StoreError.leaseLost {
                    logger.warning("worker \(settings.name): lease on job \(claimed.jobID) lost; stopping the run")
                    box.markLost()
                    cancel.set()
                    break
                } catch {
                    // The database is unreachable: keep trying while the lease may still hold.
                    logger.warning("worker \(settings.name): heartbeat failed: \(error)")
                    if Date() > box.lease.expiresAt { box.markLost(); cancel.set(); break }
                }
            }
        }
        defer { heartbeat.cancel() }

        let job = claimed.job
        let outcome: Result<AnalysisProduct, AnalysisFailure>
        do {
            let options = try SubmissionOptions.decode(job.options)
            let sample = try await samplePath(job)
            let dir = outputRoot + "/\(job.id)/attempt-\(job.attempts)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try? await store.setPhase(box.lease, phase: "running", now: Date())
            let work = AnalysisWork(job: job, options: options, samplePath: sample, outputDirectory: dir, cancel: cancel, progress: { phase in
                Task { try? await store.setPhase(box.lease, phase: phase, now: Date()) }
            })
            let analyzer = self.analyzer
            outcome = try await Self.onThread { () -> Result<AnalysisProduct, AnalysisFailure> in
                do { return .success(try analyzer.analyze(work)) }
                catch let f as AnalysisFailure { return .failure(f) }
                catch let e as PetriError {
                    if case .badInput(let m) = e { return .failure(AnalysisFailure(.badInput, m)) }
                    return .failure(AnalysisFailure(.infrastructure, e.description))
                } catch { return .failure(AnalysisFailure(.infrastructure, "\(error)")) }
            }
        } catch let f as AnalysisFailure {
            outcome = .failure(f)
        } catch let e as SubmissionOptions.Invalid {
            outcome = .failure(AnalysisFailure(.badInput, e.message))
        } catch {
            outcome = .failure(AnalysisFailure(.infrastructure, "\(error)"))
        }
        heartbeat.cancel()
        _ = await heartbeat.value
        if box.lost {
            // Another claim owns the job (or soon will): publish nothing.
            return try await store.job(id: job.id)?.state ?? .queued
        }
        do {
            switch outcome {
            case .success(let product): return try await store.complete(box.lease, result: product, now: Date())
            case .failure(let f): return try await store.fail(box.lease, errorClass: f.errorClass, message: f.message, now: Date())
            }
        } catch StoreError.leaseLost {
            logger.warning("worker \(settings.name): job \(job.id) was taken back before the result was published; discarded")
            return try await store.job(id: job.id)?.state ?? .queued
        }
    }

    /// Runs blocking work on a thread of its own (8 MiB stack, like the main thread).
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            let t = Thread { c.resume(returning: body()) }
            t.stackSize = 8 << 20
            t.name = "petri-analysis"
            t.start()
        }
    }
}

/// Requeues expired leases every `interval` (any node may run one; the UPDATE is safe to race).
public struct Rescuer: Sendable {
    let store: any JobStore
    let interval: TimeInterval
    let logger: Logger
    public init(store: any JobStore, interval: TimeInterval = 10, logger: Logger = Logger(label: "petri.rescuer")) {
        self.store = store; self.interval = interval; self.logger = logger
    }
    public func run() async {
        while !Task.isCancelled {
            do {
                for r in try await store.rescueExpired(now: Date()) {
                    logger.notice("rescued job \(r.id): \(r.state.rawValue)")
                }
            } catch {
                logger.warning("rescuer: \(error)")
            }
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }
}

/// What a job needs (from the sample's type) and what a host can run.
public enum Capabilities {
    /// `elf:<machine>`, `script`, `pe:i386` or `pe:x86_64`.
    public static func required(for type: FileTypeDetector.Result) -> [String] {
        switch type.type {
        case .pe: return [type.is32Bit == true ? "pe:i386" : "pe:x86_64"]
        case .script: return ["script"]
        case .elf:
            let d = type.detail
            if d.contains("x86-64") { return ["elf:x86_64"] }
            if d.contains("i386") { return ["elf:i386"] }
            if d.contains("big-endian") { return ["elf:other"] }
            if d.contains("aarch64") { return ["elf:aarch64"] }
            if d.contains(" arm ") { return ["elf:arm"] }
            if d.contains(" mipsel ") { return ["elf:mipsel"] }
            if d.contains(" mips ") { return ["elf:mips"] }
            return ["elf:other"]
        default: return []
        }
    }

    /// This host's: its own ELF machines (and i386 beside x86_64), the guest's qemu-user machines
    /// (QemuRunner), scripts, and Wine's PE kinds on x86_64.
    public static var host: [String] {
        #if arch(x86_64)
        return ["elf:x86_64", "elf:i386", "elf:aarch64", "elf:arm", "elf:mips", "elf:mipsel", "script", "pe:x86_64", "pe:i386"]
        #elseif arch(arm64)
        return ["elf:aarch64", "elf:arm", "script"]
        #else
        return ["script"]
        #endif
    }
}
