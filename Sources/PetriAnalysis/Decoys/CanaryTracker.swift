import Foundation
import PetriModel

/// A planted token seen in outbound data: proof that a decoy credential left the process.
public struct CanaryHit: Sendable, Equatable {
    public enum Encoding: String, Sendable, CaseIterable { case raw, base64, base32, hex, url, gzip, zlib, xor }
    public var canary: Canary
    public var encoding: Encoding
    /// Where it was seen: http_url, http_body, http_header, dns, connection, service, sendto, api.
    public var channel: String
    public var destination: String
    public var pid: Int32?
    public var image: String?
    /// Event sequence number of the send, when known.
    public var seq: UInt64?

    /// One line for the report: "token from ~/.ssh/id_rsa (ssh) sent base64 in http_body to http://x/ by pid 42 (stealer)".
    public var summary: String {
        var s = "canary from \(canary.file) (\(canary.kind)) sent \(encoding.rawValue) in \(channel) to \(destination)"
        if let pid { s += " by pid \(pid)" + (image.map { " (\($0))" } ?? "") }
        return s
    }
}

/// Outbound bytes kept outside the report (e.g. a connection's saved data under the artifacts folder,
/// which holds more than the report's preview), handed to the tracker by the caller.
public struct OutboundData: Sendable {
    public var channel: String
    public var destination: String
    public var pid: Int32?
    public var data: Data
    public init(channel: String, destination: String, pid: Int32? = nil, data: Data) {
        self.channel = channel; self.destination = destination; self.pid = pid; self.data = data
    }
}

/// Finds canary tokens in everything a run sent out: HTTP URLs, headers and bodies, DNS names, raw
/// connection and service previews, and the previews of send syscalls; raw, base64 (any alignment,
/// standard or URL-safe), base32 (any alignment, any case), hex (any case) or percent-encoded; in the
/// saved connection data also inside gzip/zlib streams and XOR-ed with one byte. Besides the planted
/// tokens, the guest's identity and decoy documents (IdentityCanaries) are searched the same way.
///
/// The search is one pass per text over its bytes for all canaries and forms together (an Aho-Corasick
/// automaton, `NeedleAutomaton`), and one more over the XOR of neighbouring bytes for single-byte XOR,
/// so its cost grows with the data, not with data x canaries x forms (bench/canary.sh,
/// docs/benchmarks.md). Texts are compared as bytes (UTF-8 of a report string, the bytes of saved data).
public struct CanaryTracker: Sendable {
    public let canaries: [Canary]
    private let needles: [(Canary, [(CanaryHit.Encoding, String)])]
    private let automaton: NeedleAutomaton
    /// Per pattern of `automaton`: which canary, which form (its rank: the first form found wins, as
    /// listed by `forms(of:)`, the percent-decoded token last), its encoding and the streams it is searched in.
    private let patterns: [(canary: Int, rank: Int, encoding: CanaryHit.Encoding, streams: UInt8)]
    /// Single-byte XOR: the XOR of each token's neighbouring bytes, searched in the data's.
    private let xorAutomaton: NeedleAutomaton
    private let xorFirstByte: [UInt8]

    /// The texts a form is searched in: the text itself, lower-cased without " :\n\t-" (hex and base32
    /// split by separators or upper-cased), and percent-decoded ("+" as a space) when it has "%" or "+".
    static let inText: UInt8 = 1, inCompact: UInt8 = 2, inDecoded: UInt8 = 4

    public init(canaries: [Canary]) {
        self.canaries = canaries
        let needles = canaries.filter { $0.token.count >= 8 }.map { c in (c, CanaryTracker.forms(of: c.token)) }
        self.needles = needles
        var pats: [[UInt8]] = [], meta: [(Int, Int, CanaryHit.Encoding, UInt8)] = []
        for (i, (c, forms)) in needles.enumerated() {
            for (rank, (enc, form)) in forms.enumerated() {
                let streams: UInt8
                switch enc {
                case .raw: streams = Self.inText
                case .base64: streams = Self.inText | Self.inDecoded
                case .hex, .base32: streams = Self.inCompact
                case .url, .gzip, .zlib, .xor: continue
                }
                pats.append(Array(form.utf8)); meta.append((i, rank, enc, streams))
            }
            pats.append(Array(c.token.utf8)); meta.append((i, forms.count, .url, Self.inDecoded))
        }
        self.automaton = NeedleAutomaton(pats)
        self.patterns = meta
        let tokens = needles.map { Array($0.0.token.utf8) }
        self.xorAutomaton = NeedleAutomaton(tokens.map { t in (0..<(t.count - 1)).map { t[$0] ^ t[$0 + 1] } })
        self.xorFirstByte = tokens.map { $0[0] }
    }

