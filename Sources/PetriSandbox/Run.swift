#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

// MARK: - one run

final class Run {
    let request: LaunchRequest
    let policy: SandboxPolicy
    /// How the sample starts: the runner's plan, or the default one.
    let plan: LaunchPlan
    let runDir: String
    /// Where the overlay upper and work dirs live: runDir, or a size-limited tmpfs under it.
    var rwDir: String
    var rwIsTmpfs = false
    let artifacts: String
    var errors: [String] = []
    var limitsHit: [LimitHit] = []
    let recorder: EventRecorder
    let tracker: ProcessTracker
    var denied: [DeniedSyscall] = []
    var attempts: [NetworkAttempt] = []
    let execMemory = ExecMemoryCapture()
    var start: UInt64 = 0
    let startedAt = Date()
    var cgroup: CgroupLimiter?

    static let overlayNames: [(name: String, mount: String, mode: UInt16)] = [
        ("home", "/home", 0o755), ("tmp", "/tmp", 0o1777), ("var_tmp", "/var/tmp", 0o1777), ("dev_shm", "/dev/shm", 0o1777),
    ]

    /// The writable overlays of this run, in mount order: with a guest image, first its /var (the dpkg
    /// database, spools, logs: read-only below, the run's writes above), then the fixed ones.
    var overlays: [(name: String, mount: String, mode: UInt16, lower: String?)] {
        (request.guestRoot.map { [("var", "/var", 0o755, $0 + "/var")] } ?? []) + Self.overlayNames.map { ($0.name, $0.mount, $0.mode, nil) }
    }

    /// The sudo broker (docs/guest.md, sudo): with a guest image, for a sample run as the user.
    var sudoBroker: Bool { request.guestRoot != nil && !policy.asRoot }
    /// Its abstract unix socket in the sandbox's network namespace (the guest's sudo connects to it).
    static let sudoSocketName = "/run/sudo/io"

    init(request: LaunchRequest) throws {
        self.request = request
        self.policy = request.policy
        self.plan = request.resolvedPlan
        self.tracker = ProcessTracker(loaderImages: plan.loaderImages, loaderImagePrefixes: plan.loaderImagePrefixes)
        self.artifacts = request.artifactsDirectory
        SupervisorLoop.prepareTables()
        self.recorder = EventRecorder(maxEvents: policy.maxEvents, maxPerSyscall: policy.maxEventsPerSyscall)
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        // The run folder lives under a runtime root every mapped id can traverse (an artifacts folder
        // under a 0700 parent such as /root would make the mounts fail), named by the owner pid so a
        // later run can sweep it if this supervisor is killed.
        let root = Self.runtimeRoot()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
        try SandboxHost.chmod(root, 0o711)
        let base = root + "/\(getpid())-\(UUID().uuidString.prefix(12).lowercased())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o711])
        try SandboxHost.chmod(base, 0o711)
        self.runDir = base
        self.rwDir = base
    }

    static func runtimeRoot() -> String {
        let env = ProcessInfo.processInfo.environment
        if let r = env["PETRI_RUNTIME_DIR"], !r.isEmpty { return r }
        return getuid() == 0 ? "/var/tmp/petri-runs" : NSTemporaryDirectory() + "petri-runs-\(getuid())"
    }

