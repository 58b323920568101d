// Wine's registry files (user.reg, system.reg, userdef.reg: "WINE REGISTRY Version 2") and the diff
// of a run's registry against the template prefix.
import Foundation
import PetriModel

/// One registry value as stored by Wine. `data` is the decoded, displayable form; `raw` is the
/// text after `=` with continuations joined, used for comparison.
public struct WineRegistryValue: Sendable, Equatable {
    /// Value name; "" for the default value (`@=`).
    public var name: String
    /// REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_NONE or `REG_TYPE_<n>`.
    public var type: String
    public var data: String
    public var raw: String
}

public struct WineRegistryKey: Sendable, Equatable {
    /// Path relative to the file's root, as in the file but unescaped: `Software\Microsoft\Windows`.
    public var path: String
    public var values: [WineRegistryValue]
    public var timestamp: UInt64?
    public func value(named name: String) -> WineRegistryValue? {
        values.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// A parsed Wine registry file.
public struct WineRegistryFile: Sendable {
    /// Windows root the file's keys are relative to: HKLM (system.reg), HKCU (user.reg),
    /// `HKU\.Default` (userdef.reg), or "" when the header does not say.
    public var root: String
    public var keys: [WineRegistryKey]
    /// Keys by lowercased path (Windows registry paths are case-insensitive).
    public var index: [String: Int]

    public enum ParseError: Error, CustomStringConvertible, Equatable {
        case notAWineRegistry(firstLine: String)
        case malformedLine(line: Int, text: String)
        public var description: String {
            switch self {
            case .notAWineRegistry(let l): return "not a Wine registry file (first line: \(l.prefix(60)))"
            case .malformedLine(let n, let t): return "malformed registry line \(n): \(t.prefix(80))"
            }
        }
    }

    public subscript(path: String) -> WineRegistryKey? {
        index[path.lowercased()].map { keys[$0] }
    }

    public init(text: String, root: String? = nil) throws {
        var lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.hasSuffix("\r") { lines = lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 } }
        guard let first = lines.first, first.hasPrefix("WINE REGISTRY Version 2") else {
            throw ParseError.notAWineRegistry(firstLine: String(lines.first ?? ""))
        }
        var detectedRoot = ""
        var keys: [WineRegistryKey] = []
        var index: [String: Int] = [:]
        var current: Int? = nil
        var i = 1
        while i < lines.count {
            let lineNo = i + 1
            var line = String(lines[i]); i += 1
            if line.hasPrefix(";; All keys relative to ") {
                detectedRoot = Self.root(forHeader: String(line.dropFirst(";; All keys relative to ".count)))
                continue
            }
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard let close = Self.closingBracket(in: line) else { throw ParseError.malformedLine(line: lineNo, text: line) }
                let path = Self.unescape(Substring(line[line.index(after: line.startIndex)..<close]))
                let rest = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
                let key = WineRegistryKey(path: path, values: [], timestamp: UInt64(rest.split(separator: " ").first ?? ""))
                if let existing = index[path.lowercased()] { current = existing; continue }
                keys.append(key); index[path.lowercased()] = keys.count - 1; current = keys.count - 1
                continue
            }
            // A value line; hex data continues on the next line after a trailing backslash.
            while line.hasSuffix("\\"), Self.isContinuable(line), i < lines.count {
                line.removeLast()
                line += lines[i].trimmingCharacters(in: .whitespaces); i += 1
            }
            guard let k = current, let value = Self.parseValue(line) else { throw ParseError.malformedLine(line: lineNo, text: line) }
            keys[k].values.removeAll { $0.name.caseInsensitiveCompare(value.name) == .orderedSame }
            keys[k].values.append(value)
        }
        self.root = root ?? detectedRoot
        self.keys = keys
        self.index = index
    }

    static func root(forHeader header: String) -> String {
        let h = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\\\\", with: "\\")
        if h.hasSuffix("\\Machine") { return "HKLM" }
        if h.hasSuffix("\\User\\.Default") { return "HKU\\.Default" }
        if h.contains("\\User\\") { return "HKCU" }
        return ""
    }

    /// The `]` that closes a key name (key names escape `]`? no, but they escape backslashes).
    static func closingBracket(in line: String) -> String.Index? {
        var escaped = false
        var idx = line.index(after: line.startIndex)
        while idx < line.endIndex {
            let c = line[idx]
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "]" { return idx }
            idx = line.index(after: idx)
        }
        return nil
    }

