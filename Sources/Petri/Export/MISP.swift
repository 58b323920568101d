import Foundation
import PetriModel

/// `petri report misp`: one MISP event (the JSON MISP's "Add event from JSON" and PyMISP's
/// `MISPEvent.load` take). Objects follow the MISP object templates (template uuid and version as in
/// misp-objects): `file` for the sample, each file it created or modified and each executable memory
/// region, `process` per sample process, `domain-ip`, `url`, `http-request` and `network-connection`
/// for the network, `registry-key` per registry change, `mutex`; object references (`dropped-by`,
/// `child-of`, `connects-to`). The event carries the ATT&CK techniques as galaxy tags
/// (`misp-galaxy:mitre-attack-pattern="Name - Txxxx"`), the score and verdict as attributes and each
/// behaviour as a text attribute tagged with its techniques. Names, addresses and URLs come from
/// IOCExport, so the simulated internet's own are never among them. Ids are deterministic.
public enum MISPExport {
    typealias Object = [String: Any]
    /// petri's namespace for MISP uuids (UUIDv5 of the sample, the run's start and the item).
    static let namespace = UUID(uuidString: "3c0e5a2d-7b41-5f86-9d1c-8e2a4b6f0d93")!

    /// Template uuid, version and meta-category of the MISP objects petri writes (misp-objects).
    static let templates: [String: (uuid: String, version: Int, meta: String)] = [
        "file": ("688c46fb-5edb-40a3-8273-1af7923e2215", 25, "file"),
        "process": ("02aeef94-ac23-455c-addb-731757ceafb5", 10, "misc"),
        "domain-ip": ("43b3b146-77eb-4931-b4cc-b66c60f28734", 11, "network"),
        "url": ("60efb77b-40b5-4c46-871b-ed1ed999fce5", 10, "network"),
        "http-request": ("b4a8d163-8110-4239-bfcf-e08f3a9fdf7b", 4, "network"),
        "network-connection": ("af16764b-f8e5-4603-9de1-de34d272f80b", 7, "network"),
        "registry-key": ("8b3228ad-6d82-4fe6-b2ae-05426308f1d5", 5, "file"),
        "mutex": ("9f5c1a68-2021-4faa-b409-61c899c86466", 1, "misc"),
    ]