    /// Run folders of supervisors that no longer exist (mounts under them are swept first).
    static func sweepStaleRunDirectories() {
        let root = runtimeRoot()
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for item in items {
            guard let owner = Int32(item.split(separator: "-").first ?? ""), owner != getpid() else { continue }
            if kill(owner, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(atPath: root + "/" + item)
        }
    }
}

extension Run {
    func execute() -> SandboxResult {
        start = Sandbox.monotonicNs()
        var outcome: RunOutcome = .internalError(message: "not started")
        var timedOut = false
        var setupMs: Double = 0
        var syncWakeup = false
        var upperLayers: [(String, String, String?)] = []
        let artifactBudget = ArtifactBudget(limit: policy.maxArtifactsBytes)
        var stdoutCap = StreamCapture(path: artifacts + "/stdout.txt", cap: policy.maxOutputBytes)
        var stderrCap = StreamCapture(path: artifacts + "/stderr.txt", cap: policy.maxOutputBytes)

        do {
            let prep = try prepareHost()
            DebugTiming.mark("host prepared")
            upperLayers = prep.upperLayers
            let r = try supervise(mounts: prep.mounts, stdout: &stdoutCap, stderr: &stderrCap)
            DebugTiming.mark("sandbox: run ended (\(r.outcome))")
            outcome = r.outcome; timedOut = r.timedOut; setupMs = r.setupMs; syncWakeup = r.syncWakeup
        } catch let e as SandboxError {
            outcome = .internalError(message: e.description)
            errors.append(e.description)
        } catch {
            outcome = .internalError(message: "\(error)")
            errors.append("\(error)")
        }
        let end = Sandbox.monotonicNs()
        stdoutCap.close(); stderrCap.close()
        for e in [stdoutCap.writeError, stderrCap.writeError].compactMap({ $0 }) { errors.append(e) }
        if stdoutCap.truncated { limitsHit.append(LimitHit(limit: "output", detail: "stdout capped at \(policy.maxOutputBytes) bytes of \(stdoutCap.total)")) }
        if stderrCap.truncated { limitsHit.append(LimitHit(limit: "output", detail: "stderr capped at \(policy.maxOutputBytes) bytes of \(stderrCap.total)")) }
        if recorder.stats.elided > 0 {
            limitsHit.append(LimitHit(limit: "events", detail: "\(recorder.stats.elided) events counted but not kept (max \(policy.maxEvents), \(policy.maxEventsPerSyscall) per syscall)"))
        }
        if let cg = cgroup {
            limitsHit.append(contentsOf: cg.limitsHit())
            cg.destroy()
            DebugTiming.mark("sandbox: cgroups removed")
        }

        // The record of every file the run touched.
        var files: [FileChange] = []
        var keptUpper: String? = nil
        if !upperLayers.isEmpty {
            var collector = OverlayCollector(layers: upperLayers.map { ($0.0, $0.1, $0.2) }, artifactsDirectory: artifacts)
            collector.budget = artifactBudget
            files = collector.collectFileChanges()
            DebugTiming.mark("sandbox: upper layers walked (\(files.count) files)")
            // Keep the upper layers as the run's file record; the rest of the run dir goes.
            let upper = artifacts + "/upper"
            try? FileManager.default.removeItem(atPath: upper)
            // Kept as what it is (sparse files, hard links), within the artifacts budget, and safe on
            // the host: no set-id or shared-writable modes, owned by petri's user (ArtifactCopy).
            if rename(rwDir + "/upper", upper) == 0 {
                keptUpper = upper
                let unsafe = ArtifactCopy.sanitizeInPlace(upper)
                if unsafe > 0 { errors.append("keeping the upper layer: \(unsafe) entries whose mode or owner could not be made safe (files among them removed)") }
            } else {
                do {
                    let s = try ArtifactCopy.copyTree(from: rwDir + "/upper", to: upper, budget: artifactBudget)
                    keptUpper = upper
                    if s.unsafeEntries > 0 { errors.append("keeping the upper layer: \(s.unsafeEntries) entries whose mode or owner could not be set (left at 0600/0700)") }
                    if s.tooDeep > 0 { errors.append("keeping the upper layer: \(s.tooDeep) folders deeper than \(ArtifactCopy.maxDepth) levels kept empty") }
                } catch { errors.append("keeping the upper layer: \(error)") }
            }
            DebugTiming.mark("sandbox: upper layer kept")
        }
        if artifactBudget.refused > 0 {
            limitsHit.append(LimitHit(limit: "artifacts", detail: "\(artifactBudget.refused) bytes of the sample's files not copied to the artifacts (max \(artifactBudget.limit) bytes per run); the record lists them with their size and hash"))
        }
        if rwIsTmpfs {
            if let hit = WritableLayer.limitHit(rwDir, size: policy.maxWritableBytes ?? 0) { limitsHit.append(hit) }
            umount2(rwDir, Int32(MNT_DETACH))
            DebugTiming.mark("sandbox: writable layer unmounted")
        }
        try? FileManager.default.removeItem(atPath: runDir)
        DebugTiming.mark("sandbox: run folder removed")
        var upperFiles: [String: String] = [:]
        if let kept = keptUpper {
            // Longest mount last: a plan's layer can sit below /home's.
            for (layer, mount, _) in upperLayers.sorted(by: { $0.1.count < $1.1.count }) {
                let host = kept + "/" + (layer as NSString).lastPathComponent
                for f in files where f.change != .deleted && f.path.hasPrefix(mount + "/") { upperFiles[f.path] = host + f.path.dropFirst(mount.count) }
            }
        }
        DebugTiming.mark("exec memory capture: \(execMemory.workCalls) calls held the sample \(String(format: "%.2f", Double(execMemory.workNs) / 1e6)) ms, \(execMemory.captured.count) regions, \(execMemory.totalBytes) bytes")
        if execMemory.skippedOverCap > 0 {
            limitsHit.append(LimitHit(limit: "exec_memory", detail: "\(execMemory.skippedOverCap) executable regions not captured (max \(ExecMemoryCapture.maxRegions) regions, \(ExecMemoryCapture.maxTotalBytes) bytes)"))
        }
        DebugTiming.mark("sandbox: file record collected, run folder removed")

        var output = OutputCapture()
        output.stdoutBytes = stdoutCap.total; output.stderrBytes = stderrCap.total
        output.stdoutTruncated = stdoutCap.truncated; output.stderrTruncated = stderrCap.truncated
        output.stdoutPreview = stdoutCap.preview; output.stderrPreview = stderrCap.preview
        output.stdoutFile = "stdout.txt"; output.stderrFile = "stderr.txt"

        var events = recorder.events
        DebugTiming.mark("events: \(recorder.rendered) arguments rendered after the run in \(String(format: "%.2f", Double(recorder.renderNs) / 1e6)) ms")
        var processes = Self.markSeccompKills(tracker.finish(now: end - start, timedOut: timedOut), events: events)
        Self.markRunner(images: plan.runnerImages, events: &events, processes: &processes)
        return SandboxResult(
            outcome: outcome, timeoutHit: timedOut, limitsHit: limitsHit, errors: errors,
            events: events, eventStats: recorder.stats, syscallCounts: recorder.counts,
            processes: processes,
            files: files, denied: denied,
            attempts: attempts, output: output, durationMs: Double(end - start) / 1e6, setupMs: setupMs,
            startedAt: startedAt, monotonicStartNs: start, upperDirectory: keptUpper, syncWakeup: syncWakeup,
            execMemory: execMemory.captured, upperFiles: upperFiles)
    }

