import Foundation
import PetriModel
@testable import PetriNet
import Testing

@Suite struct DNSParserTests {
    let responder = DNSResponder(pool: SinkholeAddressPool(), policy: DNSPolicy())

    @Test func answersAStablyFromThePool() throws {
        let a = responder.respond(to: dnsQuery("c2.example"))
        let b = responder.respond(to: dnsQuery("C2.Example."))
        let other = responder.respond(to: dnsQuery("other.example"))
        #expect(a.rcode == "NOERROR" && a.type == "A" && a.name == "c2.example")
        #expect(a.answers.count == 1 && a.answers == b.answers)
        #expect(a.answers[0].hasPrefix("198.18.") || a.answers[0].hasPrefix("198.19."))
        #expect(other.answers != a.answers)
        #expect(dnsFirstAddress(a.response!) == a.answers[0])
        #expect(responder.pool.domain(forAddress: a.answers[0]) == "c2.example")
    }

    @Test func answersAAAAFromTheULAPrefix() {
        let r = responder.respond(to: dnsQuery("c2.example", type: 28))
        #expect(r.answers.count == 1 && r.answers[0].hasPrefix("fd00:5eed::"))
        #expect(dnsFirstAddress(r.response!) == r.answers[0])
        #expect(responder.pool.domain(forAddress: r.answers[0]) == "c2.example")
    }

    @Test func mxTxtNxdomainAndPtr() {
        #expect(responder.respond(to: dnsQuery("corp.example", type: 15)).answers == ["10 mail.corp.example"])
        #expect(responder.respond(to: dnsQuery("corp.example", type: 16)).answers == ["v=spf1 -all"])
        #expect(responder.respond(to: dnsQuery("nothing.invalid")).rcode == "NXDOMAIN")
        let nx = DNSResponder(pool: SinkholeAddressPool(), policy: DNSPolicy(mx: .nxdomain, txt: .nxdomain))
        #expect(nx.respond(to: dnsQuery("corp.example", type: 16)).rcode == "NXDOMAIN")
        let a = responder.respond(to: dnsQuery("ptr.example")).answers[0]
        let rev = a.split(separator: ".").reversed().joined(separator: ".") + ".in-addr.arpa"
        #expect(responder.respond(to: dnsQuery(rev, type: 12)).answers == ["ptr.example"])
    }

    @Test func malformedInputNeverCrashes() {
        #expect(responder.respond(to: []).response == nil)
        #expect(responder.respond(to: [1, 2, 3]).rcode == "MALFORMED")
        // header claims a question, name runs past the end
        #expect(responder.respond(to: [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 40, 0x61]).rcode == "FORMERR")
        // compression pointer pointing at itself
        #expect(throws: DNSParseError.pointerLoop) { try DNSQuery.parse([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]) }
        // label with reserved high bits
        #expect(throws: DNSParseError.badLabel) { try DNSQuery.parse([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 1]) }
        // a response is not a query
        #expect(throws: DNSParseError.notAQuery) { try DNSQuery.parse([0, 1, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]) }
        var rng = SystemRandomNumberGenerator()
        for n in 0..<2000 {
            let junk = (0..<(n % 80)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = responder.respond(to: junk)
        }
    }
}

@Suite struct HTTPParserTests {
    @Test func getWithQueryAndHeaders() {
        var p = HTTPRequestParser()
        let r = p.feed(Array("GET /a/b.php?id=7&x=y HTTP/1.1\r\nHost: c2.example\r\nUser-Agent: Bot/1.0\r\n\r\n".utf8)[...])
        #expect(r.count == 1)
        #expect(r[0].head.method == "GET" && r[0].head.path == "/a/b.php" && r[0].head.query == "id=7&x=y")
        #expect(r[0].head.header("host") == "c2.example" && r[0].head.header("User-Agent") == "Bot/1.0")
        #expect(r[0].bodySize == 0 && r[0].complete)
    }

