import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// Attempts count: a failed or denied attempt is evidence of intent, and the evidence says which it was.
@Suite struct AttemptTests {
    static func rules(_ yaml: String) throws -> RuleSet {
        let r = RuleLoader.load(sources: [("t.yaml", yaml)])
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        return r.ruleSet
    }

    @Test func execOutcomeIsReadFromTheThreadsNextEvent() {
        var t = Trace(sampleName: "dropper")
        t.child(101, image: "sh")
        let ok = t.sys("execve", ["path": .string("/usr/bin/crontab")], pid: 101, image: "sh")
        t.sys("openat", ["path": .string("/etc/ld.so.cache")], pid: 101, image: "crontab")
        t.child(102, image: "sh")
        let failed = t.sys("execve", ["path": .string("/usr/sbin/useradd")], pid: 102, image: "sh")
        t.sys("exit_group", ["code": .int(127)], pid: 102, image: "sh")
        t.child(103, image: "python3")
        let denied = t.sys("setns", ["fd": .int(3)], pid: 103, image: "python3", action: .denied)
        let refused = t.sys("openat", ["path": .string("/etc/ld.so.preload"), "flags": .string("O_WRONLY|O_CREAT|O_TRUNC")], pid: 103, image: "python3")
        let mine = t.sys("openat", ["path": .string("/home/user/x"), "flags": .string("O_WRONLY|O_CREAT")], pid: 103, image: "python3")
        t.file("/home/user/x", type: .data)
        let read = t.sys("openat", ["path": .string("/etc/passwd"), "flags": .string("O_RDONLY")], pid: 103, image: "python3")
        let o = EventOutcome.all(t.report)
        #expect(o[ok] == .succeeded && o[failed] == .failed && o[denied] == .failed)
        #expect(o[refused] == .failed, "a write open outside the user's areas that changed nothing was refused")
        #expect(o[mine] == .succeeded && o[read] == .unknown)
    }

    @Test func aFailedExecFollowedByTheSameImageFailed() {
        var t = Trace(sampleName: "inst")
        let first = t.sys("execve", ["path": .string("/usr/local/bin/systemctl")], image: "python3")
        let second = t.sys("execve", ["path": .string("/usr/bin/systemctl")], image: "python3")
        t.sys("openat", ["path": .string("/lib/x86_64-linux-gnu/libsystemd-shared-252.so")], image: "systemctl")
        let o = EventOutcome.all(t.report)
        #expect(o[first] == .failed && o[second] == .succeeded)
    }

    @Test func failedAttemptsMatchByDefaultAndTheEvidenceSaysSo() throws {
        var t = Trace(sampleName: "dropper")
        t.child(102, image: "sh")
        let failed = t.sys("execve", ["path": .string("/usr/bin/crontab"), "argv": .list(["crontab", "/tmp/c"])], pid: 102, image: "sh")
        t.sys("exit_group", ["code": .int(127)], pid: 102, image: "sh")
        let m = try #require(BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report).first { $0.id == "persistence-cron" })
        #expect(m.evidence.failedEvents == [failed])
        #expect(m.evidence.notes.contains { $0.hasPrefix("attempt failed: execve /usr/bin/crontab") }, "\(m.evidence.notes)")
        let json = String(decoding: try JSONEncoder().encode(m.evidence), as: UTF8.self)
        #expect(json.contains("\"failed_events\""))
    }

    @Test func deniedSetnsIsAnEscapeAttemptWithItsErrno() throws {
        var t = Trace()
        let s = t.sys("setns", ["fd": .int(3)], action: .denied)
        let m = try #require(BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report).first { $0.id == "sandbox-escape-attempt" })
        #expect(m.evidence.failedEvents == [s])
        #expect(m.evidence.notes.contains { $0.contains("setns") && $0.contains("EPERM") }, "\(m.evidence.notes)")
    }

    @Test func successRequiredAndFailedSelectByOutcome() throws {
        let set = try Self.rules("""
        rules:
          - {id: any-exec, title: t, description: d, severity: 2, attack: [T1059], condition: {match: {syscall: execve, basename: useradd}}}
          - {id: done-exec, title: t, description: d, severity: 2, attack: [T1059], success: required, condition: {match: {syscall: execve, basename: useradd}}}
          - {id: tried-exec, title: t, description: d, severity: 2, attack: [T1059], success: failed, condition: {match: {syscall: execve, basename: useradd}}}
          - {id: file-kept, title: t, description: d, severity: 2, attack: [T1136], success: failed, condition: {match: {source: file, path: /etc/passwd}}}
        """)
        var failed = Trace()
        failed.sys("execve", ["path": .string("/usr/sbin/useradd")], image: "sh")
        failed.sys("exit_group", ["code": .int(127)], image: "sh")
        failed.file("/etc/passwd", .modified, type: .data)
        let f = Set(BehaviourEngine(ruleSet: set).evaluate(failed.report).map(\.id))
        #expect(f == ["any-exec", "tried-exec", "file-kept"], "success: applies to event records only")
        var done = Trace()
        done.sys("execve", ["path": .string("/usr/sbin/useradd")], image: "sh")
        done.sys("openat", ["path": .string("/etc/ld.so.cache")], image: "useradd")
        let d = Set(BehaviourEngine(ruleSet: set).evaluate(done.report).map(\.id))
        #expect(d == ["any-exec", "done-exec"])
    }

    @Test func aBadSuccessValueIsADiagnostic() {
        let r = RuleLoader.load(sources: [("t.yaml", """
        rules:
          - {id: x, title: t, description: d, severity: 2, attack: [T1059], success: sometimes, condition: {match: {syscall: execve}}}
        """)])
        #expect(r.diagnostics.contains { $0.keyPath.hasSuffix("success") && $0.message.contains("any, required, failed") }, "\(r.diagnostics)")
        #expect(r.ruleSet.rules.isEmpty)
    }
}
