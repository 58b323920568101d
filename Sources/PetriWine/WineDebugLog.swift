// Wine debug-channel output (WINEDEBUG=+timestamp,+pid,+tid,+process,+file,+reg,+winsock,+wininet,
// +urlmon,+winhttp,+seh,+loaddll[,+relay]) -> `api` events attributed to Windows processes.
import Foundation
import PetriModel

/// One line of Wine's debug output, split into its fixed fields.
public struct WineDebugLine: Sendable, Equatable {
    /// Seconds (GetTickCount-based, ms resolution) when +timestamp is on.
    public var timestamp: Double?
    public var pid: UInt32
    public var tid: UInt32
    /// trace, warn, err, fixme; "call"/"ret" for +relay lines.
    public var level: String
    /// Debug channel (reg, file, process, ...); "relay" for relay lines.
    public var channel: String
    /// Function that printed the line (or MODULE.Function for relay lines).
    public var function: String
    public var message: Substring

    /// Parses `768.760:0020:0024:trace:reg:NtCreateKey (...)` or a relay line
    /// `855.512:0020:0024:Call KERNEL32.IsDebuggerPresent() ret=14000158d`.
    /// Works on the UTF-8 bytes (a trace is ~10 000 lines per run; Character iteration cost ~40 ms).
    public static func parse(_ line: Substring) -> WineDebugLine? {
        let u = line.utf8
        var rest = u.startIndex
        var fields: [Range<String.Index>] = []
        fields.reserveCapacity(3)
        // Up to three leading numeric fields: [timestamp:]pid:tid:
        while fields.count < 3 {
            var i = rest
            while i < u.endIndex, isHexOrDot(u[i]) { i = u.index(after: i) }
            guard i != rest, i < u.endIndex, u[i] == 0x3a else { break }
            fields.append(rest..<i)
            rest = u.index(after: i)
        }
        var ts: Double? = nil
        if let first = fields.first, u[first].contains(0x2e) { ts = Double(line[first]); fields.removeFirst() }
        guard fields.count >= 1, let pid = UInt32(line[fields[0]], radix: 16) else { return nil }
        let tid = fields.count >= 2 ? UInt32(line[fields[1]], radix: 16) ?? 0 : 0
        let tail = line[rest...]
        if tail.utf8.starts(with: "Call ".utf8) || tail.utf8.starts(with: "Ret  ".utf8) {
            let isCall = tail.utf8.first == 0x43
            let body = tail[tail.utf8.index(rest, offsetBy: 5)...]
            let nameEnd = body.utf8.firstIndex(of: 0x28) ?? body.endIndex
            return WineDebugLine(timestamp: ts, pid: pid, tid: tid, level: isCall ? "call" : "ret", channel: "relay",
                                 function: String(body[..<nameEnd]), message: body[nameEnd...])
        }
        // level:channel:function message
        guard let c1 = tail.utf8.firstIndex(of: 0x3a) else { return nil }
        let level = tail[..<c1]
        guard level == "trace" || level == "warn" || level == "err" || level == "fixme" else { return nil }
        let afterLevel = tail.utf8.index(after: c1)
        guard let c2 = tail.utf8[afterLevel...].firstIndex(of: 0x3a) else { return nil }
        let third = tail[tail.utf8.index(after: c2)...]
        let fnEnd = third.utf8.firstIndex { $0 == 0x20 || $0 == 0x28 } ?? third.endIndex
        var msg = third[fnEnd...]
        if msg.utf8.first == 0x20 { msg = msg[msg.utf8.index(after: msg.startIndex)...] }
        return WineDebugLine(timestamp: ts, pid: pid, tid: tid, level: String(level), channel: String(tail[afterLevel..<c2]),
                             function: String(third[..<fnEnd]), message: msg)
    }

    @inline(__always) private static func isHexOrDot(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) || b == 0x2e
    }
}

/// A Windows process seen in the trace.
public struct WineProcess: Sendable, Equatable {
    public var pid: UInt32
    public var parentPid: UInt32?
    /// Windows image path (C:\...\x.exe) when known.
    public var image: String?
    public var commandLine: String?
    /// Wine's own machinery (wineboot, services, winedevice, explorer, rpcss, ...), not the sample.
    public var runner: Bool
    /// Time of creation (ns since the first trace line).
    public var startNs: UInt64
}

