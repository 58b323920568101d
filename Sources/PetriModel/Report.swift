import Foundation

/// The JSON behaviour report. Schema: docs/report.schema.json (bump `Report.schemaVersion` on change).
public struct Report: Codable, Sendable {
    /// 1.2: verdict `inconclusive` and `verdict_reason`; 1.3: behaviours' `attack_previous` (ATT&CK ids
    /// that moved, beside the current ones). Reports of 1.0 to 1.2 are read as they are;
    /// a newer major or minor is refused (its fields could change what a verdict means).
    public static let currentSchemaVersion = "1.3"

    public var schemaVersion: String
    public var tool: ToolInfo
    public var sample: SampleInfo
    public var run: RunInfo
    public var processes: [ProcessNode]
    public var events: [Event]
    public var eventStats: EventStats
    public var files: [FileChange]
    public var network: NetworkSection
    public var denied: [DeniedSyscall]
    public var syscallCounts: [String: UInt64]
    public var output: OutputCapture
    /// Filled by the behaviour engine (PetriAnalysis); empty until then.
    public var behaviours: [BehaviourMatch]
    public var score: Score?
    public var verdict: Verdict?
    /// Why the verdict is `inconclusive` (the sample did not really run); nil for any other verdict.
    public var verdictReason: VerdictReason?
    /// Decoy credential canaries planted for this run (file -> token), used by the behaviour engine.
    public var canaries: [Canary]
    /// Registry changes (Wine runner), empty for Linux samples.
    public var registry: [RegistryChange]
    /// Dropped files, HTTP bodies and executable memory kept under payloads/ and scanned with YARA.
    public var payloads: [PayloadRecord]
    /// The second pass, when the first called for one (docs/network.md, "Second pass").
    public var secondPass: SecondPassRecord?

    public init(tool: ToolInfo = .current, sample: SampleInfo, run: RunInfo) {
        self.schemaVersion = Report.currentSchemaVersion
        self.tool = tool; self.sample = sample; self.run = run
        self.processes = []; self.events = []; self.eventStats = EventStats()
        self.files = []; self.network = NetworkSection(); self.denied = []; self.syscallCounts = [:]
        self.output = OutputCapture(); self.behaviours = []; self.score = nil; self.verdict = nil
        self.canaries = []; self.registry = []; self.payloads = []
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", tool, sample, run, processes, events, eventStats = "event_stats"
        case files, network, denied, syscallCounts = "syscall_counts", output, behaviours, score, verdict
        case verdictReason = "verdict_reason", canaries, registry, payloads, secondPass = "second_pass"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(String.self, forKey: .schemaVersion)
        if let problem = Self.unreadableVersion(schemaVersion) {
            throw DecodingError.dataCorruptedError(forKey: .schemaVersion, in: c, debugDescription: problem)
        }
        tool = try c.decode(ToolInfo.self, forKey: .tool)
        sample = try c.decode(SampleInfo.self, forKey: .sample)
        run = try c.decode(RunInfo.self, forKey: .run)
        processes = try c.decodeIfPresent([ProcessNode].self, forKey: .processes) ?? []
        events = try c.decodeIfPresent([Event].self, forKey: .events) ?? []
        eventStats = try c.decodeIfPresent(EventStats.self, forKey: .eventStats) ?? EventStats()
        files = try c.decodeIfPresent([FileChange].self, forKey: .files) ?? []
        network = try c.decodeIfPresent(NetworkSection.self, forKey: .network) ?? NetworkSection()
        denied = try c.decodeIfPresent([DeniedSyscall].self, forKey: .denied) ?? []
        syscallCounts = try c.decodeIfPresent([String: UInt64].self, forKey: .syscallCounts) ?? [:]
        output = try c.decodeIfPresent(OutputCapture.self, forKey: .output) ?? OutputCapture()
        behaviours = try c.decodeIfPresent([BehaviourMatch].self, forKey: .behaviours) ?? []
        score = try c.decodeIfPresent(Score.self, forKey: .score)
        verdict = try c.decodeIfPresent(Verdict.self, forKey: .verdict)
        verdictReason = try c.decodeIfPresent(VerdictReason.self, forKey: .verdictReason)
        canaries = try c.decodeIfPresent([Canary].self, forKey: .canaries) ?? []
        registry = try c.decodeIfPresent([RegistryChange].self, forKey: .registry) ?? []
        payloads = try c.decodeIfPresent([PayloadRecord].self, forKey: .payloads) ?? []
        secondPass = try c.decodeIfPresent(SecondPassRecord.self, forKey: .secondPass)
    }

