import Foundation

public enum DNSParseError: Error, Equatable {
    case tooShort
    case badLabel
    case pointerLoop
    case notAQuery
    case noQuestion
}

/// A DNS query as the sample sent it (RFC 1035 wire format).
public struct DNSQuery: Sendable, Equatable {
    public var id: UInt16
    public var flags: UInt16
    public var name: String
    public var type: UInt16
    public var qclass: UInt16
    /// Byte offset just past the first question, so the response can echo it verbatim.
    var questionEnd: Int

    public static func parse(_ b: [UInt8]) throws -> DNSQuery {
        guard b.count >= 12 else { throw DNSParseError.tooShort }
        let id = UInt16(b[0]) << 8 | UInt16(b[1])
        let flags = UInt16(b[2]) << 8 | UInt16(b[3])
        guard flags & 0x8000 == 0 else { throw DNSParseError.notAQuery }
        let qd = UInt16(b[4]) << 8 | UInt16(b[5])
        guard qd >= 1 else { throw DNSParseError.noQuestion }
        let (name, end) = try readName(b, at: 12)
        guard end + 4 <= b.count else { throw DNSParseError.tooShort }
        let type = UInt16(b[end]) << 8 | UInt16(b[end + 1])
        let qclass = UInt16(b[end + 2]) << 8 | UInt16(b[end + 3])
        return DNSQuery(id: id, flags: flags, name: name, type: type, qclass: qclass, questionEnd: end + 4)
    }

    /// Reads a possibly compressed name; returns it and the offset after it in the original position.
    static func readName(_ b: [UInt8], at start: Int) throws -> (String, Int) {
        var labels: [String] = []
        var pos = start, end = -1, jumps = 0, total = 0
        while true {
            guard pos < b.count else { throw DNSParseError.tooShort }
            let len = Int(b[pos])
            if len == 0 { pos += 1; break }
            if len & 0xC0 == 0xC0 {
                guard pos + 1 < b.count else { throw DNSParseError.tooShort }
                jumps += 1
                guard jumps < 32 else { throw DNSParseError.pointerLoop }
                if end < 0 { end = pos + 2 }
                pos = (len & 0x3F) << 8 | Int(b[pos + 1])
                continue
            }
            guard len & 0xC0 == 0 else { throw DNSParseError.badLabel }
            guard pos + 1 + len <= b.count else { throw DNSParseError.tooShort }
            total += len + 1
            guard total <= 255 else { throw DNSParseError.badLabel }
            let bytes = b[(pos + 1)..<(pos + 1 + len)]
            labels.append(String(decoding: bytes.map { $0 == 0x2E || $0 < 0x21 || $0 > 0x7E ? UInt8(ascii: "?") : $0 }, as: UTF8.self))
            pos += 1 + len
        }
        return (labels.joined(separator: "."), end >= 0 ? end : pos)
    }
}

public enum DNSType {
    public static func name(_ t: UInt16) -> String {
        switch t {
        case 1: return "A"; case 2: return "NS"; case 5: return "CNAME"; case 6: return "SOA"; case 12: return "PTR"
        case 15: return "MX"; case 16: return "TXT"; case 28: return "AAAA"; case 33: return "SRV"; case 65: return "HTTPS"
        case 255: return "ANY"
        default: return "TYPE\(t)"
        }
    }
}

/// Builds answers for the sinkhole DNS. Pure apart from the address pool.
public struct DNSResponder: Sendable {
    public let pool: SinkholeAddressPool
    public let policy: DNSPolicy

    public init(pool: SinkholeAddressPool, policy: DNSPolicy) { self.pool = pool; self.policy = policy }

    public struct Outcome: Sendable {
        public var response: [UInt8]?
        public var name: String
        public var type: String
        public var answers: [String]
        public var rcode: String
    }

