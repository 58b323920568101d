import Foundation
import PetriModel
import Yams

/// Score formula settings (profiles/scoring.yaml). Changing the weights changes results, so they are
/// part of the formula version written into every report.
public struct ScoringConfig: Sendable, Equatable {
    public static let formulaVersion = "2"
    /// Per-severity weight w_s in [0, 1): the probability-like strength of one behaviour of that severity.
    public var weights: [Int: Double]
    /// Per-severity cap c_s on the 0-10 scale: the behaviours of severity s together never raise the
    /// score above c_s on their own, so a pile-up of low-severity findings (a benign script's discovery,
    /// encoding and housekeeping) cannot reach a verdict no single one of them would.
    public var caps: [Int: Double] = [:]
    /// Verdict thresholds on the 0-10 score: below `suspicious` is benign.
    public var suspicious: Double
    public var malicious: Double

    public static let `default` = ScoringConfig(weights: [1: 0.05, 2: 0.15, 3: 0.35, 4: 0.6, 5: 0.85], caps: [1: 2.0, 2: 6.0],
                                                suspicious: 3.0, malicious: 7.0)

    public init(weights: [Int: Double], caps: [Int: Double] = [:], suspicious: Double, malicious: Double) {
        self.weights = weights; self.caps = caps; self.suspicious = suspicious; self.malicious = malicious
    }

    /// Reads a `scoring:` section (weights by severity and thresholds); missing keys keep their defaults.
    /// `ignoreOtherKeys` lets the `scoring:` section be read out of a larger file (a sandbox profile).
    public static func load(yaml: String, file: String = "scoring.yaml", ignoreOtherKeys: Bool = false) -> (ScoringConfig, [Diagnostic]) {
        var cfg = ScoringConfig.default
        var diags: [Diagnostic] = []
        func err(_ node: Node?, _ path: String, _ msg: String, _ code: Diagnostic.Code = .badValue) {
            diags.append(Diagnostic(.error, code, file: file, line: node?.mark?.line, column: node?.mark?.column, keyPath: path, message: msg))
        }
        let root: Node?
        do { root = try YAMLNesting.compose(yaml) } catch {
            return (cfg, [Diagnostic(.error, .yamlSyntax, file: file, line: nil, keyPath: "", message: "\(error)")])
        }
        guard let top = root?.mapping else { return (cfg, diags) }
        for (k, v) in top {
            guard k.string == "scoring" else {
                if !ignoreOtherKeys { err(k, k.string ?? "?", "unknown key '\(k.string ?? "?")' (allowed: scoring)", .unknownKey) }
                continue
            }
            guard let m = v.mapping else { err(v, "scoring", "scoring must be a mapping", .wrongType); continue }
            for (sk, sv) in m {
                let key = sk.string ?? "?"
                switch key {
                case "formula_version":
                    if sv.string != formulaVersion { err(sv, "scoring.formula_version", "this petri implements formula version \(formulaVersion)") }
                case "weights":
                    guard let wm = sv.mapping else { err(sv, "scoring.weights", "weights must map severity (1-5) to a number", .wrongType); continue }
                    for (wk, wv) in wm {
                        guard let s = wk.int, (1...5).contains(s) else { err(wk, "scoring.weights", "severity keys are 1 to 5"); continue }
                        guard let w = wv.float, w >= 0, w < 1 else { err(wv, "scoring.weights.\(s)", "a weight is a number in [0, 1)"); continue }
                        cfg.weights[s] = w
                    }
                case "caps":
                    guard let cm = sv.mapping else { err(sv, "scoring.caps", "caps must map severity (1-5) to a score from 0 to 10", .wrongType); continue }
                    for (ck, cv) in cm {
                        guard let s = ck.int, (1...5).contains(s) else { err(ck, "scoring.caps", "severity keys are 1 to 5"); continue }
                        guard let c = cv.float, c > 0, c <= 10 else { err(cv, "scoring.caps.\(s)", "a cap is a score above 0, at most 10"); continue }
                        cfg.caps[s] = c
                    }
                case "thresholds":
                    guard let tm = tmMapping(sv) else { err(sv, "scoring.thresholds", "thresholds must be a mapping", .wrongType); continue }
                    for (tk, tv) in tm {
                        let name = tk.string ?? "?"
                        guard let x = tv.float, x >= 0, x <= 10 else { err(tv, "scoring.thresholds.\(name)", "a threshold is a number from 0 to 10"); continue }
                        switch name {
                        case "suspicious": cfg.suspicious = x
                        case "malicious": cfg.malicious = x
                        default: err(tk, "scoring.thresholds.\(name)", "unknown key '\(name)' (allowed: suspicious, malicious)", .unknownKey)
                        }
                    }
                default:
                    err(sk, "scoring.\(key)", "unknown key '\(key)' (allowed: formula_version, weights, caps, thresholds)", .unknownKey)
                }
            }
        }
        if cfg.suspicious > cfg.malicious { err(nil, "scoring.thresholds", "suspicious must not exceed malicious") }
        return (cfg, diags)
    }