    /// Why a report of this schema version cannot be read, or nil: same major, minor not above ours.
    public static func unreadableVersion(_ version: String) -> String? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        let current = currentSchemaVersion.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            return "schema_version '\(version.prefix(20))' is not MAJOR.MINOR"
        }
        if major != current[0] || minor > current[1] {
            return "schema_version \(version) is newer than this petri reads (\(current[0]).0 to \(currentSchemaVersion))"
        }
        return nil
    }
}

public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public init(name: String, version: String) { self.name = name; self.version = version }
    public static let current = ToolInfo(name: "petri", version: "0.1.0")
}

public enum FileType: String, Codable, Sendable, CaseIterable {
    case elf, pe, script, archive, data, empty, directory, symlink, other
}

public struct SampleInfo: Codable, Sendable {
    /// Path given on the command line (host side).
    public var path: String
    public var fileName: String
    public var size: UInt64
    public var md5: String
    public var sha1: String
    public var sha256: String
    public var type: FileType
    /// Human-readable type detail: "ELF 64-bit x86-64 dynamic", "script (/bin/sh)", "PE32+ console".
    public var typeDetail: String?
    /// Static triage (PetriAnalysis/Static), nil until that stage runs.
    public var staticInfo: StaticInfo?

    public init(path: String, fileName: String, size: UInt64, md5: String, sha1: String, sha256: String,
                type: FileType, typeDetail: String? = nil, staticInfo: StaticInfo? = nil) {
        self.path = path; self.fileName = fileName; self.size = size; self.md5 = md5; self.sha1 = sha1
        self.sha256 = sha256; self.type = type; self.typeDetail = typeDetail; self.staticInfo = staticInfo
    }

    enum CodingKeys: String, CodingKey {
        case path, fileName = "file_name", size, md5, sha1, sha256, type, typeDetail = "type_detail"
        case staticInfo = "static"
    }
}

/// How a run ended. Closed set: a run never ends as a loose string.
public enum RunOutcome: Codable, Sendable, Equatable {
    case exited(code: Int32)
    case signaled(signal: Int32)
    case timedOut
    case setupFailed(stage: String, errno: Int32, message: String)
    case internalError(message: String)

    enum CodingKeys: String, CodingKey { case kind, code, signal, stage, errno, message }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exited(let code): try c.encode("exited", forKey: .kind); try c.encode(code, forKey: .code)
        case .signaled(let sig): try c.encode("signaled", forKey: .kind); try c.encode(sig, forKey: .signal)
        case .timedOut: try c.encode("timed_out", forKey: .kind)
        case .setupFailed(let stage, let errno, let message):
            try c.encode("setup_failed", forKey: .kind); try c.encode(stage, forKey: .stage)
            try c.encode(errno, forKey: .errno); try c.encode(message, forKey: .message)
        case .internalError(let message):
            try c.encode("internal_error", forKey: .kind); try c.encode(message, forKey: .message)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "exited": self = .exited(code: try c.decode(Int32.self, forKey: .code))
        case "signaled": self = .signaled(signal: try c.decode(Int32.self, forKey: .signal))
        case "timed_out": self = .timedOut
        case "setup_failed":
            self = .setupFailed(stage: try c.decode(String.self, forKey: .stage), errno: try c.decode(Int32.self, forKey: .errno),
                                message: try c.decode(String.self, forKey: .message))
        case "internal_error": self = .internalError(message: try c.decode(String.self, forKey: .message))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown run outcome \(other)")
        }
    }

    public var summary: String {
        switch self {
        case .exited(let code): return "exited with code \(code)"
        case .signaled(let sig): return "killed by signal \(sig)"
        case .timedOut: return "timed out"
        case .setupFailed(let stage, _, let message): return "sandbox setup failed at \(stage): \(message)"
        case .internalError(let message): return "internal error: \(message)"
        }
    }
}

