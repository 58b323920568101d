import Foundation
import PetriModel

/// What the CLI's `profiles` and `report` subcommands print, so the CLI stays a thin wrapper.
public enum ProfileCommands {
    /// `petri profiles check [DIR]`: every diagnostic, then a summary line. Exit non-zero when `ok` is false.
    /// `directory` may be a profiles directory (with `behaviours/` and `scoring.yaml`) or a rules directory.
    /// `sigma` folders (or files) of Sigma rules are validated too, each problem with its file and line.
    public static func check(directory: String, sigma: [String] = []) -> (text: String, ok: Bool) {
        let profile = BehaviourProfile.load(directory: directory)
        var diags = profile.diagnostics
        let sigmaResult = sigma.isEmpty ? nil : SigmaLoader.load(directories: sigma)
        diags += sigmaResult?.diagnostics ?? []
        var lines = diags.map(\.description)
        let errors = diags.filter { $0.severity == .error }.count
        let warnings = diags.count - errors
        if let sigmaResult { lines.append(sigmaResult.summary) }
        lines.append("\(profile.ruleSet.rules.count) rules loaded, \(errors) errors, \(warnings) warnings")
        return (lines.joined(separator: "\n") + "\n", errors == 0)
    }

    /// `petri profiles list`: one line per rule: id, severity, ATT&CK ids, title.
    public static func list(_ set: RuleSet) -> String {
        let w = set.rules.map(\.id.count).max() ?? 2
        return set.rules.map { r in
            let pad = String(repeating: " ", count: max(0, w - r.id.count))
            return "\(r.id)\(pad)  sev \(r.severity)  \(r.attack.joined(separator: ","))  \(r.title)\(r.enabled ? "" : " (disabled)")"
        }.joined(separator: "\n") + "\n"
    }

    /// `petri profiles show ID`: the rule's metadata and where it is defined; nil when unknown.
    public static func show(_ set: RuleSet, id: String) -> String? {
        guard let r = set.rule(id: id) else { return nil }
        var s = """
        id:          \(r.id)
        title:       \(r.title)
        severity:    \(r.severity)
        attack:      \(r.attack.joined(separator: ", "))
        mbc:         \(r.mbc.joined(separator: ", "))
        scope:       \(r.scope.rawValue)
        reads:       \(r.sources.map(\.rawValue).sorted().joined(separator: ", "))
        enabled:     \(r.enabled)
        defined at:  \(r.file)\(r.line.map { ":\($0)" } ?? "")
        description: \(r.description)

        """
        if let text = try? String(contentsOfFile: r.file, encoding: .utf8), let line = r.line {
            let lines = text.components(separatedBy: "\n")
            var body: [String] = []
            var i = line - 1
            let indent = lines.indices.contains(i) ? lines[i].prefix { $0 == " " }.count : 0
            while i < lines.count {
                let l = lines[i]
                let ind = l.prefix { $0 == " " }.count
                if i > line - 1 && !l.trimmingCharacters(in: .whitespaces).isEmpty && (ind < indent || (ind == indent && l.dropFirst(ind).hasPrefix("- "))) { break }
                body.append(l); i += 1
            }
            s += "\n" + body.joined(separator: "\n") + "\n"
        }
        return s
    }

    /// `petri report rescore REPORT.json [--profile DIR]`: the report re-evaluated with the given rules.
    public static func rescore(reportData: Data, ruleSet: RuleSet, scoring: ScoringConfig = .default,
                               outbound: [OutboundData] = []) throws -> Data {
        let report = try ReportJSON.decode(reportData)
        return try ReportJSON.encode(BehaviourAnalysis.rescored(report, ruleSet: ruleSet, scoring: scoring, outbound: outbound))
    }

    /// `petri report attack-layer REPORT.json`: the Navigator layer JSON.
    public static func attackLayer(reportData: Data) throws -> Data {
        try AttackLayer.json(for: try ReportJSON.decode(reportData))
    }

    /// One line per behaviour for summaries: "[sev 4] +2.31 reads-ssh-keys: Reads SSH private keys (T1552.004)".
    public static func behaviourLines(_ report: Report) -> [String] {
        report.behaviours.sorted { ($0.contribution, $1.id) > ($1.contribution, $0.id) }.map {
            "[sev \($0.severity)] +\(String(format: "%.2f", $0.contribution)) \($0.id): \($0.title) (\($0.attack.joined(separator: ", ")))"
        }
    }
}

/// A behaviour profile on disk: rules plus score settings, loaded together.
public struct BehaviourProfile: Sendable {
    public var ruleSet: RuleSet
    public var scoring: ScoringConfig
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// `directory` is either a profiles directory (holding `behaviours/` and optionally `scoring.yaml`)
    /// or a directory of rule files itself (then `../scoring.yaml` is used when present).
    public static func load(directory: String) -> BehaviourProfile {
        let fm = FileManager.default
        let nested = (directory as NSString).appendingPathComponent("behaviours")
        var isDir: ObjCBool = false
        let rulesDir = fm.fileExists(atPath: nested, isDirectory: &isDir) && isDir.boolValue ? nested : directory
        let scoringFile = ((rulesDir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("scoring.yaml")
        let rules = RuleLoader.load(directory: rulesDir)
        var scoring = ScoringConfig.default
        var diags = rules.diagnostics
        if fm.fileExists(atPath: scoringFile) {
            let (cfg, d) = ScoringConfig.load(file: scoringFile)
            scoring = cfg; diags += d
        }
        return BehaviourProfile(ruleSet: rules.ruleSet, scoring: scoring, diagnostics: diags)
    }

    /// Evaluates and scores a run in place (behaviours, score, verdict).
    public func apply(to report: inout Report, outbound: [OutboundData] = []) {
        BehaviourAnalysis.apply(to: &report, ruleSet: ruleSet, scoring: scoring, outbound: outbound)
    }
}
