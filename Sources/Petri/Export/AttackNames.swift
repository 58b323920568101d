import PetriModel

/// ATT&CK names (release `AttackIDs.release`) of the technique ids petri's rules use (profiles/behaviours, profiles/yara, the
/// Sigma rules in tests/sigma), as MITRE's ATT&CK (and MISP's mitre-attack-pattern galaxy, "Name - Txxxx") spell them: the
/// generated `AttackTechniques.table` (tests/attack/techniques.py). An id not listed here
/// is exported by id alone (STIX attack-pattern named by its id; MISP tag `mitre-attack:Txxxx`).
enum AttackNames {
    static let table: [String: String] = AttackTechniques.table.mapValues(\.name)

    /// https://attack.mitre.org/techniques/T1547/013/
    static func url(_ id: String) -> String {
        "https://attack.mitre.org/techniques/" + id.split(separator: ".").joined(separator: "/") + "/"
    }

    /// Every distinct technique id of the report's behaviours, in first-seen order.
    static func ids(_ behaviours: [BehaviourMatch]) -> [String] {
        var seen: Set<String> = [], out: [String] = []
        for b in behaviours { for t in b.attack where seen.insert(t).inserted { out.append(t) } }
        return out
    }
}
