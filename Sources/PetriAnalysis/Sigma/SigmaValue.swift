import Foundation

/// One compiled Sigma value test on a field (after modifiers). Strings are matched case-insensitively
/// (ASCII folding, as SQLite's LIKE and pySigma's backends do) unless `cased`; regular expressions are
/// case-sensitive unless the `i` flag is given, as the SigmaHQ specification says.
enum SigmaValueTest: Sendable {
    /// A string with wildcards; `folded` patterns hold lowercased literals.
    case pattern(SigmaPattern)
    case regex(SigmaRegex)
    case cidr(CIDR)
    /// `lt`, `lte`, `gt`, `gte` on a number.
    case compare(op: String, value: Double)
    /// `exists: true|false`.
    case exists(Bool)
    /// `null`: the field is absent.
    case null
    /// `fieldref`: equals (or with startswith/endswith/contains, has) the value of another field.
    case fieldRef(field: String, mode: SigmaPattern.Kind)

    func matches(_ value: SigmaFieldValue?, in event: SigmaEvent) -> Bool {
        switch self {
        case .exists(let want): return (value != nil) == want
        case .null: return value == nil
        case .pattern(let p): guard let value else { return false }; return p.matches(value)
        case .regex(let r): guard let value else { return false }; return r.matches(value.text)
        case .cidr(let c): guard let value else { return false }; return c.contains(value.text)
        case .compare(let op, let n):
            guard let value, let x = Double(value.text) else { return false }
            switch op {
            case "lt": return x < n
            case "lte": return x <= n
            case "gt": return x > n
            default: return x >= n
            }
        case .fieldRef(let field, let mode):
            guard let value, let other = event.fields[field] else { return false }
            let a = value.folded, b = other.folded
            switch mode {
            case .exact: return a == b
            case .prefix: return a.starts(with: b)
            case .suffix: return a.count >= b.count && a.suffix(b.count).elementsEqual(b)
            case .contains: return SigmaPattern.find(b[...], in: a[...], from: 0) != nil
            case .glob: return a == b
            }
        }
    }
}

/// A field's value on a Sigma event, kept as text and as ASCII-lowercased UTF-8 for fast matching.
struct SigmaFieldValue: Sendable {
    let text: String
    let utf8: [UInt8]
    let folded: [UInt8]

    init(_ text: String) {
        self.text = text
        utf8 = Array(text.utf8)
        folded = utf8.map(SigmaPattern.fold)
    }
}

/// A Sigma string after wildcard parsing: literal runs separated by `*` (any run) and `?` (one character).
struct SigmaPattern: Sendable, Equatable {
    enum Part: Sendable, Equatable { case literal([UInt8]), any, one }
    enum Kind: Sendable { case exact, prefix, suffix, contains, glob }

    let parts: [Part]
    let cased: Bool
    let kind: Kind
    /// The single literal for the fast kinds.
    let literal: [UInt8]

    init(parts raw: [Part], cased: Bool) {
        // Merge adjacent literals and runs of `*`, fold case once here.
        var ps: [Part] = []
        for p in raw {
            switch (p, ps.last) {
            case (.literal(let a), .literal(let b)?): ps[ps.count - 1] = .literal(b + a)
            case (.any, .any?): continue
            case (.literal(let a), _): if !a.isEmpty { ps.append(.literal(a)) }
            default: ps.append(p)
            }
        }
        if !cased { ps = ps.map { if case .literal(let l) = $0 { return .literal(l.map(SigmaPattern.fold)) }; return $0 } }
        parts = ps; self.cased = cased
        switch ps.count {
        case 0: kind = .exact; literal = []
        case 1:
            if case .literal(let l) = ps[0] { kind = .exact; literal = l } else { kind = .glob; literal = [] }
        case 2:
            if case .literal(let l) = ps[0], ps[1] == .any { kind = .prefix; literal = l }
            else if case .literal(let l) = ps[1], ps[0] == .any { kind = .suffix; literal = l }
            else { kind = .glob; literal = [] }
        case 3:
            if ps[0] == .any, ps[2] == .any, case .literal(let l) = ps[1] { kind = .contains; literal = l } else { kind = .glob; literal = [] }
        default: kind = .glob; literal = []
        }
    }

