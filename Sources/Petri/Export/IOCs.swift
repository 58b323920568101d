import Foundation
import PetriModel

/// One indicator of compromise and what in the run produced it.
public struct Indicator: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case sha256, sha1, md5, domain, ipv4, ipv6, url, registryKey = "registry_key", mutex
    }
    public var kind: Kind
    public var value: String
    /// What produced it, one entry per distinct source: "sample", "dropped file /tmp/x",
    /// "DNS A query by pid 2 (sp-sim)", "HTTP GET by pid 2 (sp-sim)", "connect tcp by pid 13 (bash)".
    public var sources: [String]
    public init(kind: Kind, value: String, sources: [String]) { self.kind = kind; self.value = value; self.sources = sources }
}

/// `petri report iocs`: the hashes of the sample and of what it wrote, the names, addresses and URLs it
/// contacted, the registry keys it changed and the mutexes it made. The simulated internet's own
/// answers (SinkholeMarks) and bodies it served are never listed.
public enum IOCExport {
    public enum Format: String, Sendable, CaseIterable { case csv, json }

    public static func indicators(_ r: Report) -> [Indicator] {
        var c = Collector(marks: SinkholeMarks(r))
        let images = Dictionary(r.processes.map { ($0.pid, $0.windowsImage.map(Self.basename) ?? $0.image) }, uniquingKeysWith: { a, _ in a })
        func by(_ pid: Int32?) -> String {
            guard let pid else { return "" }
            return images[pid].map { " by pid \(pid) (\($0))" } ?? " by pid \(pid)"
        }

        c.add(.sha256, r.sample.sha256, "sample")
        c.add(.sha1, r.sample.sha1, "sample")
        c.add(.md5, r.sample.md5, "sample")
        // A file whose content the simulated internet served (its default payload) is petri's, not the sample's.
        let served = Set(r.network.http.compactMap(\.responseSha256))
        for f in r.files where f.change != .deleted && f.type != .directory && f.type != .symlink {
            guard let h = f.sha256, !served.contains(h) else { continue }
            c.add(.sha256, h, "\(f.change == .created ? "dropped" : "modified") file \(f.windowsPath ?? f.path)")
        }
        for p in r.payloads where p.kind == .memory {
            if let h = p.sha256 { c.add(.sha256, h, "executable memory \(p.object)\(p.trigger.map { " (\($0))" } ?? "")") }
        }

        for d in r.network.dns where !c.marks.isRunner(d.pid) { c.name(d.name, "DNS \(d.type) query\(by(d.pid))") }
        for h in r.network.http where !c.marks.isRunner(h.pid) {
            c.name(h.host, "HTTP \(h.method)\(by(h.pid))")
            c.url(h.url, "HTTP \(h.method)\(by(h.pid))")
        }
        for t in r.network.tls where !c.marks.isRunner(t.pid) { if let s = t.sni { c.name(s, "TLS SNI\(by(t.pid))") } }
        for a in r.network.attempts where !c.marks.isRunner(a.pid) && (a.family == "AF_INET" || a.family == "AF_INET6") {
            if let ip = a.ip { c.address(ip, "\(a.syscall) \(a.proto)\(a.port.map { " port \($0)" } ?? "")\(by(a.pid))") }
            if let d = a.domain { c.name(d, "\(a.syscall) \(a.proto)\(by(a.pid))") }
        }
        for k in r.network.connections where !c.marks.isRunner(k.pid) {
            c.address(k.ip, "\(k.service) connection \(k.proto) port \(k.port)\(by(k.pid))")
            if let d = k.domain { c.name(d, "\(k.service) connection\(by(k.pid))") }
        }
        // Windows API trace (Wine): names and URLs the sample asked for, even when no packet followed.
        for e in r.events where e.kind == .api && e.runner != true && !c.marks.isRunner(e.pid) {
            if let h = e[ArgKey.hostname]?.stringValue { c.name(h, "\(e.name)\(by(e.pid))") }
            if let u = e["url"]?.stringValue { c.url(u, "\(e.name)\(by(e.pid))") }
            if e.name.range(of: "mutex", options: .caseInsensitive) != nil, let n = e[ArgKey.name]?.stringValue, !n.isEmpty {
                c.add(.mutex, n, "\(e.name)\(by(e.pid))")
            }
        }
        for g in r.registry { c.add(.registryKey, g.key, "registry \(g.kind.rawValue)\(g.value.map { " \($0)" } ?? "")") }
        return c.out
    }

