import Foundation

/// Names and paths as the bytes they are made of, shown as text: valid UTF-8 as is, each byte that is
/// not part of valid UTF-8 as `\xNN`. Swift's lossy decoding turns every such byte into U+FFFD, so
/// two different names would read the same in a report.
public enum ByteText {
    /// With `escapeControl`, the result is made safe for one terminal line as well (`Printable.line`).
    public static func display<C: Collection>(_ bytes: C, escapeControl: Bool = false) -> String where C.Element == UInt8 {
        if escapeControl { return Printable.line(display(bytes)) }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        let b = Array(bytes)
        var out = "", i = 0
        while i < b.count {
            var advanced = false
            for k in 1...4 where i + k <= b.count {
                if let s = String(validating: b[i..<i + k], as: UTF8.self) {
                    out += s
                    i += k; advanced = true; break
                }
            }
            if !advanced { out += hex(b[i]); i += 1 }
        }
        return out
    }

    /// The syscall decoder's form (every recorded path goes through it): one decode and one memcmp
    /// when the bytes are valid UTF-8, within the spread of the lossy decode alone;
    /// `String(validating:)` costs two to three times as much (bench/string_decode.swift).
    public static func display(_ raw: UnsafeRawBufferPointer) -> String {
        var s = String(decoding: raw, as: UTF8.self)
        let exact = s.withUTF8 { u in u.count == raw.count && (u.count == 0 || memcmp(u.baseAddress!, raw.baseAddress!, u.count) == 0) }
        return exact ? s : display(Array(raw))
    }

    static func hex(_ v: UInt8) -> String {
        let d = Array("0123456789abcdef")
        return "\\x" + String(d[Int(v >> 4)]) + String(d[Int(v & 0xf)])
    }
}
