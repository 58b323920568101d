import Foundation
import PetriTestSupport
import PetriModel
import Testing

/// `--sigma` on `report rescore`, the profile's `sigma:` key, and `profiles check --sigma`.
@Suite("Sigma rules from the command line and the profile")
struct CLISigmaTests {
    static var teamRules: String { Repo.path("tests/sigma") }
    static var demo: String { Repo.path("tests/reports/demo-sample.json") }

    func sigmaIDs(_ json: String) throws -> Set<String> {
        let r = try ReportJSON.decode(Data(json.utf8))
        return Set(r.behaviours.map(\.id).filter { $0.hasPrefix("sigma-") })
    }

    @Test func rescoreWithSigmaFolder() throws {
        let plain = try #require(try CLI.run(["report", "rescore", Self.demo, "--json"]))
        #expect(plain.code == 0)
        #expect(try sigmaIDs(plain.stdout).isEmpty)
        let r = try #require(try CLI.run(["report", "rescore", Self.demo, "--sigma", Self.teamRules, "--json"]))
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try sigmaIDs(r.stdout).count == 7)
    }

    @Test func profileSigmaKeyIsRelativeToTheProfile() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/rules", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.teamRules + "/proc_creation_lnx_shell_dev_tcp.yml", toPath: dir + "/rules/a.yml")
        try "name: withsigma\nsigma:\n  - rules\n".write(toFile: dir + "/p.yaml", atomically: true, encoding: .utf8)
        let r = try #require(try CLI.run(["report", "rescore", Self.demo, "--profile", dir + "/p.yaml", "--json"]))
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try sigmaIDs(r.stdout) == ["sigma-6f1c2a3e-0b1d-4a51-9c1e-5d0f7a1b2c01"])
        try "sigma: rules\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try #require(try CLI.run(["report", "rescore", Self.demo, "--profile", dir + "/bad.yaml"]))
        #expect(bad.code == 2 && bad.stderr.contains("sigma must be a list"))
    }

    @Test func badSigmaRuleIsBadInputWithFileAndLine() throws {
        let dir = CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "title: x\nlogsource:\n  category: process_creation\ndetection:\n  sel:\n    Image|re: '(x'\n  condition: sel\n"
            .write(toFile: dir + "/bad.yml", atomically: true, encoding: .utf8)
        let r = try #require(try CLI.run(["report", "rescore", Self.demo, "--sigma", dir]))
        #expect(r.code == 2)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(dir + "/bad.yml:6:"))
        let check = try #require(try CLI.run(["profiles", "check", "--sigma", dir]))
        #expect(check.code == 1 && check.stdout.contains("bad.yml:6:") && check.stdout.contains("error[bad-regex]"))
        let ok = try #require(try CLI.run(["profiles", "check", "--sigma", Self.teamRules]))
        #expect(ok.code == 0 && ok.stdout.contains("18 Sigma rules loaded"))
        let missing = try #require(try CLI.run(["report", "rescore", Self.demo, "--sigma", dir + "/nope"]))
        #expect(missing.code == 2 && missing.stderr.contains("no such Sigma rule folder"))
    }
}
