import Foundation
import Logging
import PetriAnalysis
import PetriModel
import PetriNet
import PetriSandbox
import PetriWine

/// The pipeline as one call: intake → launch plan → sandbox run → report.
public enum Analysis {
    public struct Options: Sendable {
        public var profile: Profile
        public var timeoutSeconds: Double?
        public var networkMode: String?
        public var arguments: [String] = []
        public var artifactsDirectory: String?
        public var reportPath: String?
        public var onProgress: (@Sendable (Double, Int, UInt64) -> Void)?
        public var cancel: CancelFlag?
        /// What the simulated internet serves for download-looking requests (default: a harmless script).
        public var payloadFile: URL?
        /// 2 (default): when the first run shows a served download that the sample ran, the sample
        /// runs again with downloads refused and both passes are merged (docs/network.md, "Second
        /// pass"); 1 turns it off.
        public var passes: Int = 2
        /// This run refuses downloads (the second pass).
        public var refuseDownloads: Bool = false
        /// Wine API trace level (standard channels, or +relay restricted to the sample).
        public var apiTrace: WineRunRecipe.APITrace = .standard
        /// For a DLL sample: the export rundll32 calls (a name, `#ordinal`, or `first`); a DLL without it is refused.
        public var dllExport: String?
        /// One-line status messages (e.g. "building the Wine template"), for stderr.
        public var say: (@Sendable (String) -> Void)?
        /// For a sample path that is not valid UTF-8, opened by the CLI from the raw argv bytes and
        /// passed as /proc/self/fd/N: its name (decoded, invalid bytes as U+FFFD), the name's exact
        /// bytes (what the sample runs under in native and script runs; Wine runs use the decoded
        /// name) and the path the report and messages show (bytes as \xNN).
        public var sampleName: String?
        public var rawSampleName: [UInt8]?
        public var sampleDisplayPath: String?
        /// YARA rules compiled and every object scanned (the sample, dropped files, HTTP bodies,
        /// executable memory); PETRI_NO_YARA=1 turns it off, to measure what it costs.
        public var yara: Bool = ProcessInfo.processInfo.environment["PETRI_NO_YARA"] == nil
        /// Where the pipeline's components log (the CLI bootstraps the backend and the level).
        public var logger = Logger(label: "petri")
        public init(profile: Profile) { self.profile = profile }
    }

    public struct Outcome: Sendable {
        public var report: Report
        public var reportPath: String
        public var artifactsDirectory: String
    }

