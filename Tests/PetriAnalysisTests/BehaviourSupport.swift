import Foundation
import PetriTestSupport
import PetriModel
@testable import PetriAnalysis

/// Locates the package root from this file, so tests read the real `profiles/`.
enum Paths {
    static var packageRoot: String { Repo.root }
    static var behaviours: String { packageRoot + "/profiles/behaviours" }
    static var decoys: String { packageRoot + "/profiles/decoys/home" }
    static var scoring: String { packageRoot + "/profiles/scoring.yaml" }
}

/// The built-in rules, loaded once.
enum BuiltIn {
    static let result: RuleLoadResult = RuleLoader.load(directory: Paths.behaviours)
    static var rules: RuleSet { result.ruleSet }
    static func matchIDs(_ report: Report) -> Set<String> { Set(BehaviourEngine(ruleSet: rules).evaluate(report).map(\.id)) }
}

/// Builds a recorded run in code: events get increasing seq and time, like the supervisor's.
struct Trace {
    var report: Report
    var seq: UInt64 = 0
    var pid: Int32 = 100
    var image = "sample"

    init(sampleName: String = "sample") {
        let sample = SampleInfo(path: "/host/\(sampleName)", fileName: sampleName, size: 100, md5: "m", sha1: "s", sha256: "abc",
                                type: .elf)
        var run = RunInfo(profile: "default", runner: "native", startedAt: "2026-11-26T00:00:00Z", timeoutSeconds: 30,
                          hostname: "alex-laptop", user: "user", workingDirectory: "/home/user/Downloads",
                          samplePath: "/home/user/Downloads/\(sampleName)", arguments: [], networkMode: "sinkhole")
        run.outcome = .exited(code: 0)
        report = Report(sample: sample, run: run)
        image = sampleName
        var root = ProcessNode(pid: 100, ppid: 1, image: sampleName, path: "/home/user/Downloads/\(sampleName)",
                               argv: [sampleName], startNs: 0)
        root.execs = [root.path!]
        report.processes = [root]
    }

    /// Adds a syscall event; returns its seq.
    @discardableResult
    mutating func sys(_ name: String, _ args: [String: ArgValue] = [:], pid: Int32? = nil, image: String? = nil,
                      action: EventAction = .allowed, kind: EventKind = .syscall, runner: Bool? = nil) -> UInt64 {
        seq += 1
        let p = pid ?? self.pid
        let parent = report.processes.first { $0.pid == p }?.ppid
        report.events.append(Event(seq: seq, timeNs: seq * 1_000, pid: p, tid: p, ppid: parent, image: image ?? self.image,
                                   kind: kind, name: name, arch: "x86_64", category: .file, args: args, action: action,
                                   error: action == .denied ? "EPERM" : nil, runner: runner))
        if name.hasPrefix("connect") || name == "sendto" || name == "sendmsg", let addr = args["address"]?.stringValue,
           let fam = args["family"]?.stringValue {
            var a = NetworkAttempt(seq: seq, pid: p, syscall: name, family: fam, proto: name == "sendto" ? "udp" : "tcp",
                                   address: addr, ip: CIDR.hostPart(of: addr),
                                   port: addr.split(separator: ":").last.flatMap { Int($0) })
            a.domain = args["domain"]?.stringValue
            report.network.attempts.append(a)
        }
        return seq
    }

    mutating func open(_ path: String, _ flags: String = "O_RDONLY|O_CLOEXEC", pid: Int32? = nil) {
        sys("openat", ["path": .string(path), "flags": .string(flags)], pid: pid)
    }
    mutating func write(_ path: String) { open(path, "O_WRONLY|O_CREAT|O_TRUNC") }
    mutating func exec(_ path: String, argv: [String]? = nil, pid: Int32? = nil) {
        sys("execve", ["path": .string(path), "argv": .list(argv ?? [path.split(separator: "/").last.map(String.init) ?? path])], pid: pid)
    }
    mutating func connect(_ address: String, pid: Int32? = nil) {
        sys("connect", ["family": .string("AF_INET"), "type": .string("SOCK_STREAM"), "address": .string(address)], pid: pid)
    }
    mutating func file(_ path: String, _ change: FileChangeKind = .created, type: FileType) {
        report.files.append(FileChange(path: path, change: change, type: type, size: 10, sha256: "00"))
    }
    mutating func child(_ pid: Int32, image: String, parent: Int32? = nil) {
        var n = ProcessNode(pid: pid, ppid: parent ?? self.pid, image: image, startNs: seq * 1_000)
        n.createdBy = seq
        report.processes.append(n)
    }
    mutating func dns(_ name: String, pid: Int32? = nil) {
        seq += 1
        report.network.dns.append(DNSRecord(name: name, type: "A", answers: ["198.51.100.7"], rcode: "NOERROR", transport: "udp",
                                            timeNs: seq * 1_000, pid: pid ?? self.pid))
    }
    mutating func http(_ method: String, _ url: String, body: String = "", pid: Int32? = nil) {
        seq += 1
        let host = URL(string: url)?.host ?? "x"
        var h = HTTPRecord(connection: "c\(seq)", method: method, url: url, host: host, path: URL(string: url)?.path ?? "/",
                           timeNs: seq * 1_000)
        h.bodyPreview = body; h.bodySize = UInt64(body.utf8.count); h.pid = pid ?? self.pid
        report.network.http.append(h)
    }
}