    public static func render(_ r: Report, format: Format, defang: Bool) throws -> Data {
        let list = indicators(r).map { i -> Indicator in
            var d = i
            if defang { d.value = Self.defang(i) }
            return d
        }
        switch format {
        case .json:
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try e.encode(IOCDocument(sample: r.sample.sha256, defanged: defang, indicators: list))
        case .csv:
            var s = "type,value,source\r\n"
            for i in list { s += [i.kind.rawValue, i.value, i.sources.joined(separator: "; ")].map(csvField).joined(separator: ",") + "\r\n" }
            return Data(s.utf8)
        }
    }

    static func basename(_ windowsPath: String) -> String {
        String(windowsPath.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last ?? Substring(windowsPath))
    }

    struct IOCDocument: Codable { var sample: String; var defanged: Bool; var indicators: [Indicator] }

    /// `hxxp://evil[.]example/a`, `evil[.]example`, `198.51.100[.]7`, `2001:db8[:]:1`: not clickable, not resolvable.
    public static func defang(_ i: Indicator) -> String {
        switch i.kind {
        case .domain, .ipv4: return i.value.replacingOccurrences(of: ".", with: "[.]")
        case .ipv6: return i.value.replacingOccurrences(of: ":", with: "[:]")
        case .url:
            var v = i.value
            if let r = v.range(of: "://") {
                let scheme = v[..<r.lowerBound].lowercased()
                let rest = v[r.upperBound...]
                let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
                let host = rest[..<hostEnd].replacingOccurrences(of: ".", with: "[.]")
                let defangedScheme = scheme.hasPrefix("http") ? "hxxp" + scheme.dropFirst(4) : scheme
                v = defangedScheme + "://" + host + rest[hostEnd...]
            } else {
                v = v.replacingOccurrences(of: ".", with: "[.]")
            }
            return v
        default: return i.value
        }
    }

    /// RFC 4180 quoting; control characters as \xNN (one terminal line per row); a leading = + - @
    /// is prefixed with ' so a spreadsheet shows the text instead of evaluating it.
    static func csvField(_ raw: String) -> String {
        var s = Printable.path(raw)
        if let f = s.first, "=+-@".contains(f) { s = "'" + s }
        if s.contains(where: { $0 == "," || $0 == "\"" }) { s = "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return s
    }

    /// Collects indicators in first-seen order, one per kind and value.
    struct Collector {
        let marks: SinkholeMarks
        var out: [Indicator] = []
        var index: [String: Int] = [:]
        static let maxSources = 8

        mutating func add(_ kind: Indicator.Kind, _ value: String, _ source: String) {
            guard !value.isEmpty else { return }
            let key = kind.rawValue + "\u{0}" + value
            if let i = index[key] {
                if !out[i].sources.contains(source) && out[i].sources.count < Self.maxSources { out[i].sources.append(source) }
                return
            }
            index[key] = out.count
            out.append(Indicator(kind: kind, value: value, sources: [source]))
        }

        mutating func name(_ raw: String, _ source: String) {
            var n = raw.lowercased()
            while n.hasSuffix(".") { n.removeLast() }
            if let colon = n.lastIndex(of: ":"), !n.contains("["), n.filter({ $0 == ":" }).count == 1 { n = String(n[..<colon]) }
            if SinkholeMarks.isAddress(n) { address(n, source); return }
            guard !marks.isOwnName(n) else { return }
            add(.domain, n, source)
        }

        mutating func address(_ ip: String, _ source: String) {
            let a = ip.hasPrefix("[") && ip.hasSuffix("]") ? String(ip.dropFirst().dropLast()) : ip
            guard SinkholeMarks.isAddress(a), !marks.isOwnAddress(a) else { return }
            add(SinkholeMarks.isIPv6(a) ? .ipv6 : .ipv4, a.lowercased(), source)
        }

        mutating func url(_ u: String, _ source: String) {
            guard let r = u.range(of: "://") else { return }
            let rest = u[r.upperBound...]
            var host = String(rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)])
            if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") { host = String(host[host.index(after: host.startIndex)..<close]) }
            else if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
            // A URL whose host is one of petri's own addresses names nothing outside.
            if SinkholeMarks.isAddress(host) ? marks.isOwnAddress(host) : marks.isOwnName(host) { return }
            add(.url, u, source)
        }
    }
}