/// Turns Wine debug output into `api` events. Feed lines in order (`consume`), then read `events`
/// and `processes`. Attribution: the process that asked (Windows pid/tid from the trace), never the
/// wineserver. Runner marking: everything is Wine's start-up until the sample's main module is
/// loaded in the first process; after that, that process and every process it creates (transitively)
/// are the sample's; all others stay runner.
public struct WineDebugLogParser: Sendable {
    /// File name (or Windows path) of the sample's main image, e.g. `dropper.exe`. When nil, the
    /// first native `.exe` that loads is taken as the sample.
    public var sampleImage: String?
    /// Relay functions turned into events (by function name without module); nil keeps every call
    /// made by the sample's processes.
    public var relayFunctions: Set<String>?
    /// Registry keys that Wine's own per-process initialisation opens and writes (time zones, NLS)
    /// in every process, the sample's included; not evidence.
    public var ignoredRegistryKeys: [String] = [
        "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones",
        "HKLM\\System\\CurrentControlSet\\Control\\Nls",
        "HKCU\\Control Panel\\International",
        "HKLM\\System\\CurrentControlSet\\Control\\TimeZoneInformation",
    ]
    public var pathMapper: WinePathMapper
    /// Added to every event's time (the sandbox's time of the first trace line).
    public var baseNs: UInt64

    public private(set) var events: [Event] = []
    public private(set) var processes: [UInt32: WineProcess] = [:]
    /// Windows pid of the sample's first process once its image has loaded.
    public private(set) var samplePid: UInt32?
    /// Lines that looked like debug output but were not understood (kept count only).
    public private(set) var unparsedLines = 0

    /// Anti-debugging, unpacking and Wine-detection APIs shown by `--api-trace full` (+relay).
    public static let defaultRelayFunctions: Set<String> = [
        "IsDebuggerPresent", "CheckRemoteDebuggerPresent", "NtQueryInformationProcess", "ZwQueryInformationProcess",
        "NtSetInformationThread", "OutputDebugStringA", "OutputDebugStringW", "GetTickCount", "QueryPerformanceCounter",
        "GetProcAddress", "LdrGetProcedureAddress", "LoadLibraryA", "LoadLibraryW", "LoadLibraryExA", "LoadLibraryExW",
        "GetModuleHandleA", "GetModuleHandleW",
        "VirtualProtect", "VirtualProtectEx", "NtProtectVirtualMemory", "VirtualAlloc", "VirtualAllocEx",
        "NtAllocateVirtualMemory", "WriteProcessMemory", "NtWriteVirtualMemory", "CreateRemoteThread", "NtCreateThreadEx",
        "CreateProcessA", "CreateProcessW", "WinExec", "ShellExecuteA", "ShellExecuteW", "ShellExecuteExW",
        "RegOpenKeyExA", "RegOpenKeyExW", "RegSetValueExA", "RegSetValueExW", "Sleep", "SleepEx",
        "CryptEncrypt", "CryptDecrypt", "FindFirstFileA", "FindFirstFileW", "MessageBoxA", "MessageBoxW",
        "GetEnvironmentVariableA", "GetEnvironmentVariableW", "RegCreateKeyExA", "RegCreateKeyExW",
        "RegQueryValueExA", "RegQueryValueExW",
    ]

    /// Variables Wine's own DLLs read inside every process (not the sample's doing).
    static let wineInternalVariables: Set<String> = ["WINEUNIXCP", "WINEUSERLOCALE", "WINEBOOTSTRAPMODE", "WINEUSERNAME", "WINEDEBUG", "WINEDLLOVERRIDES"]

    public static let wineDetectionExports: Set<String> = ["wine_get_version", "wine_get_host_version", "wine_get_build_id", "wine_get_unix_file_name", "wine_server_call"]

    public init(sampleImage: String? = nil, relayFunctions: Set<String>? = WineDebugLogParser.defaultRelayFunctions,
                pathMapper: WinePathMapper = WinePathMapper(), baseNs: UInt64 = 0) {
        self.sampleImage = sampleImage.map { WineDebugLogParser.baseName($0).lowercased() }
        self.relayFunctions = relayFunctions
        self.pathMapper = pathMapper
        self.baseNs = baseNs
    }

    // MARK: state
    private var firstTimestamp: Double?
    private var sampleStartIndex: Int?
    private var initialPid: UInt32?
    private var samplePids: Set<UInt32> = []
    private var pendingProcess: [UInt64: (image: String?, cmdline: String?)] = [:]
    private var pendingKey: [UInt64: (op: String, root: String, name: String)] = [:]
    private var keyHandles: [UInt32: [String: String]] = [:]
    private var pendingFile: [UInt64: Int] = [:]
    private var relayStack: [UInt64: [Int]] = [:]