    /// Checks the sample before anything runs. Throws `PetriError.badInput` with one clear line.
    public static func intake(path: String, policy: SandboxPolicy, name: String? = nil, displayPath: String? = nil) throws -> (SampleInfo, FileTypeDetector.Result) {
        let fm = FileManager.default
        let shown = displayPath ?? Printable.path(path)
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw PetriError.badInput("sample not found: \(shown)") }
        if isDir.boolValue { throw PetriError.badInput("sample is a directory, not a file: \(shown)") }
        var st = stat()
        guard stat(path, &st) == 0 else { throw PetriError.badInput("cannot stat sample \(shown): \(String(cString: strerror(errno)))") }
        if st.st_mode & S_IFMT != S_IFREG { throw PetriError.badInput("sample is not a regular file: \(shown)") }
        if st.st_size == 0 { throw PetriError.badInput("sample is empty: \(shown)") }
        if UInt64(st.st_size) > policy.maxSampleBytes {
            throw PetriError.badInput("sample is \(st.st_size) bytes, over the profile's limit of \(policy.maxSampleBytes) bytes: \(shown)")
        }
        guard fm.isReadableFile(atPath: path), let h = FileHandle(forReadingAtPath: path) else {
            throw PetriError.badInput("sample is not readable: \(shown)")
        }
        try? h.close()
        let type = FileTypeDetector.detect(path: path)
        switch type.type {
        case .elf:
            if type.detail.contains("relocatable") || type.detail.contains("core") {
                throw PetriError.badInput("unsupported ELF type (\(type.detail)); petri runs executables and shared objects with an entry point")
            }
            if let problem = elfLoadProblem(path: path, size: UInt64(st.st_size)) {
                throw PetriError.badInput("sample is not executable: \(problem): \(shown)")
            }
        case .script: break
        case .pe:
            if type.is32Bit == nil { throw PetriError.badInput("unsupported format: \(type.detail)") }
        case .empty:
            throw PetriError.badInput("sample is empty: \(shown)")
        default:
            throw PetriError.badInput("unsupported format: \(type.detail) — petri runs Linux ELF executables and scripts with a #! line")
        }
        let hashes: FileHashes
        do { hashes = try FileHashes.compute(path: path) } catch {
            throw PetriError.badInput("sample is not readable: \(shown)")
        }
        let fileName = name ?? URL(fileURLWithPath: path).lastPathComponent
        let info = SampleInfo(path: displayPath ?? path, fileName: fileName, size: hashes.size, md5: hashes.md5, sha1: hashes.sha1,
                              sha256: hashes.sha256, type: type.type, typeDetail: type.detail)
        return (info, type)
    }

    /// The Wine launch target of a PE sample from its headers, or bad input (one line).
    static func launchTarget(path: String, fileName: String, dllExport: String?) throws -> WineLaunchTarget {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw PetriError.badInput("sample is not readable: \(Printable.path(path))")
        }
        let parsed = data.withUnsafeBytes { PEParser.parse($0) }
        guard let pe = parsed.info else {
            throw PetriError.badInput("\(Printable.line(fileName)) is not a PE petri can read: \(parsed.warnings.first ?? "no PE header")")
        }
        do { return try WineLaunchTarget.decide(pe: pe, fileName: fileName, dllExport: dllExport) } catch {
            throw PetriError.badInput(error.description)
        }
    }

    /// What the kernel would refuse (or crash on) at execve, read with pread: header and program headers.
    static func elfLoadProblem(path: String, size: UInt64) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }  // unreadable is reported by the caller
        defer { close(fd) }
        return ELFLoadCheck.problem(fileSize: size) { offset, count in
            var buf = [UInt8](repeating: 0, count: count)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(Int64(bitPattern: offset))) }
            return n > 0 ? Array(buf.prefix(n)) : []
        }
    }

    /// Runs the sample and writes the report (atomically), even when the run failed.
    public static func run(samplePath: String, options: Options) throws -> Outcome {
        var policy = options.profile.policy
        if let t = options.timeoutSeconds { policy.timeoutSeconds = t }
        if let n = options.networkMode { policy.networkMode = n }
        DebugTiming.mark("start")
        let shownName = options.rawSampleName.map { ByteText.display($0) } ?? options.sampleName
        var (sample, detected) = try intake(path: samplePath, policy: policy, name: shownName, displayPath: options.sampleDisplayPath)
        DebugTiming.mark("intake (hashes, type)")
        // Wine runs as the profile's user (a prefix owned by it); said before any image is built.
        if policy.asRoot && detected.type == .pe {
            throw PetriError.badInput("--as-root (sandbox.as_root) runs Linux samples in the guest image; wine samples run as the profile's user")
        }
        // What Wine starts for a PE (the program, or a DLL's export through rundll32), or one line why
        // not (ARM, .NET, drivers, a DLL without an export to call): read from the headers, before any
        // image or template is built.
        var wineTarget = WineLaunchTarget.executable
        if detected.type == .pe {
            wineTarget = try launchTarget(path: samplePath, fileName: shownName ?? sample.fileName, dllExport: options.dllExport)
        } else if options.dllExport != nil {
            throw PetriError.badInput("--dll-export is for DLL samples; \(Printable.line(shownName ?? sample.fileName)) is \(Printable.line(detected.detail))")
        }
        // The sample's world: the guest image (built on first use), or the host's own folders.
        let guest = try GuestImage.resolve(profile: options.profile, say: options.say)
        DebugTiming.mark("guest image ready")
        // The runner for the sample's type (for a PE: the guest's Wine and its template, built on first use).
        let runner = try Runners.runner(for: detected, profile: options.profile, policy: &policy, apiTrace: options.apiTrace, guest: guest,
                                        wineTarget: wineTarget, say: options.say, logger: options.logger)
        DebugTiming.mark("runner ready (\(runner.kind.rawValue))")
        // A profile whose rules fail validation stops before anything runs.
        let behaviours = try loadBehaviours(options.profile)
        DebugTiming.mark("behaviour rules loaded")
        // The profile's own folder when it has one; an extra folder (--yara) that does not exist is an error.
        let yaraDirs = options.yara ? [options.profile.profilesDirectory + "/yara"].filter { FileManager.default.fileExists(atPath: $0) }
            + options.profile.yaraDirectories : []
        let yara: YaraRules?
        do { yara = yaraDirs.isEmpty ? nil : try YaraRules.compile(directories: yaraDirs) } catch {
            throw PetriError.badInput("YARA rules do not compile: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        DebugTiming.mark("YARA rules compiled")
        sample.staticInfo = StaticTriage.inspect(path: samplePath, yaraRules: yara)
        DebugTiming.mark("static triage done")
        try runner.check(systemRoot: guest?.root ?? "", staticInfo: sample.staticInfo)

        let artifacts = options.artifactsDirectory ?? "petri-\(sample.sha256.prefix(16))"
        let reportPath = options.reportPath ?? (URL(fileURLWithPath: artifacts).deletingLastPathComponent().path + "/\(sample.sha256).json")
        try checkWritable(reportPath: reportPath, artifacts: artifacts)

        // The sample keeps its original name (malware checks it), but a name that cannot be a path
        // component inside the sandbox is replaced.
        var insideName = options.sampleName ?? sample.fileName
        if insideName.isEmpty || insideName == "." || insideName == ".." || insideName.utf8.count > 200 || insideName.utf8.contains(0) {
            insideName = "sample"
        }
        var rawName: [UInt8]? = nil
        if let raw = options.rawSampleName, insideName == options.sampleName, raw.count <= 200, !raw.contains(0), !raw.contains(UInt8(ascii: "/")) {
            rawName = raw
        }
        let seedDir = NSTemporaryDirectory() + "petri-seed-\(getpid())-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: seedDir) }
        // Fresh canary tokens in the decoy credential files, every run: the guest home's, then the runner's.
        var canaries: [Canary] = []
        var homeSeed: LaunchPlan.Seed? = nil
        let decoys = options.profile.profilesDirectory + "/decoys/home"
        if FileManager.default.fileExists(atPath: decoys) {
            do {
                canaries = try DecoySeeder(templateDirectory: decoys, guestHome: policy.home).seed(into: seedDir + "/home")
                homeSeed = LaunchPlan.Seed(hostDirectory: seedDir + "/home", sandboxDirectory: policy.home)
            } catch {
                throw PetriError.io("cannot seed the decoy home from \(Printable.path(decoys)): \(error)")
            }
        }
        DebugTiming.mark("decoy home seeded")
        var (plan, runnerCanaries) = try runner.plan(RunnerInput(sampleName: insideName, rawSampleName: rawName, arguments: options.arguments,
                                                                 policy: policy, profile: options.profile, scratchDirectory: seedDir,
                                                                 systemRoot: guest?.root ?? ""))
        canaries += runnerCanaries
        if let h = homeSeed { plan.seeds.insert(h, at: 0) }
        DebugTiming.mark("launch plan made")
        // HTTPS in the clear (issue 16): a CA fresh for this run, trusted inside this sandbox only.
        let tlsCA = policy.networkMode == "sinkhole" ? try? InterceptionCA.generate() : nil
        if let tlsCA { plan.trustedCertificates.append(tlsCA.certificatePEM) }
        var req = LaunchRequest(samplePath: samplePath, sampleName: insideName, arguments: [], policy: policy, artifactsDirectory: artifacts)
        req.rawSampleName = rawName
        req.guestRoot = guest?.root
        req.plan = plan
        req.onProgress = options.onProgress
        req.cancel = options.cancel

        var runInfo = RunInfo(profile: options.profile.name, runner: runner.kind.rawValue,
                              startedAt: ISO8601DateFormatter().string(from: Date()), timeoutSeconds: policy.timeoutSeconds,
                              hostname: policy.hostname, user: policy.runUserName, workingDirectory: policy.workingDirectory,
                              samplePath: plan.samplePathDisplay, arguments: [plan.samplePathDisplay] + options.arguments,
                              networkMode: policy.networkMode)
        runInfo.artifactsDirectory = artifacts
        runInfo.hostUid = policy.hostUid
        runInfo.guest = guest.map(GuestImage.info)
        if case .dll(let entry, _) = wineTarget { runInfo.dllExport = entry }
        var report = Report(sample: sample, run: runInfo)
        report.canaries = canaries
        // The guest's identity and decoy documents, searched in outbound data like the tokens (issue 16).
        report.canaries += IdentityCanaries.collect(
            hostname: policy.hostname, user: policy.userName, userFullName: policy.userFullName,
            addresses: SimulatedInternetConfig().localAddresses, kernelRelease: IdentityCanaries.kernelRelease(),
            osReleaseText: try? String(contentsOfFile: (guest?.root ?? "") + "/etc/os-release", encoding: .utf8),
            seededHome: homeSeed?.hostDirectory, guestHome: policy.home)

        let network = NetworkServices(mode: policy.networkMode, resolver: policy.resolverAddress, artifacts: artifacts,
                                      payload: options.payloadFile, windowsPayload: runner.servesWindowsPayload, logger: options.logger)
        network.tlsCA = tlsCA
        network.refuseDownloads = options.refuseDownloads
        req.onNetworkNamespace = { fd, origin in try network.start(netnsFD: fd, monotonicOrigin: origin) }
        var sandboxResult: SandboxResult? = nil
        do {
            let result = try Sandbox.run(req)
            sandboxResult = result
            apply(result, to: &report)
            DebugTiming.mark("sandbox returned")
            if let section = network.stop() {
                let attempts = report.network.attempts
                report.network = section
                report.network.attempts = attempts
                report.network.mode = policy.networkMode
            }
            NetworkAttribution.attribute(section: &report.network, events: report.events)
            DebugTiming.mark("sandbox run done")
        } catch {
            report.run.outcome = .internalError(message: "\(error)")
            report.run.errors.append("\(error)")
            DebugTiming.mark("sandbox run failed")
        }
        runner.postProcess(&report, plan: plan)
        DebugTiming.mark("runner post-processing done")
        let payloadBytes = options.payloadFile.flatMap { try? Data(contentsOf: $0) }
        ServedExecution.mark(&report, windows: runner.servesWindowsPayload, payloadFile: payloadBytes.map(Array.init))
        // After the runner's post-processing: a loader's own files are out of the file record by then.
        if options.yara, let result = sandboxResult {
            // What the simulated internet can have served for downloads (as HTTPResponder chooses).
            let served = payloadBytes.map { [$0] } ?? HTTPResponder.servedBodies(windows: runner.servesWindowsPayload).map { Data($0) }
            collectPayloads(result, into: &report, artifacts: artifacts, rules: yara, served: served)
            DebugTiming.mark("payloads stored and scanned")
        }
        behaviours.apply(to: &report, outbound: outboundData(report, artifacts: artifacts))
        DebugTiming.mark("behaviours evaluated")
        if options.passes > 1, !options.refuseDownloads, let why = SecondPass.reason(report) {
            // The opposite answer: the same sample, the same profile, downloads refused.
            var o2 = options
            o2.passes = 1; o2.refuseDownloads = true
            o2.artifactsDirectory = artifacts + "/pass2"; o2.reportPath = artifacts + "/pass2/report.json"
            do {
                let second = try run(samplePath: samplePath, options: o2)
                SecondPass.merge(into: &report, second: second.report, reason: why, reportPath: "pass2/report.json",
                                 scoring: behaviours.scoring)
            } catch {
                report.run.errors.append("second pass failed: \(error)")
            }
            DebugTiming.mark("second pass done")
        }
        try ReportWriter.write(report, to: reportPath)
        DebugTiming.mark("report written")
        return Outcome(report: report, reportPath: reportPath, artifactsDirectory: artifacts)
    }

    /// Why execve of the sample failed, when the sample (not petri) is the cause: bad input. A runner
    /// that execs a loader (Wine) makes that loader's failure petri's problem.
    public static func notExecutable(stage: String, errno: Int32, runner: String) -> String? {
        guard stage == "execve", RunnerKind(rawValue: runner)?.execsSample ?? true else { return nil }
        switch errno {
        case ENOEXEC: return "truncated or corrupt ELF, or a #! line the kernel rejects?"
        case EACCES: return "the kernel refused to execute it"
        case ENOENT: return "its interpreter (#! program or ELF loader) does not exist in the sandbox"
        case EIO: return "truncated ELF?"
        case ELIBBAD: return "its ELF interpreter is corrupt"
        default: return nil
        }
    }

    /// Dropped files, HTTP bodies and executable memory: kept under payloads/ and scanned.
    static func collectPayloads(_ result: SandboxResult, into report: inout Report, artifacts: String, rules: YaraRules?, served: [Data]) {
        var c = PayloadCollection(artifacts: artifacts, rules: rules)
        c.addMemory(result.execMemory)
        c.addDroppedFiles(report.files, upperFiles: result.upperFiles, upperDirectory: result.upperDirectory)
        c.addHTTP(report.network, servedPayloads: served)
        report.payloads = c.records
    }

    /// What the sample sent on each connection (saved by the simulated internet), so a canary beyond
    /// the report's short previews is still found.
    static func outboundData(_ report: Report, artifacts: String) -> [OutboundData] {
        var out: [OutboundData] = []
        for c in report.network.connections {
            guard let f = c.dataFile, !f.contains(".."),
                  let d = FileManager.default.contents(atPath: artifacts + "/" + f), !d.isEmpty else { continue }
            out.append(OutboundData(channel: c.service, destination: (c.domain ?? c.ip) + ":\(c.port)", pid: c.pid, data: d))
        }
        return out
    }

    /// Loads the profile's behaviour rules and score settings; any error is bad input.
    public static func loadBehaviours(_ profile: Profile) throws -> BehaviourProfile {
        let dir = profile.profilesDirectory
        var b = BehaviourProfile.load(directory: dir)
        if let first = b.diagnostics.first(where: { $0.severity == .error }) {
            let n = b.diagnostics.filter { $0.severity == .error }.count
            throw PetriError.badInput("behaviour rules do not validate (\(n) error\(n == 1 ? "" : "s"); run `petri profiles check \(dir)`): \(first.description)")
        }
        if !profile.sigmaDirectories.isEmpty {
            let sigma = SigmaLoader.load(directories: profile.sigmaDirectories)
            let errors = sigma.diagnostics.filter { $0.severity == .error }
            if let first = errors.first {
                let flags = profile.sigmaDirectories.map { "--sigma \(Printable.path($0))" }.joined(separator: " ")
                throw PetriError.badInput("Sigma rules do not validate (\(errors.count) error\(errors.count == 1 ? "" : "s"); run `petri profiles check \(flags)`): \(Printable.path(first.description))")
            }
            b.ruleSet.sigma = sigma.rules
        }
        return b
    }

    static func checkWritable(reportPath: String, artifacts: String) throws {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: artifacts, withIntermediateDirectories: true) } catch {
            throw PetriError.badInput("cannot create artifacts folder \(Printable.path(artifacts)): \(error.localizedDescription)")
        }
        let dir = URL(fileURLWithPath: reportPath).deletingLastPathComponent().path
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw PetriError.badInput("cannot create report folder \(Printable.path(dir)): \(error.localizedDescription)")
        }
        guard fm.isWritableFile(atPath: dir), fm.isWritableFile(atPath: artifacts) else {
            throw PetriError.badInput("report or artifacts folder is not writable: \(Printable.path(dir))")
        }
    }

    public static func apply(_ r: SandboxResult, to report: inout Report) {
        report.run.outcome = r.outcome
        report.run.durationMs = r.durationMs
        report.run.setupMs = r.setupMs
        report.run.timeoutHit = r.timeoutHit
        report.run.limitsHit = r.limitsHit
        report.run.errors += r.errors
        if case .exited(let c) = r.outcome { report.run.exitCode = c }
        report.events = r.events
        report.eventStats = r.eventStats
        report.syscallCounts = r.syscallCounts
        report.processes = r.processes
        report.files = r.files.filter { $0.path != report.run.samplePath }
        report.denied = r.denied
        report.network.mode = report.run.networkMode
        report.network.attempts = r.attempts
        report.output = r.output
    }
}

