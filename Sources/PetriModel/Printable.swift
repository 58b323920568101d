import Foundation

/// The one place where text a sample controls (argv, process names, file names, DNS names, HTTP paths,
/// SNI, stdout, and the paths and messages that quote them) is made safe for an analyst's terminal,
/// a log line or an error message. The JSON report keeps the exact text; only what is rendered for a
/// human goes through here.
///
/// Escaped: C0 controls (ESC, CR, LF, BEL, ...), DEL and C1 controls as `\xNN` (so no escape sequence,
/// carriage return or new line reaches the terminal and no line can be forged at a line start);
/// bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the line and paragraph
/// separators (U+2028, U+2029) as `\u{NNNN}` (they reorder or break what the analyst reads).
/// Bytes that are not valid UTF-8 are `\xNN` (`bytes(_:)`, and `ByteText` in the record).
/// For HTML (`html`, `htmlLines`) the same, and then `& < > " '` as character references, so the text
/// can stand in an element or a quoted attribute value and never opens markup of its own.
public enum Printable {
    /// `s` as one terminal line.
    public static func line(_ s: String) -> String {
        // The common case (plain text) costs one scan and no copy.
        if !s.unicodeScalars.contains(where: needsEscape) { return s }
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count + 8)
        for u in s.unicodeScalars {
            if u.value < 0x100 && needsEscape(u) { out += ByteText.hex(UInt8(u.value)) }
            else if needsEscape(u) { out += "\\u{" + String(u.value, radix: 16) + "}" }
            else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// A path for one terminal line (a sample's file names and folders, or the analyst's own paths).
    public static func path(_ p: String) -> String { line(p) }

    /// Raw bytes for one terminal line: valid UTF-8 as `line`, every other byte as `\xNN`.
    public static func bytes<C: Collection>(_ b: C) -> String where C.Element == UInt8 { line(ByteText.display(b)) }

    /// Several lines of sample output, each made safe on its own (split at LF, a CR before it dropped).
    /// Split on scalars: a Swift `Character` "\r\n" is one grapheme, so a split on Characters misses it.
    public static func lines(_ s: String) -> [String] {
        s.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { l in
            var t = String(String.UnicodeScalarView(l))
            if t.unicodeScalars.last == "\r" { t.unicodeScalars.removeLast() }
            return line(t)
        }
    }

    /// The first `n` characters of `s` as one terminal line (cut before escaping, so an escape is never cut).
    public static func prefix(_ s: String, _ n: Int) -> String { line(String(s.prefix(n))) }

    /// `s` as HTML text or a quoted attribute value: `line`, then `& < > " '` as character references.
    public static func html(_ s: String) -> String { markup(line(s)) }

    /// Several lines of sample text for a `<pre>`: each as `lines`, joined with LF, then as `html`.
    public static func htmlLines(_ s: String) -> String { markup(lines(s).joined(separator: "\n")) }

    /// The first `n` characters of `s` as `html`, saying how many were left out.
    public static func html(_ s: String, limit n: Int) -> String {
        let count = s.count
        guard count > n else { return html(s) }
        return html(String(s.prefix(n))) + " … (\(count - n) more characters)"
    }

    /// Only the character references (`& < > " '`), for text whose controls are already dealt with
    /// (`html` and `htmlLines` call it after `line`; the corpus's JUnit XML after its own XML rule).
    public static func markup(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3c || $0 == 0x3e || $0 == 0x22 || $0 == 0x27 }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// JSON (or any text whose strings are JSON-escaped) with DEL, the C1 controls, the bidi
    /// embeddings, overrides and isolates and U+2028/U+2029 written as `\uNNNN`: the same JSON value,
    /// but a terminal that shows it cannot be reordered or sent a C1 sequence by what a sample chose.
    /// The C0 controls are left to the JSON encoder, which already escapes them inside strings (and
    /// the pretty-printer's own newlines are structure).
    public static func terminalSafeJSON(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { $0.value >= 0x7f && needsEscape($0) }) else { return data }
        var out = ""
        for u in text.unicodeScalars {
            if u.value >= 0x7f && needsEscape(u) { out += "\\u" + String(format: "%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
        return Data(out.utf8)
    }

    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0..<0x20, 0x7f...0x9f, 0x202a...0x202e, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// A decoding error as one short line (a report or profile that is not what it claims to be).
    public static func decodingProblem(_ e: Error) -> String {
        let text: String
        switch e {
        case DecodingError.dataCorrupted(let c): text = c.debugDescription.split(separator: "\n").first.map(String.init) ?? "corrupted data"
        case DecodingError.keyNotFound(let k, _): text = "missing key \(k.stringValue)"
        case DecodingError.typeMismatch(_, let c): text = "wrong type at \(c.codingPath.map { $0.stringValue }.joined(separator: "."))"
        case DecodingError.valueNotFound(_, let c): text = "missing value at \(c.codingPath.map { $0.stringValue }.joined(separator: "."))"
        default: text = "invalid JSON"
        }
        return line(text)
    }
}
