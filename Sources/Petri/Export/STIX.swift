import Foundation
import PetriModel

/// `petri report stix`: a STIX 2.1 bundle: the malware-analysis of the run, the observed objects it
/// refers to (file, directory, process, network-traffic, domain-name, ipv4/ipv6-addr, url,
/// windows-registry-key, mutex), attack-pattern objects for the ATT&CK ids, and indicators for the
/// network IOCs (IOCExport, so the simulated internet's own names and addresses are never among them).
/// Ids are deterministic: the same report gives the same bundle (SCO ids per STIX 2.1 §2.9, UUIDv5).
public enum STIXExport {
    typealias Object = [String: Any]
    /// STIX 2.1's namespace for SCO ids.
    static let scoNamespace = UUID(uuidString: "00abedb4-aa42-466c-9c01-fed23315a9b7")!
    /// petri's namespace for its SDO ids (a UUIDv5 of the sample, the run's start and the object's key).
    static let petriNamespace = UUID(uuidString: "6a1f7c52-94d3-5e1b-8a0e-3f2b9d4c7e10")!

    public static func render(_ r: Report) throws -> Data {
        var b = Builder(report: r)
        b.build()
        let bundle: Object = ["type": "bundle", "id": "bundle--" + NameUUID.make(petriNamespace, "bundle|\(r.sample.sha256)|\(r.run.startedAt)", version: 4), "objects": b.objects]
        return try JSONSerialization.data(withJSONObject: bundle, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    struct Builder {
        let report: Report
        var objects: [Object] = []
        var seen: Set<String> = []
        var created = ""

        init(report: Report) { self.report = report }

        mutating func add(_ o: Object) -> String {
            let id = o["id"] as! String
            if seen.insert(id).inserted { objects.append(o) }
            return id
        }

        /// An SCO whose id is the UUIDv5 of its id-contributing properties (canonical JSON).
        mutating func sco(_ type: String, _ props: Object, contributing: [String]) -> String {
            var key: Object = [:]
            for k in contributing { if let v = props[k] { key[k] = v } }
            let canon = (try? JSONSerialization.data(withJSONObject: key, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            var o = props
            o["type"] = type; o["spec_version"] = "2.1"
            o["id"] = "\(type)--" + NameUUID.make(scoNamespace, String(decoding: canon, as: UTF8.self))
            return add(o)
        }

        func sdoID(_ type: String, _ key: String) -> String {
            "\(type)--" + NameUUID.make(petriNamespace, "\(type)|\(report.sample.sha256)|\(report.run.startedAt)|\(key)", version: 4)
        }

        mutating func sdo(_ type: String, key: String, _ props: Object) -> String {
            var o = props
            o["type"] = type; o["spec_version"] = "2.1"; o["id"] = sdoID(type, key)
            o["created"] = created; o["modified"] = created
            return add(o)
        }

        mutating func build() {
            let r = report
            let start = Self.date(r.run.startedAt) ?? Date(timeIntervalSince1970: 0)
            created = Self.stamp(start)
            let ended = Self.stamp(start.addingTimeInterval(r.run.durationMs / 1000))
            let marks = SinkholeMarks(r)

            var hashes: Object = ["SHA-256": r.sample.sha256]
            if !r.sample.sha1.isEmpty { hashes["SHA-1"] = r.sample.sha1 }
            if !r.sample.md5.isEmpty { hashes["MD5"] = r.sample.md5 }
            let sample = sco("file", ["name": r.sample.fileName, "size": r.sample.size, "hashes": hashes], contributing: ["hashes", "name"])
            var observed: [String] = []

            for f in r.files where f.change != .deleted && f.type != .directory {
                let full = f.windowsPath ?? f.path
                let sep: Character = f.windowsPath != nil ? "\\" : "/"
                let parent = full.split(separator: sep, omittingEmptySubsequences: false).dropLast().joined(separator: String(sep))
                let name = String(full.split(separator: sep).last ?? Substring(full))
                let dir = sco("directory", ["path": parent.isEmpty ? String(sep) : parent], contributing: ["path"])
                var props: Object = ["name": name, "parent_directory_ref": dir]
                if let h = f.sha256 { props["hashes"] = ["SHA-256": h] }
                if let s = f.size { props["size"] = s }
                observed.append(sco("file", props, contributing: ["hashes", "name", "parent_directory_ref"]))
            }

            // Processes: children reference their parents (pids are the sandbox's pid namespace).
            var procIDs: [Int32: String] = [:]
            for p in r.processes where p.runner != true {
                var props: Object = ["pid": Int(p.pid)]
                let cl = p.commandLine ?? p.argv.joined(separator: " ")
                if !cl.isEmpty { props["command_line"] = cl }
                if let ppid = p.ppid, let parent = procIDs[ppid] { props["parent_ref"] = parent }
                // A process has no id-contributing properties; petri keys it by run and pid.
                var o = props
                o["type"] = "process"; o["spec_version"] = "2.1"; o["id"] = sdoID("process", "pid \(p.pid)")
                procIDs[p.pid] = add(o)
                observed.append(procIDs[p.pid]!)
            }

            func host(_ name: String?, _ ip: String?) -> String? {
                if let n = name, !marks.isOwnName(n) {
                    // A name that is no host name (the sample asked for anything) stays in the indicator only.
                    guard Self.isHostName(n) else { return nil }
                    return sco("domain-name", ["value": n.lowercased()], contributing: ["value"])
                }
                if let ip, !marks.isOwnAddress(ip) {
                    return sco(SinkholeMarks.isIPv6(ip) ? "ipv6-addr" : "ipv4-addr", ["value": ip.lowercased()], contributing: ["value"])
                }
                return nil
            }
            for d in r.network.dns where !marks.isRunner(d.pid) { if let h = host(d.name, nil) { observed.append(h) } }
            for k in r.network.connections where !marks.isRunner(k.pid) {
                guard let dst = host(k.domain, k.ip) else { continue }
                var props: Object = ["dst_ref": dst, "dst_port": k.port, "protocols": [k.proto, k.service].filter { $0 != "raw" }, "start": Self.stamp(start.addingTimeInterval(Double(k.timeNs) / 1e9))]
                if let s = k.srcPort { props["src_port"] = s }
                props["src_byte_count"] = k.bytesIn; props["dst_byte_count"] = k.bytesOut
                if let http = r.network.http.first(where: { $0.connection == k.id }) {
                    var ext: Object = ["request_method": http.method, "request_value": http.path + (http.query.map { "?" + $0 } ?? "")]
                    if !http.headers.isEmpty { ext["request_header"] = Dictionary(http.headers.map { (Self.headerName($0.key), [$0.value]) }, uniquingKeysWith: { $0 + $1 }) }
                    props["extensions"] = ["http-request-ext": ext]
                }
                observed.append(sco("network-traffic", props, contributing: ["start", "dst_ref", "dst_port", "protocols", "extensions"]))
            }
            // Attempts nothing answered (--network none): the destination is still observed.
            for a in r.network.attempts where !marks.isRunner(a.pid) && (a.family == "AF_INET" || a.family == "AF_INET6") && r.network.connections.isEmpty {
                guard let dst = host(a.domain, a.ip) else { continue }
                var props: Object = ["dst_ref": dst, "protocols": [a.family == "AF_INET6" ? "ipv6" : "ipv4", a.proto]]
                if let p = a.port { props["dst_port"] = p }
                observed.append(sco("network-traffic", props, contributing: ["dst_ref", "dst_port", "protocols"]))
            }
            for h in r.network.http where !marks.isRunner(h.pid) && !marks.isOwnName(h.host) {
                observed.append(sco("url", ["value": Self.uri(h.url)], contributing: ["value"]))
            }
            var keys: [String: [Object]] = [:], keyOrder: [String] = []
            for g in r.registry {
                if keys[g.key] == nil { keys[g.key] = []; keyOrder.append(g.key) }
                if g.kind == .valueSet, let v = g.value {
                    var val: Object = ["name": v]
                    if let d = g.data { val["data"] = d }
                    if let t = g.type, Self.registryTypes.contains(t) { val["data_type"] = t }
                    keys[g.key]!.append(val)
                }
            }
            for k in keyOrder {
                var props: Object = ["key": Self.fullHive(k)]
                if let v = keys[k], !v.isEmpty { props["values"] = v }
                observed.append(sco("windows-registry-key", props, contributing: ["key", "values"]))
            }
            for i in IOCExport.indicators(r) where i.kind == .mutex {
                observed.append(sco("mutex", ["name": i.value], contributing: ["name"]))
            }

            var analysis: Object = [
                "product": ToolInfo.current.name, "version": r.tool.version, "analysis_started": created, "analysis_ended": ended,
                "sample_ref": sample, "result": Self.result(r.verdict),
                "configuration_version": "profile \(r.run.profile), runner \(r.run.runner), network \(r.run.networkMode), score formula \(r.score?.formulaVersion ?? "-")",
            ]
            if !observed.isEmpty { analysis["analysis_sco_refs"] = Array(NSOrderedSet(array: observed)) as! [String] }
            let ma = sdo("malware-analysis", key: "analysis", analysis)

            var patterns: [String] = []
            for t in AttackNames.ids(r.behaviours) {
                let titles = r.behaviours.filter { $0.attack.contains(t) }.map(\.title)
                patterns.append(sdo("attack-pattern", key: t, [
                    "name": AttackNames.table[t] ?? t,
                    "description": "Seen by petri: " + titles.joined(separator: "; ")
                        + (AttackIDs.previous[t].map { " (ATT&CK id before release \(AttackIDs.release): \($0))" } ?? ""),
                    "external_references": [["source_name": "mitre-attack", "external_id": t, "url": AttackNames.url(t)]],
                ]))
            }
            var indicators: [String] = []
            for i in IOCExport.indicators(r) {
                let type: String
                switch i.kind {
                case .domain: type = "domain-name:value"
                case .ipv4: type = "ipv4-addr:value"
                case .ipv6: type = "ipv6-addr:value"
                case .url: type = "url:value"
                default: continue
                }
                indicators.append(sdo("indicator", key: "\(i.kind.rawValue) \(i.value)", [
                    "name": "\(i.kind.rawValue) \(i.value)", "description": i.sources.joined(separator: "; "),
                    "indicator_types": [r.verdict == .malicious ? "malicious-activity" : "anomalous-activity"],
                    "pattern": "[\(type) = '\(Self.patternString(i.kind == .url ? Self.uri(i.value) : i.value))']", "pattern_type": "stix", "valid_from": created,
                ]))
            }
            // A malware object only when petri judged the sample suspicious or malicious: it is what the
            // analysis is of, what uses the techniques, and what the indicators indicate.
            guard r.verdict == .malicious || r.verdict == .suspicious else { return }
            let malware = sdo("malware", key: "malware", ["name": r.sample.fileName, "is_family": false, "sample_refs": [sample],
                                                          "description": "\(r.sample.fileName) as petri ran it: \(r.verdict!.rawValue), score \(r.score.map { String(format: "%.1f", $0.value) } ?? "-")"])
            func rel(_ type: String, _ from: String, _ to: String) {
                _ = sdo("relationship", key: "\(type) \(from) \(to)", ["relationship_type": type, "source_ref": from, "target_ref": to])
            }
            rel("dynamic-analysis-of", ma, malware)
            for p in patterns { rel("uses", malware, p) }
            for i in indicators { rel("indicates", i, malware) }
        }

        static let registryTypes: Set<String> = ["REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN",
                                                 "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
                                                 "REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE"]

        /// `user-agent` -> `User-Agent`: STIX wants HTTP header names as they are registered.
        static func headerName(_ n: String) -> String {
            n.split(separator: "-", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: "-")
        }

        /// STIX names registry hives in full: HKCU\\x -> HKEY_CURRENT_USER\\x.
        static func fullHive(_ key: String) -> String {
            let hives = ["HKCU": "HKEY_CURRENT_USER", "HKLM": "HKEY_LOCAL_MACHINE", "HKCR": "HKEY_CLASSES_ROOT", "HKU": "HKEY_USERS", "HKCC": "HKEY_CURRENT_CONFIG"]
            let head = key.prefix { $0 != "\\" }
            guard let full = hives[head.uppercased()] else { return key }
            return full + key.dropFirst(head.count)
        }

        static func isHostName(_ n: String) -> Bool {
            let labels = n.split(separator: ".", omittingEmptySubsequences: false)
            return !n.isEmpty && n.utf8.count <= 253 && labels.allSatisfy { l in
                !l.isEmpty && l.count <= 63 && l.first != "-" && l.last != "-"
                    && l.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
            }
        }

        /// The URL as the sample sent it, with every character a URI may not hold percent-encoded.
        static func uri(_ u: String) -> String {
            let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")
            return u.addingPercentEncoding(withAllowedCharacters: allowed) ?? u
        }

        static func result(_ v: Verdict?) -> String {
            switch v {
            case .malicious: return "malicious"
            case .suspicious: return "suspicious"
            case .benign: return "benign"
            default: return "unknown"
            }
        }

        /// Inside a STIX pattern's single quotes, ' and \ are escaped with \.
        static func patternString(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        }

        static func date(_ iso: String) -> Date? {
            let f = ISO8601DateFormatter()
            if let d = f.date(from: iso) { return d }
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f.date(from: iso)
        }

        /// RFC 3339 UTC with millisecond precision, as STIX 2.1 wants for created/modified.
        static func stamp(_ d: Date) -> String {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: d)
        }
    }
}