    /// Only hex data lines continue; a string value ending in an escaped backslash does not.
    static func isContinuable(_ line: String) -> Bool {
        line.range(of: "\"=hex") != nil || line.hasPrefix("@=hex")
    }

    static func parseValue(_ line: String) -> WineRegistryValue? {
        var name: String
        var rest: Substring
        if line.hasPrefix("@=") {
            name = ""; rest = line.dropFirst(2)
        } else if line.hasPrefix("\"") {
            guard let (n, after) = readQuoted(Substring(line)) else { return nil }
            name = n
            guard after.hasPrefix("=") else { return nil }
            rest = after.dropFirst()
        } else {
            return nil
        }
        let raw = String(rest)
        if rest.hasPrefix("\"") {
            guard let (s, _) = readQuoted(rest) else { return nil }
            return WineRegistryValue(name: name, type: "REG_SZ", data: s, raw: raw)
        }
        if rest.hasPrefix("str(") {
            guard let close = rest.firstIndex(of: ")"), let t = Int(rest[rest.index(rest.startIndex, offsetBy: 4)..<close], radix: 16),
                  rest[rest.index(after: close)...].hasPrefix(":"),
                  let (s, _) = readQuoted(rest[rest.index(close, offsetBy: 2)...]) else { return nil }
            let data = t == 7 ? s.split(separator: "\0", omittingEmptySubsequences: true).joined(separator: "\n") : s
            return WineRegistryValue(name: name, type: typeName(t), data: data, raw: raw)
        }
        if rest.hasPrefix("dword:") {
            let hex = rest.dropFirst(6)
            guard let v = UInt32(hex, radix: 16) else { return nil }
            return WineRegistryValue(name: name, type: "REG_DWORD", data: "0x" + hex8(v), raw: raw)
        }
        if rest.hasPrefix("hex") {
            var t = 3
            var body = rest.dropFirst(3)
            if body.hasPrefix("(") {
                guard let close = body.firstIndex(of: ")"), let n = Int(body[body.index(after: body.startIndex)..<close], radix: 16) else { return nil }
                t = n; body = body[body.index(after: close)...]
            }
            guard body.hasPrefix(":") else { return nil }
            let bytes = body.dropFirst().split(separator: ",").compactMap { UInt8($0.trimmingCharacters(in: .whitespaces), radix: 16) }
            return WineRegistryValue(name: name, type: typeName(t), data: decode(bytes: bytes, type: t), raw: raw)
        }
        return nil
    }

    static func typeName(_ t: Int) -> String {
        switch t {
        case 0: return "REG_NONE"
        case 1: return "REG_SZ"
        case 2: return "REG_EXPAND_SZ"
        case 3: return "REG_BINARY"
        case 4: return "REG_DWORD"
        case 7: return "REG_MULTI_SZ"
        case 0xb: return "REG_QWORD"
        default: return "REG_TYPE_\(t)"
        }
    }

    static func decode(bytes: [UInt8], type t: Int) -> String {
        switch t {
        case 1, 2, 7:
            var units: [UInt16] = []
            var j = 0
            while j + 1 < bytes.count { units.append(UInt16(bytes[j]) | UInt16(bytes[j + 1]) << 8); j += 2 }
            let s = String(decoding: units, as: UTF16.self)
            let parts = s.split(separator: "\0", omittingEmptySubsequences: true)
            return t == 7 ? parts.joined(separator: "\n") : String(parts.first ?? "")
        case 4 where bytes.count == 4:
            return "0x" + hex8(bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) })
        case 0xb where bytes.count == 8:
            let v = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let s = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, 16 - s.count)) + s
        default:
            return bytes.map { b in let s = String(b, radix: 16); return s.count == 1 ? "0" + s : s }.joined(separator: " ")
        }
    }

    static func hex8(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    /// Reads a double-quoted, escaped string at the start of `s`; returns it and the remainder.
    static func readQuoted(_ s: Substring) -> (String, Substring)? {
        guard s.first == "\"" else { return nil }
        var idx = s.index(after: s.startIndex)
        var escaped = false
        while idx < s.endIndex {
            let c = s[idx]
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" {
                return (unescape(s[s.index(after: s.startIndex)..<idx]), s[s.index(after: idx)...])
            }
            idx = s.index(after: idx)
        }
        return nil
    }

    /// Wine's escapes: \\ \" \n \r \t \0 \a \b \e \f \v, \xHHHH (1-4 hex digits) and octal \ooo.
    static func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = String.UnicodeScalarView()
        var it = Array(s.unicodeScalars)[...]
        while let c = it.popFirst() {
            guard c == "\\", let e = it.popFirst() else { out.append(c); continue }
            switch e {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "e": out.append("\u{1b}")
            case "f": out.append("\u{0c}")
            case "v": out.append("\u{0b}")
            case "x":
                var v: UInt32 = 0; var n = 0
                while n < 4, let h = it.first, h.isASCII, let d = UInt32(String(h), radix: 16) {
                    v = v << 4 | d; n += 1; it = it.dropFirst()
                }
                if let u = Unicode.Scalar(v) { out.append(u) }
            case "0"..."7":
                var v = UInt32(String(e), radix: 8)!; var n = 1
                while n < 3, let h = it.first, ("0"..."7").contains(h) { v = v << 3 | UInt32(String(h), radix: 8)!; n += 1; it = it.dropFirst() }
                if let u = Unicode.Scalar(v) { out.append(u) }
            default: out.append(e)
            }
        }
        return String(out)
    }
}

