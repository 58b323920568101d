import PetriModel

/// Ties service records to the syscalls that caused them, and attempts to the names they were resolved from.
public enum NetworkAttribution {
    /// Slack for comparing the services' timestamps with the supervisor's: a record may be stamped a
    /// little before the syscall event that caused it when both sides race.
    public static let slackNs: UInt64 = 500_000_000

    struct Candidate { let event: Event; let ip: String; let port: Int }

    /// Fills `pid` and `seqs` on dns, connections, http, tls and other records by matching connect /
    /// sendto / sendmsg events (destination ip:port, time order), and `domain` on attempts and
    /// connections from the DNS answers.
    public static func attribute(section: inout NetworkSection, events: [Event]) {
        var byDest: [String: [Candidate]] = [:]
        var dnsCandidates: [Candidate] = []
        for e in events where e.kind == .syscall && ["connect", "sendto", "sendmsg"].contains(e.name) {
            guard let (ip, port) = destination(of: e) else { continue }
            let c = Candidate(event: e, ip: ip, port: port)
            byDest["\(ip)|\(port)", default: []].append(c)
            if port == 53 { dnsCandidates.append(c) }
        }
        for k in byDest.keys { byDest[k]!.sort { $0.event.seq < $1.event.seq } }
        dnsCandidates.sort { $0.event.seq < $1.event.seq }

        // Names from DNS answers, so attempts and connections carry the name they were resolved from.
        var nameFor: [String: String] = [:]
        for d in section.dns where d.rcode == "NOERROR" {
            for a in d.answers where nameFor[a] == nil { nameFor[a] = d.name }
        }
        for i in section.attempts.indices where section.attempts[i].domain == nil {
            if let ip = section.attempts[i].ip.map(normalizeIP), let n = nameFor[ip] { section.attempts[i].domain = n }
        }

        // DNS: queries in time order take port-53 sends in order (first unused one not after the query).
        var usedDNS = Set<UInt64>()
        for i in section.dns.indices.sorted(by: { section.dns[$0].timeNs < section.dns[$1].timeNs }) {
            let t = section.dns[i].timeNs
            // A connected UDP socket (glibc's resolver) sends several queries after one connect: when no
            // unused send is left, the latest one before the query is its cause too.
            let pick = dnsCandidates.first { !usedDNS.contains($0.event.seq) && $0.event.timeNs <= t + slackNs }
                ?? dnsCandidates.last { $0.event.timeNs <= t + slackNs }
            if let p = pick {
                usedDNS.insert(p.event.seq)
                section.dns[i].pid = p.event.pid
                section.dns[i].seqs = [p.event.seq]
            }
        }

        // Connections: TCP takes the latest unused connect to the same destination; UDP takes every send.
        var used = Set<UInt64>()
        var byConnection: [String: (Int32, [UInt64])] = [:]
        for i in section.connections.indices.sorted(by: { section.connections[$0].timeNs < section.connections[$1].timeNs }) {
            let c = section.connections[i]
            if c.domain == nil, let n = nameFor[normalizeIP(c.ip)] { section.connections[i].domain = n }
            let list = byDest["\(normalizeIP(c.ip))|\(c.port)"] ?? []
            if c.proto == "udp" {
                let sends = list.map(\.event)
                guard let first = sends.first else { continue }
                section.connections[i].pid = first.pid
                section.connections[i].seqs = Array(sends.map(\.seq).prefix(64))
            } else {
                // Accepts happen in connect order: the first unused connect not after the record is its cause.
                let connects = list.filter { $0.event.name == "connect" }
                guard let p = connects.first(where: { !used.contains($0.event.seq) && $0.event.timeNs <= c.timeNs + slackNs }) else { continue }
                used.insert(p.event.seq)
                var seqs = [p.event.seq]
                // Sends to the same destination by the same process before its next connect there belong here too.
                let next = connects.first { $0.event.seq > p.event.seq && $0.event.pid == p.event.pid }?.event.seq ?? .max
                seqs += list.filter { $0.event.name != "connect" && $0.event.pid == p.event.pid && $0.event.seq > p.event.seq && $0.event.seq < next }
                    .map(\.event.seq).prefix(63)
                section.connections[i].pid = p.event.pid
                section.connections[i].seqs = seqs
            }
            if let pid = section.connections[i].pid { byConnection[c.id] = (pid, section.connections[i].seqs) }
        }
        for i in section.http.indices { if let (p, s) = byConnection[section.http[i].connection] { section.http[i].pid = p; section.http[i].seqs = s } }
        for i in section.tls.indices { if let (p, s) = byConnection[section.tls[i].connection] { section.tls[i].pid = p; section.tls[i].seqs = s } }
        for i in section.other.indices { if let (p, s) = byConnection[section.other[i].connection] { section.other[i].pid = p; section.other[i].seqs = s } }
    }

    /// "198.51.100.5:80", "[fd00::1]:443", or separate ip/port arguments.
    static func destination(of e: Event) -> (String, Int)? {
        if let ip = e.args[ArgKey.ip]?.stringValue, let port = e.args[ArgKey.port]?.intValue { return (normalizeIP(ip), Int(port)) }
        guard let a = e.args[ArgKey.address]?.stringValue else { return nil }
        if a.hasPrefix("["), let close = a.firstIndex(of: "]") {
            let ip = String(a[a.index(after: a.startIndex)..<close])
            let rest = a[a.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (normalizeIP(ip), port)
        }
        guard let colon = a.lastIndex(of: ":"), let port = Int(a[a.index(after: colon)...]) else { return nil }
        return (normalizeIP(String(a[..<colon])), port)
    }

    static func normalizeIP(_ ip: String) -> String {
        var s = ip.lowercased()
        if s.hasPrefix("::ffff:"), s.contains(".") { s.removeFirst(7) }
        return s
    }
}