public struct LimitHit: Codable, Sendable, Equatable {
    /// timeout, pids, memory, nproc, as, fsize, nofile, cpu, events, output, disk
    public var limit: String
    public var detail: String
    public var timeNs: UInt64?
    public init(limit: String, detail: String, timeNs: UInt64? = nil) { self.limit = limit; self.detail = detail; self.timeNs = timeNs }
    enum CodingKeys: String, CodingKey { case limit, detail, timeNs = "time_ns" }
}

public struct RunInfo: Codable, Sendable {
    public var profile: String
    public var runner: String               // native, script, wine, qemu
    public var startedAt: String            // ISO 8601 UTC
    public var durationMs: Double
    public var timeoutSeconds: Double
    public var outcome: RunOutcome
    public var exitCode: Int32?
    public var timeoutHit: Bool
    public var limitsHit: [LimitHit]
    public var errors: [String]
    public var hostname: String
    public var user: String
    public var workingDirectory: String     // inside the sandbox
    public var samplePath: String           // inside the sandbox
    public var arguments: [String]
    public var networkMode: String
    public var artifactsDirectory: String?
    /// Host uid/gid that the sandbox user maps to.
    public var hostUid: UInt32?
    public var setupMs: Double?
    /// The guest image the sample ran in; absent when it ran on the host's own /usr (`guest: host`).
    public var guest: GuestInfo?
    /// For a DLL sample run through rundll32: the export it called (a name or `#ordinal`).
    public var dllExport: String?

    public init(profile: String, runner: String, startedAt: String, timeoutSeconds: Double, hostname: String, user: String,
                workingDirectory: String, samplePath: String, arguments: [String], networkMode: String) {
        self.profile = profile; self.runner = runner; self.startedAt = startedAt; self.durationMs = 0
        self.timeoutSeconds = timeoutSeconds; self.outcome = .internalError(message: "not run"); self.exitCode = nil
        self.timeoutHit = false; self.limitsHit = []; self.errors = []; self.hostname = hostname; self.user = user
        self.workingDirectory = workingDirectory; self.samplePath = samplePath; self.arguments = arguments
        self.networkMode = networkMode
    }

    enum CodingKeys: String, CodingKey {
        case profile, runner, startedAt = "started_at", durationMs = "duration_ms", timeoutSeconds = "timeout_s"
        case outcome, exitCode = "exit_code", timeoutHit = "timeout_hit", limitsHit = "limits_hit", errors
        case hostname, user, workingDirectory = "working_directory", samplePath = "sample_path", arguments
        case networkMode = "network_mode", artifactsDirectory = "artifacts_directory", hostUid = "host_uid"
        case setupMs = "setup_ms", guest, dllExport = "dll_export"
    }
}

/// Which guest image a run used: same id and packages digest, same world for the sample.
public struct GuestInfo: Codable, Sendable, Equatable {
    public var id: String
    public var suite: String
    public var architecture: String
    /// SHA-256 over the installed packages' name:arch=version lines.
    public var packagesDigest: String
    public init(id: String, suite: String, architecture: String, packagesDigest: String) {
        self.id = id; self.suite = suite; self.architecture = architecture; self.packagesDigest = packagesDigest
    }
    enum CodingKeys: String, CodingKey { case id, suite, architecture, packagesDigest = "packages_digest" }
}