    /// The searchable forms of a token. Base64 and base32 are position-dependent, so the token is encoded
    /// at every byte alignment and only the characters whose bits come from the token alone are kept.
    static func forms(of token: String) -> [(CanaryHit.Encoding, String)] {
        let bytes = Array(token.utf8)
        var out: [(CanaryHit.Encoding, String)] = [(.raw, token)]
        out.append((.hex, bytes.map { String(format: "%02x", $0) }.joined()))
        let b64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        for k in 0..<3 {
            let stable = stableChars(bytes, shift: k, bitsPerChar: 6, alphabet: b64)
            guard stable.count >= 12 else { continue }
            out.append((.base64, stable))
            let urlSafe = stable.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            if urlSafe != stable { out.append((.base64, urlSafe)) }
        }
        let b32 = Array("abcdefghijklmnopqrstuvwxyz234567")   // RFC 4648, compared lower-cased
        for k in 0..<5 {
            let stable = stableChars(bytes, shift: k, bitsPerChar: 5, alphabet: b32)
            if stable.count >= 12 { out.append((.base32, stable)) }
        }
        return out
    }

    /// Encodes `shift` unknown bytes + `bytes` and keeps the characters made only of `bytes`' bits.
    static func stableChars(_ bytes: [UInt8], shift: Int, bitsPerChar b: Int, alphabet: [Character]) -> String {
        let data = Array(repeating: UInt8(0), count: shift) + bytes
        let first = (8 * shift + b - 1) / b            // first char starting at or after the token's first bit
        let end = (8 * data.count) / b                 // chars that end within the data
        var out = ""
        var c = first
        while c < end {
            var v = 0
            for bit in (c * b)..<(c * b + b) { v = v << 1 | Int((data[bit / 8] >> (7 - UInt8(bit % 8))) & 1) }
            out.append(alphabet[v]); c += 1
        }
        return out
    }

    /// The encoding a token appears in within `text`, if it does.
    public func find(in text: String) -> [(Canary, CanaryHit.Encoding)] { find(bytes: Array(text.utf8)) }

    /// The encoding each token appears in within `bytes` (the first of its forms in `forms(of:)`
    /// order, the percent-decoded token last), one pass per derived text.
    func find(bytes: [UInt8]) -> [(Canary, CanaryHit.Encoding)] {
        guard !bytes.isEmpty, !needles.isEmpty else { return [] }
        var best = [Int](repeating: Int.max, count: needles.count)
        func run(_ data: [UInt8], _ stream: UInt8) {
            automaton.search(data) { p in
                let m = patterns[p]
                if m.streams & stream != 0, m.rank < best[m.canary] { best[m.canary] = m.rank }
            }
        }
        run(bytes, Self.inText)
        run(Self.compact(bytes), Self.inCompact)
        if bytes.contains(UInt8(ascii: "%")) || bytes.contains(UInt8(ascii: "+")) { run(Self.percentDecode(bytes), Self.inDecoded) }
        var out: [(Canary, CanaryHit.Encoding)] = []
        for (i, (c, forms)) in needles.enumerated() where best[i] != Int.max {
            out.append((c, best[i] < forms.count ? forms[best[i]].0 : .url))
        }
        return out
    }

    /// The canaries found XOR-ed with one non-zero key byte in `bytes` (key-free: the XOR of
    /// neighbouring bytes is the same in the plain and the encoded text; the key is the first byte's).
    func findXOR(bytes: [UInt8]) -> [Canary] {
        guard bytes.count >= 2, !needles.isEmpty else { return [] }
        let diffs = (0..<(bytes.count - 1)).map { bytes[$0] ^ bytes[$0 + 1] }
        var found = [Bool](repeating: false, count: needles.count)
        xorAutomaton.search(diffs) { p, end in
            let start = end + 1 - xorAutomaton.lengths[p]
            if bytes[start] ^ xorFirstByte[p] != 0 { found[p] = true }
        }
        return needles.indices.filter { found[$0] }.map { needles[$0].0 }
    }