/// Compares a run's registry files with the template's and reports what the run changed.
public struct RegistryDiff: Sendable {
    /// Key prefixes (case-insensitive, full Windows path like `HKCU\Software\Wine\Fonts`) whose
    /// changes are Wine's own bookkeeping, observed in a trivial run of a benign program (docs/wine.md).
    public var ignoredKeyPrefixes: [String]

    public static let defaultIgnoredKeyPrefixes: [String] = [
        // Font cache: Wine rescans fonts at start-up (the Z: paths vanish with drive Z:).
        "HKCU\\Software\\Wine\\Fonts",
        "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Fonts",
        "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Fonts",
        "HKLM\\Software\\Wine\\Fonts",
        // Time zone and hardware/session state refreshed by wineboot on every session start.
        "HKLM\\System\\CurrentControlSet\\Control\\TimeZoneInformation",
        "HKLM\\Hardware",
        "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Perflib",
        "HKLM\\System\\CurrentControlSet\\Control\\Session Manager\\Environment",
        "HKLM\\Software\\Microsoft\\Cryptography\\RNG",
        "HKLM\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters",
        "HKLM\\System\\CurrentControlSet\\Control\\ComputerName",
        "HKLM\\System\\CurrentControlSet\\Enum",
        "HKLM\\System\\CurrentControlSet\\Control\\DeviceClasses",
        "HKLM\\System\\CurrentControlSet\\Control\\Video",
        "HKCU\\Volatile Environment",
    ]

    public init(ignoredKeyPrefixes: [String] = RegistryDiff.defaultIgnoredKeyPrefixes) {
        self.ignoredKeyPrefixes = ignoredKeyPrefixes
    }

    public func isIgnored(_ fullKey: String) -> Bool {
        let k = fullKey.lowercased()
        return ignoredKeyPrefixes.contains { p in
            let lp = p.lowercased()
            return k == lp || k.hasPrefix(lp + "\\")
        }
    }

    /// Changes from `before` to `after` (the same file of the template and of the run).
    public func changes(from before: WineRegistryFile, to after: WineRegistryFile) -> [RegistryChange] {
        let root = after.root.isEmpty ? before.root : after.root
        func full(_ path: String) -> String { root.isEmpty ? path : root + "\\" + path }
        var out: [RegistryChange] = []
        for key in after.keys {
            let name = full(key.path)
            if isIgnored(name) { continue }
            guard let old = before[key.path] else {
                out.append(RegistryChange(kind: .keyCreated, key: name))
                for v in key.values { out.append(RegistryChange(kind: .valueSet, key: name, value: v.name, data: v.data, type: v.type)) }
                continue
            }
            for v in key.values {
                let o = old.value(named: v.name)
                if o == nil || o!.raw != v.raw || o!.type != v.type {
                    out.append(RegistryChange(kind: .valueSet, key: name, value: v.name, data: v.data, type: v.type))
                }
            }
            for o in old.values where key.value(named: o.name) == nil {
                out.append(RegistryChange(kind: .valueDeleted, key: name, value: o.name, data: o.data, type: o.type))
            }
        }
        for key in before.keys where after[key.path] == nil {
            let name = full(key.path)
            if isIgnored(name) { continue }
            out.append(RegistryChange(kind: .keyDeleted, key: name))
        }
        return out
    }