public struct ProcessExit: Codable, Sendable, Equatable {
    public var code: Int32?
    public var signal: Int32?
    /// How petri learned it: exit_group (syscall), reaped (by the sandbox init), teardown (killed at end of run).
    public var source: String
    /// Why it died, when petri knows more than the signal: `x32_syscall` (SIGSYS from petri's
    /// seccomp filter, whose only kill is for an x32 syscall number; the kernel kills before any
    /// notification, so there is no event for the call itself).
    public var cause: String?
    public init(code: Int32? = nil, signal: Int32? = nil, source: String, cause: String? = nil) {
        self.code = code; self.signal = signal; self.source = source; self.cause = cause
    }
}

public struct ProcessNode: Codable, Sendable, Equatable {
    public var pid: Int32
    public var ppid: Int32?
    public var image: String
    /// Executable path of the last successful-looking execve (sandbox path).
    public var path: String?
    public var argv: [String]
    /// Windows image name and command line, when run under Wine.
    public var windowsImage: String?
    public var commandLine: String?
    public var startNs: UInt64
    public var endNs: UInt64?
    public var exit: ProcessExit?
    /// Every image this pid exec'd, in order.
    public var execs: [String]
    /// Sequence number of the event that created this process (clone/fork), if seen.
    public var createdBy: UInt64?
    public var runner: Bool?

    public init(pid: Int32, ppid: Int32?, image: String, path: String? = nil, argv: [String] = [], startNs: UInt64) {
        self.pid = pid; self.ppid = ppid; self.image = image; self.path = path; self.argv = argv; self.startNs = startNs
        self.endNs = nil; self.exit = nil; self.execs = []; self.createdBy = nil
    }

    enum CodingKeys: String, CodingKey {
        case pid, ppid, image, path, argv, windowsImage = "windows_image", commandLine = "command_line"
        case startNs = "start_ns", endNs = "end_ns", exit, execs, createdBy = "created_by", runner
    }
}

public enum FileChangeKind: String, Codable, Sendable {
    case created, modified, deleted
}

public struct FileChange: Codable, Sendable, Equatable {
    /// Path inside the sandbox (e.g. /home/user/.config/autostart/x.desktop).
    public var path: String
    /// Windows path when under a Wine prefix (C:\users\user\...).
    public var windowsPath: String?
    public var change: FileChangeKind
    public var type: FileType
    public var size: UInt64?
    public var sha256: String?
    public var mode: String?
    public var symlinkTarget: String?
    /// Relative path under the artifacts folder when the file was kept (dropped/<sha256>).
    public var artifact: String?

    public init(path: String, change: FileChangeKind, type: FileType, size: UInt64? = nil, sha256: String? = nil,
                mode: String? = nil, symlinkTarget: String? = nil, artifact: String? = nil) {
        self.path = path; self.change = change; self.type = type; self.size = size; self.sha256 = sha256
        self.mode = mode; self.symlinkTarget = symlinkTarget; self.artifact = artifact
    }

    enum CodingKeys: String, CodingKey {
        case path, windowsPath = "windows_path", change, type, size, sha256, mode, symlinkTarget = "symlink_target", artifact
    }
}

public struct DeniedSyscall: Codable, Sendable, Equatable {
    public var seq: UInt64
    public var pid: Int32
    public var name: String
    public var error: String
    public var detail: String?
    public init(seq: UInt64, pid: Int32, name: String, error: String, detail: String? = nil) {
        self.seq = seq; self.pid = pid; self.name = name; self.error = error; self.detail = detail
    }
}