/// Writes a report atomically: a temporary file in the same folder, then rename.
public enum ReportWriter {
    public static func write(_ report: Report, to path: String) throws {
        let data: Data
        do { data = try ReportJSON.encode(report) } catch { throw PetriError.io("cannot encode report: \(error)") }
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 { throw PetriError.io("cannot rename report into place: \(String(cString: strerror(errno)))") }
        } catch let e as PetriError {
            try? FileManager.default.removeItem(at: tmp)
            throw e
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw PetriError.io("cannot write report \(Printable.path(path)): \(error.localizedDescription)")
        }
    }

    /// The one reader of stored reports (`report show`, `rescore`, every export): a petri report of a
    /// schema version this petri reads (`Report.unreadableVersion`). Bad input (missing, not JSON,
    /// truncated, not a report, a newer schema) is one `PetriError.badInput` line.
    public static func read(_ path: String) throws -> Report {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw PetriError.badInput("report not found: \(Printable.path(path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw PetriError.badInput("report is not readable: \(Printable.path(path))") }
        return try decode(data, name: path)
    }

    public static func decode(_ data: Data, name: String) throws -> Report {
        let shown = Printable.path(name)
        guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
            throw PetriError.badInput("not a petri report (invalid or truncated JSON): \(shown)")
        }
        guard let version = top["schema_version"] as? String, top["tool"] is [String: Any] else {
            throw PetriError.badInput("not a petri report (no schema_version or tool): \(shown)")
        }
        // A newer minor version may carry fields this petri would silently drop: refuse rather than
        // show or export a partial picture. Older versions decode (new sections default to empty).
        if let problem = Report.unreadableVersion(version) {
            throw PetriError.badInput("report \(Printable.line(problem)): \(shown)")
        }
        do { return try ReportJSON.decode(data) } catch {
            throw PetriError.badInput("not a petri report (\(Printable.decodingProblem(error))): \(shown)")
        }
    }
}

