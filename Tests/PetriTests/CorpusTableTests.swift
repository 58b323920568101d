import Foundation
import Petri
import PetriModel
import Testing

/// The table and last line `petri corpus` prints, from a result built here (no sample runs).
@Suite struct CorpusTableTests {
    static func result() -> CorpusResult {
        var ok = CorpusSampleResult.entry("good-elf", sample: "/c/good-elf", status: .passed)
        ok.verdict = .malicious; ok.expectedVerdict = .malicious; ok.score = 9.25; ok.durationSeconds = 1.04
        ok.reportPath = "/out/good-elf.json"
        var bad = CorpusSampleResult.entry("evil\u{1b}[31mname", sample: "/c/evil", status: .failed)
        bad.verdict = .benign; bad.expectedVerdict = .malicious; bad.score = 0; bad.durationSeconds = 2
        bad.missing = (1...6).map { "persistence.rule_number_\($0)" }
        bad.reasons = ["verdict benign, expected malicious"]
        bad.reportPath = "/out/evil.json"
        var pe = CorpusSampleResult.entry("thing.exe", sample: "/c/thing.exe", status: .notRun)
        pe.expectedVerdict = .suspicious; pe.reasons = ["requires wine"]
        var junk = CorpusSampleResult.entry("junk", sample: "/c/junk", status: .badInput)
        junk.expectedVerdict = .benign; junk.reasons = ["not an executable"]
        let free = CorpusSampleResult.entry("free", sample: "/c/free", status: .unchecked)
        return CorpusResult(directory: "/c", expectations: "/c/e.yaml", jobs: 2, wallSeconds: 30, samples: [ok, bad, pe, junk, free])
    }

    @Test func rowsAndSections() {
        let lines = CorpusTable.render(Self.result(), ci: false).components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("sample") && lines[0].contains("verdict (expected)"))
        // Columns line up: every row's status column starts where the header's does.
        let statusColumn = lines[0].range(of: "status")!.lowerBound.utf16Offset(in: lines[0])
        let okRow = lines.first { $0.hasPrefix("good-elf") }!
        #expect(okRow.range(of: "ok")!.lowerBound.utf16Offset(in: okRow) == statusColumn)
        #expect(okRow.contains("malicious") && !okRow.contains("(malicious)") && okRow.contains("9.2") && okRow.hasSuffix("1.0s"))
        // The sample's own name is escaped, and a long behaviour list is cut at 40 characters.
        let badRow = lines.first { $0.hasPrefix("evil") }!
        #expect(badRow.hasPrefix("evil\\x1b[31mname") && !badRow.contains("\u{1b}"))
        #expect(badRow.contains("benign (malicious)") && badRow.contains("FAIL"))
        #expect(badRow.contains(String("persistence.rule_number_1,persistence.rule_number_2".prefix(39)) + "…"))
        #expect(lines.contains { $0.hasPrefix("thing.exe") && $0.contains("NOT RUN") && $0.contains("- (suspicious)") })
        #expect(lines.contains { $0.hasPrefix("junk") && $0.contains("BAD INPUT") })
        // Failure details list every missing behaviour, not the cut one.
        let failures = lines.firstIndex(of: "Failures:")!
        #expect(lines[failures + 1] == "  evil\\x1b[31mname:")
        #expect(lines[failures + 2] == "    verdict benign, expected malicious")
        #expect(lines[failures + 3] == "    report: /out/evil.json")
        #expect(lines.contains("Not run:"))
        #expect(lines.contains("  thing.exe: requires wine"))
        #expect(lines.contains("  junk (expected benign): not an executable"))
        #expect(lines.contains("No expectation (ran, not checked): free"))
        // Two entries produced a report in 30 s: 4 samples/min.
        #expect(lines.last == "5 samples in 30.0s with 2 jobs (4.0 samples/min); 1 not run, 1 unchecked, 1 bad input")
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test func ciSaysNotRunWasNotChecked() {
        #expect(CorpusTable.render(Self.result(), ci: true).contains("Not run (CI: expected samples that were NOT checked):"))
        #expect(!CorpusTable.render(Self.result(), ci: false).contains("CI:"))
    }

    @Test func lastLine() {
        #expect(CorpusTable.lastLine(Self.result()) == "1 passed, 1 failed, 1 bad input (1 with an expected verdict)")
        var r = Self.result()
        r.samples.removeAll { $0.status == .badInput }
        #expect(CorpusTable.lastLine(r) == "1 passed, 1 failed")
    }
}
