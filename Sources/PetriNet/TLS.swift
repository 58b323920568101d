import Crypto
import Foundation

public enum TLSParseError: Error, Equatable, CustomStringConvertible {
    case notHandshake
    case needMore
    case notClientHello
    case malformed(String)
    public var description: String {
        switch self {
        case .notHandshake: return "not a TLS handshake record"
        case .needMore: return "ClientHello incomplete"
        case .notClientHello: return "first handshake message is not a ClientHello"
        case .malformed(let w): return "malformed ClientHello: \(w)"
        }
    }
}

/// The parts of a TLS ClientHello that identify a client: SNI, ALPN, and a JA3 fingerprint.
public struct TLSClientHello: Sendable, Equatable {
    public var legacyVersion: UInt16
    public var ciphers: [UInt16]
    public var extensions: [UInt16]
    public var groups: [UInt16]
    public var pointFormats: [UInt8]
    public var supportedVersions: [UInt16]
    public var sni: String?
    public var alpn: [String]

    static func isGREASE(_ v: UInt16) -> Bool { v & 0x0f0f == 0x0a0a && v >> 8 == v & 0xff }

    /// JA3: version,ciphers,extensions,groups,point formats (decimal, '-' separated, GREASE removed).
    public var ja3: String {
        func j(_ a: [UInt16]) -> String { a.filter { !Self.isGREASE($0) }.map(String.init).joined(separator: "-") }
        return "\(legacyVersion),\(j(ciphers)),\(j(extensions)),\(j(groups)),\(pointFormats.map(String.init).joined(separator: "-"))"
    }
    public var ja3Hash: String { hexString(Insecure.MD5.hash(data: Data(ja3.utf8))) }

    /// Highest offered version, from supported_versions when present.
    public var versionName: String {
        let v = supportedVersions.filter { !Self.isGREASE($0) }.max() ?? legacyVersion
        switch v {
        case 0x0300: return "SSL 3.0"; case 0x0301: return "TLS 1.0"; case 0x0302: return "TLS 1.1"
        case 0x0303: return "TLS 1.2"; case 0x0304: return "TLS 1.3"
        default: return String(format: "0x%04x", v)
        }
    }

    /// True when the bytes start like a TLS handshake record.
    public static func looksLikeTLS(_ b: ArraySlice<UInt8>) -> Bool {
        b.count >= 3 && b[b.startIndex] == 0x16 && b[b.startIndex + 1] == 0x03 && b[b.startIndex + 2] <= 0x04
    }

    /// Parses a ClientHello from the start of a TLS stream (it may span several records).
    public static func parse(_ stream: [UInt8]) throws -> TLSClientHello {
        var hs: [UInt8] = []
        var p = 0
        var needed = -1
        while needed < 0 || hs.count < needed {
            guard p + 5 <= stream.count else { throw TLSParseError.needMore }
            guard stream[p] == 0x16, stream[p + 1] == 0x03 else { throw p == 0 ? TLSParseError.notHandshake : TLSParseError.malformed("record type") }
            let len = Int(stream[p + 3]) << 8 | Int(stream[p + 4])
            guard len > 0, len <= 18432 else { throw TLSParseError.malformed("record length \(len)") }
            guard p + 5 + len <= stream.count else { throw TLSParseError.needMore }
            hs += stream[(p + 5)..<(p + 5 + len)]
            p += 5 + len
            if needed < 0 && hs.count >= 4 {
                guard hs[0] == 1 else { throw TLSParseError.notClientHello }
                needed = 4 + (Int(hs[1]) << 16 | Int(hs[2]) << 8 | Int(hs[3]))
                guard needed <= 1 << 16 else { throw TLSParseError.malformed("handshake length") }
            }
        }
        var r = Reader(bytes: Array(hs[4..<needed]))
        var hello = TLSClientHello(legacyVersion: try r.u16(), ciphers: [], extensions: [], groups: [], pointFormats: [],
                                   supportedVersions: [], sni: nil, alpn: [])
        try r.skip(32)
        try r.skip(Int(try r.u8()))
        var cs = try r.sub(Int(try r.u16()))
        while !cs.atEnd { hello.ciphers.append(try cs.u16()) }
        try r.skip(Int(try r.u8()))
        if r.atEnd { return hello }
        var exts = try r.sub(Int(try r.u16()))
        while !exts.atEnd {
            let type = try exts.u16()
            var body = try exts.sub(Int(try exts.u16()))
            hello.extensions.append(type)
            switch type {
            case 0:
                var list = try body.sub(Int(try body.u16()))
                while !list.atEnd {
                    let kind = try list.u8()
                    let name = try list.bytes(Int(try list.u16()))
                    if kind == 0, hello.sni == nil { hello.sni = String(decoding: name, as: UTF8.self) }
                }
            case 16:
                var list = try body.sub(Int(try body.u16()))
                while !list.atEnd { hello.alpn.append(String(decoding: try list.bytes(Int(try list.u8())), as: UTF8.self)) }
            case 10:
                var list = try body.sub(Int(try body.u16()))
                while !list.atEnd { hello.groups.append(try list.u16()) }
            case 11:
                hello.pointFormats = try body.bytes(Int(try body.u8()))
            case 43:
                var list = try body.sub(Int(try body.u8()))
                while !list.atEnd { hello.supportedVersions.append(try list.u16()) }
            default: break
            }
        }
        return hello
    }

    struct Reader {
        var bytes: [UInt8]
        var pos = 0
        var atEnd: Bool { pos >= bytes.count }
        mutating func need(_ n: Int) throws { guard n >= 0, pos + n <= bytes.count else { throw TLSParseError.malformed("length past end") } }
        mutating func u8() throws -> UInt8 { try need(1); defer { pos += 1 }; return bytes[pos] }
        mutating func u16() throws -> UInt16 { try need(2); defer { pos += 2 }; return UInt16(bytes[pos]) << 8 | UInt16(bytes[pos + 1]) }
        mutating func skip(_ n: Int) throws { try need(n); pos += n }
        mutating func bytes(_ n: Int) throws -> [UInt8] { try need(n); defer { pos += n }; return Array(bytes[pos..<(pos + n)]) }
        mutating func sub(_ n: Int) throws -> Reader { Reader(bytes: try bytes(n)) }
    }
}