/// Bridges the simulated internet (async, SwiftNIO) into the sandbox's synchronous set-up window.
final class NetworkServices: @unchecked Sendable {
    let mode: String
    let resolver: String
    let artifacts: String
    let payload: URL?
    /// Wine run: Windows-program downloads get the harmless PE (HTTPPolicy.windowsPayload).
    let windowsPayload: Bool
    /// The run's CA: TLS is terminated with certificates it signs (nil: ClientHellos are refused).
    var tlsCA: InterceptionCA?
    var refuseDownloads = false
    private let lock = NSLock()
    private var internet: SimulatedInternet?

    let logger: Logger

    init(mode: String, resolver: String, artifacts: String, payload: URL?, windowsPayload: Bool = false, logger: Logger = Logger(label: "petri")) {
        self.mode = mode; self.resolver = resolver; self.artifacts = artifacts; self.payload = payload
        self.windowsPayload = windowsPayload; self.logger = logger
    }

    /// Called with the sandbox's netns before the sample starts.
    func start(netnsFD: Int32, monotonicOrigin: UInt64) throws {
        var config = SimulatedInternetConfig(mode: NetworkMode(rawValue: mode) ?? .sinkhole, resolverAddress: resolver)
        if let payload { config.http.payloadFile = payload }
        config.http.windowsPayload = windowsPayload
        config.http.refuseDownloads = refuseDownloads
        config.tlsCA = tlsCA
        let elapsed = Sandbox.monotonicNs() &- monotonicOrigin
        let origin = ContinuousClock.now - .nanoseconds(Int64(min(elapsed, UInt64(Int64.max))))
        let log = logger
        let box = ResultBox<SimulatedInternet>()
        let dir = URL(fileURLWithPath: artifacts)
        let sem = DispatchSemaphore(value: 0)
        // Not on the cooperative pool: the caller may itself be a blocked cooperative thread (tests,
        // parallel corpus runs), and a pool of 2 threads on 2 cores would deadlock.
        Task(executorPreference: ServiceExecutor.shared) {
            do { box.set(.success(try await SimulatedInternet.start(netnsFD: netnsFD, config: config, artifactsDirectory: dir, clockOrigin: origin, logger: log))) }
            catch { box.set(.failure(error)) }
            sem.signal()
        }
        sem.wait()
        let inet = try box.get()
        lock.lock(); internet = inet; lock.unlock()
    }

