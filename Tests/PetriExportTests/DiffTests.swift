import Foundation
import Petri
import PetriModel
import Testing

@Suite("Diff: what differs between two runs")
struct DiffTests {
    @Test("the same sample with and without the simulated internet: the second stage and its network are gone")
    func sinkholeVersusNone() throws {
        let a = try ExportFixtures.spSim(), b = try ExportFixtures.load(ExportFixtures.spSimNonePath)
        let d = ReportDiff(a, b)
        func has(_ section: String, _ op: String, _ item: (String) -> Bool) -> Bool { d.changes.contains { $0.section == section && $0.op == op && item($0.item) } }
        #expect(has("behaviours", "-") { $0.hasPrefix("downloads-and-executes ") })
        #expect(has("processes", "-") { $0.hasPrefix("sp-stealer") })
        #expect(has("network", "-") { $0 == "http GET http://update.sp-sim.example/stage2.bin" })
        #expect(has("network", "+") { $0 == "connect tcp 198.51.100.80:80" })
        #expect(has("files", "-") { $0 == "created /tmp/sp-stealer" })
        #expect(d.changes.contains { $0.section == "sample" && $0.item == "network mode" && $0.detail == "sinkhole -> none" })
        #expect(d.score[0] == a.score?.value && d.score[1] == b.score?.value)
        // Sinkhole addresses are per-run: never a difference by themselves.
        #expect(!d.changes.contains { $0.item.contains("198.18.") })
        // Behaviours both runs share are not listed.
        let shared = Set(a.behaviours.map(\.id)).intersection(b.behaviours.map(\.id))
        #expect(!shared.isEmpty)
        #expect(!d.changes.contains { c in c.section == "behaviours" && shared.contains { c.item.hasPrefix($0 + " ") } && c.op != "~" })
        // Techniques: exactly those only one run's behaviours cite, named.
        let ta = Set(a.behaviours.flatMap(\.attack)), tb = Set(b.behaviours.flatMap(\.attack))
        let techniques = d.changes.filter { $0.section == "techniques" }
        #expect(!ta.subtracting(tb).isEmpty)
        #expect(Set(techniques.filter { $0.op == "-" }.map(\.item)) == ta.subtracting(tb))
        #expect(Set(techniques.filter { $0.op == "+" }.map(\.item)) == tb.subtracting(ta))
        #expect(techniques.contains { $0.item == "T1105" && $0.detail == "Ingress Tool Transfer" } == ta.subtracting(tb).contains("T1105"))
    }

    @Test("a shared behaviour whose share moved because others came or went is no difference, its severity is; a revoked ATT&CK id is not a difference")
    func sharesAndRevokedIDs() throws {
        let a = try ExportFixtures.spSim()
        var b = a
        let i = try #require(b.behaviours.indices.first { b.behaviours[$0].contribution > 0 })
        b.behaviours[i].contribution += 1.25
        #expect(ReportDiff(a, b).changes.isEmpty, "\(ReportDiff(a, b).changes)")
        b.behaviours[i].severity += 1
        let d = ReportDiff(a, b)
        #expect(d.changes.count == 1 && d.changes.first?.op == "~" && d.changes.first?.section == "behaviours")
        #expect(d.changes.first?.detail?.hasPrefix("severity \(a.behaviours[i].severity) [") == true, "\(d.changes)")
        // The same behaviour citing the id a newer ATT&CK release revoked (a 1.2 report) is the same technique.
        var c = a, e = a
        c.behaviours[i].attack = ["T1562.001"]
        e.behaviours[i].attack = ["T1685"]
        #expect(ReportDiff(c, e).changes.isEmpty, "\(ReportDiff(c, e).changes)")
        e.behaviours[i].attack = ["T1686"]
        #expect(ReportDiff(c, e).changes.contains { $0.section == "techniques" && $0.op == "+" && $0.item == "T1686" })
    }

    @Test("a report against itself, and the same run with other pids and sinkhole addresses, has no differences")
    func identical() throws {
        let a = try ExportFixtures.spSim()
        #expect(ReportDiff(a, a).identical)
        var b = a
        for i in b.processes.indices { b.processes[i].pid += 100 }
        for i in b.network.attempts.indices where b.network.attempts[i].ip?.hasPrefix("198.18.") == true {
            b.network.attempts[i].ip = "198.18.7.\(i)"
        }
        #expect(ReportDiff(a, b).changes.isEmpty, "\(ReportDiff(a, b).changes)")
        b.files[0].sha256 = String(repeating: "0", count: 64)
        #expect(ReportDiff(a, b).changes.map(\.op) == ["~"])
    }

    @Test("the terminal form escapes what either sample controls; --json decodes")
    func output() throws {
        let inj = InjectionReport.make()
        let text = ReportDiff(try ExportFixtures.spSim(), inj).text()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 })
        #expect(text.contains("\\x1b[31mred"))
        let path = try ExportFixtures.write(inj, "inj.json")
        let out = try #require(try PetriBinary.run(["report", "diff", ExportFixtures.spSimPath, path, "--json"]))
        #expect(out.code == 0, "\(out.stderr)")
        let d = try JSONDecoder().decode(ReportDiff.self, from: out.stdout)
        #expect(d.verdict == ["malicious", "suspicious"])
        #expect(d.changes.contains { $0.section == "registry" && $0.op == "+" })
    }
}
