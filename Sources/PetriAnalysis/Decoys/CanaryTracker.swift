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
public struct CanaryTracker: Sendable {
    public let canaries: [Canary]
    private let needles: [(Canary, [(CanaryHit.Encoding, String)])]

    public init(canaries: [Canary]) {
        self.canaries = canaries
        self.needles = canaries.filter { $0.token.count >= 8 }.map { c in (c, CanaryTracker.forms(of: c.token)) }
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
    public func find(in text: String) -> [(Canary, CanaryHit.Encoding)] {
        guard !text.isEmpty else { return [] }
        let lowerCompact = text.lowercased().filter { !" :\n\t-".contains($0) }
        let decoded = CanaryTracker.percentDecode(text)
        var out: [(Canary, CanaryHit.Encoding)] = []
        for (c, forms) in needles {
            var found: CanaryHit.Encoding?
            for (enc, form) in forms {
                switch enc {
                case .raw: if text.contains(form) { found = .raw }
                case .hex: if lowerCompact.contains(form) { found = .hex }
                case .base64: if text.contains(form) || (decoded != text && decoded.contains(form)) { found = .base64 }
                case .base32: if lowerCompact.contains(form) { found = .base32 }
                case .url, .gzip, .zlib, .xor: break
                }
                if found != nil { break }
            }
            if found == nil, decoded != text, decoded.contains(c.token) { found = .url }
            if let found { out.append((c, found)) }
        }
        return out
    }

    static func percentDecode(_ s: String) -> String {
        guard s.contains("%") || s.contains("+") else { return s }
        return s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
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
        func latin1(_ b: [UInt8]) -> String { String(decoding: b.map { UInt16($0) }, as: UTF16.self) }
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
            // Latin-1 keeps every byte as one character, so binary data cannot break the search.
            let bytes = [UInt8](o.data.prefix(16 << 20))
            check(latin1(bytes), channel: o.channel, destination: o.destination, pid: o.pid, seq: nil)
            // Compressed streams inside it, and single-byte XOR (Decoders.swift).
            for (enc, inflated) in OutboundDecoders.compressedStreams(in: bytes) {
                for (c, _) in find(in: latin1(inflated)) {
                    add(c, enc, channel: o.channel, destination: o.destination, pid: o.pid, image: nil, seq: nil)
                }
            }
            for (c, _) in needles where !OutboundDecoders.xorMatches(of: Array(c.token.utf8), in: bytes, limit: 1).isEmpty {
                add(c, .xor, channel: o.channel, destination: o.destination, pid: o.pid, image: nil, seq: nil)
            }
        }
        return hits
    }
}