    /// Stops the services (bounded) and returns their records, or nil when they never started.
    func stop() -> NetworkSection? {
        lock.lock(); let inet = internet; lock.unlock()
        guard let inet else { return nil }
        let box = ResultBox<NetworkSection>()
        let sem = DispatchSemaphore(value: 0)
        Task(executorPreference: ServiceExecutor.shared) {
            box.set(.success(await inet.stop()))
            sem.signal()
        }
        // stop() is bounded itself (stopTimeout + 1 s); this bounds the executor hand-off too.
        let bound = Double(inet.config.limits.stopTimeout.components.seconds) + 5
        if sem.wait(timeout: .now() + bound) == .timedOut {
            logger.warning("simulated internet: did not stop in \(Int(bound)) s; its records are left out")
            return nil
        }
        return try? box.get()
    }
}

final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, Error>?
    func set(_ v: Result<T, Error>) { lock.lock(); value = v; lock.unlock() }
    func get() throws -> T {
        lock.lock(); defer { lock.unlock() }
        guard let v = value else { throw PetriError.io("no result") }
        return try v.get()
    }
}

/// A task executor on one dedicated thread, for the async network set-up that the synchronous
/// sandbox pipeline waits on: it never depends on a free thread in the cooperative pool.
final class ServiceExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ServiceExecutor()
    private let cond = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let t = Thread { [self] in self.loop() }
        t.name = "petri-services"
        t.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        cond.lock()
        jobs.append(unowned)
        cond.signal()
        cond.unlock()
    }

    private func loop() {
        while true {
            cond.lock()
            while jobs.isEmpty { cond.wait() }
            let job = jobs.removeFirst()
            cond.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