    /// Diffs user.reg, system.reg and userdef.reg of a template prefix against a run's prefix
    /// (the merged overlay, or the upper directory: a file absent from the upper dir is unchanged).
    public func changes(templatePrefix: String, runPrefix: String) throws -> [RegistryChange] {
        try changes(templatePrefix: templatePrefix) { FileManager.default.contents(atPath: runPrefix + "/" + $0).map { [UInt8]($0) } }
    }

    /// The same, with the run's hives read by `runHive` (file name → bytes, nil: unchanged): the
    /// pipeline reads them from the kept upper layer beneath its fd, never through a symlink the
    /// sample left in place of a hive.
    public func changes(templatePrefix: String, runHive: (String) -> [UInt8]?) throws -> [RegistryChange] {
        var out: [RegistryChange] = []
        for file in ["system.reg", "user.reg", "userdef.reg"] {
            guard let after = runHive(file), String(validating: after, as: UTF8.self) != nil else { continue }
            let template = FileManager.default.contents(atPath: templatePrefix + "/" + file).map { [UInt8]($0) }
            let before = template.flatMap { String(validating: $0, as: UTF8.self) != nil ? $0 : nil } ?? Array("WINE REGISTRY Version 2\n".utf8)
            out += try changes(before: before, after: after)
        }
        return out
    }

    /// The same diff on the bytes of one file pair. Wine rewrites a whole hive on every save, but a
    /// trivial run changes a few dozen of system.reg's ~9 000 keys: sections whose bytes are the
    /// same in both files (the key's `#time=` line and header timestamp aside) cannot differ, so
    /// only the others are parsed. The result is what `changes(from:to:)` gives on the whole files.
    public func changes(before: [UInt8], after: [UInt8]) throws -> [RegistryChange] {
        guard let b = WineRegistrySections(before), let a = WineRegistrySections(after) else {
            return changes(from: try WineRegistryFile(text: String(decoding: before, as: UTF8.self)),
                           to: try WineRegistryFile(text: String(decoding: after, as: UTF8.self)))
        }
        let (keepBefore, keepAfter) = WineRegistrySections.differing(b, a)
        return changes(from: try WineRegistryFile(text: b.text(keeping: keepBefore)), to: try WineRegistryFile(text: a.text(keeping: keepAfter)))
    }

    /// Registry changes as events for the behaviour engine (kind `.registry`).
    public static func events(for changes: [RegistryChange], firstSeq: UInt64, timeNs: UInt64) -> [Event] {
        changes.enumerated().map { i, c in
            var args: [String: ArgValue] = ["key": .string(c.key)]
            if let v = c.value { args["value"] = .string(v) }
            if let d = c.data { args["data"] = .string(d) }
            if let t = c.type { args["type"] = .string(t) }
            return Event(seq: firstSeq + UInt64(i), timeNs: timeNs, pid: 0, tid: 0, kind: .registry, name: c.kind.rawValue,
                         category: .system, args: args, action: .observed)
        }
    }
}

/// A registry file cut into its key sections at the bytes, without parsing them.
struct WineRegistrySections {
    struct Section {
        /// The key path as written between `[` and `]` (escaped).
        var path: Range<Int>
        /// From after the header line to the next header (values, `#` metadata, blank line).
        var body: Range<Int>
        /// The whole section, header line included.
        var all: Range<Int>
    }
    let bytes: [UInt8]
    /// Everything before the first key: the version line, `;; All keys relative to`, `#arch=`.
    let preamble: Range<Int>
    let sections: [Section]