    /// ASCII lower-cased, without " :\n\t-".
    static func compact(_ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](); out.reserveCapacity(b.count)
        for c in b {
            switch c {
            case 0x20, 0x3A, 0x0A, 0x09, 0x2D: continue
            case 0x41...0x5A: out.append(c | 0x20)
            default: out.append(c)
            }
        }
        return out
    }

    /// "+" as a space and every valid %XX as its byte (an invalid one is kept as it is).
    static func percentDecode(_ b: [UInt8]) -> [UInt8] {
        func hex(_ c: UInt8) -> UInt8? {
            switch c { case 0x30...0x39: c - 0x30; case 0x41...0x46: c - 0x37; case 0x61...0x66: c - 0x57; default: nil }
        }
        var out = [UInt8](); out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "+") { out.append(0x20) }
            else if c == UInt8(ascii: "%"), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) { out.append(h << 4 | l); i += 2 }
            else { out.append(c) }
            i += 1
        }
        return out
    }

    static func percentDecode(_ s: String) -> String {
        guard s.contains("%") || s.contains("+") else { return s }
        return String(decoding: percentDecode(Array(s.utf8)), as: UTF8.self)
    }

    /// Every canary seen in the report's outbound data, in a stable order.
    public func scan(_ report: Report, outbound: [OutboundData] = []) -> [CanaryHit] {
        guard !needles.isEmpty else { return [] }
        var hits: [CanaryHit] = []
        var seen = Set<String>()
        let images = Dictionary(report.processes.map { ($0.pid, $0.image) }, uniquingKeysWith: { _, b in b })
        func add(_ c: Canary, _ enc: CanaryHit.Encoding, channel: String, destination: String, pid: Int32?, image: String?, seq: UInt64?) {
            let key = "\(c.token)|\(channel)|\(destination)|\(enc.rawValue)"
            guard seen.insert(key).inserted else { return }
            hits.append(CanaryHit(canary: c, encoding: enc, channel: channel, destination: destination, pid: pid,
                                  image: image ?? pid.flatMap { images[$0] }, seq: seq))
        }
        func check(_ text: String, channel: String, destination: String, pid: Int32?, image: String? = nil, seq: UInt64?) {
            for (c, enc) in find(in: text) { add(c, enc, channel: channel, destination: destination, pid: pid, image: image, seq: seq) }
        }
        let net = report.network
        for h in net.http {
            check(h.url + (h.query.map { "?" + $0 } ?? ""), channel: "http_url", destination: h.url, pid: h.pid, seq: h.seqs.first)
            check(h.bodyPreview, channel: "http_body", destination: h.url, pid: h.pid, seq: h.seqs.first)
            for (_, v) in h.headers.sorted(by: { $0.key < $1.key }) {
                check(v, channel: "http_header", destination: h.url, pid: h.pid, seq: h.seqs.first)
            }
        }
        for d in net.dns {
            // Tunnels split data over labels, so search the name with and without its dots.
            check(d.name, channel: "dns", destination: d.name, pid: d.pid, seq: d.seqs.first)
            check(d.name.replacingOccurrences(of: ".", with: ""), channel: "dns", destination: d.name, pid: d.pid, seq: d.seqs.first)
        }
        for c in net.connections {
            check(c.preview, channel: "connection", destination: "\(c.proto) \(c.domain ?? c.ip):\(c.port)", pid: c.pid, seq: c.seqs.first)
        }
        for o in net.other {
            check(([o.preview] + o.lines).joined(separator: "\n"), channel: "service", destination: "\(o.service) \(o.connection)",
                  pid: o.pid, seq: o.seqs.first)
        }
        for e in report.events where e.kind == .syscall || e.kind == .api {
            var texts: [String] = []
            for key in [ArgKey.preview, "url", "data", "body"] { if let v = e.args[key]?.stringValue { texts.append(v) } }
            guard !texts.isEmpty else { continue }
            let dest = e.args[ArgKey.address]?.stringValue ?? e.args["url"]?.stringValue ?? e.args[ArgKey.fdPath]?.stringValue ?? "fd"
            for t in texts {
                check(t, channel: e.kind == .api ? "api" : e.name, destination: dest, pid: e.pid, image: e.image, seq: e.seq)
            }
        }
        for o in outbound {
            // Searched as bytes, so binary data cannot break the search.
            let bytes = [UInt8](o.data.prefix(16 << 20))
            for (c, enc) in find(bytes: bytes) { add(c, enc, channel: o.channel, destination: o.destination, pid: o.pid, image: nil, seq: nil) }
            // Compressed streams inside it, and single-byte XOR (Decoders.swift).
            for (enc, inflated) in OutboundDecoders.compressedStreams(in: bytes) {
                for (c, _) in find(bytes: inflated) {
                    add(c, enc, channel: o.channel, destination: o.destination, pid: o.pid, image: nil, seq: nil)
                }
            }
            for c in findXOR(bytes: bytes) {
                add(c, .xor, channel: o.channel, destination: o.destination, pid: o.pid, image: nil, seq: nil)
            }
        }
        return hits
    }
}