/// Exact counters and what was elided from `events`.
public struct EventStats: Codable, Sendable, Equatable {
    /// Notifications received from the kernel (exact).
    public var notified: UInt64 = 0
    /// Events kept in `events`.
    public var recorded: UInt64 = 0
    /// Events counted but not kept (bounded event store; see docs/report.md).
    public var elided: UInt64 = 0
    /// The bounds in force.
    public var maxEvents: UInt64 = 0
    public var maxPerSyscall: UInt64 = 0
    /// Notifications whose target vanished before they could be read (NOTIF_ID_VALID failed).
    public var vanished: UInt64 = 0
    public init() {}
    enum CodingKeys: String, CodingKey {
        case notified, recorded, elided, maxEvents = "max_events", maxPerSyscall = "max_per_syscall", vanished
    }
}

public struct OutputCapture: Codable, Sendable, Equatable {
    public var stdoutPreview: String = ""
    public var stderrPreview: String = ""
    public var stdoutBytes: UInt64 = 0
    public var stderrBytes: UInt64 = 0
    public var stdoutTruncated: Bool = false
    public var stderrTruncated: Bool = false
    public var stdoutFile: String?
    public var stderrFile: String?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case stdoutPreview = "stdout_preview", stderrPreview = "stderr_preview", stdoutBytes = "stdout_bytes"
        case stderrBytes = "stderr_bytes", stdoutTruncated = "stdout_truncated", stderrTruncated = "stderr_truncated"
        case stdoutFile = "stdout_file", stderrFile = "stderr_file"
    }
}

public enum Verdict: String, Codable, Sendable, CaseIterable {
    /// `inconclusive`: the sample did not really run (see `VerdictReason`), so the record cannot say
    /// it is benign. `unknown` is kept for reports of schema 1.0/1.1 (petri never wrote it).
    case benign, suspicious, malicious, inconclusive, unknown
}

/// Why a run says nothing about the sample (docs/scoring.md, "Inconclusive").
public struct VerdictReason: Codable, Sendable, Equatable {
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// The sandbox could not be set up (petri's side: mounts, namespaces, the hand-off).
        case setupFailed = "setup_failed"
        /// The runner could not start the sample (an internal error, the sample's exec never happened
        /// or failed, Wine never created the Windows process).
        case notStarted = "not_started"
        /// The sample was exec'd but its loader gave up (a missing shared library or ELF interpreter,
        /// Wine refusing the PE) before any code of the sample's own ran.
        case loaderFailed = "loader_failed"
        /// The kernel cannot execute this format or architecture.
        case unsupported
        /// It exited or crashed before making any recorded syscall of its own (beyond the loader's
        /// start-up), without output, files, network or limits.
        case noOwnActivity = "no_own_activity"
    }
    public var code: Code
    /// One line for the analyst ("exited with code 0 before any syscall of its own").
    public var message: String
    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }
}

public struct Evidence: Codable, Sendable, Equatable {
    /// Event sequence numbers.
    public var events: [UInt64]
    public var files: [String]
    /// Network record ids (see NetworkSection) or destinations.
    public var network: [String]
    /// Free-form facts ("sent https://x.example/a to 12 contacts").
    public var notes: [String]
    /// Named findings the rule declares (`evidence:` in the rule), e.g. propagation: link,
    /// link: http://x.example/a, recipients: 6. Absent when the rule declares none.
    public var fields: [String: String]?
    /// The cited events that failed (denied by petri, or refused by the kernel as the record shows:
    /// docs/profiles.md, "Attempts"): an attempt is evidence of intent. Absent when none failed.
    public var failedEvents: [UInt64]?
    public init(events: [UInt64] = [], files: [String] = [], network: [String] = [], notes: [String] = [],
                fields: [String: String]? = nil, failedEvents: [UInt64]? = nil) {
        self.events = events; self.files = files; self.network = network; self.notes = notes; self.fields = fields
        self.failedEvents = failedEvents
    }
    enum CodingKeys: String, CodingKey { case events, files, network, notes, fields, failedEvents = "failed_events" }
}

