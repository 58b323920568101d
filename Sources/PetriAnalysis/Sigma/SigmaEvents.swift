import Foundation
import PetriModel

/// One event as a Sigma rule sees it: a logsource category and Sigma's field names (Sysmon's, which
/// SigmaHQ's Linux and Windows rules use), built from petri's record. See docs/profiles.md for the mapping.
public struct SigmaEvent: Sendable {
    public let category: SigmaCategory
    /// From a Wine (Windows) process or with a Windows path: seen by `product: windows` rules.
    public let windows: Bool
    /// Keyed by lower-cased field name.
    let fields: [String: SigmaFieldValue]
    /// The petri event it comes from (execve, openat, connect, ...), for evidence.
    public let seq: UInt64?
    public let pid: Int32?
    public let evidenceFile: String?
    public let evidenceNetwork: String?

    init(_ category: SigmaCategory, windows: Bool, _ values: [String: String], seq: UInt64?, pid: Int32?,
         file: String? = nil, network: String? = nil) {
        self.category = category; self.windows = windows
        var f: [String: SigmaFieldValue] = [:]
        for (k, v) in values { f[k.lowercased()] = SigmaFieldValue(v) }
        fields = f
        self.seq = seq; self.pid = pid; evidenceFile = file; evidenceNetwork = network
    }

    /// The value of a Sigma field (any case), or nil when the event does not have it.
    public func value(_ field: String) -> String? { fields[field.lowercased()]?.text }

    /// Every field, by Sigma's spelling of its name.
    public var values: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in fields { out[SigmaFieldMap.canonical[k] ?? k] = v.text }
        return out
    }
}

/// The Sigma field names petri fills, per category (documented in docs/profiles.md).
public enum SigmaFieldMap {
    static let process = ["Image", "CommandLine", "ParentImage", "ParentCommandLine", "User", "CurrentDirectory",
                          "ProcessId", "ParentProcessId"]
    static let file = ["TargetFilename", "Image", "ProcessId", "User"]
    public static let fields: [SigmaCategory: [String]] = [
        .processCreation: process,
        .fileEvent: file, .fileChange: file, .fileDelete: file,
        .fileRename: ["SourceFilename"] + file,
        .networkConnection: ["DestinationIp", "DestinationPort", "DestinationHostname", "DestinationIsIpv6", "Protocol",
                             "Initiated", "SourcePort", "Image", "ProcessId", "User"],
        .dnsQuery: ["QueryName", "QueryType", "QueryStatus", "QueryResults", "Image", "ProcessId", "User"],
    ]
    /// lower-cased → Sigma's spelling.
    static let canonical: [String: String] = {
        var m: [String: String] = [:]
        for names in fields.values { for n in names { m[n.lowercased()] = n } }
        return m
    }()
}

/// Builds the Sigma events of a report: one per exec, file change, rename, delete, connection, DNS query.
public enum SigmaEventBuilder {
    struct Exec { let seq: UInt64; let image: String; let commandLine: String }