    /// Parses a whole log.
    public static func parse(_ text: String, sampleImage: String? = nil,
                             relayFunctions: Set<String>? = WineDebugLogParser.defaultRelayFunctions,
                             pathMapper: WinePathMapper = WinePathMapper()) -> WineDebugLogParser {
        var p = WineDebugLogParser(sampleImage: sampleImage, relayFunctions: relayFunctions, pathMapper: pathMapper)
        // Lines cut at the byte level (no grapheme breaking over a megabyte of trace).
        let u = text.utf8
        var start = u.startIndex
        while start < u.endIndex {
            let end = u[start...].firstIndex(of: 0x0a) ?? u.endIndex
            if end > start { p.consume(text[start..<end]) }
            start = end < u.endIndex ? u.index(after: end) : end
        }
        p.finish()
        return p
    }

    /// Re-attributes events once the whole process table is known: a child's first lines can be
    /// printed before its parent's "pid XXXX" line (the trace is interleaved across processes).
    public mutating func finish() {
        for i in events.indices {
            let pid = UInt32(bitPattern: events[i].pid)
            if pid == samplePid, let start = sampleStartIndex, i < start { continue }
            events[i].runner = !samplePids.contains(pid)
            if let p = processes[pid] {
                events[i].image = p.image.map(Self.baseName)
                events[i].ppid = p.parentPid.map { Int32(bitPattern: $0) }
            }
        }
    }

    public func isSample(_ pid: UInt32) -> Bool { samplePids.contains(pid) }

    public mutating func consume(_ raw: Substring) {
        guard let line = WineDebugLine.parse(raw) else { return }
        if initialPid == nil { initialPid = line.pid }
        if let ts = line.timestamp, firstTimestamp == nil { firstTimestamp = ts }
        if processes[line.pid] == nil {
            processes[line.pid] = WineProcess(pid: line.pid, parentPid: nil, image: nil, commandLine: nil,
                                              runner: true, startNs: timeNs(line))
        }
        let key = UInt64(line.pid) << 32 | UInt64(line.tid)
        // A pending file open is complete once its thread prints something else.
        if pendingFile[key] != nil, !(line.channel == "file" && (line.function == "nt_to_unix_file_name_no_root" || (line.level == "warn" && line.function == "NtCreateFile"))) {
            pendingFile[key] = nil
        }
        switch line.channel {
        case "process": process(line, key)
        case "loaddll": loaddll(line)
        case "reg": registry(line, key)
        case "file": file(line, key)
        case "winsock": winsock(line)
        case "wininet", "urlmon", "winhttp": internet(line)
        case "seh": seh(line)
        case "relay": relay(line, key)
        default: break
        }
    }

    // MARK: channels

    private mutating func process(_ l: WineDebugLine, _ key: UInt64) {
        // Reads of Wine's own variables (WINEPREFIX, WINELOADER, WINEUSERNAME...) by the sample
        // are a Wine check; Wine itself reads some in every process, hence sample-only.
        if l.function == "GetEnvironmentVariableW" || l.function == "GetEnvironmentVariableA", isSample(l.pid),
           let name = (l.function.hasSuffix("W") ? Self.wideStrings(l.message) : Self.narrowStrings(l.message)).first,
           name.uppercased().hasPrefix("WINE"), !Self.wineInternalVariables.contains(name.uppercased()) {
            emit(l, name: "GetEnvironmentVariable", category: .evasion, args: [ArgKey.name: .string(name), "wine_detection": .bool(true)])
            return
        }
        guard l.function == "NtCreateUserProcess", l.level == "trace" else { return }
        let strings = Self.wideStrings(l.message)
        if l.message.contains(" image L\"") {
            let image = strings.count > 1 ? strings[1] : strings.first
            pendingProcess[key] = (image, strings.count > 2 ? strings[2] : nil)
        } else if let pidRange = l.message.range(of: " pid "), let pending = pendingProcess.removeValue(forKey: key) {
            let hex = l.message[pidRange.upperBound...].prefix { $0.isHexDigit }
            guard let child = UInt32(hex, radix: 16) else { return }
            let runner = !isSample(l.pid)
            if !runner { samplePids.insert(child) }
            processes[child] = WineProcess(pid: child, parentPid: l.pid, image: pending.image, commandLine: pending.cmdline,
                                           runner: runner, startNs: timeNs(l))
            var args: [String: ArgValue] = ["child_pid": .int(Int64(child))]
            if let i = pending.image { args["image"] = .string(i); if let u = pathMapper.unixPath(forWindowsPath: i) { args[ArgKey.path] = .string(u) } }
            if let c = pending.cmdline { args["command_line"] = .string(c) }
            emit(l, name: "CreateProcess", category: .process, args: args)
        }
    }