    /// Parses a Sigma string: `*` and `?` are wildcards; `\` escapes `*`, `?` and `\`, and is a plain
    /// backslash before any other character (so Windows paths need no doubling).
    static func parse(_ s: String) -> [Part] {
        var out: [Part] = []
        var acc: [UInt8] = []
        var escaped = false
        for b in s.utf8 {
            if escaped {
                if b != UInt8(ascii: "*") && b != UInt8(ascii: "?") && b != UInt8(ascii: "\\") { acc.append(UInt8(ascii: "\\")) }
                acc.append(b); escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else if b == UInt8(ascii: "*") || b == UInt8(ascii: "?") {
                if !acc.isEmpty { out.append(.literal(acc)); acc = [] }
                out.append(b == UInt8(ascii: "*") ? .any : .one)
            } else {
                acc.append(b)
            }
        }
        if escaped { acc.append(UInt8(ascii: "\\")) }
        if !acc.isEmpty { out.append(.literal(acc)) }
        return out
    }

    /// A literal (no wildcard) as a part list.
    static func literal(_ bytes: [UInt8]) -> [Part] { bytes.isEmpty ? [] : [.literal(bytes)] }

    var hasWildcards: Bool { parts.contains { $0 == .any || $0 == .one } }

    static func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }

    func matches(_ v: SigmaFieldValue) -> Bool {
        let t = cased ? v.utf8 : v.folded
        switch kind {
        case .exact: return t == literal
        case .prefix: return t.starts(with: literal)
        case .suffix: return t.count >= literal.count && t.suffix(literal.count).elementsEqual(literal)
        case .contains: return Self.find(literal[...], in: t[...], from: 0) != nil
        case .glob: return Self.glob(parts[...], t, 0)
        }
    }

    /// First index at or after `from` where `needle` occurs in `hay`.
    static func find(_ needle: ArraySlice<UInt8>, in hay: ArraySlice<UInt8>, from: Int) -> Int? {
        let n = needle.count, h = hay.count
        if n == 0 { return from <= h ? from : nil }
        guard h - from >= n else { return nil }
        let first = needle[needle.startIndex]
        var i = hay.startIndex + from
        let last = hay.startIndex + h - n
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < n && hay[i + j] == needle[needle.startIndex + j] { j += 1 }
                if j == n { return i - hay.startIndex }
            }
            i += 1
        }
        return nil
    }

    /// Length of the UTF-8 character starting at `i` (`?` matches one character, as SQLite's `_` does).
    static func charLength(_ t: [UInt8], _ i: Int) -> Int {
        var j = i + 1
        while j < t.count && t[j] & 0xC0 == 0x80 { j += 1 }
        return j - i
    }

    /// Matches parts against `t[ti...]`; `*` tries each split point, literals are anchored.
    static func glob(_ parts: ArraySlice<Part>, _ t: [UInt8], _ ti: Int) -> Bool {
        var ti = ti
        var pi = parts.startIndex
        while pi < parts.endIndex {
            switch parts[pi] {
            case .literal(let l):
                guard t.count - ti >= l.count, t[ti..<(ti + l.count)].elementsEqual(l) else { return false }
                ti += l.count
            case .one:
                guard ti < t.count else { return false }
                ti += charLength(t, ti)
            case .any:
                let rest = parts[(pi + 1)...]
                if rest.isEmpty { return true }
                // Next literal anchors the search: only try positions where it occurs.
                if case .literal(let l)? = rest.first {
                    var from = ti
                    while let at = find(l[...], in: t[...], from: from) {
                        if glob(rest, t, at) { return true }
                        from = at + 1
                    }
                    return false
                }
                var k = ti
                while k <= t.count {
                    if glob(rest, t, k) { return true }
                    if k == t.count { break }
                    k += charLength(t, k)
                }
                return false
            }
            pi += 1
        }
        return ti == t.count
    }
}

/// A Sigma `re` value: a regular expression with the `i`, `m`, `s` flags of the specification.
struct SigmaRegex: @unchecked Sendable {
    let pattern: String
    let regex: NSRegularExpression

    init(_ pattern: String, ignoreCase: Bool, multiline: Bool, dotAll: Bool) throws {
        var o: NSRegularExpression.Options = []
        if ignoreCase { o.insert(.caseInsensitive) }
        if multiline { o.insert(.anchorsMatchLines) }
        if dotAll { o.insert(.dotMatchesLineSeparators) }
        self.pattern = pattern
        regex = try NSRegularExpression(pattern: pattern, options: o)
    }

    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}
