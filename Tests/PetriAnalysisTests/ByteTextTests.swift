import PetriModel
import Testing

@Suite("ByteText: names and paths that are not UTF-8")
struct ByteTextTests {
    static func raw(_ b: [UInt8]) -> String { b.withUnsafeBytes { ByteText.display($0) } }

    @Test("valid UTF-8 is unchanged; invalid bytes are \\xNN; both forms agree")
    func display() {
        let cases: [([UInt8], String)] = [
            (Array("/home/user/café".utf8), "/home/user/café"),
            (Array("self".utf8) + [0xe9, 0xff], "self\\xe9\\xff"),
            // a cut 4-byte sequence decodes to one U+FFFD of the same length (3 bytes): still seen
            (Array("a".utf8) + [0xf0, 0x9f, 0x98], "a\\xf0\\x9f\\x98"),
            (Array("x\n".utf8), "x\n"),
            ([], ""),
        ]
        for (bytes, want) in cases {
            #expect(ByteText.display(bytes) == want, "\(bytes)")
            #expect(Self.raw(bytes) == want, "raw \(bytes)")
        }
    }

    @Test("escapeControl: control bytes as \\xNN too (one terminal line)")
    func control() {
        #expect(ByteText.display(Array("a\nb\u{7f}".utf8) + [0xfe], escapeControl: true) == "a\\x0ab\\x7f\\xfe")
    }
}