    @Test func postBodyInPiecesIsHashedWhole() {
        var p = HTTPRequestParser(previewCap: 4)
        let body = Array("user=alice&token=CANARY123".utf8)
        var got = p.feed(Array("POST /up HTTP/1.1\r\nContent-Length: \(body.count)\r\n\r\n".utf8)[...] )
        #expect(got.isEmpty)
        got = p.feed(body[0..<5])
        #expect(got.isEmpty)
        got = p.feed(body[5...])
        #expect(got.count == 1)
        #expect(got[0].bodySize == UInt64(body.count))
        #expect(got[0].bodySha256 == sha256Hex(body))
        #expect(got[0].bodyPreview == Array("user".utf8))
    }

    @Test func chunkedAndPipelined() {
        var p = HTTPRequestParser()
        let wire = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n"
        var got: [HTTPParsedRequest] = []
        for b in Array(wire.utf8) { got += p.feed([b][...]) }   // one byte at a time
        #expect(got.count == 2)
        #expect(got[0].bodySize == 11 && got[0].bodyPreview == Array("hello world".utf8))
        #expect(got[1].head.path == "/next")
    }

    @Test func halfSentRequestIsKeptAsIncomplete() {
        var p = HTTPRequestParser()
        #expect(p.feed(Array("POST /exfil HTTP/1.1\r\nHost: x.example\r\nContent-Length: 100\r\n\r\nabc".utf8)[...]).isEmpty)
        let partial = p.finish()
        #expect(partial?.complete == false && partial?.bodySize == 3 && partial?.head.path == "/exfil")
        var q = HTTPRequestParser()
        _ = q.feed(Array("GET /half HTTP/1.1\r\nHost: y.exa".utf8)[...])
        #expect(q.finish()?.head.path == "/half")
    }

    @Test func anySplitOfTheStreamGivesTheSameRequests() {
        let body = Array("a=1&b=2&canary=XYZ".utf8)
        let wire = Array(("GET /one?q=1 HTTP/1.1\r\nHost: a.example\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: b.example\r\nContent-Length: \(body.count)\r\n\r\n").utf8) + body
            + Array("PUT /three HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var p = HTTPRequestParser()
            var got: [HTTPParsedRequest] = []
            var i = 0
            while i < wire.count {
                let n = Int.random(in: 1...40, using: &rng)
                got += p.feed(wire[i..<min(wire.count, i + n)])
                i += n
            }
            #expect(got.map(\.head.path) == ["/one", "/two", "/three"])
            #expect(got.map(\.bodySize) == [0, UInt64(body.count), 3])
            #expect(got[1].bodySha256 == sha256Hex(body) && got[2].bodyPreview == Array("abc".utf8))
            if got.count != 3 { break }
        }
    }

    @Test func garbageAndOversizedHeads() {
        var p = HTTPRequestParser(maxHead: 1024)
        _ = p.feed([UInt8](repeating: 0x41, count: 2000)[...])
        #expect(p.overflowed)
        var q = HTTPRequestParser()
        _ = q.feed(Array("\u{1}\u{2}garbage\r\n\r\n".utf8)[...])
        #expect(q.overflowed)
        #expect(HTTPSniff.check(Array("GE".utf8)[...]) == .needMore)
        #expect(HTTPSniff.check(Array("POST /".utf8)[...]) == .http)
        #expect(HTTPSniff.check(Array("SSH-2.0".utf8)[...]) == .notHTTP)
    }