    public static func events(_ report: Report) -> [SigmaEvent] {
        var out: [SigmaEvent] = []
        let user = report.run.user
        var nodes: [Int32: ProcessNode] = [:]
        for p in report.processes { nodes[p.pid] = p }
        let windowsPids = Set(report.processes.filter { $0.windowsImage != nil }.map(\.pid))
        let runnerPids = Set(report.processes.filter { $0.runner == true }.map(\.pid))

        // Linux execs per process, in order: what each process was running at a given seq.
        var execs: [Int32: [Exec]] = [:]
        for e in report.events where (e.name == "execve" || e.name == "execveat") && e.action != .denied && e.runner != true {
            guard let path = e.path else { continue }
            let argv = e.args[ArgKey.argv]?.listValue ?? []
            execs[e.pid, default: []].append(Exec(seq: e.seq, image: path, commandLine: argv.isEmpty ? path : argv.joined(separator: " ")))
        }

        /// Image and command line of `pid` at `seq`: its latest exec, or what its parent ran when it forked.
        func running(_ pid: Int32, before seq: UInt64?, depth: Int = 0) -> (image: String, commandLine: String)? {
            if let w = nodes[pid]?.windowsImage { return (w, nodes[pid]?.commandLine ?? w) }
            if let list = execs[pid], let x = list.last(where: { seq == nil || $0.seq <= seq! }) { return (x.image, x.commandLine) }
            guard depth < 64, let node = nodes[pid] else { return nil }
            // Not exec'd yet: it runs what its parent ran when it forked.
            if let pp = node.ppid, pp > 1, nodes[pp] != nil, let r = running(pp, before: node.createdBy ?? seq, depth: depth + 1) { return r }
            if let path = node.path { return (path, node.argv.isEmpty ? path : node.argv.joined(separator: " ")) }
            return nil
        }
        func owner(_ pid: Int32?, at seq: UInt64?, into v: inout [String: String]) {
            guard let pid else { return }
            v["ProcessId"] = String(pid)
            if let r = running(pid, before: seq) { v["Image"] = r.image }
        }

        // process_creation, Linux: every exec that was not denied.
        for e in report.events where (e.name == "execve" || e.name == "execveat") && e.action != .denied && e.runner != true {
            guard let path = e.path, !windowsPids.contains(e.pid), !runnerPids.contains(e.pid) else { continue }
            let argv = e.args[ArgKey.argv]?.listValue ?? []
            var v = ["Image": path, "CommandLine": argv.isEmpty ? path : argv.joined(separator: " "), "User": user,
                     "CurrentDirectory": report.run.workingDirectory, "ProcessId": String(e.pid)]
            if let pp = e.ppid ?? nodes[e.pid]?.ppid, pp > 1 {
                v["ParentProcessId"] = String(pp)
                // The parent is what the parent process ran when this one was forked.
                if let r = running(pp, before: nodes[e.pid]?.createdBy ?? e.seq) { v["ParentImage"] = r.image; v["ParentCommandLine"] = r.commandLine }
            }
            out.append(SigmaEvent(.processCreation, windows: false, v, seq: e.seq, pid: e.pid, file: path))
        }
        // process_creation, Windows: each Wine process of the sample's (its short-lived forks left out).
        for p in report.processes where p.runner != true {
            guard let image = p.windowsImage else { continue }
            let parent = p.ppid.flatMap { nodes[$0] }
            if p.execs.isEmpty, let parent, parent.windowsImage == image, parent.commandLine == p.commandLine { continue }
            var v = ["Image": image, "CommandLine": p.commandLine ?? image, "User": user, "ProcessId": String(p.pid)]
            if let parent, let pw = parent.windowsImage {
                v["ParentProcessId"] = String(parent.pid); v["ParentImage"] = pw; v["ParentCommandLine"] = parent.commandLine ?? pw
            }
            out.append(SigmaEvent(.processCreation, windows: true, v, seq: p.createdBy, pid: p.pid, file: image))
        }

        out += fileEvents(report, user: user, windowsPids: windowsPids, owner: owner)
        out += networkEvents(report, user: user, windowsPids: windowsPids, owner: owner)
        return out
    }

    static let createCalls: Set<String> = ["open", "openat", "openat2", "creat"]
    static let writeFlags = ["O_CREAT", "O_WRONLY", "O_RDWR", "O_TRUNC"]
    static let deleteCalls: Set<String> = ["unlink", "unlinkat", "rmdir"]
    static let renameCalls: Set<String> = ["rename", "renameat", "renameat2"]

    typealias Owner = (Int32?, UInt64?, inout [String: String]) -> Void

