import Foundation
import PetriModel

/// Where a record comes from. Every part of a run's record is presented to rules as flat records with
/// named fields, so one predicate language covers events, files, processes, network, registry and facts.
public enum RecordSource: String, Sendable, CaseIterable, Hashable {
    case event, file, process, attempt, dns, http, tls, connection, other, registry, fact
    /// Produced by the CanaryTracker: a planted token seen in outbound data.
    case canary
    /// A YARA match on the sample or on a payload of the run (dropped file, HTTP body, executable memory).
    case yara
    /// One per process tree that touched user files (FileImpact): files touched, files replaced by an
    /// encrypted-looking copy (victims), their share, the new extensions, ransom notes.
    case impact

    /// The fields a rule may name for this source (unknown names are load errors).
    public var fields: Set<String> {
        switch self {
        case .event:
            return Set(["kind", "syscall", "category", "action", "error", "image", "pid", "ppid", "tid", "arch", "runner",
                    "exe", "basename", "dirname", "self_path", "sample_path", "argv0", "seq", "outcome"]).union(Self.argKeys)
        case .file:
            return ["path", "windows_path", "change", "type", "size", "sha256", "mode", "symlink_target", "basename", "dirname"]
        case .process:
            return ["pid", "ppid", "image", "path", "argv", "argv0", "windows_image", "command_line", "execs", "runner", "basename"]
        case .attempt:
            return ["syscall", "family", "protocol", "address", "ip", "port", "domain", "pid", "seq"]
        case .dns:
            return ["name", "type", "answers", "rcode", "transport", "pid", "first_label", "longest_label", "label_count", "parent"]
        case .http:
            return ["connection", "method", "url", "host", "path", "query", "user_agent", "body", "body_size", "body_sha256",
                    "response", "status", "tls", "pid"]
        case .tls:
            return ["connection", "sni", "alpn", "version", "ja3", "ja3_hash", "handshake", "alert", "certificate", "client_bytes", "pid"]
        case .connection:
            return ["id", "protocol", "ip", "port", "domain", "service", "bytes_in", "bytes_out", "preview", "pid"]
        case .other:
            return ["connection", "service", "lines", "preview", "bytes", "pid"]
        case .registry:
            return ["kind", "key", "value", "data", "type"]
        case .fact:
            return ["fact"]
        case .canary:
            return ["token", "file", "kind", "encoding", "channel", "destination", "pid", "image"]
        case .yara:
            return ["rule", "namespace", "tags", "meta", "object", "object_kind", "sha256", "pid", "strings"]
        case .impact:
            return ["pid", "image", "touched", "victims", "share", "extensions", "victim_paths", "notes", "note"]
        }
    }

    /// Syscall argument keys (ArgKey.all, the decoders' one list), the keys of other event
    /// producers (registry and runner events), and Wine's API arguments.
    static let argKeys: Set<String> = Set(ArgKey.all).union([
        "url", "key", "value", "data", "option", "domain", "command_line",
    ]).union(wineAPIArgKeys)

    /// Arguments of `api` events parsed from Wine's debug channels (WineDebugLogParser).
    static let wineAPIArgKeys: Set<String> = [
        "windows_path", "new_windows_path", "unix_path", "access", "disposition", "status", "child_pid", "verb", "object",
        "module", "native", "strings", "raw_args", "retval", "caller", "wine_detection", "wine_key", "user_agent", "api",
        "win_pid", "win_tid", "win_prot", "unmapped",
    ]

    /// Fields that name a domain, for the global domain safelist.
    static let domainFields = ["domain", "name", "host", "sni"]
}

/// One thing a rule can match: a source, named fields, and what to cite as evidence.
/// A class, so the many passes of many rules over one store share records instead of copying them.
public final class Record: Sendable {
    public let source: RecordSource
    public let fields: [String: ArgValue]
    /// Event sequence number for events and attempts; first of `seqs` for network records when known.
    public let seq: UInt64?
    /// Ordering key for sequences (nanoseconds since start); nil when the record has no time (files, facts).
    public let timeNs: UInt64?
    public let pid: Int32?
    public let runner: Bool
    /// What to cite: a file path or a network destination / record id.
    public let evidenceFile: String?
    public let evidenceNetwork: String?

