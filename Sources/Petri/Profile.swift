import Foundation
import PetriAnalysis
import PetriGuest
import PetriSandbox
import Yams

/// A profile: the sandbox policy plus what later stages read (scoring, network services).
public struct Profile: Sendable {
    public var name: String
    public var path: String?
    public var policy: SandboxPolicy
    /// Folder holding behaviours/, decoys/, yara/ next to the profile.
    public var profilesDirectory: String
    /// Folders (or files) of Sigma rules evaluated beside the native rules: the profile's `sigma:` list
    /// (relative to the profile's folder) plus `--sigma` on the command line.
    public var sigmaDirectories: [String] = []
    /// Extra folders of YARA rules compiled beside the profile's own yara/ (`--yara` on the command
    /// line): the test suites' fixture and family rules live in tests/yara, never in the shipped profile.
    public var yaraDirectories: [String] = []
    /// The guest image the sample runs in (`guest:`); nil for `guest: host`, the host's own /usr.
    public var guest: GuestSpec? = GuestSpec()

    public init(name: String, path: String?, policy: SandboxPolicy, profilesDirectory: String) {
        self.name = name; self.path = path; self.policy = policy; self.profilesDirectory = profilesDirectory
    }
}

public enum ProfileLoader {
    /// Where profiles live: $PETRI_PROFILES, ./profiles, PREFIX/share/petri/profiles of an installed
    /// petri (`make install`), or the repository of a built one (.build/<config>/petri).
    public static func profilesDirectory() -> String {
        if let env = ProcessInfo.processInfo.environment["PETRI_PROFILES"], !env.isEmpty { return env }
        let fm = FileManager.default
        let cwd = fm.currentDirectoryPath + "/profiles"
        if fm.fileExists(atPath: cwd + "/default.yaml") { return cwd }
        // The executable itself (argv[0] may be a bare name found on PATH).
        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? (CommandLine.arguments.first ?? "")
        var url = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = url.deletingLastPathComponent().appendingPathComponent("share/petri/profiles").path
        if fm.fileExists(atPath: installed + "/default.yaml") { return installed }
        for _ in 0..<5 {
            let candidate = url.appendingPathComponent("profiles").path
            if fm.fileExists(atPath: candidate + "/default.yaml") { return candidate }
            url = url.deletingLastPathComponent()
        }
        return cwd
    }