    @Test func responderChoosesPayloadForDownloads() {
        let r = HTTPResponder(policy: HTTPPolicy(rules: [HTTPRule(id: "panel", host: "*.panel.example", path: "/gate*", body: Array("ok".utf8))]))
        func head(_ path: String, host: String = "x.example", accept: String? = nil) -> HTTPRequestHead {
            var h = HTTPRequestHead(method: "GET", target: path, version: "HTTP/1.1", headers: [("Host", host)])
            if let accept { h.headers.append(("Accept", accept)) }
            return h
        }
        #expect(r.respond(to: head("/stage2.exe")).label == "payload:builtin-pe")
        #expect(r.respond(to: head("/x", accept: "application/octet-stream")).label == "payload:builtin-elf")
        #expect(r.respond(to: head("/stage2.sh")).label == "payload:builtin")
        #expect(r.respond(to: head("/index.html")).label == "default-html")
        #expect(r.respond(to: head("/gate.php", host: "a.panel.example")).label == "rule:panel")
        let probe = r.respond(to: head("/generate_204", host: "probe.example"))
        #expect(probe.status == 204 && probe.body.bytes.readableBytes == 0 && probe.label == "probe:/generate_204")
        #expect(r.respond(to: head("/connecttest.txt")).body.sha256 == sha256Hex(Array("Microsoft Connect Test".utf8)))
        #expect(r.head(probe, keepAlive: false).count > 0)
        #expect(globMatch("*.example", "C2.EXAMPLE") && !globMatch("*.example", "example.com"))
    }
}

@Suite struct TLSParserTests {
    @Test func clientHelloFields() throws {
        let h = try TLSClientHello.parse(clientHello(sni: "secure.c2.example"))
        #expect(h.sni == "secure.c2.example")
        #expect(h.alpn == ["h2", "http/1.1"])
        #expect(h.versionName == "TLS 1.3")
        #expect(h.ja3 == "771,4865-4866-49195,0-10-11-16-43,29-23-24,0")   // GREASE cipher removed
        #expect(h.ja3Hash.count == 32)
    }

    @Test func clientHelloSplitAcrossRecords() throws {
        let full = clientHello(sni: "split.example")
        let hs = Array(full[5...])
        let a = Array(hs[0..<20]), b = Array(hs[20...])
        let twoRecords = [0x16, 0x03, 0x01, 0, UInt8(a.count)] + a + [0x16, 0x03, 0x01, UInt8(b.count >> 8), UInt8(b.count & 0xff)] + b
        #expect(try TLSClientHello.parse(twoRecords).sni == "split.example")
    }

    @Test func malformedHellos() {
        let good = clientHello(sni: "x.example")
        #expect(throws: TLSParseError.needMore) { try TLSClientHello.parse(Array(good.prefix(30))) }
        #expect(throws: TLSParseError.notHandshake) { try TLSClientHello.parse(Array("GET / HTTP/1.1\r\n".utf8)) }
        var bad = good
        bad[5] = 2   // ServerHello
        #expect(throws: TLSParseError.notClientHello) { try TLSClientHello.parse(bad) }
        var lying = good
        lying[5 + 4 + 2 + 32 + 1] = 0xff   // cipher-suites length far past the end
        #expect(throws: (any Error).self) { try TLSClientHello.parse(lying) }
        var rng = SystemRandomNumberGenerator()
        for n in 0..<2000 {
            var junk = good
            for _ in 0..<(1 + n % 4) { junk[Int.random(in: 5..<junk.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            _ = try? TLSClientHello.parse(junk)
        }
    }
}

@Suite struct PoolAndPreviewTests {
    @Test func poolIsStableAndReversible() {
        let p = SinkholeAddressPool()
        let a = p.ipv4(for: "one.example"), b = p.ipv4(for: "two.example")
        #expect(a == "198.18.0.1" && b == "198.18.0.2" && p.ipv4(for: "ONE.example.") == a)
        #expect(p.ipv6(for: "two.example") == "fd00:5eed::2")
        #expect(p.domain(forAddress: b) == "two.example")
        #expect(p.domain(forAddress: "198.51.100.5") == nil && p.domain(forAddress: "198.18.0.99") == nil)
    }

    @Test func hexPreviewShowsBothForms() {
        #expect(hexPreview(Array("GET\u{0}".utf8)) == "47 45 54 00  |GET.|")
        #expect(escapedText(Array("a\r\n\u{7}".utf8)) == "a\\r\\n\\x07")
    }
}
