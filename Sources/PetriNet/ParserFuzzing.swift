/// What the libFuzzer harnesses (fuzz/net) feed each parser of the simulated internet, in one place,
/// so a crasher is replayed by the regression test (`ParserTests.fuzzCrashers`) along exactly the
/// path the harness took: bytes a sample sent, any bytes.
public enum NetParserFuzzing {
    /// A DNS packet through the resolver (parse, then answer or FORMERR).
    public static func dns(_ bytes: [UInt8]) {
        let responder = DNSResponder(pool: SinkholeAddressPool(), policy: DNSPolicy())
        _ = responder.respond(to: bytes)
    }

    /// A client stream through the HTTP sniffer and the incremental request parser, fed in two
    /// pieces; the first input byte says where to split the rest.
    public static func http(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let stream = bytes.dropFirst()
        _ = HTTPSniff.check(stream)
        var parser = HTTPRequestParser(previewCap: 256, maxHead: 8192)
        let cut = stream.startIndex + Int(first) % (stream.count + 1)
        for r in parser.feed(stream[..<cut]) + parser.feed(stream[cut...]) { _ = r.head.path; _ = r.head.query }
        if let last = parser.finish() { _ = last.head.header("Host") }
    }

    /// A client stream through the TLS ClientHello parser and the JA3 rendering.
    public static func tls(_ bytes: [UInt8]) {
        _ = TLSClientHello.looksLikeTLS(bytes[...])
        if let hello = try? TLSClientHello.parse(bytes) { _ = hello.ja3Hash }
    }
}
