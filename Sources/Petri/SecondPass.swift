import Foundation
import PetriAnalysis
import PetriModel

/// Both sides of a download (issue 16): a sample that ran what the simulated internet served is run
/// again with downloads refused, so the branch it takes when the download fails (a fallback stage,
/// theft instead of the dropped tool) is seen too. The first pass's report stays the main one; the
/// second's behaviours are merged in (each marked with the passes it matched in, counted once in the
/// score) and its own report is kept beside the artifacts.
enum SecondPass {
    /// Why the first pass calls for a second, or nil.
    static func reason(_ report: Report) -> String? {
        guard report.run.networkMode == "sinkhole",
              let h = report.network.http.first(where: { $0.servedExecuted == true }) else { return nil }
        return "a served download was run: \(Printable.line(h.url)) (\(h.response))"
    }

    static func merge(into report: inout Report, second: Report, reason: String, reportPath: String, scoring: ScoringConfig) {
        var rec = SecondPassRecord(pass: 2, reason: reason, answer: "downloads refused (404)", report: reportPath)
        rec.verdict = second.verdict
        rec.score = second.score?.value
        rec.http = second.network.http.prefix(50).map { "\($0.method) \(Printable.line($0.url)) -> \($0.responseStatus) \($0.response)" }
        let firstFiles = Set(report.files.map(\.path))
        rec.newFiles = second.files.map(\.path).filter { !firstFiles.contains($0) }.prefix(100).map { Printable.path($0) }
        let firstIDs = Set(report.behaviours.map(\.id))
        let secondIDs = Set(second.behaviours.map(\.id))
        var merged = report.behaviours.map { b -> BehaviourMatch in
            var b = b; b.passes = secondIDs.contains(b.id) ? [1, 2] : [1]; return b
        }
        for b in second.behaviours where !firstIDs.contains(b.id) {
            var b = b; b.passes = [2]; merged.append(b)
            rec.newBehaviours.append(b.id)
        }
        // Each behaviour counted once, whichever pass showed it.
        let (scored, score, verdict) = Scorer(config: scoring).score(merged)
        report.behaviours = scored; report.score = score
        if report.verdict != .inconclusive || verdict != .benign { report.verdict = verdict; report.verdictReason = nil }
        report.secondPass = rec
    }
}
