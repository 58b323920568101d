import PetriModel

/// ATT&CK names of the technique ids petri's rules use (profiles/behaviours, Sigma rules), as MITRE's
/// ATT&CK (and MISP's mitre-attack-pattern galaxy, "Name - Txxxx") spell them. An id not listed here
/// is exported by id alone (STIX attack-pattern named by its id; MISP tag `mitre-attack:Txxxx`).
enum AttackNames {
    static let table: [String: String] = [
        "T1003.008": "/etc/passwd and /etc/shadow",
        "T1005": "Data from Local System",
        "T1016": "System Network Configuration Discovery",
        "T1027": "Obfuscated Files or Information",
        "T1027.002": "Software Packing",
        "T1033": "System Owner/User Discovery",
        "T1036.004": "Masquerade Task or Service",
        "T1036.005": "Match Legitimate Name or Location",
        "T1041": "Exfiltration Over C2 Channel",
        "T1046": "Network Service Discovery",
        "T1048": "Exfiltration Over Alternative Protocol",
        "T1053.003": "Cron",
        "T1055": "Process Injection",
        "T1056.001": "Keylogging",
        "T1057": "Process Discovery",
        "T1059.004": "Unix Shell",
        "T1070.002": "Clear Linux or Mac System Logs",
        "T1070.003": "Clear Command History",
        "T1070.004": "File Deletion",
        "T1071": "Application Layer Protocol",
        "T1071.004": "DNS",
        "T1082": "System Information Discovery",
        "T1087.001": "Local Account",
        "T1095": "Non-Application Layer Protocol",
        "T1098.004": "SSH Authorized Keys",
        "T1105": "Ingress Tool Transfer",
        "T1106": "Native API",
        "T1140": "Deobfuscate/Decode Files or Information",
        "T1204.002": "Malicious File",
        "T1486": "Data Encrypted for Impact",
        "T1496": "Resource Hijacking",
        "T1497.001": "System Checks",
        "T1497.003": "Time Based Evasion",
        "T1534": "Internal Spearphishing",
        "T1543.002": "Systemd Service",
        "T1543.003": "Windows Service",
        "T1546.004": "Unix Shell Configuration Modification",
        "T1547.001": "Registry Run Keys / Startup Folder",
        "T1547.004": "Winlogon Helper DLL",
        "T1547.013": "XDG Autostart Entries",
        "T1548.001": "Setuid and Setgid",
        "T1548.003": "Sudo and Sudo Caching",
        "T1552.001": "Credentials In Files",
        "T1552.004": "Private Keys",
        "T1555.003": "Credentials from Web Browsers",
        "T1564.001": "Hidden Files and Directories",
        "T1568.002": "Domain Generation Algorithms",
        "T1574.006": "Dynamic Linker Hijacking",
        "T1611": "Escape to Host",
        "T1620": "Reflective Code Loading",
        "T1622": "Debugger Evasion",
    ]

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