public struct BehaviourMatch: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String
    public var severity: Int
    /// ATT&CK technique ids of the current release (`AttackIDs.release`).
    public var attack: [String]
    /// The previous id of each `attack` id that the current release moved (T1562.001 beside T1685),
    /// so tools on the older release understand the report. Absent when none moved.
    public var attackPrevious: [String]?
    public var mbc: [String]
    public var evidence: Evidence
    /// This behaviour's share of the score (see docs/scoring.md).
    public var contribution: Double
    /// Two-pass reports: the passes the behaviour matched in (1, 2 or both); nil for one pass.
    public var passes: [Int]?
    /// `attack` may cite revoked ids: they are replaced by the current ones, their previous ids kept
    /// in `attackPrevious` (`AttackIDs.normalize`).
    public init(id: String, title: String, description: String, severity: Int, attack: [String], mbc: [String] = [],
                evidence: Evidence, contribution: Double = 0) {
        self.id = id; self.title = title; self.description = description; self.severity = severity
        let ids = AttackIDs.normalize(attack)
        self.attack = ids.current; self.attackPrevious = ids.previous.isEmpty ? nil : ids.previous
        self.mbc = mbc; self.evidence = evidence; self.contribution = contribution
    }
    enum CodingKeys: String, CodingKey {
        case id, title, description, severity, attack, attackPrevious = "attack_previous", mbc, evidence, contribution, passes
    }
}

public struct Score: Codable, Sendable, Equatable {
    public var value: Double
    public var formulaVersion: String
    public var formula: String
    public var thresholds: [String: Double]
    public init(value: Double, formulaVersion: String, formula: String, thresholds: [String: Double]) {
        self.value = value; self.formulaVersion = formulaVersion; self.formula = formula; self.thresholds = thresholds
    }
    enum CodingKeys: String, CodingKey { case value, formulaVersion = "formula_version", formula, thresholds }
}

public struct Canary: Codable, Sendable, Equatable {
    public var token: String
    /// Sandbox path of the decoy file that holds the token.
    public var file: String
    /// What the decoy stands for: firefox, chrome, skype, ssh, aws, wallet, ...
    public var kind: String
    public init(token: String, file: String, kind: String) { self.token = token; self.file = file; self.kind = kind }
}

public struct RegistryChange: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case keyCreated = "key_created", keyDeleted = "key_deleted", valueSet = "value_set", valueDeleted = "value_deleted" }
    public var kind: Kind
    public var key: String
    public var value: String?
    public var data: String?
    public var type: String?
    public init(kind: Kind, key: String, value: String? = nil, data: String? = nil, type: String? = nil) {
        self.kind = kind; self.key = key; self.value = value; self.data = data; self.type = type
    }
}

/// The second pass of a run: why it ran, what it answered differently, and what it showed. Its full
/// report (events, files, network) is `report`, beside the first pass's artifacts.
public struct SecondPassRecord: Codable, Sendable, Equatable {
    public var pass: Int
    /// What in the first pass called for it ("a served download was run: http://...").
    public var reason: String
    /// What the simulated internet answered in it ("downloads refused (404)").
    public var answer: String
    /// The second pass's report, relative to the first pass's artifacts folder.
    public var report: String
    public var verdict: Verdict?
    public var score: Double?
    /// Behaviours only the second pass showed.
    public var newBehaviours: [String]
    /// Its HTTP requests, as `METHOD url -> status response`.
    public var http: [String]
    /// Files it created or changed that the first pass did not.
    public var newFiles: [String]
    public init(pass: Int, reason: String, answer: String, report: String) {
        self.pass = pass; self.reason = reason; self.answer = answer; self.report = report
        self.verdict = nil; self.score = nil; self.newBehaviours = []; self.http = []; self.newFiles = []
    }
    enum CodingKeys: String, CodingKey {
        case pass, reason, answer, report, verdict, score, newBehaviours = "new_behaviours", http, newFiles = "new_files"
    }
}