    /// A process that died of SIGSYS was killed by the filter's x32 prologue (petri's filter kills
    /// nothing else), unless a recorded kill/tgkill/tkill sent SIGSYS itself.
    static func markSeccompKills(_ processes: [ProcessNode], events: [Event]) -> [ProcessNode] {
        let sentSIGSYS = events.contains { ["kill", "tgkill", "tkill"].contains($0.name) && $0.args[ArgKey.signal] == .string(Flags.signalName(SIGSYS)) }
        guard !sentSIGSYS else { return processes }
        return processes.map { p in
            var p = p
            if p.exit?.signal == SIGSYS, p.exit?.source == "reaped" { p.exit?.cause = "x32_syscall" }
            return p
        }
    }

    /// The runner's own processes and their syscalls are noise, not the sample's doing.
    static func markRunner(images: Set<String>, events: inout [Event], processes: inout [ProcessNode]) {
        guard !images.isEmpty else { return }
        for i in events.indices where events[i].kind == .syscall {
            if let img = events[i].image, images.contains(img) { events[i].runner = true }
        }
        for i in processes.indices where images.contains(processes[i].image) { processes[i].runner = true }
    }

    struct Supervised { var outcome: RunOutcome; var timedOut: Bool; var setupMs: Double; var syncWakeup: Bool }
}
#endif