    private static func tmMapping(_ n: Node) -> Node.Mapping? { n.mapping }

    public static func load(file: String) -> (ScoringConfig, [Diagnostic]) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return (.default, [Diagnostic(.error, .readFailed, file: file, line: nil, keyPath: "", message: "cannot read file")])
        }
        return load(yaml: text, file: file)
    }
}

/// The score: S = 10 · (1 − exp(−Σ_s min(L_s, C_s))), L_s = Σ_{b of severity s} −ln(1 − w_s) and
/// C_s = −ln(1 − cap_s/10) (no cap: ∞), rounded to 2 decimals: without caps 10 · (1 − ∏ (1 − w_sev(b))).
/// Saturating (never above 10, each extra behaviour adds less), order-independent, deterministic.
/// Each behaviour's contribution is its share of S in proportion to its (capped) log, so contributions sum to S.
public struct Scorer: Sendable {
    public let config: ScoringConfig
    public init(config: ScoringConfig = .default) { self.config = config }

    public var formulaText: String {
        let ws = config.weights.keys.sorted().map { "w\($0)=\(config.weights[$0]!)" }.joined(separator: ", ")
        let cs = config.caps.keys.sorted().map { "cap\($0)=\(config.caps[$0]!)" }.joined(separator: ", ")
        return "score = 10 * (1 - exp(-sum over severities s of min(sum of -ln(1 - w[s]) over its behaviours, -ln(1 - cap[s]/10)))); \(ws)"
            + (cs.isEmpty ? "" : "; \(cs)") + "; contribution_i = score * l_i / sum l_j (l: each behaviour's log, scaled down in a capped severity)"
    }

    public func weight(_ severity: Int) -> Double { config.weights[min(max(severity, 1), 5)] ?? 0 }

    /// Returns the matches (sorted by id) with contributions filled, the score and the verdict.
    public func score(_ matches: [BehaviourMatch]) -> (matches: [BehaviourMatch], score: Score, verdict: Verdict) {
        var ms = matches.sorted { $0.id < $1.id }
        var logs = ms.map { -log(1 - weight($0.severity)) }
        // A capped severity's logs are scaled down together to the cap.
        var bySeverity: [Int: Double] = [:]
        for (m, l) in zip(ms, logs) { bySeverity[min(max(m.severity, 1), 5), default: 0] += l }
        for i in ms.indices {
            let s = min(max(ms[i].severity, 1), 5)
            if let cap = config.caps[s], let sum = bySeverity[s], sum > 0 {
                let limit = cap >= 10 ? Double.infinity : -log(1 - cap / 10)
                if sum > limit { logs[i] *= limit / sum }
            }
        }
        let total = logs.reduce(0, +)
        let raw = 10 * (1 - exp(-total))
        let value = Self.round2(raw)
        for i in ms.indices { ms[i].contribution = total > 0 ? Self.round2(raw * logs[i] / total) : 0 }
        let verdict: Verdict = value >= config.malicious ? .malicious : value >= config.suspicious ? .suspicious : .benign
        let s = Score(value: value, formulaVersion: ScoringConfig.formulaVersion, formula: formulaText,
                      thresholds: ["suspicious": config.suspicious, "malicious": config.malicious])
        return (ms, s, verdict)
    }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}

/// The whole analysis step over a finished run: evaluate the rules, score, and write the result into the report.
public enum BehaviourAnalysis {
    /// Replaces `behaviours`, `score`, `verdict` and `verdict_reason`; everything else in the report is
    /// left as recorded. A run in which the sample did not really run (RunAssessment) is `inconclusive`
    /// where its score alone would say benign: an empty record is no evidence of harmlessness.
    public static func apply(to report: inout Report, ruleSet: RuleSet, scoring: ScoringConfig = .default,
                             outbound: [OutboundData] = []) {
        let matches = BehaviourEngine(ruleSet: ruleSet).evaluate(report, outbound: outbound)
        let (scored, score, verdict) = Scorer(config: scoring).score(matches)
        report.schemaVersion = Report.currentSchemaVersion
        report.behaviours = scored; report.score = score; report.verdict = verdict; report.verdictReason = nil
        if verdict == .benign, let reason = RunAssessment.inconclusiveReason(report) {
            report.verdict = .inconclusive; report.verdictReason = reason
        }
    }

    public static func rescored(_ report: Report, ruleSet: RuleSet, scoring: ScoringConfig = .default,
                                outbound: [OutboundData] = []) -> Report {
        var r = report
        apply(to: &r, ruleSet: ruleSet, scoring: scoring, outbound: outbound)
        return r
    }
}
