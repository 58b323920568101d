/// ATT&CK technique ids that moved: the release petri reports in (`AttackIDs.release`) revoked these
/// ids and replaced them (MITRE's `revoked-by` relationships: Impair Defenses was split into Disable or
/// Modify Tools, Disable or Modify System Firewall, Prevent Command History Logging, ...; the two log
/// clearing sub-techniques of Indicator Removal moved under Disable or Modify Tools). Atomic Red Team's
/// atomics already use the current ids (T1685, T1685.006, T1690).
///
/// Rules (native and Sigma) may cite either id; a behaviour always carries the current one in `attack`
/// and the previous one beside it in `attack_previous`, so tools on either version understand the report.
public enum AttackIDs {
    /// The ATT&CK Enterprise release whose ids `attack` uses (the Navigator layer's `versions.attack`).
    public static let release = "19"

    /// Revoked id → the id that replaced it.
    public static let replacedBy: [String: String] = [
        "T1562": "T1685",          // Impair Defenses
        "T1562.001": "T1685",      // Disable or Modify Tools
        "T1562.002": "T1685.001",  // Disable Windows Event Logging
        "T1562.003": "T1690",      // Impair Command History Logging
        "T1562.004": "T1686",      // Disable or Modify System Firewall
        "T1562.006": "T1685",      // Indicator Blocking
        "T1562.007": "T1686.001",  // Disable or Modify Cloud Firewall
        "T1562.008": "T1685.002",  // Disable or Modify Cloud Logs
        "T1562.009": "T1688",      // Safe Mode Boot
        "T1562.010": "T1689",      // Downgrade Attack
        "T1562.011": "T1685.003",  // Spoof Security Alerting
        "T1562.012": "T1685.004",  // Disable or Modify Linux Audit System
        "T1562.013": "T1686.002",  // Disable or Modify Network Device Firewall
        "T1656": "T1684.001",      // Impersonation
        "T1672": "T1684.002",      // Email Spoofing
        "T1070.001": "T1685.005",  // Clear Windows Event Logs
        "T1070.002": "T1685.006",  // Clear Linux or Mac System Logs
    ]

    /// Current id → the previous id reported beside it: the one it replaced (for T1685, which replaced
    /// both Impair Defenses sub-techniques Disable or Modify Tools and Indicator Blocking, the former).
    public static let previous: [String: String] = {
        var out: [String: String] = [:]
        for (old, new) in replacedBy.sorted(by: { $0.key < $1.key }) where out[new] == nil { out[new] = old }
        out["T1685"] = "T1562.001"
        return out
    }()

    /// The ids as the current release spells them (revoked ones replaced, order kept, duplicates
    /// dropped) and the previous id of each that moved, in the same order.
    public static func normalize(_ ids: [String]) -> (current: [String], previous: [String]) {
        var current: [String] = [], previousIDs: [String] = []
        var seen = Set<String>(), seenPrevious = Set<String>()
        for id in ids {
            let now = replacedBy[id] ?? id
            if seen.insert(now).inserted { current.append(now) }
            if let was = replacedBy[id] != nil ? id : previous[now], seenPrevious.insert(was).inserted {
                previousIDs.append(was)
            }
        }
        return (current, previousIDs)
    }
}