    public static func render(_ r: Report) throws -> Data {
        var b = Builder(report: r)
        let event = b.build()
        return try JSONSerialization.data(withJSONObject: ["Event": event], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// The galaxy tag of an ATT&CK technique: the mitre-attack-pattern cluster ("Unix Shell - T1059.004"),
    /// or `mitre-attack:T…` for an id petri has no name for.
    static func attackTag(_ id: String) -> String {
        if let name = AttackNames.table[id] { return "misp-galaxy:mitre-attack-pattern=\"\(name) - \(id)\"" }
        return "mitre-attack:\(id)"
    }

    struct Builder {
        let report: Report
        let marks: SinkholeMarks
        let ids: Bool
        var objects: [Object] = []

        init(report: Report) {
            self.report = report
            marks = SinkholeMarks(report)
            // Indicators are for detection (to_ids) only when petri judged the sample.
            ids = report.verdict == .malicious || report.verdict == .suspicious
        }

        func uuid(_ key: String) -> String {
            NameUUID.make(MISPExport.namespace, "\(report.sample.sha256)|\(report.run.startedAt)|\(key)", version: 4)
        }

        func attribute(_ type: String, _ category: String, _ value: String, relation: String? = nil, ids: Bool = false, comment: String? = nil, key: String) -> Object {
            var a: Object = ["type": type, "category": category, "value": value, "to_ids": ids, "uuid": uuid("attribute|\(key)|\(relation ?? type)|\(value)"),
                             "distribution": "5", "disable_correlation": false]
            if let relation { a["object_relation"] = relation }
            if let comment { a["comment"] = comment }
            return a
        }

        /// Adds an object and returns its uuid; `attributes` are (relation, type, category, value, to_ids).
        @discardableResult
        mutating func object(_ name: String, key: String, comment: String, _ attributes: [(String, String, String, String?, Bool)], references: [(String, String)] = []) -> String {
            let t = MISPExport.templates[name]!
            let id = uuid("object|\(name)|\(key)")
            let attrs = attributes.compactMap { rel, type, category, value, toIDs -> Object? in
                guard let value, !value.isEmpty else { return nil }
                return attribute(type, category, value, relation: rel, ids: toIDs, key: "\(name)|\(key)")
            }
            var o: Object = ["name": name, "meta-category": t.meta, "template_uuid": t.uuid, "template_version": String(t.version),
                             "uuid": id, "comment": comment, "distribution": "5", "Attribute": attrs]
            if !references.isEmpty {
                o["ObjectReference"] = references.map { target, type -> Object in
                    ["uuid": uuid("reference|\(id)|\(type)|\(target)"), "object_uuid": id, "referenced_uuid": target, "relationship_type": type]
                }
            }
            objects.append(o)
            return id
        }

        mutating func build() -> Object {
            let r = report
            let start = STIXExport.Builder.date(r.run.startedAt) ?? Date(timeIntervalSince1970: 0)
            let day = String(STIXExport.Builder.stamp(start).prefix(10))
            let indicators = IOCExport.indicators(r)

            let sample = object("file", key: "sample", comment: "the sample (\(r.sample.typeDetail ?? r.sample.type.rawValue))", [
                ("filename", "filename", "Payload delivery", r.sample.fileName, false),
                ("md5", "md5", "Payload delivery", r.sample.md5, ids), ("sha1", "sha1", "Payload delivery", r.sample.sha1, ids),
                ("sha256", "sha256", "Payload delivery", r.sample.sha256, ids), ("size-in-bytes", "size-in-bytes", "Other", String(r.sample.size), false),
            ])

            // What the sample wrote; a body the simulated internet served is petri's, so its hash is left out.
            let served = Set(r.network.http.compactMap(\.responseSha256))
            for f in r.files where f.change != .deleted && f.type != .directory && f.type != .symlink {
                let full = f.windowsPath ?? f.path
                let name = full.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? full
                let hash = f.sha256.flatMap { served.contains($0) ? nil : $0 }
                let note = hash == nil && f.sha256 != nil ? ", content served by petri's simulated internet" : ""
                object("file", key: "file \(f.change.rawValue) \(full)", comment: "\(f.change.rawValue) by the sample\(note)", [
                    ("filename", "filename", "Artifacts dropped", name, false), ("fullpath", "text", "Artifacts dropped", full, false),
                    ("sha256", "sha256", "Artifacts dropped", hash, ids), ("size-in-bytes", "size-in-bytes", "Other", f.size.map(String.init), false),
                ], references: [(sample, "dropped-by")])
            }
            for p in r.payloads where p.kind == .memory {
                guard let h = p.sha256 else { continue }
                object("file", key: "memory \(p.object)", comment: "executable memory \(p.object)\(p.trigger.map { " (\($0))" } ?? "")", [
                    ("sha256", "sha256", "Artifacts dropped", h, ids), ("size-in-bytes", "size-in-bytes", "Other", String(p.size), false),
                ], references: [(sample, "extracted-from")])
            }

            var procs: [Int32: String] = [:]
            for (p, _) in ProcessForest.preorder(r.processes) where p.runner != true {
                let cl = p.commandLine ?? p.argv.joined(separator: " ")
                let parent = p.ppid.flatMap { procs[$0] }
                procs[p.pid] = object("process", key: "pid \(p.pid)", comment: "sandbox pid \(p.pid)\(Self.exitNote(p))", [
                    ("pid", "text", "Other", String(p.pid), false), ("parent-pid", "text", "Other", p.ppid.map(String.init), false),
                    // Under Wine the process is the Windows program, not the loader that hosts it.
                    ("name", "text", "Other", p.windowsImage.map(IOCExport.basename) ?? p.image, false), ("command-line", "text", "Other", cl, false),
                    ("image", "filename", "Payload delivery", p.windowsImage ?? p.path, false),
                ], references: parent.map { [($0, "child-of")] } ?? [])
            }

            var hosts: [String: String] = [:]
            var odd: [Object] = []
            for i in indicators {
                let what = i.sources.joined(separator: "; ")
                switch i.kind {
                case .domain where STIXExport.Builder.isHostName(i.value):
                    hosts[i.value.lowercased()] = object("domain-ip", key: "domain \(i.value)", comment: what, [("domain", "domain", "Network activity", i.value, ids)])
                case .domain:
                    // MISP refuses a `domain` that is no host name; what the sample asked for stays, as text.
                    odd.append(attribute("text", "Network activity", i.value, comment: "name asked for that is no host name: \(what)", key: "name \(i.value)"))
                case .ipv4, .ipv6:
                    hosts[i.value.lowercased()] = object("domain-ip", key: "ip \(i.value)", comment: what, [("ip", "ip-dst", "Network activity", i.value, ids)])
                case .url:
                    let host = URLComponents(string: STIXExport.Builder.uri(i.value))?.host
                    object("url", key: "url \(i.value)", comment: what, [
                        ("url", "url", "Network activity", STIXExport.Builder.uri(i.value), ids),
                        ("host", "hostname", "Network activity", host.flatMap { STIXExport.Builder.isHostName($0) ? $0 : nil }, false),
                    ])
                case .mutex:
                    object("mutex", key: "mutex \(i.value)", comment: what, [("name", "text", "Artifacts dropped", i.value, ids)])
                default: continue
                }
            }
            for h in r.network.http where !marks.isRunner(h.pid) && !marks.isOwnName(h.host) {
                object("http-request", key: "http \(h.connection) \(h.timeNs) \(h.url)", comment: "answered \(h.responseStatus) \(h.response)", [
                    ("method", "http-method", "Network activity", h.method, false), ("url", "url", "Network activity", h.url, false),
                    ("host", "hostname", "Network activity", STIXExport.Builder.isHostName(h.host) ? h.host : nil, false),
                    ("uri", "uri", "Network activity", h.path + (h.query.map { "?" + $0 } ?? ""), false),
                    ("user-agent", "user-agent", "Network activity", h.headers["user-agent"], false),
                ], references: procs[h.pid ?? -1].map { [($0, "created-by")] } ?? [])
            }
            // A connection's peer: the name it was resolved from, or its address when that is not the
            // simulated internet's (a sinkhole address says nothing about the real peer).
            func connection(key: String, name: String?, ip: String?, port: Int?, l4: String, l7: String?, pid: Int32?) {
                let host = name.flatMap { marks.isOwnName($0) || !STIXExport.Builder.isHostName($0) ? nil : $0 }
                let addr = ip.flatMap { marks.isOwnAddress($0) ? nil : $0 }
                guard host != nil || addr != nil else { return }
                var refs: [(String, String)] = []
                if let p = pid.flatMap({ procs[$0] }) { refs.append((p, "created-by")) }
                if let t = (host ?? addr).flatMap({ hosts[$0.lowercased()] }) { refs.append((t, "connects-to")) }
                object("network-connection", key: key, comment: "\(l4)\(l7.map { "/" + $0 } ?? "") to \(host ?? addr!)\(port.map { " port \($0)" } ?? "")", [
                    ("hostname-dst", "hostname", "Network activity", host, false), ("ip-dst", "ip-dst", "Network activity", addr, ids),
                    ("dst-port", "port", "Network activity", port.map(String.init), false),
                    ("layer4-protocol", "text", "Other", l4.uppercased(), false), ("layer7-protocol", "text", "Other", l7?.uppercased(), false),
                ], references: refs)
            }
            for k in r.network.connections where !marks.isRunner(k.pid) {
                connection(key: "connection \(k.id)", name: k.domain, ip: k.ip, port: k.port, l4: k.proto, l7: k.service == "raw" ? nil : k.service, pid: k.pid)
            }
            // Attempts nothing answered (--network none): the destination is still what the sample tried.
            if r.network.connections.isEmpty {
                for a in r.network.attempts where !marks.isRunner(a.pid) && (a.family == "AF_INET" || a.family == "AF_INET6") {
                    connection(key: "attempt \(a.seq)", name: a.domain, ip: a.ip, port: a.port, l4: a.proto, l7: nil, pid: a.pid)
                }
            }
            for (n, g) in r.registry.enumerated() {
                object("registry-key", key: "registry \(n) \(g.key)", comment: "registry \(g.kind.rawValue)", [
                    ("key", "regkey", "Persistence mechanism", g.key, ids), ("name", "text", "Persistence mechanism", g.value, false),
                    ("data", "text", "Persistence mechanism", g.data, false), ("data-type", "text", "Persistence mechanism", g.type, false),
                ])
            }

            var attributes: [Object] = odd
            if let s = r.score {
                let limits = s.thresholds.sorted { $0.value < $1.value }.map { "\($0.key) from \(Self.number($0.value))" }.joined(separator: ", ")
                attributes.append(attribute("float", "Other", Self.number(s.value), comment: "petri score 0-10 (\(limits); formula \(s.formulaVersion))", key: "score"))
            }
            let verdict = r.verdict?.rawValue ?? "unscored"
            attributes.append(attribute("text", "Other", verdict, comment: "petri verdict" + (r.verdictReason.map { ": \($0.code.rawValue): \($0.message)" } ?? ""), key: "verdict"))
            for b in r.behaviours.sorted(by: { ($0.severity, $0.contribution, $1.id) > ($1.severity, $1.contribution, $0.id) }) {
                var a = attribute("text", "Other", "\(b.id): \(b.title)", comment: "severity \(b.severity), \(Self.number(b.contribution)) of the score. \(b.description)", key: "behaviour \(b.id)")
                if !b.attack.isEmpty { a["Tag"] = b.attack.map { ["name": MISPExport.attackTag($0)] } }
                attributes.append(a)
            }

            var tags: [Object] = AttackNames.ids(r.behaviours).map { ["name": MISPExport.attackTag($0)] }
            tags.append(["name": "petri:verdict=\"\(verdict)\""])
            let threat: String
            switch r.verdict {
            case .malicious: threat = "1"
            case .suspicious: threat = "2"
            case .benign: threat = "3"
            default: threat = "4"
            }
            let score = r.score.map { ", score \(Self.number($0.value))/10" } ?? ""
            return [
                "uuid": uuid("event"), "info": "petri: \(r.sample.fileName) \(verdict)\(score)", "date": day,
                "timestamp": String(Int(start.timeIntervalSince1970)), "threat_level_id": threat, "analysis": "2", "distribution": "0",
                "published": false, "Tag": tags, "Attribute": attributes, "Object": objects,
            ]
        }

        static func exitNote(_ p: ProcessNode) -> String {
            guard let e = p.exit else { return "" }
            if let c = e.code { return ", exit \(c)" }
            if let s = e.signal { return ", signal \(s)" }
            return ""
        }

        /// 9.6 not 9.60, 10 not 10.00.
        static func number(_ v: Double) -> String {
            var s = String(format: "%.2f", v)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s
        }
    }
}