    /// Answers one message. Malformed input that still has a header gets FORMERR; shorter input gets nothing.
    public func respond(to packet: [UInt8]) -> Outcome {
        let q: DNSQuery
        do { q = try DNSQuery.parse(packet) } catch {
            guard packet.count >= 12, packet[2] & 0x80 == 0 else {
                return Outcome(response: nil, name: "", type: "", answers: [], rcode: "MALFORMED")
            }
            var r = Array(packet[0..<12])
            r[2] = 0x80 | (packet[2] & 0x01)   // QR, keep RD
            r[3] = 0x80 | 1                     // RA, FORMERR
            for i in 4..<12 { r[i] = 0 }
            return Outcome(response: r, name: "", type: "", answers: [], rcode: "FORMERR")
        }
        let typeName = DNSType.name(q.type)
        let name = q.name
        var answers: [(type: UInt16, rdata: [UInt8], text: String)] = []
        var rcode: UInt8 = 0
        let opcode = (q.flags >> 11) & 0xF
        if opcode != 0 {
            rcode = 4 // NOTIMP
        } else if policy.nxdomainPatterns.contains(where: { globMatch($0, name) }) || name.isEmpty {
            rcode = 3
        } else {
            switch q.type {
            case 1: let a = pool.ipv4(for: name); answers.append((1, Self.ipv4Bytes(a), a))
            case 28: let a = pool.ipv6(for: name); answers.append((28, Self.ipv6Bytes(a), a))
            case 255:
                let a = pool.ipv4(for: name); answers.append((1, Self.ipv4Bytes(a), a))
            case 15:
                switch policy.mx {
                case .nxdomain: rcode = 3
                case .answer(let exchanges):
                    for e in exchanges {
                        let host = e.replacingOccurrences(of: "{name}", with: name)
                        answers.append((15, [0, 10] + Self.encodeName(host), "10 \(host)"))
                    }
                }
            case 16:
                switch policy.txt {
                case .nxdomain: rcode = 3
                case .answer(let texts):
                    for t in texts {
                        var rd: [UInt8] = []
                        var bytes = Array(t.utf8)
                        repeat { let chunk = bytes.prefix(255); rd.append(UInt8(chunk.count)); rd += chunk; bytes.removeFirst(chunk.count) } while !bytes.isEmpty
                        answers.append((16, rd, t))
                    }
                }
            case 12:
                if let target = Self.reverseAddress(name), let d = pool.domain(forAddress: target) {
                    answers.append((12, Self.encodeName(d), d))
                }
            default: break  // NODATA: NOERROR with no answer
            }
        }
        var r: [UInt8] = [UInt8(q.id >> 8), UInt8(q.id & 0xff)]
        r.append(0x80 | 0x04 | UInt8((q.flags >> 8) & 0x01))   // QR, AA, RD copied
        r.append(0x80 | rcode)                                   // RA
        r += [0, 1, UInt8(answers.count >> 8), UInt8(answers.count & 0xff), 0, 0, 0, 0]
        r += packet[12..<q.questionEnd]
        for a in answers {
            r += [0xC0, 0x0C, UInt8(a.type >> 8), UInt8(a.type & 0xff), 0, 1]
            r += [UInt8(policy.ttl >> 24), UInt8(policy.ttl >> 16 & 0xff), UInt8(policy.ttl >> 8 & 0xff), UInt8(policy.ttl & 0xff)]
            r += [UInt8(a.rdata.count >> 8), UInt8(a.rdata.count & 0xff)] + a.rdata
        }
        let rcodeName = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"][Int(rcode)]
        return Outcome(response: r, name: name, type: typeName, answers: answers.map(\.text), rcode: rcodeName)
    }

    static func encodeName(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") {
            let b = Array(label.utf8.prefix(63))
            out.append(UInt8(b.count)); out += b
        }
        return out + [0]
    }

    static func ipv4Bytes(_ s: String) -> [UInt8] {
        var a = in_addr()
        _ = inet_pton(AF_INET, s, &a)
        return withUnsafeBytes(of: a) { Array($0) }
    }

    static func ipv6Bytes(_ s: String) -> [UInt8] {
        var a = in6_addr()
        _ = inet_pton(AF_INET6, s, &a)
        return withUnsafeBytes(of: a) { Array($0) }
    }

    /// "4.3.2.1.in-addr.arpa" → "1.2.3.4"; ip6.arpa nibbles → canonical IPv6.
    static func reverseAddress(_ name: String) -> String? {
        let n = name.lowercased()
        if n.hasSuffix(".in-addr.arpa") {
            let parts = n.dropLast(".in-addr.arpa".count).split(separator: ".")
            guard parts.count == 4 else { return nil }
            return parts.reversed().joined(separator: ".")
        }
        if n.hasSuffix(".ip6.arpa") {
            let nibbles = n.dropLast(".ip6.arpa".count).split(separator: ".").reversed().map(String.init)
            guard nibbles.count == 32 else { return nil }
            var groups: [String] = []
            for g in 0..<8 { groups.append(nibbles[(g * 4)..<(g * 4 + 4)].joined()) }
            var a = in6_addr()
            guard inet_pton(AF_INET6, groups.joined(separator: ":"), &a) == 1 else { return nil }
            var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            _ = inet_ntop(AF_INET6, &a, &out, socklen_t(out.count))
            return cStringText(out)
        }
        return nil
    }
}