    /// `nameOrPath` is a profile name (profiles/NAME.yaml) or a YAML file path.
    public static func load(_ nameOrPath: String?) throws -> Profile {
        let dir = profilesDirectory()
        let spec = nameOrPath ?? "default"
        let path: String
        if spec.contains("/") || spec.hasSuffix(".yaml") || spec.hasSuffix(".yml") { path = spec }
        else { path = dir + "/" + spec + ".yaml" }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            if nameOrPath == nil { return Profile(name: "default", path: nil, policy: SandboxPolicy(), profilesDirectory: dir) }
            throw PetriError.badInput("profile not found: \(spec)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PetriError.badInput("profile \(path) is not readable UTF-8 text")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text, path: path, profilesDirectory: FileManager.default.fileExists(atPath: base + "/behaviours") ? base : dir)
    }

    static let knownKeys: [String: Set<String>] = [
        "": ["name", "description", "sandbox", "limits", "network", "events", "syscalls", "scoring", "environment", "sigma", "guest"],
        "sandbox": ["hostname", "domainname", "user", "full_name", "uid", "gid", "home", "working_directory", "timeout", "max_sample_size", "as_root"],
        "limits": ["nproc", "address_space", "file_size", "open_files", "cpu", "memory", "pids", "writable", "artifacts"],
        "network": ["mode", "resolver", "dns", "http", "payload"],
        "events": ["max_events", "max_per_syscall", "max_output"],
        "syscalls": ["extra_denied", "extra_notified"],
        "guest": ["suite", "packages", "mirror", "wine"],
    ]

    public static func parse(_ text: String, path: String, profilesDirectory: String) throws -> Profile {
        let node: Node?
        do { node = try YAMLNesting.compose(text) } catch {
            throw PetriError.badInput("profile \(path) does not parse: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let root = node?.mapping else { throw PetriError.badInput("profile \(path): top level must be a mapping") }
        var problems: [String] = []
        var p = SandboxPolicy()
        var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent

        func loc(_ n: Node) -> String { "\(path):\(n.mark?.line ?? 0)" }
        func check(_ section: String, _ m: Node.Mapping) {
            let allowed = knownKeys[section] ?? []
            for (k, v) in m {
                guard let key = k.string else { continue }
                if !allowed.contains(key) { problems.append("\(loc(k)): unknown key \(section.isEmpty ? key : section + "." + key)") }
                _ = v
            }
        }
        check("", root)
        func str(_ m: Node.Mapping, _ key: String, _ section: String) -> String? {
            guard let v = m[key] else { return nil }
            guard let s = v.string else { problems.append("\(loc(v)): \(section).\(key) must be a string"); return nil }
            return s
        }
        func size(_ m: Node.Mapping, _ key: String, _ section: String) -> UInt64? {
            guard let s = str(m, key, section) else { return nil }
            if let v = parseSize(s) { return v }
            problems.append("\(loc(m[key]!)): \(section).\(key): '\(s)' is not a size (e.g. 512MiB)")
            return nil
        }
        func int(_ m: Node.Mapping, _ key: String, _ section: String) -> Int? {
            guard let s = str(m, key, section) else { return nil }
            if let v = Int(s), v >= 0 { return v }
            problems.append("\(loc(m[key]!)): \(section).\(key): '\(s)' is not a non-negative integer")
            return nil
        }
        if let n = root["name"]?.string { name = n }
        if let s = root["sandbox"]?.mapping {
            check("sandbox", s)
            if let v = str(s, "hostname", "sandbox") { p.hostname = v }
            if let v = str(s, "domainname", "sandbox") { p.domainname = v }
            if let v = str(s, "user", "sandbox") { p.userName = v }
            if let v = str(s, "full_name", "sandbox") { p.userFullName = v }
            if let v = int(s, "uid", "sandbox") { p.uid = UInt32(min(v, 65535)) }
            if let v = int(s, "gid", "sandbox") { p.gid = UInt32(min(v, 65535)) }
            if let v = str(s, "home", "sandbox") { p.home = v }
            if let node = s["as_root"] {
                if let b = node.bool { p.asRoot = b } else { problems.append("\(loc(node)): sandbox.as_root must be true or false") }
            }
            if let v = str(s, "working_directory", "sandbox") { p.workingDirectory = v }
            if let v = str(s, "timeout", "sandbox") {
                if let d = parseDuration(v) { p.timeoutSeconds = d } else { problems.append("\(loc(s["timeout"]!)): sandbox.timeout: '\(v)' is not a duration (e.g. 30s)") }
            }
            if let v = size(s, "max_sample_size", "sandbox") { p.maxSampleBytes = v }
        }
        if let l = root["limits"]?.mapping {
            check("limits", l)
            if let v = int(l, "nproc", "limits") { p.rlimitNproc = UInt64(v) }
            if let v = size(l, "address_space", "limits") { p.rlimitAS = v }
            if let v = size(l, "file_size", "limits") { p.rlimitFsize = v }
            if let v = int(l, "open_files", "limits") { p.rlimitNofile = UInt64(v) }
            if let v = int(l, "cpu", "limits") { p.rlimitCPU = UInt64(v) }
            if let v = size(l, "memory", "limits") { p.memoryLimitBytes = v }
            if let v = int(l, "pids", "limits") { p.pidsLimit = UInt64(v) }
            if let v = size(l, "writable", "limits") { p.maxWritableBytes = v }
            if let v = size(l, "artifacts", "limits") { p.maxArtifactsBytes = v }
        }
        if let n = root["network"]?.mapping {
            check("network", n)
            if let v = str(n, "mode", "network") {
                if ["none", "sinkhole"].contains(v) { p.networkMode = v } else { problems.append("\(loc(n["mode"]!)): network.mode must be none or sinkhole, not '\(v)'") }
            }
            if let v = str(n, "resolver", "network") { p.resolverAddress = v }
        }
        if let e = root["events"]?.mapping {
            check("events", e)
            if let v = int(e, "max_events", "events") { p.maxEvents = v }
            if let v = int(e, "max_per_syscall", "events") { p.maxEventsPerSyscall = v }
            if let v = size(e, "max_output", "events") { p.maxOutputBytes = v }
        }
        if let s = root["syscalls"]?.mapping {
            check("syscalls", s)
            p.extraDenied = s["extra_denied"]?.sequence?.compactMap { $0.string } ?? []
            p.extraNotified = s["extra_notified"]?.sequence?.compactMap { $0.string } ?? []
        }
        if let env = root["environment"]?.mapping {
            for (k, v) in env { if let ks = k.string, let vs = v.string { p.environment[ks] = vs } }
        }
        var sigma: [String] = []
        if let s = root["sigma"] {
            let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if let seq = s.sequence, seq.allSatisfy({ $0.string != nil }) {
                sigma = seq.compactMap(\.string).map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
            } else {
                problems.append("\(loc(s)): sigma must be a list of folders of Sigma rules")
            }
        }
        p.name = name
        let guest = parseGuest(root["guest"], loc: loc, problems: &problems)
        if !problems.isEmpty { throw PetriError.badInput(problems.joined(separator: "; ")) }
        var profile = Profile(name: name, path: path, policy: p, profilesDirectory: profilesDirectory)
        profile.sigmaDirectories = sigma
        profile.guest = guest
        return profile
    }

    /// `guest: host` (the host's /usr, secondary), or a mapping of suite, packages and mirror over
    /// the default image; absent means the default image.
    static func parseGuest(_ node: Node?, loc: (Node) -> String, problems: inout [String]) -> GuestSpec? {
        guard let node else { return GuestSpec() }
        if let s = node.string {
            if s == "host" { return nil }
            problems.append("\(loc(node)): guest must be `host` or a mapping (suite, packages, mirror), not '\(s)'")
            return nil
        }
        guard let m = node.mapping else { problems.append("\(loc(node)): guest must be `host` or a mapping"); return nil }
        var spec = GuestSpec()
        for (k, _) in m {
            guard let key = k.string else { continue }
            if !(knownKeys["guest"] ?? []).contains(key) { problems.append("\(loc(k)): unknown key guest.\(key)") }
        }
        if let v = m["suite"] {
            if let s = v.string, GuestSpec.isValidSuite(s) { spec.suite = s } else { problems.append("\(loc(v)): guest.suite must be a Debian suite name") }
        }
        if let v = m["mirror"] {
            if let s = v.string, s.hasPrefix("http://") || s.hasPrefix("https://") || s.hasPrefix("file:///"), !s.contains(where: { $0.isWhitespace }) {
                spec.mirror = s
            } else { problems.append("\(loc(v)): guest.mirror must be an http(s):// or file:/// URL") }
        }
        if let v = m["packages"] {
            guard let seq = v.sequence else { problems.append("\(loc(v)): guest.packages must be a list"); return spec }
            var names: [String] = []
            for item in seq {
                if let s = item.string, GuestSpec.isValidPackageName(s) { names.append(s) }
                else { problems.append("\(loc(item)): guest.packages: '\(item.string ?? "?")' is not a Debian package name") }
            }
            spec = GuestSpec(suite: spec.suite, architecture: spec.architecture, packages: names, mirror: spec.mirror)
        }
        if let v = m["wine"] {
            switch v.string {
            case "true": spec.wine = spec.architecture == "amd64"
            case "false": spec.wine = false
            default: problems.append("\(loc(v)): guest.wine must be true or false")
            }
        }
        return spec
    }

    public static func parseDuration(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (u, mult) in units where t.hasSuffix(u) {
            if let v = Double(t.dropLast(u.count)), v > 0, v.isFinite { return v * mult }
        }
        if let v = Double(t), v > 0, v.isFinite { return v }
        return nil
    }

    public static func parseSize(_ s: String) -> UInt64? {
        let t = s.trimmingCharacters(in: .whitespaces)
        let units: [(String, UInt64)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (u, mult) in units where t.hasSuffix(u) {
            if let v = UInt64(t.dropLast(u.count).trimmingCharacters(in: .whitespaces)) { return v.multipliedReportingOverflow(by: mult).overflow ? nil : v * mult }
        }
        return UInt64(t)
    }
}

/// Errors the CLI turns into exit code 2 with one line.
public enum PetriError: Error, CustomStringConvertible {
    case badInput(String)
    case io(String)

    public var description: String {
        switch self {
        case .badInput(let m): return m
        case .io(let m): return m
        }
    }
}
