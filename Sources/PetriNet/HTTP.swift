import Crypto
import Foundation
import NIOCore

public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    public var version: String
    public var headers: [(name: String, value: String)]

    public static func == (a: Self, b: Self) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
    public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
    public var query: String? {
        let p = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return p.count > 1 ? String(p[1]) : nil
    }

    /// Parses the bytes before the blank line. Returns nil if there is no request line at all.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> HTTPRequestHead? {
        // Split on LF bytes: as Characters, "\r\n" is one grapheme and would never split on "\n".
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> String in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while let f = lines.first, f.isEmpty { lines.removeFirst() }
        guard let first = lines.first else { return nil }
        let parts = first.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].allSatisfy({ $0.isLetter && $0.isUppercase }) else { return nil }
        var head = HTTPRequestHead(method: String(parts[0]), target: String(parts[1]),
                                   version: parts.count > 2 ? String(parts[2]) : "HTTP/0.9", headers: [])
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            head.headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                 String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return head
    }
}

/// What the simulated HTTP server saw of one request.
public struct HTTPParsedRequest: Sendable {
    public var head: HTTPRequestHead
    public var bodySize: UInt64
    public var bodySha256: String?
    public var bodyPreview: [UInt8]
    public var complete: Bool
}

public enum HTTPSniff {
    static let methods = ["GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "PATCH ", "TRACE ", "PROPFIND "].map { Array($0.utf8) }
    public enum Verdict { case http, notHTTP, needMore }
    public static func check(_ b: ArraySlice<UInt8>) -> Verdict {
        var possible = false
        for m in methods {
            let n = min(m.count, b.count)
            if b.prefix(n).elementsEqual(m.prefix(n)) {
                if b.count >= m.count { return .http }
                possible = true
            }
        }
        return possible ? .needMore : .notHTTP
    }
}

/// Incremental HTTP/1.x request parser: Content-Length and chunked bodies, pipelining, any size (the
/// body is hashed as it streams and only a preview is kept).
public struct HTTPRequestParser {
    enum BodyState { case none, length(UInt64), chunkSize, chunkData(UInt64), chunkDataEnd, trailer }
    let previewCap: Int
    let maxHead: Int
    var buffer: [UInt8] = []
    var head: HTTPRequestHead?
    var state: BodyState = .none
    var bodySize: UInt64 = 0
    var hasher = SHA256()
    var preview: [UInt8] = []
    /// Set when the head outgrew its cap: the rest of the connection is only counted.
    public private(set) var overflowed = false
    var continueSent = false
    /// Bytes after a CONNECT request: the start of the tunnelled stream.
    public var leftover: [UInt8] = []

    /// The request under way asked for `Expect: 100-continue` and has not had it yet.
    public var awaitingContinue: Bool {
        guard let h = head, !continueSent else { return false }
        return h.header("Expect")?.lowercased() == "100-continue"
    }
    public mutating func markContinueSent() { continueSent = true }

    public init(previewCap: Int = 2048, maxHead: Int = 64 * 1024) { self.previewCap = previewCap; self.maxHead = maxHead }

    public var inRequest: Bool { head != nil || !buffer.isEmpty }

    public mutating func feed(_ input: ArraySlice<UInt8>) -> [HTTPParsedRequest] {
        guard !overflowed else { return [] }
        var done: [HTTPParsedRequest] = []
        var data = input
        while true {
            if head == nil {
                buffer += data; data = []
                guard let end = Self.headEnd(buffer) else {
                    if buffer.count > maxHead { overflowed = true }
                    return done
                }
                guard let h = HTTPRequestHead.parse(buffer[..<end]) else { overflowed = true; return done }
                head = h
                data = buffer[(end + 4)...]
                buffer = []
                bodySize = 0; hasher = SHA256(); preview = []
                if h.header("Transfer-Encoding")?.lowercased().contains("chunked") == true { state = .chunkSize }
                else if let cl = h.header("Content-Length").flatMap({ UInt64($0) }), cl > 0 { state = .length(cl) }
                else { state = .none }
            }
            switch state {
            case .none:
                let isConnect = head?.method == "CONNECT"
                done.append(finishRequest(complete: true))
                if isConnect { leftover = Array(data); return done }
            case .length(let remaining):
                let n = min(UInt64(data.count), remaining)
                absorb(data.prefix(Int(n)))
                data = data.dropFirst(Int(n))
                if n == remaining { done.append(finishRequest(complete: true)) } else { state = .length(remaining - n); return done }
            case .chunkSize, .chunkDataEnd, .trailer:
                buffer += data; data = []
                guard let nl = buffer.firstIndex(of: 0x0A) else {
                    if buffer.count > 4096 { overflowed = true }
                    return done
                }
                let line = String(decoding: buffer[..<nl], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                data = buffer[(nl + 1)...]
                buffer = []
                if case .chunkSize = state {
                    guard let size = UInt64(line.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
                        done.append(finishRequest(complete: false)); overflowed = true; return done
                    }
                    state = size == 0 ? .trailer : .chunkData(size)
                } else if case .chunkDataEnd = state {
                    state = .chunkSize
                } else if line.isEmpty {
                    done.append(finishRequest(complete: true))
                }
            case .chunkData(let remaining):
                let n = min(UInt64(data.count), remaining)
                absorb(data.prefix(Int(n)))
                data = data.dropFirst(Int(n))
                if n == remaining { state = .chunkDataEnd } else { state = .chunkData(remaining - n); return done }
            }
            if data.isEmpty { return done }
        }
    }

    /// The request cut short when the connection ended, if one was under way.
    public mutating func finish() -> HTTPParsedRequest? {
        if head == nil {
            guard !buffer.isEmpty, let h = HTTPRequestHead.parse(buffer[...]) else { return nil }
            head = h
            buffer = []
        }
        return finishRequest(complete: false)
    }

    mutating func absorb(_ b: ArraySlice<UInt8>) {
        bodySize += UInt64(b.count)
        hasher.update(data: Data(b))
        if preview.count < previewCap { preview += b.prefix(previewCap - preview.count) }
    }

    mutating func finishRequest(complete: Bool) -> HTTPParsedRequest {
        let digest = bodySize > 0 ? hexString(hasher.finalize()) : nil
        let r = HTTPParsedRequest(head: head!, bodySize: bodySize, bodySha256: digest, bodyPreview: preview, complete: complete)
        head = nil; state = .none; bodySize = 0; preview = []; hasher = SHA256(); continueSent = false
        return r
    }

    static func headEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        var i = 0
        while i + 3 < b.count {
            if b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }
}

/// Chooses what the simulated web server answers. Bodies are loaded and hashed once, at start.
public struct HTTPResponder: Sendable {
    public struct Body: Sendable {
        public let bytes: ByteBuffer
        public let sha256: String
        init(_ b: [UInt8]) { bytes = ByteBufferAllocator().buffer(bytes: b); sha256 = sha256Hex(b) }
    }
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Body
        public var label: String
    }
    let policy: HTTPPolicy
    let payload: Body
    let payloadName: String
    /// The harmless PE for Windows-program downloads (`HTTPPolicy.windowsPayload`), when used.
    let windowsPayload: Body?
    let defaultPage: Body
    let ruleBodies: [String: Body]

