import Foundation
import PetriModel

/// MITRE ATT&CK Navigator layer (format 4.5) for a report: one technique entry per ATT&CK id, scored
/// by the highest severity among the behaviours that map to it, with those behaviours in the comment.
/// Ids are the current release's (`AttackIDs`); a moved one lists its previous id in its metadata.
public enum AttackLayer {
    public static func layer(for report: Report, name: String? = nil) -> [String: Any] {
        var byTechnique: [String: [BehaviourMatch]] = [:]
        for b in report.behaviours { for t in b.attack { byTechnique[t, default: []].append(b) } }
        let techniques: [[String: Any]] = byTechnique.keys.sorted().map { t in
            let bs = byTechnique[t]!.sorted { $0.id < $1.id }
            let sev = bs.map(\.severity).max() ?? 0
            return [
                "techniqueID": t,
                "score": sev,
                "color": color(sev),
                "comment": bs.map { "\($0.id): \($0.title)" }.joined(separator: "; "),
                "enabled": true,
                "showSubtechniques": t.contains("."),
                "metadata": bs.map { ["name": "behaviour", "value": $0.id] }
                    + (AttackIDs.previous[t].map { [["name": "previous id", "value": $0]] } ?? []),
            ]
        }
        return [
            "name": name ?? "petri \(report.sample.fileName)",
            "versions": ["layer": "4.5", "navigator": "5.1.0", "attack": AttackIDs.release],
            "domain": "enterprise-attack",
            "description": "petri \(report.tool.version): \(report.sample.sha256) verdict \(report.verdict?.rawValue ?? "unknown"), score \(report.score.map { String($0.value) } ?? "-")",
            "sorting": 3,
            "hideDisabled": false,
            "techniques": techniques,
            "gradient": ["colors": ["#ffffff", "#ff6666"], "minValue": 0, "maxValue": 5],
            "legendItems": [["label": "severity 5", "color": color(5)], ["label": "severity 1", "color": color(1)]],
        ]
    }

    /// The layer as pretty, key-sorted JSON (what `petri report attack-layer` prints).
    public static func json(for report: Report, name: String? = nil) throws -> Data {
        try JSONSerialization.data(withJSONObject: layer(for: report, name: name), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func color(_ severity: Int) -> String {
        ["#ffffff", "#fff3b0", "#ffd166", "#ff9f43", "#ff6b6b", "#d62828"][min(max(severity, 0), 5)]
    }
}
