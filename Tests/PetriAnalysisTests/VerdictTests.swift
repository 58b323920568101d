import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// Honest verdicts: a sample that did not really run is `inconclusive` with the reason, never benign.
@Suite struct InconclusiveVerdictTests {
    /// The sandbox init ("petri") execs the sample, the dynamic loader maps libc, glibc asks for the
    /// stack limit: the start-up every dynamic ELF shows before its own code.
    static func started(_ name: String = "sample") -> Trace {
        var t = Trace(sampleName: name)
        t.sys("execve", ["path": .string(t.report.run.samplePath), "argv": .list([t.report.run.samplePath])], image: "petri")
        t.open("/etc/ld.so.cache")
        t.open("/lib/x86_64-linux-gnu/libc.so.6")
        t.sys("mmap", ["prot": .string("PROT_READ|PROT_EXEC"), "fd": .int(3), "fd_path": .string("/usr/lib/x86_64-linux-gnu/libc.so.6")])
        t.sys("prlimit64", ["resource": .string("RLIMIT_STACK"), "target_pid": .int(0)])
        return t
    }

    static func scored(_ t: Trace) -> Report {
        var r = t.report
        BehaviourAnalysis.apply(to: &r, ruleSet: BuiltIn.rules)
        return r
    }

    static func exit(_ t: inout Trace, code: Int32? = nil, signal: Int32? = nil) {
        t.report.processes[0].exit = ProcessExit(code: code, signal: signal, source: "reaped")
        if let code { t.sys("exit_group", ["code": .int(Int64(code))]); t.report.run.outcome = .exited(code: code) }
        if let signal { t.report.run.outcome = .signaled(signal: signal) }
    }

    @Test func aSampleThatDidSomethingOfItsOwnStaysBenign() {
        var t = Self.started()
        t.open("/home/user/Documents/notes.txt")
        Self.exit(&t, code: 0)
        let r = Self.scored(t)
        #expect(r.verdict == .benign && r.verdictReason == nil)
        #expect(r.schemaVersion == Report.currentSchemaVersion)
    }

    @Test func exitingBeforeAnySyscallOfItsOwnIsInconclusive() throws {
        var t = Self.started()
        Self.exit(&t, code: 0)
        let r = Self.scored(t)
        #expect(r.verdict == .inconclusive)
        let why = try #require(r.verdictReason)
        #expect(why.code == .noOwnActivity && why.message.hasPrefix("exited with code 0"), "\(why)")
        #expect(r.score?.value == 0, "the score is kept beside the verdict")
    }

    @Test func crashingBeforeAnySyscallOfItsOwnIsInconclusive() throws {
        var t = Self.started()
        Self.exit(&t, signal: 11)
        let why = try #require(Self.scored(t).verdictReason)
        #expect(why.code == .noOwnActivity && why.message.hasPrefix("crashed (signal 11)"), "\(why)")
    }

    @Test func outputFilesOrAChildAreActivityOfItsOwn() {
        var printed = Self.started()
        printed.report.output.stdoutBytes = 15
        Self.exit(&printed, signal: 11)
        #expect(Self.scored(printed).verdict == .benign, "printed, then crashed: it ran")
        var wrote = Self.started()
        wrote.file("/home/user/Downloads/out.txt", type: .data)
        Self.exit(&wrote, code: 0)
        #expect(Self.scored(wrote).verdict == .benign)
        var timedOut = Self.started()
        timedOut.report.run.outcome = .timedOut; timedOut.report.run.timeoutHit = true
        #expect(Self.scored(timedOut).verdict == .benign, "spinning without syscalls until the timeout is running")
        var limited = Self.started()
        limited.report.run.limitsHit = [LimitHit(limit: "pids", detail: "pids.max 64 reached")]
        Self.exit(&limited, code: 0)
        // Running into the pids limit is activity of its own, and resource abuse (at least suspicious).
        #expect(Self.scored(limited).verdict == .suspicious)
    }

    @Test func aLoaderThatCannotFindALibraryIsLoaderFailed() throws {
        var t = Self.started()
        t.report.output.stderrBytes = 90
        t.report.output.stderrPreview = "sample: error while loading shared libraries: libcrypt0.so.9: cannot open shared object file: No such file or directory\n"
        Self.exit(&t, code: 127)
        let r = Self.scored(t)
        #expect(r.verdict == .inconclusive)
        let why = try #require(r.verdictReason)
        #expect(why.code == .loaderFailed && why.message.contains("libcrypt0.so.9"), "\(why)")
    }

    @Test func exitCode127WithoutTheLoaderMessageIsTheSamplesOwn() {
        var t = Self.started()
        t.report.output.stderrBytes = 12
        t.report.output.stderrPreview = "usage: tool\n"
        Self.exit(&t, code: 127)
        #expect(Self.scored(t).verdict == .benign)
    }