    static let probes: [(path: String, status: Int, body: String)] = [
        ("/generate_204", 204, ""), ("/gen_204", 204, ""),
        ("/connecttest.txt", 200, "Microsoft Connect Test"), ("/ncsi.txt", 200, "Microsoft NCSI"),
        ("/success.txt", 200, "success\n"), ("/hotspot-detect.html", 200, "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"),
    ]

    public static let builtinPayload = Array("#!/bin/sh\necho 'petri simulated payload: nothing to see'\nexit 0\n".utf8)

    public init(policy: HTTPPolicy) {
        self.policy = policy
        if let f = policy.payloadFile, let d = try? Data(contentsOf: f) {
            payload = Body(Array(d)); payloadName = f.lastPathComponent; windowsPayload = nil
        } else {
            payload = Body(Self.builtinPayload); payloadName = "builtin"
            windowsPayload = policy.windowsPayload ? Body(HarmlessPE.bytes) : nil
        }
        defaultPage = Body(Array(policy.defaultHTML.utf8))
        var bodies: [String: Body] = [:]
        for r in policy.rules {
            if let f = r.bodyFile, let d = try? Data(contentsOf: f) { bodies[r.id] = Body(Array(d)) } else { bodies[r.id] = Body(r.body) }
        }
        ruleBodies = bodies
    }

    public func respond(to head: HTTPRequestHead) -> Response {
        let host = (head.header("Host") ?? "").split(separator: ":").first.map(String.init) ?? ""
        let path = head.path
        for r in policy.rules where globMatch(r.host, host) && globMatch(r.path, path) {
            return Response(status: r.status, contentType: r.contentType, body: ruleBodies[r.id] ?? Body([]), label: "rule:\(r.id)")
        }
        let lower = path.lowercased()
        if policy.connectivityProbes, let probe = Self.probes.first(where: { lower == $0.path }) {
            return Response(status: probe.status, contentType: "text/plain", body: Body(Array(probe.body.utf8)), label: "probe:\(probe.path)")
        }
        let accept = head.header("Accept")?.lowercased() ?? ""
        if let pe = windowsPayload, policy.windowsPayloadExtensions.contains(where: { lower.hasSuffix($0) }) {
            return Response(status: 200, contentType: "application/octet-stream", body: pe, label: "payload:builtin-pe")
        }
        if policy.payloadExtensions.contains(where: { lower.hasSuffix($0) }) || accept.contains("application/octet-stream") {
            return Response(status: 200, contentType: "application/octet-stream", body: payload, label: "payload:\(payloadName)")
        }
        return Response(status: 200, contentType: "text/html; charset=utf-8", body: defaultPage, label: "default-html")
    }

    /// Status line and headers; the body follows unless the method is HEAD.
    public func head(_ r: Response, keepAlive: Bool) -> [UInt8] {
        let reason = [200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"][r.status] ?? "OK"
        var s = "HTTP/1.1 \(r.status) \(reason)\r\nServer: \(policy.serverHeader)\r\nContent-Type: \(r.contentType)\r\n"
        s += "Content-Length: \(r.body.bytes.readableBytes)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(s.utf8)
    }
}

func sha256Hex(_ b: [UInt8]) -> String { hexString(SHA256.hash(data: b)) }

func hexString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for c in bytes { out.append(digits[Int(c >> 4)]); out.append(digits[Int(c & 0x0f)]) }
    return String(decoding: out, as: UTF8.self)
}