    /// nil when a header has no closing bracket (the full parser reports the line).
    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var sections: [Section] = []
        var preambleEnd = bytes.count
        let ok: Bool = bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            var open: (path: Range<Int>, start: Int, bodyStart: Int)? = nil
            while i < n {
                let next = Self.lineEnd(p, i, n)
                if p[i] == 0x5b {  // "["
                    if let o = open { sections.append(Section(path: o.path, body: o.bodyStart..<i, all: o.start..<i)) }
                    else { preambleEnd = i }
                    var escaped = false, close = -1
                    var j = i + 1
                    while j < next {
                        let c = p[j]
                        if c == 0x0a { break }
                        if escaped { escaped = false } else if c == 0x5c { escaped = true } else if c == 0x5d { close = j; break }
                        j += 1
                    }
                    if close < 0 { return false }
                    open = (i + 1..<close, i, next)
                }
                i = next
            }
            if let o = open { sections.append(Section(path: o.path, body: o.bodyStart..<n, all: o.start..<n)) }
            return true
        }
        guard ok else { return nil }
        self.preamble = 0..<preambleEnd
        self.sections = sections
    }

    /// Indexes of the sections of each file that are not byte-identical to a section of the other
    /// (same path written once in each file, same lines once `#time=` lines are skipped).
    static func differing(_ a: WineRegistrySections, _ b: WineRegistrySections) -> (Set<Int>, Set<Int>) {
        a.bytes.withUnsafeBufferPointer { pa in
            b.bytes.withUnsafeBufferPointer { pb in
                let ia = index(a, pa), ib = index(b, pb)
                var keepA = [Bool](repeating: true, count: a.sections.count)
                var keepB = Set<Int>()
                for (k, s) in b.sections.enumerated() {
                    let key = PathKey(pb, s.path)
                    guard ib[key] == k, let j = ia[key], j >= 0, sameLines(pa, a.sections[j].body, pb, s.body) else { keepB.insert(k); continue }
                    keepA[j] = false
                }
                return (Set(keepA.indices.filter { keepA[$0] }), keepB)
            }
        }
    }

    /// A key path's bytes, hashed once (FNV-1a) instead of byte by byte through Hasher.
    struct PathKey: Hashable {
        let base: UnsafePointer<UInt8>
        let range: Range<Int>
        let hash: UInt64
        init(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) {
            base = p.baseAddress!; range = r
            var h: UInt64 = 0xcbf29ce484222325
            for i in r { h = (h ^ UInt64(p[i])) &* 0x100000001b3 }
            hash = h
        }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (l: PathKey, r: PathKey) -> Bool {
            l.hash == r.hash && l.range.count == r.range.count && memcmp(l.base + l.range.lowerBound, r.base + r.range.lowerBound, l.range.count) == 0
        }
    }

    /// Section index by path; -1 for a path written twice (then the parser merges them).
    private static func index(_ f: WineRegistrySections, _ p: UnsafeBufferPointer<UInt8>) -> [PathKey: Int] {
        var d: [PathKey: Int] = [:]
        d.reserveCapacity(f.sections.count)
        for (k, s) in f.sections.enumerated() {
            let key = PathKey(p, s.path)
            d[key] = d[key] == nil ? k : -1
        }
        return d
    }

    /// Line-by-line equality, skipping `#time=` lines (a key's last-write time, not a change).
    static func sameLines(_ a: UnsafeBufferPointer<UInt8>, _ ar: Range<Int>, _ b: UnsafeBufferPointer<UInt8>, _ br: Range<Int>) -> Bool {
        var i = ar.lowerBound, j = br.lowerBound
        while true {
            i = skipTimeLines(a, i, ar.upperBound)
            j = skipTimeLines(b, j, br.upperBound)
            if i == ar.upperBound || j == br.upperBound { return i == ar.upperBound && j == br.upperBound }
            let ie = lineEnd(a, i, ar.upperBound), je = lineEnd(b, j, br.upperBound)
            if ie - i != je - j || memcmp(a.baseAddress! + i, b.baseAddress! + j, ie - i) != 0 { return false }
            i = ie; j = je
        }
    }

    private static func skipTimeLines(_ a: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        // "#time="
        while i + 6 <= end, a[i] == 0x23, a[i + 1] == 0x74, a[i + 2] == 0x69, a[i + 3] == 0x6d, a[i + 4] == 0x65, a[i + 5] == 0x3d {
            i = lineEnd(a, i, end)
        }
        return i
    }

    /// Index after the line's newline (or `end`).
    private static func lineEnd(_ a: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard start < end, let nl = memchr(a.baseAddress! + start, 0x0a, end - start) else { return end }
        return a.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
    }

    /// The preamble and the kept sections, in file order, as text for `WineRegistryFile`.
    func text(keeping keep: Set<Int>) -> String {
        var out = [UInt8]()
        out.append(contentsOf: bytes[preamble])
        for k in keep.sorted() {
            if out.last != 0x0a { out.append(0x0a) }
            out.append(contentsOf: bytes[sections[k].all])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