/// Aho-Corasick over bytes: every occurrence of every pattern in one pass, as a DFA over the byte
/// classes the patterns use (bytes in no pattern share one class).
struct NeedleAutomaton: Sendable {
    let lengths: [Int]
    private let classOf: [UInt16]         // 256 entries; class 0: bytes in no pattern
    private let classCount: Int
    private let delta: [Int32]            // state * classCount + class -> state
    private let outputs: [[Int32]]        // patterns ending at each state (its suffixes' included)
    private let hasOutput: [Bool]

    init(_ patterns: [[UInt8]]) {
        lengths = patterns.map(\.count)
        var cls = [UInt16](repeating: 0, count: 256)
        var n = 1
        for p in patterns { for b in p where cls[Int(b)] == 0 { cls[Int(b)] = UInt16(n); n += 1 } }
        classOf = cls; classCount = n
        var delta = [Int32](repeating: -1, count: n)
        var outputs: [[Int32]] = [[]]
        for (i, p) in patterns.enumerated() where !p.isEmpty {
            var s = 0
            for b in p {
                let k = s * n + Int(cls[Int(b)])
                if delta[k] < 0 {
                    delta[k] = Int32(outputs.count)
                    outputs.append([])
                    delta += [Int32](repeating: -1, count: n)
                }
                s = Int(delta[k])
            }
            outputs[s].append(Int32(i))
        }
        // Breadth first: fail links, then every missing edge filled from the fail state's.
        var fail = [Int32](repeating: 0, count: outputs.count)
        var queue: [Int] = []
        for c in 0..<n {
            if delta[c] < 0 { delta[c] = 0 } else { fail[Int(delta[c])] = 0; queue.append(Int(delta[c])) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            outputs[s] += outputs[Int(fail[s])]
            for c in 0..<n {
                let k = s * n + c
                let f = Int(delta[Int(fail[s]) * n + c])
                if delta[k] < 0 { delta[k] = Int32(f) } else { fail[Int(delta[k])] = Int32(f); queue.append(Int(delta[k])) }
            }
        }
        self.delta = delta
        self.outputs = outputs
        self.hasOutput = outputs.map { !$0.isEmpty }
    }

    /// Calls `match(pattern)` for every occurrence.
    func search(_ data: [UInt8], _ match: (Int) -> Void) { search(data) { p, _ in match(p) } }

    /// Calls `match(pattern, index of its last byte)` for every occurrence.
    func search(_ data: [UInt8], _ match: (Int, Int) -> Void) {
        guard outputs.count > 1 else { return }
        delta.withUnsafeBufferPointer { d in
            classOf.withUnsafeBufferPointer { cls in
                hasOutput.withUnsafeBufferPointer { out in
                    data.withUnsafeBufferPointer { bytes in
                        var s = 0
                        for i in 0..<bytes.count {
                            s = Int(d[s &* classCount &+ Int(cls[Int(bytes[i])])])
                            if out[s] { for p in outputs[s] { match(Int(p), i) } }
                        }
                    }
                }
            }
        }
    }
}
