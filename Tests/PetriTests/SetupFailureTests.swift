import Foundation
import Petri
import PetriModel
import PetriTestSupport
import Testing

/// Which set-up failures of `petri analyze` are the sample's fault (bad input, exit 2) and which are petri's (exit 1).
@Suite struct SetupFailureTests {
    static func report(_ outcome: RunOutcome, runner: String) throws -> Report {
        var r = try ReportJSON.decode(Repo.recordedReport("hello-script"))
        r.run.outcome = outcome
        r.run.runner = runner
        return r
    }

    @Test func kernelRefusingTheSampleIsBadInput() throws {
        let r = try Self.report(.setupFailed(stage: "execve", errno: ENOEXEC, message: "exec format error"), runner: "native")
        #expect(SetupFailure.classify(r, reportPath: "/o/r.json")
                == .notExecutable("sample is not executable: exec format error (truncated or corrupt ELF, or a #! line the kernel rejects?); report: /o/r.json"))
        let script = try Self.report(.setupFailed(stage: "execve", errno: ENOENT, message: "no such file"), runner: "script")
        guard case .notExecutable(let line) = SetupFailure.classify(script, reportPath: "/o/r.json") else { Issue.record("not bad input"); return }
        #expect(line.contains("its interpreter"))
    }

    @Test func petrisOwnFailureIsNotBadInput() throws {
        // Wine's loader failing to exec is petri's problem, as is any stage before execve.
        let wine = try Self.report(.setupFailed(stage: "execve", errno: ENOEXEC, message: "exec format error"), runner: "wine")
        #expect(SetupFailure.classify(wine, reportPath: "/o/r.json") == .sandbox("sandbox setup failed at execve: exec format error"))
        let mount = try Self.report(.setupFailed(stage: "mount\u{1b}", errno: EPERM, message: "overlay\nrefused"), runner: "native")
        #expect(SetupFailure.classify(mount, reportPath: "/o/r.json") == .sandbox("sandbox setup failed at mount\\x1b: overlay\\x0arefused"))
        // An errno the classification does not know stays petri's.
        let odd = try Self.report(.setupFailed(stage: "execve", errno: E2BIG, message: "too big"), runner: "native")
        #expect(SetupFailure.classify(odd, reportPath: "/o/r.json") == .sandbox("sandbox setup failed at execve: too big"))
    }

    @Test func aRunPastSetUpIsNoFailure() throws {
        let r = try ReportJSON.decode(Repo.recordedReport("hello-script"))
        #expect(SetupFailure.classify(r, reportPath: "/o/r.json") == nil)
    }
}