    private mutating func loaddll(_ l: WineDebugLine) {
        guard l.message.hasPrefix("Loaded "), let path = Self.wideStrings(l.message).first else { return }
        let native = l.message.hasSuffix(": native")
        let base = Self.baseName(path).lowercased()
        // A DLL sample's process is the rundll32 that loads it (a builtin .exe, then the DLL native).
        if samplePid == nil, native, base.hasSuffix(".exe") || (sampleImage == base && !base.hasSuffix(".exe")), l.pid == initialPid,
           sampleImage == nil || sampleImage == base {
            samplePid = l.pid
            sampleStartIndex = events.count
            samplePids.insert(l.pid)
            processes[l.pid]?.runner = false
            if processes[l.pid]?.image == nil { processes[l.pid]?.image = path }
        }
        if base.hasSuffix(".exe"), processes[l.pid]?.image == nil { processes[l.pid]?.image = path }
        var args: [String: ArgValue] = ["module": .string(path), "native": .bool(native)]
        if let at = l.message.range(of: " at ") { args[ArgKey.addr] = .string("0x" + l.message[at.upperBound...].prefix { $0.isHexDigit }) }
        if let u = pathMapper.unixPath(forWindowsPath: path) { args[ArgKey.path] = .string(u) }
        emit(l, name: "LoadDll", category: .process, args: args)
    }

    private mutating func registry(_ l: WineDebugLine, _ key: UInt64) {
        let m = l.message
        switch l.function {
        case "create_special_root_hkey":
            // `HKEY_CURRENT_USER -> 0000000000000028` or `L"\\Registry\\Machine" -> 000000000000001C`
            guard let arrow = m.range(of: " -> ") else { return }
            let name = m.hasPrefix("L\"") ? (Self.wideStrings(m).first ?? "") : String(m[..<arrow.lowerBound])
            keyHandles[l.pid, default: [:]][Self.normalizeHandle(m[arrow.upperBound...])] = Self.normalizeRoot(name)
        case "NtCreateKey", "NtOpenKeyEx", "NtOpenKey":
            if m.hasPrefix("<- ") {
                guard let p = pendingKey.removeValue(forKey: key) else { return }
                let h = m.dropFirst(3)
                let full = resolveKey(pid: l.pid, root: p.root, name: p.name)
                if h == "(nil)" {
                    if p.op == "RegOpenKey" { emitKey(l, name: p.op, key: full, failed: true) }
                    return
                }
                keyHandles[l.pid, default: [:]][Self.normalizeHandle(h)] = full
                emitKey(l, name: p.op, key: full, failed: false)
            } else if m.hasPrefix("(") {
                let root = m.dropFirst().prefix { $0 != "," }
                let name = Self.wideStrings(m).first ?? ""
                pendingKey[key] = (l.function == "NtCreateKey" ? "RegCreateKey" : "RegOpenKey", String(root), name)
            }
        case "NtSetValueKey", "NtDeleteValueKey", "NtDeleteKey":
            guard m.hasPrefix("(") else { return }
            let h = m.dropFirst().prefix { $0 != "," && $0 != ")" }
            let keyName = keyHandles[l.pid]?[Self.normalizeHandle(h)] ?? "handle:\(h)"
            if isIgnoredKey(keyName) { return }
            var args: [String: ArgValue] = ["key": .string(keyName)]
            if l.function != "NtDeleteKey" { args["value"] = .string(Self.wideStrings(m).first ?? "") }
            if l.function == "NtSetValueKey" {
                let fields = m.dropFirst().dropLast().split(separator: ",")
                if fields.count >= 5, let t = Int(fields[fields.count - 3]) { args["type"] = .string(WineRegistryFile.typeName(t)) }
                if let n = fields.last.flatMap({ Int64($0) }) { args[ArgKey.length] = .int(n) }
            }
            let name = ["NtSetValueKey": "RegSetValue", "NtDeleteValueKey": "RegDeleteValue", "NtDeleteKey": "RegDeleteKey"][l.function]!
            if Self.isWineKey(keyName) { args["wine_key"] = .bool(true) }
            emit(l, name: name, category: .system, args: args)
        default: break
        }
    }

