import Foundation

/// Shell-style glob: `*` matches any run of characters except `/`, `**` matches anything (also `/`),
/// `?` one character except `/`, `[abc]` / `[a-z]` / `[!a]` a class. Case-insensitive when asked.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    public let caseInsensitive: Bool
    private let chars: [Character]

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern; self.caseInsensitive = caseInsensitive
        self.chars = Array(caseInsensitive ? pattern.lowercased() : pattern)
    }

    public var description: String { pattern }

    /// nil when the pattern is well formed, otherwise why not (an unclosed `[`).
    public static func problem(in pattern: String) -> String? {
        var open = false
        for c in pattern { if c == "[" { open = true } else if c == "]" { open = false } }
        return open ? "unclosed '[' in glob" : nil
    }

    public func matches(_ text: String) -> Bool {
        let t = Array(caseInsensitive ? text.lowercased() : text)
        var memo = [Int: Bool]()
        return match(0, 0, t, &memo)
    }

    private func match(_ pi: Int, _ ti: Int, _ t: [Character], _ memo: inout [Int: Bool]) -> Bool {
        let key = pi &* (t.count + 1) &+ ti
        if let m = memo[key] { return m }
        let r: Bool
        if pi == chars.count {
            r = ti == t.count
        } else {
            let c = chars[pi]
            if c == "*" {
                let double = pi + 1 < chars.count && chars[pi + 1] == "*"
                let next = double ? pi + 2 : pi + 1
                var i = ti
                var found = false
                while true {
                    if match(next, i, t, &memo) { found = true; break }
                    if i == t.count || (!double && t[i] == "/") { break }
                    i += 1
                }
                r = found
            } else if ti == t.count {
                r = false
            } else if c == "?" {
                r = t[ti] != "/" && match(pi + 1, ti + 1, t, &memo)
            } else if c == "[", let close = chars[(pi + 1)...].firstIndex(of: "]") {
                var set = Array(chars[(pi + 1)..<close])
                let negate = set.first == "!" || set.first == "^"
                if negate { set.removeFirst() }
                var inClass = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count, set[k + 1] == "-" {
                        if set[k] <= t[ti] && t[ti] <= set[k + 2] { inClass = true }
                        k += 3
                    } else {
                        if set[k] == t[ti] { inClass = true }
                        k += 1
                    }
                }
                r = inClass != negate && match(close + 1, ti + 1, t, &memo)
            } else {
                r = c == t[ti] && match(pi + 1, ti + 1, t, &memo)
            }
        }
        memo[key] = r
        return r
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