    @Test func setUpFailuresAndRefusedExecsSayWhy() throws {
        func reason(_ outcome: RunOutcome, runner: String = "native") -> VerdictReason? {
            var t = Trace()
            t.report.run.runner = runner
            t.report.run.outcome = outcome
            return Self.scored(t).verdictReason
        }
        #expect(reason(.setupFailed(stage: "pivot_root", errno: EPERM, message: "Operation not permitted"))?.code == .setupFailed)
        #expect(reason(.setupFailed(stage: "execve", errno: ENOEXEC, message: "Exec format error"))?.code == .unsupported)
        #expect(reason(.setupFailed(stage: "execve", errno: ENOENT, message: "No such file or directory"))?.code == .loaderFailed)
        #expect(reason(.setupFailed(stage: "execve", errno: ENOENT, message: "wine missing"), runner: "wine")?.code == .setupFailed,
                "a Wine run execs Wine: its failure is petri's")
        #expect(reason(.internalError(message: "supervisor died"))?.code == .notStarted)
        #expect(reason(.exited(code: 0))?.code == .notStarted, "nothing at all recorded")
    }

    @Test func aFailedExecOfTheSampleIsNotStarted() throws {
        var t = Trace()
        t.sys("execve", ["path": .string(t.report.run.samplePath)], image: "petri")
        t.sys("exit_group", ["code": .int(126)], image: "petri")
        t.report.processes[0].exit = ProcessExit(code: 126, source: "reaped")
        let why = try #require(Self.scored(t).verdictReason)
        #expect(why.code == .notStarted, "\(why)")
    }

    @Test func wineRunsNeedTheWindowsProcess() throws {
        func wine(_ build: (inout Trace) -> Void) -> Report {
            var t = Trace(sampleName: "x.exe")
            t.report.run.runner = "wine"
            t.report.processes[0].runner = true
            t.report.processes[0].image = "wineserver"
            t.sys("openat", ["path": .string("/opt/wine/lib/wine/x86_64-unix/ntdll.so")], image: "wineserver", runner: true)
            build(&t)
            return Self.scored(t)
        }
        let never = wine { _ in }
        #expect(never.verdict == .inconclusive && never.verdictReason?.code == .notStarted)
        let refused = wine { t in t.report.output.stderrPreview = "wine: Bad EXE format for Z:\\home\\user\\Downloads\\x.exe.\n" }
        #expect(refused.verdictReason?.code == .loaderFailed)
        let ran = wine { t in
            var p = ProcessNode(pid: 120, ppid: 100, image: "x.exe", startNs: 5)
            p.windowsImage = "x.exe"
            t.report.processes.append(p)
        }
        #expect(ran.verdict == .benign && ran.verdictReason == nil)
    }

    @Test func aSuspiciousScoreKeepsItsVerdictEvenWithoutActivity() {
        var t = Self.started()
        t.sys("unshare", ["clone_flags": .string("CLONE_NEWUSER|CLONE_NEWNS")], action: .denied)
        t.sys("mount", ["path": .string("/mnt"), "fstype": .string("proc")], action: .denied)
        Self.exit(&t, code: 0)
        let r = Self.scored(t)
        #expect(r.verdict != .inconclusive && r.verdictReason == nil, "\(r.verdict?.rawValue ?? "-")")
    }

    @Test func rescoringARecordedReportDecidesFromTheRecord() throws {
        var t = Self.started()
        Self.exit(&t, code: 0)
        var old = t.report
        old.schemaVersion = "1.1"
        old.verdict = .benign
        let data = try ReportJSON.encode(old)
        let again = try ReportJSON.decode(try ProfileCommands.rescore(reportData: data, ruleSet: BuiltIn.rules))
        #expect(again.verdict == .inconclusive && again.verdictReason?.code == .noOwnActivity)
        #expect(again.schemaVersion == Report.currentSchemaVersion)
    }
}

@Suite struct ReportSchemaVersionTests {
    static func encoded(version: String) throws -> Data {
        var r = Trace().report
        r.schemaVersion = version
        return try ReportJSON.encode(r)
    }

    @Test func olderMinorVersionsAreRead() throws {
        for v in ["1.0", "1.1", "1.2", "1.3"] { #expect(try ReportJSON.decode(try Self.encoded(version: v)).schemaVersion == v) }
    }

    @Test func aNewerMajorOrMinorIsRefused() throws {
        for v in ["1.4", "2.0", "0.9", "x", "1", "1.2.3", ""] {
            #expect(throws: DecodingError.self, "\(v)") { try ReportJSON.decode(try Self.encoded(version: v)) }
            #expect(Report.unreadableVersion(v) != nil, "\(v)")
        }
        #expect(Report.unreadableVersion("1.4")?.contains("newer than this petri reads") == true)
    }

    @Test func inconclusiveAndItsReasonRoundTrip() throws {
        var r = Trace().report
        r.verdict = .inconclusive
        r.verdictReason = VerdictReason(.loaderFailed, "its loader failed: x")
        let back = try ReportJSON.decode(try ReportJSON.encode(r))
        #expect(back.verdict == .inconclusive && back.verdictReason == r.verdictReason)
        let json = String(decoding: try ReportJSON.encode(r), as: UTF8.self)
        #expect(json.contains("\"verdict_reason\"") && json.contains("\"loader_failed\""))
    }
}