    static func fileEvents(_ report: Report, user: String, windowsPids: Set<Int32>, owner: Owner) -> [SigmaEvent] {
        var out: [SigmaEvent] = []
        // The first event that wrote each path names the process behind an overlay change.
        var writer: [String: Event] = [:]
        var created: [String: Event] = [:]
        var deleted: [(Event, String)] = []
        for e in report.events where e.runner != true && e.action != .denied {
            if createCalls.contains(e.name), let p = e.path {
                let flags = e.args[ArgKey.flags]?.description ?? ""
                if e.name == "creat" || writeFlags.contains(where: flags.contains) { if writer[p] == nil { writer[p] = e } }
                if e.name == "creat" || flags.contains("O_CREAT") { if created[p] == nil { created[p] = e } }
            } else if renameCalls.contains(e.name) || e.name == "link" || e.name == "linkat" || e.name == "symlink" || e.name == "symlinkat",
                      let np = e.args[ArgKey.newPath]?.stringValue {
                if writer[np] == nil { writer[np] = e }
            } else if deleteCalls.contains(e.name), let p = e.path {
                deleted.append((e, p))
            }
        }
        var seen = Set<String>()
        for f in report.files where f.type != .directory {
            let category: SigmaCategory = f.change == .created ? .fileEvent : f.change == .modified ? .fileChange : .fileDelete
            if category == .fileDelete { seen.insert(f.path) }
            let by = category == .fileDelete ? deleted.first(where: { $0.1 == f.path })?.0 : writer[f.path]
            var v = ["TargetFilename": f.windowsPath ?? f.path, "User": user]
            owner(by?.pid, by?.seq, &v)
            out.append(SigmaEvent(category, windows: f.windowsPath != nil || by.map { windowsPids.contains($0.pid) } ?? false, v,
                                  seq: by?.seq, pid: by?.pid, file: f.path))
        }
        // A file created and deleted within the run leaves no overlay trace; its create and delete events do.
        let overlay = Set(report.files.map(\.path))
        for (e, p) in deleted where !seen.contains(p) && !overlay.contains(p) {
            seen.insert(p)
            if let c = created[p], c.seq < e.seq {
                var v = ["TargetFilename": p, "User": user]
                owner(c.pid, c.seq, &v)
                out.append(SigmaEvent(.fileEvent, windows: windowsPids.contains(c.pid), v, seq: c.seq, pid: c.pid, file: p))
            }
            var v = ["TargetFilename": p, "User": user]
            owner(e.pid, e.seq, &v)
            out.append(SigmaEvent(.fileDelete, windows: windowsPids.contains(e.pid), v, seq: e.seq, pid: e.pid, file: p))
        }
        for e in report.events where renameCalls.contains(e.name) && e.runner != true && e.action != .denied {
            guard let from = e.path, let to = e.args[ArgKey.newPath]?.stringValue else { continue }
            var v = ["SourceFilename": from, "TargetFilename": to, "User": user]
            owner(e.pid, e.seq, &v)
            out.append(SigmaEvent(.fileRename, windows: windowsPids.contains(e.pid), v, seq: e.seq, pid: e.pid, file: to))
        }
        return out
    }

    static func networkEvents(_ report: Report, user: String, windowsPids: Set<Int32>, owner: Owner) -> [SigmaEvent] {
        var out: [SigmaEvent] = []
        let net = report.network
        var seen = Set<String>()
        for a in net.attempts where a.family == "AF_INET" || a.family == "AF_INET6" {
            guard ["connect", "sendto", "sendmsg", "sendmmsg"].contains(a.syscall), let ip = a.ip, let port = a.port else { continue }
            guard seen.insert("\(a.pid)|\(a.proto)|\(a.address)").inserted else { continue }
            let conn = net.connections.first { $0.ip == ip && $0.port == port && ($0.pid == nil || $0.pid == a.pid) }
            var v = ["DestinationIp": ip, "DestinationPort": String(port), "DestinationIsIpv6": a.family == "AF_INET6" ? "true" : "false",
                     "Protocol": a.proto, "Initiated": "true", "User": user]
            if let d = a.domain ?? conn?.domain { v["DestinationHostname"] = d }
            if let sp = conn?.srcPort { v["SourcePort"] = String(sp) }
            owner(a.pid, a.seq, &v)
            out.append(SigmaEvent(.networkConnection, windows: windowsPids.contains(a.pid), v, seq: a.seq, pid: a.pid,
                                  network: a.domain.map { "\($0) (\(a.address))" } ?? a.address))
        }
        for d in net.dns {
            var v = ["QueryName": d.name, "QueryType": d.type, "QueryStatus": rcodeStatus(d.rcode),
                     "QueryResults": d.answers.joined(separator: ";"), "User": user]
            owner(d.pid, d.seqs.first, &v)
            out.append(SigmaEvent(.dnsQuery, windows: d.pid.map { windowsPids.contains($0) } ?? false, v, seq: d.seqs.first, pid: d.pid,
                                  network: "dns \(d.type) \(d.name)"))
        }
        return out
    }

    /// Sysmon's QueryStatus: 0 for success, else the Windows DNS error code (9000 + RCODE).
    static func rcodeStatus(_ rcode: String) -> String {
        let codes = ["NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5]
        guard let c = codes[rcode.uppercased()] ?? Int(rcode) else { return rcode }
        return c == 0 ? "0" : String(9000 + c)
    }
}