    private mutating func emitKey(_ l: WineDebugLine, name: String, key: String, failed: Bool) {
        if name == "RegOpenKey", isIgnoredKey(key) { return }
        var args: [String: ArgValue] = ["key": .string(key)]
        if failed { args["status"] = .string("not_found") }
        // Wine's own DLLs (user32, gdi32) open HKCU\Software\Wine\* inside the sample's process, so
        // a key open alone is not evidence of Wine detection; only +relay (RegOpenKeyEx called from
        // the sample's module) can tell. Marked for rules that want it.
        if Self.isWineKey(key) { args["wine_key"] = .bool(true) }
        emit(l, name: name, category: .system, args: args)
    }

    private func isIgnoredKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return ignoredRegistryKeys.contains { k.hasPrefix($0.lowercased()) }
    }

    private func resolveKey(pid: UInt32, root: String, name: String) -> String {
        if root == "(nil)" || root.isEmpty { return Self.normalizeRoot(name) }
        let base = keyHandles[pid]?[Self.normalizeHandle(Substring(root))] ?? "handle:\(root)"
        return name.isEmpty ? base : base + "\\" + name
    }

    private mutating func file(_ l: WineDebugLine, _ key: UInt64) {
        let m = l.message
        switch (l.level, l.function) {
        case ("trace", "NtCreateFile"):
            guard let nameRange = m.range(of: "name=L\""), let path = Self.wideStrings(m[nameRange.lowerBound...]).first else { return }
            var args: [String: ArgValue] = ["windows_path": .string(Self.stripNtPrefix(path))]
            if let a = Self.field(m, "access=") { args["access"] = .string(Self.accessNames(a)) }
            if let d = Self.field(m, "disp=").flatMap({ Int($0) }) { args["disposition"] = .string(Self.dispositionName(d)) }
            if let u = pathMapper.unixPath(forWindowsPath: path) { args[ArgKey.path] = .string(u) }
            emit(l, name: "CreateFile", category: .file, args: args)
            pendingFile[key] = events.count - 1
        case ("trace", "nt_to_unix_file_name_no_root"):
            guard let idx = pendingFile[key], let arrow = m.range(of: "\" -> \"") else { return }
            let unix = m[arrow.upperBound...].dropLast()
            events[idx].args["unix_path"] = .string(String(unix))
        case ("warn", "NtCreateFile"):
            guard let idx = pendingFile[key], let open = m.range(of: "(c", options: .backwards) else { return }
            events[idx].args["status"] = .string("0x" + m[m.index(after: open.lowerBound)...].prefix { $0.isHexDigit })
            pendingFile[key] = nil
        case ("trace", "CopyFileExW"), ("trace", "MoveFileWithProgressW"):
            let s = Self.wideStrings(m)
            guard s.count >= 2 else { return }
            var args: [String: ArgValue] = ["windows_path": .string(s[0]), "new_windows_path": .string(s[1])]
            if let u = pathMapper.unixPath(forWindowsPath: s[0]) { args[ArgKey.path] = .string(u) }
            if let u = pathMapper.unixPath(forWindowsPath: s[1]) { args[ArgKey.newPath] = .string(u) }
            emit(l, name: l.function == "CopyFileExW" ? "CopyFile" : "MoveFile", category: .file, args: args)
        case ("trace", "DeleteFileW"):
            guard let p = Self.wideStrings(m).first else { return }
            var args: [String: ArgValue] = ["windows_path": .string(p)]
            if let u = pathMapper.unixPath(forWindowsPath: p) { args[ArgKey.path] = .string(u) }
            emit(l, name: "DeleteFile", category: .file, args: args)
        default: break
        }
    }

    private mutating func winsock(_ l: WineDebugLine) {
        let m = l.message
        switch l.function {
        case "getaddrinfo", "gethostbyname":
            guard m.hasPrefix("node \"") || l.function == "gethostbyname", let host = Self.narrowStrings(m).first else { return }
            emit(l, name: "ResolveHost", category: .network, args: [ArgKey.hostname: .string(host), "api": .string(l.function)])
        case "connect", "WSAConnect", "sendto", "WSASendTo":
            guard let open = m.range(of: "addr { "), let close = m[open.upperBound...].firstIndex(of: "}") else { return }
            let body = m[open.upperBound..<close]
            var args: [String: ArgValue] = [:]
            for part in body.split(separator: ",") {
                let kv = part.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                guard kv.count == 2 else { continue }
                switch kv[0] {
                case "family": args[ArgKey.family] = .string(String(kv[1]))
                case "address": args[ArgKey.ip] = .string(String(kv[1]))
                case "port": if let p = Int64(kv[1]) { args[ArgKey.port] = .int(p) }
                default: break
                }
            }
            if let ip = args[ArgKey.ip]?.stringValue, let port = args[ArgKey.port]?.intValue {
                args[ArgKey.address] = .string(ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)")
            }
            emit(l, name: l.function == "connect" || l.function == "WSAConnect" ? "connect" : "sendto", category: .network, args: args)
        default: break
        }
    }

    private mutating func internet(_ l: WineDebugLine) {
        // One call prints its arguments, then more lines under the same function name (`\taccept type:`,
        // `  access type :`, `returning <handle>`): only the first line is the call. wininet and urlmon
        // print it in parentheses; winhttp prints the bare argument list.
        let m = l.message
        let isCall = l.channel == "winhttp" ? !(m.hasPrefix("returning") || m.first?.isWhitespace == true) : m.hasPrefix("(")
        guard isCall else { return }
        let s = Self.wideStrings(l.message)
        switch l.function {
        case "InternetOpenW":
            emit(l, name: "InternetOpen", category: .network, args: ["user_agent": .string(s.first ?? "")])
        case "InternetOpenUrlW":
            guard let url = s.first else { return }
            emit(l, name: "InternetOpenUrl", category: .network, args: ["url": .string(url), ArgKey.hostname: .string(Self.host(of: url))])
        case "InternetConnectW":
            guard let host = s.first else { return }
            var args: [String: ArgValue] = [ArgKey.hostname: .string(host)]
            let after = l.message.components(separatedBy: "\"")
            if after.count > 2, let p = Int64(after[2].split(separator: ",").first?.trimmingCharacters(in: .whitespaces) ?? "") { args[ArgKey.port] = .int(p) }
            emit(l, name: "InternetConnect", category: .network, args: args)
        case "HttpOpenRequestW":
            var args: [String: ArgValue] = [:]
            let fields = l.message.dropFirst().split(separator: ",", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count > 2 {
                args["verb"] = .string(fields[1] == "(null)" ? "GET" : Self.wideStrings(Substring(fields[1])).first ?? fields[1])
                args["object"] = .string(Self.wideStrings(Substring(fields[2])).first ?? fields[2])
            }
            emit(l, name: "HttpOpenRequest", category: .network, args: args)
        case "URLDownloadToFileW", "URLDownloadToCacheFileW", "URLOpenStreamW", "URLOpenBlockingStreamW":
            guard let url = s.first else { return }
            var args: [String: ArgValue] = ["url": .string(url), ArgKey.hostname: .string(Self.host(of: url))]
            if s.count > 1 {
                args["windows_path"] = .string(s[1])
                if let u = pathMapper.unixPath(forWindowsPath: s[1]) { args[ArgKey.path] = .string(u) }
            }
            emit(l, name: String(l.function.dropLast()), category: .network, args: args)
        case "WinHttpOpen":
            emit(l, name: "WinHttpOpen", category: .network, args: ["user_agent": .string(s.first ?? "")])
        case "WinHttpConnect":
            guard let host = s.first else { return }
            var args: [String: ArgValue] = [ArgKey.hostname: .string(host)]
            let tail = l.message.components(separatedBy: "\"").dropFirst(2).first ?? ""
            if let p = Int64(tail.split(separator: ",").first?.trimmingCharacters(in: .whitespaces) ?? "") { args[ArgKey.port] = .int(p) }
            emit(l, name: "WinHttpConnect", category: .network, args: args)
        case "WinHttpOpenRequest":
            var args: [String: ArgValue] = [:]
            if s.count > 0 { args["verb"] = .string(s[0]) }
            if s.count > 1 { args["object"] = .string(s[1]) }
            emit(l, name: "WinHttpOpenRequest", category: .network, args: args)
        default: break
        }
    }

    private mutating func seh(_ l: WineDebugLine) {
        guard l.level == "trace", l.function == "dispatch_exception", l.message.hasPrefix("code="),
              let code = Self.field(l.message, "code=") else { return }
        var args: [String: ArgValue] = ["code": .string("0x" + code)]
        if let a = Self.field(l.message, "addr=") { args[ArgKey.addr] = .string("0x" + a) }
        // Debugger-probing exceptions (OutputDebugString, breakpoints, single-step) are evasion evidence.
        let probing: Set<String> = ["40010006", "4001000a", "80000003", "80000004", "40010005"]
        emit(l, name: "Exception", category: probing.contains(code.lowercased()) ? .evasion : .system, args: args)
    }

    private mutating func relay(_ l: WineDebugLine, _ key: UInt64) {
        guard isSample(l.pid) else { return }
        let parts = l.function.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else { return }  // "PE DLL", "TLS callback", "LDR notification"
        let fn = String(parts[1])
        if l.level == "call" {
            guard relayFunctions == nil || relayFunctions!.contains(fn) else { return }
            var args: [String: ArgValue] = ["module": .string(String(parts[0]).lowercased())]
            let argText = l.message.dropFirst().prefix { $0 != ")" }
            args["raw_args"] = .string(String(argText))
            var strings = Self.narrowStrings(l.message)
            strings += Self.wideStrings(l.message)
            if !strings.isEmpty { args["strings"] = .list(strings) }
            if let r = l.message.range(of: " ret=") { args["caller"] = .string("0x" + l.message[r.upperBound...].prefix { $0.isHexDigit }) }
            var category = Self.relayCategory(fn, rawArgs: argText)
            if fn.hasPrefix("RegOpenKey") || fn.hasPrefix("RegCreateKey") || fn.hasPrefix("RegQueryValue"),
               strings.contains(where: { $0.lowercased().hasPrefix("software\\wine") }) {
                category = .evasion; args["wine_detection"] = .bool(true)
            }
            if fn.hasPrefix("GetEnvironmentVariable"), let name = strings.first {
                args[ArgKey.name] = .string(name)
                if name.uppercased().hasPrefix("WINE") { category = .evasion; args["wine_detection"] = .bool(true) }
            }
            if fn == "GetProcAddress" || fn == "LdrGetProcedureAddress", let name = strings.first {
                args[ArgKey.name] = .string(name)
                if Self.wineDetectionExports.contains(name) { category = .evasion; args["wine_detection"] = .bool(true) }
            }
            emit(l, name: fn, category: category, args: args)
            relayStack[key, default: []].append(events.count - 1)
        } else {
            guard var stack = relayStack[key], let idx = stack.last, events[idx].name == fn else { return }
            stack.removeLast(); relayStack[key] = stack
            if let r = l.message.range(of: "retval=") {
                events[idx].args["retval"] = .string("0x" + l.message[r.upperBound...].prefix { $0.isHexDigit })
            }
        }
    }

    static func relayCategory(_ fn: String, rawArgs: Substring) -> EventCategory {
        switch fn {
        case "IsDebuggerPresent", "CheckRemoteDebuggerPresent", "OutputDebugStringA", "OutputDebugStringW", "NtSetInformationThread":
            return .evasion
        case "NtQueryInformationProcess", "ZwQueryInformationProcess":
            // ProcessDebugPort (7), ProcessDebugObjectHandle (0x1e), ProcessDebugFlags (0x1f)
            let cls = rawArgs.split(separator: ",").dropFirst().first.flatMap { UInt32($0, radix: 16) }
            return [7, 0x1e, 0x1f].contains(cls ?? 0) ? .evasion : .process
        case let f where f.hasPrefix("Virtual") || f.hasPrefix("NtAllocate") || f.hasPrefix("NtProtect") || f.contains("ProcessMemory") || f.contains("VirtualMemory"):
            return .memory
        case let f where f.hasPrefix("Reg"): return .system
        case let f where f.hasPrefix("FindFirst"): return .file
        case "Sleep", "SleepEx", "GetTickCount", "QueryPerformanceCounter": return .evasion
        default: return .process
        }
    }

    // MARK: helpers

    private func timeNs(_ l: WineDebugLine) -> UInt64 {
        guard let ts = l.timestamp, let first = firstTimestamp, ts >= first else { return baseNs }
        return baseNs + UInt64(((ts - first) * 1_000_000).rounded()) * 1000
    }

    private mutating func emit(_ l: WineDebugLine, name: String, category: EventCategory, args: [String: ArgValue]) {
        var a = args
        a["win_pid"] = .string(Self.hex4(l.pid))
        a["win_tid"] = .string(Self.hex4(l.tid))
        let image = processes[l.pid]?.image.map(Self.baseName)
        let runner = !isSample(l.pid)
        events.append(Event(seq: UInt64(events.count + 1), timeNs: timeNs(l), pid: Int32(bitPattern: l.pid), tid: Int32(bitPattern: l.tid),
                            ppid: processes[l.pid]?.parentPid.map { Int32(bitPattern: $0) }, image: image, kind: .api, name: name,
                            category: category, args: a, action: .observed, runner: runner))
    }

    static func isWineKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return ["hkcu\\software\\wine", "hklm\\software\\wine"].contains { k == $0 || k.hasPrefix($0 + "\\") }
    }

    static func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    static func baseName(_ path: String) -> String {
        String(path.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last ?? Substring(path))
    }

    static func stripNtPrefix(_ p: String) -> String {
        p.hasPrefix("\\??\\") ? String(p.dropFirst(4)) : p
    }

    static func host(of url: String) -> String {
        guard let r = url.range(of: "://") else { return "" }
        let rest = url[r.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last ?? authority
        if hostPort.hasPrefix("[") { return String(hostPort.prefix { $0 != "]" }.dropFirst()) }
        return String(hostPort.prefix { $0 != ":" })
    }

    /// `\Registry\Machine\X` -> `HKLM\X`; `\Registry\User\S-1-5-21-...\X` -> `HKCU\X`.
    static func normalizeRoot(_ name: String) -> String {
        if name == "HKEY_CURRENT_USER" { return "HKCU" }
        if name == "HKEY_LOCAL_MACHINE" { return "HKLM" }
        if name == "HKEY_CLASSES_ROOT" { return "HKLM\\Software\\Classes" }
        if name == "HKEY_USERS" { return "HKU" }
        let lower = name.lowercased()
        if lower.hasPrefix("\\registry\\machine") { return "HKLM" + name.dropFirst("\\registry\\machine".count) }
        if lower.hasPrefix("\\registry\\user\\.default") { return "HKU\\.Default" + name.dropFirst("\\registry\\user\\.default".count) }
        if lower.hasPrefix("\\registry\\user\\s-") {
            let rest = name.dropFirst("\\registry\\user\\".count)
            let sidEnd = rest.firstIndex(of: "\\") ?? rest.endIndex
            let sid = rest[..<sidEnd]
            if sid.hasSuffix("_Classes") { return "HKCU\\Software\\Classes" + rest[sidEnd...] }
            return "HKCU" + rest[sidEnd...]
        }
        if lower.hasPrefix("\\registry\\user") { return "HKU" + name.dropFirst("\\registry\\user".count) }
        return name
    }

    static func normalizeHandle(_ h: Substring) -> String {
        var s = h.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("0x") { s.removeFirst(2) }
        let v = UInt64(s, radix: 16) ?? 0
        return String(v, radix: 16)
    }

    static func field(_ m: Substring, _ name: String) -> String? {
        guard let r = m.range(of: name) else { return nil }
        let v = m[r.upperBound...].prefix { $0.isHexDigit }
        return v.isEmpty ? nil : String(v)
    }

    static func dispositionName(_ d: Int) -> String {
        ["FILE_SUPERSEDE", "FILE_OPEN", "FILE_CREATE", "FILE_OPEN_IF", "FILE_OVERWRITE", "FILE_OVERWRITE_IF"][safe: d] ?? String(d)
    }

    static func accessNames(_ hex: String) -> String {
        guard let v = UInt32(hex, radix: 16) else { return hex }
        var names: [String] = []
        let bits: [(UInt32, String)] = [(0x8000_0000, "GENERIC_READ"), (0x4000_0000, "GENERIC_WRITE"), (0x2000_0000, "GENERIC_EXECUTE"),
                                        (0x1000_0000, "GENERIC_ALL"), (0x0001_0000, "DELETE"), (0x0000_0001, "FILE_READ_DATA"),
                                        (0x0000_0002, "FILE_WRITE_DATA"), (0x0000_0004, "FILE_APPEND_DATA"), (0x0000_0020, "FILE_EXECUTE")]
        for (bit, name) in bits where v & bit != 0 { names.append(name) }
        return names.isEmpty ? "0x" + hex : names.joined(separator: "|")
    }

    /// Every `L"..."` literal in a message, unescaped.
    static func wideStrings(_ m: Substring) -> [String] { quoted(m, wide: true) }
    /// Every plain `"..."` literal (debugstr_a) in a message, unescaped.
    static func narrowStrings(_ m: Substring) -> [String] { quoted(m, wide: false) }

    private static func quoted(_ m: Substring, wide: Bool) -> [String] {
        var out: [String] = []
        var i = m.startIndex
        while i < m.endIndex {
            let c = m[i]
            let isWide = c == "L" && m.index(after: i) < m.endIndex && m[m.index(after: i)] == "\""
            let prevIsL = i > m.startIndex && m[m.index(before: i)] == "L"
            if (wide && isWide) || (!wide && c == "\"" && !prevIsL) {
                let start = wide ? m.index(i, offsetBy: 2) : m.index(after: i)
                var j = start; var escaped = false
                while j < m.endIndex {
                    if escaped { escaped = false } else if m[j] == "\\" { escaped = true } else if m[j] == "\"" { break }
                    j = m.index(after: j)
                }
                out.append(WineRegistryFile.unescape(m[start..<j]))
                i = j < m.endIndex ? m.index(after: j) : j
                continue
            }
            i = m.index(after: i)
        }
        return out
    }
}

extension Array {
    fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
