// How much the syscall decoder pays to show paths that are not UTF-8 as \xNN instead of U+FFFD:
// the lossy decode alone, String(validating:), and the lossy decode + memcmp that ByteText.display
// (raw-buffer form) uses. Run: swiftc -O bench/string_decode.swift -o /tmp/string_decode && /tmp/string_decode
import Foundation
let path = Array("/home/user/.config/some/dir/file.txt".utf8)
let n = 5_000_000
var sink = 0
path.withUnsafeBytes { raw in
    for round in 0..<3 {
        var t = Date()
        for _ in 0..<n { sink &+= String(decoding: raw, as: UTF8.self).utf8.count }
        let a = Date().timeIntervalSince(t) / Double(n) * 1e9
        t = Date()
        for _ in 0..<n { sink &+= (String(validating: raw, as: UTF8.self) ?? "").utf8.count }
        let b = Date().timeIntervalSince(t) / Double(n) * 1e9
        t = Date()
        for _ in 0..<n {
            var s = String(decoding: raw, as: UTF8.self)
            let same = s.withUTF8 { u in u.count == raw.count && memcmp(u.baseAddress!, raw.baseAddress!, u.count) == 0 }
            sink &+= same ? s.utf8.count : 0
        }
        let c = Date().timeIntervalSince(t) / Double(n) * 1e9
        print(String(format: "round %d: String(decoding:) %.1f ns, String(validating:) %.1f ns, decoding+memcmp %.1f ns", round, a, b, c))
    }
}
print(sink)
