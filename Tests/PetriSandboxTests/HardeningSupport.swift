import Foundation
import PetriModel
import PetriSandbox
import Testing

/// Shared checks of the hardening suites: every escape attempt fails inside AND leaves a record.
enum Hardening {
    /// Runs `name` and checks each `expected` key=value printed by the program; returns the run.
    @discardableResult
    static func expectValues(_ name: String, args: [String] = [], policy: SandboxPolicy = TestPrograms.policy(timeout: 20),
                             _ expected: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (SandboxResult, [String: String])? {
        guard let (r, out) = try TestPrograms.run(name, args: args, policy: policy, sourceLocation: sourceLocation) else { return nil }
        let v = TestPrograms.values(out)
        for (k, want) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(v[k] == want, "\(name): \(k)=\(v[k] ?? "missing"), want \(want); output:\n\(out)", sourceLocation: sourceLocation)
        }
        #expect(r.errors.isEmpty, "\(name): run errors \(r.errors)", sourceLocation: sourceLocation)
        return (r, v)
    }

    /// Each syscall in `names` appears as a denied event with `error` and in the report's denied list.
    static func expectDenied(_ r: SandboxResult, _ names: [String], error: String = "EPERM",
                             sourceLocation: SourceLocation = #_sourceLocation) {
        for n in names {
            let evs = r.events(named: [n])
            #expect(!evs.isEmpty && evs.allSatisfy { $0.action == .denied && $0.error == error },
                    "\(n): events \(evs.map { "\($0.action) \($0.error ?? "-")" })", sourceLocation: sourceLocation)
            #expect(r.denied.contains { $0.name == n && $0.error == error }, "\(n) missing from denied list", sourceLocation: sourceLocation)
        }
    }

    /// A file that exists only on the host, for traversal checks.
    static func hostMarker() throws -> String {
        let p = "/tmp/petri-host-only-\(UUID().uuidString.prefix(8))"
        try "host\n".write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    static func readHost(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// The host's namespace inode numbers (/proc/self/ns/*).
    static func hostNamespaces() -> [String: String] {
        var out: [String: String] = [:]
        for ns in ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"] {
            if let l = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/" + ns),
               let lb = l.firstIndex(of: "["), let rb = l.firstIndex(of: "]") {
                out[ns] = String(l[l.index(after: lb)..<rb])
            }
        }
        return out
    }
}