    init(source: RecordSource, fields: [String: ArgValue], seq: UInt64?, timeNs: UInt64?, pid: Int32?, runner: Bool,
         evidenceFile: String? = nil, evidenceNetwork: String? = nil) {
        self.source = source; self.fields = fields; self.seq = seq; self.timeNs = timeNs; self.pid = pid; self.runner = runner
        self.evidenceFile = evidenceFile; self.evidenceNetwork = evidenceNetwork
    }

    public subscript(field: String) -> ArgValue? { fields[field] }
}

/// The records of one report, built once and indexed for evaluation.
public struct RecordStore: Sendable {
    public private(set) var bySource: [RecordSource: [Record]] = [:]
    /// Event records indexed by syscall/API name.
    public private(set) var eventsByName: [String: [Int]] = [:]
    /// pid → ppid, for the `tree` scope.
    public private(set) var parents: [Int32: Int32] = [:]
    /// pid → top-most ancestor below the init, computed once (a chain of any depth, cycles ended).
    private var rootOf: [Int32: Int32] = [:]

    /// `runnerEvents: false` leaves out events marked as runner activity (a Wine run: ~4 000 of Wine's own
    /// syscalls and API calls beside a few of the sample's), for a rule set where no enabled rule asks for
    /// them: no rule could admit them, so building and scanning them is wasted. Their parent links stay.
    public init(report: Report, canaryHits: [CanaryHit] = [], runnerEvents: Bool = true) {
        var procPath: [Int32: String] = [:]
        for p in report.processes {
            if let pp = p.ppid { parents[p.pid] = pp }
            if let path = p.path { procPath[p.pid] = path }
        }
        let timeBySeq = Dictionary(report.events.map { ($0.seq, $0.timeNs) }, uniquingKeysWith: { a, _ in a })
        // succeeded | failed | unknown, from what the record shows (EventOutcome): attempts count too.
        let outcomes = EventOutcome.all(report)

        var events: [Record] = []
        events.reserveCapacity(report.events.count)
        for e in report.events {
            // An API event whose Windows pid has no sandbox process (Wine) keeps that pid; it must not
            // meet a sandbox process of the same number in the `process`/`tree` scopes, so its scope key
            // is negative (sandbox pids are positive): related only to events of the same Windows pid.
            let unmapped = e.kind == .api && e.args["unmapped"] == .bool(true)
            let scopePid = unmapped ? -1 - e.pid : e.pid
            if !unmapped, let pp = e.ppid, parents[e.pid] == nil { parents[e.pid] = pp }
            if !runnerEvents && e.runner == true { continue }
            var f = e.args
            f["kind"] = .string(e.kind.rawValue)
            // `syscall` is the event's name (syscall or API); `name` stays the decoded argument (memfd, prctl).
            f["syscall"] = .string(e.name)
            f["category"] = .string(e.category.rawValue)
            f["action"] = .string(e.action.rawValue)
            f["pid"] = .int(Int64(e.pid)); f["tid"] = .int(Int64(e.tid)); f["seq"] = .int(Int64(e.seq))
            if let pp = e.ppid { f["ppid"] = .int(Int64(pp)) }
            if let v = e.error { f["error"] = .string(v) }
            if let v = e.image { f["image"] = .string(v) }
            if let v = e.arch { f["arch"] = .string(v) }
            f["runner"] = .bool(e.runner ?? false)
            f["outcome"] = .string((outcomes[e.seq] ?? .unknown).rawValue)
            if !unmapped, let exe = procPath[e.pid] { f["exe"] = .string(exe) }
            f["sample_path"] = .string(report.run.samplePath)
            if let p = e.path {
                f["basename"] = .string(Self.basename(p)); f["dirname"] = .string(Self.dirname(p))
                f["self_path"] = .string(Self.selfPath(p, pid: e.pid, tid: e.tid))
            }
            if let a0 = e.args[ArgKey.argv]?.listValue?.first { f["argv0"] = .string(a0) }
            let idx = events.count
            events.append(Record(source: .event, fields: f, seq: e.seq, timeNs: e.timeNs, pid: scopePid, runner: e.runner ?? false,
                                 evidenceFile: e.path, evidenceNetwork: e.args[ArgKey.address]?.stringValue))
            eventsByName[e.name, default: []].append(idx)
        }
        // The resource limits the run hit (run.limits_hit: pids, memory, nproc, ...) as `kind: limit`
        // events named by the limit, so a rule can say "a fork bomb hit the pids limit".
        for l in report.run.limitsHit {
            let f: [String: ArgValue] = [
                "kind": .string(EventKind.limit.rawValue), "syscall": .string(l.limit), "action": .string("observed"),
                "runner": .bool(false), "outcome": .string(EventOutcome.succeeded.rawValue), "sample_path": .string(report.run.samplePath),
            ]
            eventsByName[l.limit, default: []].append(events.count)
            events.append(Record(source: .event, fields: f, seq: nil, timeNs: l.timeNs, pid: nil, runner: false))
        }
        bySource[.event] = events
        rootOf = ProcessForest.roots(parents: parents)
        let roots = rootOf
        let images = Dictionary(report.processes.map { ($0.pid, $0.image) }, uniquingKeysWith: { a, _ in a })
        bySource[.impact] = FileImpact.summarise(report, root: { roots[$0] ?? $0 }).map { s in
            let f: [String: ArgValue] = [
                "pid": .int(Int64(s.root)), "image": .string(images[s.root] ?? ""), "touched": .int(Int64(s.touched)),
                "victims": .int(Int64(s.victims.count)), "share": .int(Int64(s.sharePercent)), "extensions": .list(s.extensions),
                "victim_paths": .list(Array(s.victims.prefix(20))), "notes": .list(s.notes), "note": .bool(!s.notes.isEmpty),
            ]
            return Record(source: .impact, fields: f, seq: nil, timeNs: nil, pid: s.root, runner: false,
                          evidenceFile: s.victims.first)
        }

        bySource[.file] = report.files.map { c in
            var f: [String: ArgValue] = ["path": .string(c.path), "change": .string(c.change.rawValue), "type": .string(c.type.rawValue),
                                         "basename": .string(Self.basename(c.path)), "dirname": .string(Self.dirname(c.path))]
            if let v = c.windowsPath { f["windows_path"] = .string(v) }
            if let v = c.size { f["size"] = .int(Int64(clamping: v)) }
            if let v = c.sha256 { f["sha256"] = .string(v) }
            if let v = c.mode { f["mode"] = .string(v) }
            if let v = c.symlinkTarget { f["symlink_target"] = .string(v) }
            return Record(source: .file, fields: f, seq: nil, timeNs: nil, pid: nil, runner: false, evidenceFile: c.path)
        }

        bySource[.process] = report.processes.map { p in
            var f: [String: ArgValue] = ["pid": .int(Int64(p.pid)), "image": .string(p.image), "argv": .list(p.argv),
                                         "execs": .list(p.execs), "runner": .bool(p.runner ?? false)]
            if let v = p.ppid { f["ppid"] = .int(Int64(v)) }
            if let v = p.path { f["path"] = .string(v); f["basename"] = .string(Self.basename(v)) }
            if let v = p.argv.first { f["argv0"] = .string(v) }
            if let v = p.windowsImage { f["windows_image"] = .string(v) }
            if let v = p.commandLine { f["command_line"] = .string(v) }
            return Record(source: .process, fields: f, seq: p.createdBy, timeNs: p.startNs, pid: p.pid, runner: p.runner ?? false)
        }

        let net = report.network
        bySource[.attempt] = net.attempts.map { a in
            var f: [String: ArgValue] = ["syscall": .string(a.syscall), "family": .string(a.family), "protocol": .string(a.proto),
                                         "address": .string(a.address), "pid": .int(Int64(a.pid)), "seq": .int(Int64(a.seq))]
            if let v = a.ip { f["ip"] = .string(v) }
            if let v = a.port { f["port"] = .int(Int64(v)) }
            if let v = a.domain { f["domain"] = .string(v) }
            return Record(source: .attempt, fields: f, seq: a.seq, timeNs: timeBySeq[a.seq], pid: a.pid, runner: false,
                          evidenceNetwork: a.domain.map { "\($0) (\(a.address))" } ?? a.address)
        }
        bySource[.dns] = net.dns.map { d in
            let labels = d.name.split(separator: ".").map(String.init)
            var f: [String: ArgValue] = ["name": .string(d.name), "type": .string(d.type), "answers": .list(d.answers),
                                         "rcode": .string(d.rcode), "transport": .string(d.transport),
                                         "first_label": .string(labels.first ?? ""),
                                         "longest_label": .string(labels.max(by: { $0.count < $1.count }) ?? ""),
                                         "label_count": .int(Int64(labels.count)),
                                         "parent": .string(labels.suffix(2).joined(separator: "."))]
            if let v = d.pid { f["pid"] = .int(Int64(v)) }
            return Record(source: .dns, fields: f, seq: d.seqs.first, timeNs: d.timeNs, pid: d.pid, runner: false,
                          evidenceNetwork: "dns \(d.type) \(d.name)")
        }
        bySource[.http] = net.http.map { h in
            var f: [String: ArgValue] = ["connection": .string(h.connection), "method": .string(h.method), "url": .string(h.url),
                                         "host": .string(h.host), "path": .string(h.path), "body": .string(h.bodyPreview),
                                         "body_size": .int(Int64(clamping: h.bodySize)), "response": .string(h.response),
                                         "status": .int(Int64(h.responseStatus))]
            if let v = h.query { f["query"] = .string(v) }
            if let v = h.bodySha256 { f["body_sha256"] = .string(v) }
            f["tls"] = .bool(h.tls == true)
            if let ua = h.headers.first(where: { $0.key.lowercased() == "user-agent" })?.value { f["user_agent"] = .string(ua) }
            if let v = h.pid { f["pid"] = .int(Int64(v)) }
            return Record(source: .http, fields: f, seq: h.seqs.first, timeNs: h.timeNs, pid: h.pid, runner: false,
                          evidenceNetwork: "http \(h.method) \(h.url)")
        }
        bySource[.tls] = net.tls.map { t in
            var f: [String: ArgValue] = ["connection": .string(t.connection), "alpn": .list(t.alpn)]
            if let v = t.sni { f["sni"] = .string(v) }
            if let v = t.version { f["version"] = .string(v) }
            if let v = t.ja3 { f["ja3"] = .string(v) }
            if let v = t.ja3Hash { f["ja3_hash"] = .string(v) }
            if let v = t.handshake { f["handshake"] = .string(v) }
            if let v = t.alert { f["alert"] = .string(v) }
            if let v = t.certificate { f["certificate"] = .string(v) }
            if let v = t.clientBytes { f["client_bytes"] = .int(Int64(clamping: v)) }
            if let v = t.pid { f["pid"] = .int(Int64(v)) }
            return Record(source: .tls, fields: f, seq: t.seqs.first, timeNs: t.timeNs, pid: t.pid, runner: false,
                          evidenceNetwork: "tls \(t.sni ?? t.connection)")
        }
        bySource[.connection] = net.connections.map { c in
            var f: [String: ArgValue] = ["id": .string(c.id), "protocol": .string(c.proto), "ip": .string(c.ip), "port": .int(Int64(c.port)),
                                         "service": .string(c.service), "bytes_in": .int(Int64(clamping: c.bytesIn)),
                                         "bytes_out": .int(Int64(clamping: c.bytesOut)), "preview": .string(c.preview)]
            if let v = c.domain { f["domain"] = .string(v) }
            if let v = c.pid { f["pid"] = .int(Int64(v)) }
            return Record(source: .connection, fields: f, seq: c.seqs.first, timeNs: c.timeNs, pid: c.pid, runner: false,
                          evidenceNetwork: "\(c.proto) \(c.domain ?? c.ip):\(c.port)")
        }
        bySource[.other] = net.other.map { o in
            var f: [String: ArgValue] = ["connection": .string(o.connection), "service": .string(o.service), "lines": .list(o.lines),
                                         "preview": .string(o.preview), "bytes": .int(Int64(clamping: o.bytes))]
            if let v = o.pid { f["pid"] = .int(Int64(v)) }
            return Record(source: .other, fields: f, seq: o.seqs.first, timeNs: o.timeNs, pid: o.pid, runner: false,
                          evidenceNetwork: "\(o.service) \(o.connection)")
        }
        bySource[.registry] = report.registry.map { r in
            var f: [String: ArgValue] = ["kind": .string(r.kind.rawValue), "key": .string(r.key)]
            if let v = r.value { f["value"] = .string(v) }
            if let v = r.data { f["data"] = .string(v) }
            if let v = r.type { f["type"] = .string(v) }
            return Record(source: .registry, fields: f, seq: nil, timeNs: nil, pid: nil, runner: false,
                          evidenceFile: "registry:" + r.key + (r.value.map { "\\" + $0 } ?? ""))
        }
        bySource[.fact] = (report.sample.staticInfo?.facts ?? []).map {
            Record(source: .fact, fields: ["fact": .string($0)], seq: nil, timeNs: nil, pid: nil, runner: false)
        }
        var yara: [Record] = []
        func addYara(_ m: YaraMatch, kind: String, object: String, sha256: String?, pid: Int32?, timeNs: UInt64?) {
            var f: [String: ArgValue] = ["rule": .string(m.rule), "namespace": .string(m.namespace), "tags": .list(m.tags),
                                         "meta": .list(m.meta.map { "\($0.key)=\($0.value)" }), "object": .string(object),
                                         "object_kind": .string(kind), "strings": .list(Array(Set(m.strings.map(\.identifier))).sorted())]
            if let v = sha256 { f["sha256"] = .string(v) }
            if let v = pid { f["pid"] = .int(Int64(v)) }
            yara.append(Record(source: .yara, fields: f, seq: nil, timeNs: timeNs, pid: pid, runner: false,
                               evidenceFile: kind == "sample" ? nil : "\(kind) \(object)"))
        }
        for m in report.sample.staticInfo?.yara ?? [] {
            addYara(m, kind: "sample", object: report.run.samplePath, sha256: report.sample.sha256, pid: nil, timeNs: nil)
        }
        for p in report.payloads {
            for m in p.yara { addYara(m, kind: p.kind.rawValue, object: p.object, sha256: p.sha256, pid: p.pid, timeNs: p.timeNs) }
        }
        bySource[.yara] = yara
        bySource[.canary] = canaryHits.map { h in
            var f: [String: ArgValue] = ["token": .string(h.canary.token), "file": .string(h.canary.file), "kind": .string(h.canary.kind),
                                         "encoding": .string(h.encoding.rawValue), "channel": .string(h.channel),
                                         "destination": .string(h.destination)]
            if let v = h.pid { f["pid"] = .int(Int64(v)) }
            if let v = h.image { f["image"] = .string(v) }
            return Record(source: .canary, fields: f, seq: h.seq, timeNs: nil, pid: h.pid, runner: false,
                          evidenceFile: h.canary.file, evidenceNetwork: h.destination)
        }
    }

    public func records(_ source: RecordSource) -> [Record] { bySource[source] ?? [] }

    /// True when `a` and `b` belong to one process tree: the same top-most ancestor below the
    /// sandbox's init (pid 1), so a parent, its children and siblings are related.
    public func related(_ a: Int32, _ b: Int32) -> Bool {
        a == b || root(a) == root(b)
    }

    func root(_ pid: Int32) -> Int32 { rootOf[pid] ?? pid }

    /// `/proc/<own pid or tid>/x` spelled `/proc/self/x`, so rules can ask "its own" whatever the resolver did.
    static func selfPath(_ p: String, pid: Int32, tid: Int32) -> String {
        for id in [pid, tid] {
            let prefix = "/proc/\(id)/"
            if p.hasPrefix(prefix) { return "/proc/self/" + p.dropFirst(prefix.count) }
        }
        if p.hasPrefix("/proc/thread-self/") { return "/proc/self/" + p.dropFirst("/proc/thread-self/".count) }
        return p
    }

    static func basename(_ p: String) -> String {
        let trimmed = p.hasSuffix("/") && p.count > 1 ? String(p.dropLast()) : p
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
    static func dirname(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return i == p.startIndex ? "/" : String(p[..<i])
    }
}
