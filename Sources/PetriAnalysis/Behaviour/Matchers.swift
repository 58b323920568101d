import Foundation

/// Shell-style glob: `*` matches any run of characters except `/`, `**` matches anything (also `/`),
/// `?` one character except `/`, `[abc]` / `[a-z]` / `[!a]` a class. Case-insensitive when asked.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    public let caseInsensitive: Bool
    private let bytes: [UInt8]
    /// Literal text before the first and after the last wildcard: cheap rejection of most inputs.
    private let prefix: [UInt8]
    private let suffix: [UInt8]
    private let literal: Bool

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern; self.caseInsensitive = caseInsensitive
        let b = Array((caseInsensitive ? pattern.lowercased() : pattern).utf8)
        self.bytes = b
        let isWild: (UInt8) -> Bool = { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
        if let first = b.firstIndex(where: isWild), let last = b.lastIndex(where: isWild) {
            prefix = Array(b[..<first])
            // A class ends at its "]": the suffix starts after it.
            var end = last
            if b[last] == UInt8(ascii: "["), let close = b[(last + 1)...].firstIndex(of: UInt8(ascii: "]")) { end = close }
            suffix = end + 1 < b.count && !b[(end + 1)...].contains(UInt8(ascii: "]")) ? Array(b[(end + 1)...]) : []
            literal = false
        } else {
            prefix = b; suffix = []; literal = true
        }
    }

    public var description: String { pattern }

    /// nil when the pattern is well formed, otherwise why not (an unclosed `[`).
    public static func problem(in pattern: String) -> String? {
        var open = false
        for c in pattern { if c == "[" { open = true } else if c == "]" { open = false } }
        return open ? "unclosed '[' in glob" : nil
    }

    public func matches(_ text: String) -> Bool {
        var t = caseInsensitive ? text.lowercased() : text
        return t.withUTF8 { matches(bytes: $0) }
    }

    func matches(bytes t: UnsafeBufferPointer<UInt8>) -> Bool {
        if literal { return t.count == bytes.count && Self.equal(t, 0, bytes) }
        guard t.count >= prefix.count + suffix.count, Self.equal(t, 0, prefix), Self.equal(t, t.count - suffix.count, suffix) else {
            return false
        }
        return match(prefix.count, prefix.count, t)
    }

    /// `t[at ..< at + b.count] == b`, written out: the generic algorithms are slow unspecialised (debug builds).
    private static func equal(_ t: UnsafeBufferPointer<UInt8>, _ at: Int, _ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count { if t[at + i] != b[i] { return false }; i += 1 }
        return true
    }

    private static let star = UInt8(ascii: "*"), question = UInt8(ascii: "?"), open = UInt8(ascii: "["),
                       close = UInt8(ascii: "]"), slash = UInt8(ascii: "/"), bang = UInt8(ascii: "!"),
                       caret = UInt8(ascii: "^"), dash = UInt8(ascii: "-")

    private func match(_ pStart: Int, _ tStart: Int, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var pi = pStart, ti = tStart
        while pi < bytes.count {
            let c = bytes[pi]
            if c == Self.star {
                let double = pi + 1 < bytes.count && bytes[pi + 1] == Self.star
                let next = double ? pi + 2 : pi + 1
                if next == bytes.count { return double || !t[ti...].contains(Self.slash) }
                var i = ti
                while true {
                    if match(next, i, t) { return true }
                    if i == t.count || (!double && t[i] == Self.slash) { return false }
                    i += 1
                }
            }
            guard ti < t.count else { return false }
            if c == Self.question {
                if t[ti] == Self.slash { return false }
                pi += 1; ti += 1
            } else if c == Self.open, let closeIdx = bytes[(pi + 1)...].firstIndex(of: Self.close), closeIdx > pi + 1 {
                var k = pi + 1
                let negate = bytes[k] == Self.bang || bytes[k] == Self.caret
                if negate { k += 1 }
                var inClass = false
                while k < closeIdx {
                    if k + 2 < closeIdx, bytes[k + 1] == Self.dash {
                        if bytes[k] <= t[ti] && t[ti] <= bytes[k + 2] { inClass = true }
                        k += 3
                    } else {
                        if bytes[k] == t[ti] { inClass = true }
                        k += 1
                    }
                }
                if inClass == negate { return false }
                pi = closeIdx + 1; ti += 1
            } else {
                if c != t[ti] { return false }
                pi += 1; ti += 1
            }
        }
        return ti == t.count
    }
}

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `fe80::/10`); a bare address is a /32 or /128.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefix: Int
    public let description: String

    public init?(_ text: String) {
        description = text
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let addr = CIDR.parseAddress(first) else { return nil }
        bytes = addr
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= addr.count * 8 else { return nil }
            prefix = p
        } else {
            prefix = addr.count * 8
        }
    }

    public func contains(_ address: String) -> Bool {
        guard let a = CIDR.parseAddress(CIDR.hostPart(of: address)), a.count == bytes.count else { return false }
        var bits = prefix
        for i in 0..<a.count where bits > 0 {
            let take = min(8, bits)
            let mask: UInt8 = take == 8 ? 0xff : UInt8(0xff << (8 - take) & 0xff)
            if a[i] & mask != bytes[i] & mask { return false }
            bits -= take
        }
        return true
    }

    /// Strips a port: `1.2.3.4:80` → `1.2.3.4`, `[2001:db8::1]:443` → `2001:db8::1`.
    static func hostPart(of address: String) -> String {
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        if address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") {
            return String(address[..<colon])
        }
        return address
    }

    static func parseAddress(_ s: String) -> [UInt8]? {
        if s.contains(":") { return parseIPv6(s) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts { guard let v = UInt8(p) else { return nil }; out.append(v) }
        return out
    }

    static func parseIPv6(_ s: String) -> [UInt8]? {
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for g in part.split(separator: ":", omittingEmptySubsequences: false) {
                if g.contains("."), let v4 = parseAddress(String(g)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1])); out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                    out.append(v)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}

public enum TextMeasures {
    /// Shannon entropy in bits per character; random-looking names score ≥ 3.5, words ~2.5-3.
    public static func entropy(_ s: String) -> Double {
        guard !s.isEmpty else { return 0 }
        var counts: [Character: Int] = [:]
        for c in s { counts[c, default: 0] += 1 }
        let n = Double(s.count)
        return counts.values.reduce(0) { acc, k in let p = Double(k) / n; return acc - p * log2(p) }
    }
}
