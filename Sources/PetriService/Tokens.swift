import Crypto
import Foundation
import Hummingbird

/// API tokens, stored hashed: a token file has one line per token, `NAME sha256:HEX [max_queued=N]`
/// (`#` starts a comment). The token itself is shown once, by `petri token create`, and never stored.
public struct APITokens: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var hash: [UInt8]
        /// `max_queued=N`: at most N of this token's submissions queued or running (429 beyond).
        public var maxQueued: Int? = nil
    }
    public var entries: [Entry]

    public struct Invalid: Error, CustomStringConvertible { public var description: String }

    public init(entries: [Entry]) { self.entries = entries }

    public static func load(path: String) throws -> APITokens {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(description: "token file \(path) is not readable") }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String = "token file") throws -> APITokens {
        var entries: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count == 2 || f.count == 3, validName(String(f[0])), f[1].hasPrefix("sha256:"), let h = hex(String(f[1].dropFirst(7))), h.count == 32 else {
                throw Invalid(description: "\(source) line \(n + 1): expected `NAME sha256:<64 hex digits> [max_queued=N]`")
            }
            var cap: Int? = nil
            if f.count == 3 {
                guard f[2].hasPrefix("max_queued="), let v = Int(f[2].dropFirst(11)), v >= 1, v <= 1_000_000 else {
                    throw Invalid(description: "\(source) line \(n + 1): expected max_queued=N (1...1000000), not \(f[2].prefix(40))")
                }
                cap = v
            }
            if entries.contains(where: { $0.name == String(f[0]) }) { throw Invalid(description: "\(source) line \(n + 1): token name \(f[0]) twice") }
            entries.append(Entry(name: String(f[0]), hash: h, maxQueued: cap))
        }
        if entries.isEmpty { throw Invalid(description: "\(source) has no tokens") }
        return APITokens(entries: entries)
    }

    static func validName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e }
    }

    static func hex(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        func v(_ c: UInt8) -> UInt8? {
            switch c { case 0x30...0x39: return c - 0x30; case 0x61...0x66: return c - 0x57; case 0x41...0x46: return c - 0x37; default: return nil }
        }
        var out: [UInt8] = []
        var i = 0
        while i < u.count { guard let a = v(u[i]), let b = v(u[i + 1]) else { return nil }; out.append(a << 4 | b); i += 2 }
        return out
    }

    /// A new token (`petri_` + 32 random bytes, base64url) and its file line.
    public static func create(name: String, maxQueued: Int? = nil) throws -> (token: String, line: String) {
        guard validName(name) else { throw Invalid(description: "token name must be 1-64 characters of A-Z a-z 0-9 - _ .") }
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        let b64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let token = "petri_" + b64
        return (token, "\(name) sha256:\(Self.digestHex(token))" + (maxQueued.map { " max_queued=\($0)" } ?? ""))
    }

    static func digestHex(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The entry whose hash matches: every entry is compared, each in constant time.
    public func entry(for token: String) -> Entry? {
        let d = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Entry? = nil
        for e in entries {
            var diff: UInt8 = e.hash.count == d.count ? 0 : 1
            for i in 0..<min(d.count, e.hash.count) { diff |= d[i] ^ e.hash[i] }
            if diff == 0 { found = e }
        }
        return found
    }

    /// The entry of an `Authorization: Bearer <token>` header's token.
    public func entry(authorization header: String) -> Entry? {
        guard header.count > 7, header.lowercased().hasPrefix("bearer ") else { return nil }
        return entry(for: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
    }
}

/// Refuses requests without a valid `Authorization: Bearer <token>` (401, JSON error body);
/// `/healthz` stays open (load balancers' probes).
struct TokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let tokens: APITokens
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" || path == "/api/v1/healthz" { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let problem: String?
        if header.isEmpty {
            problem = "this server needs an API token: send Authorization: Bearer <token>"
        } else if tokens.entry(authorization: header) != nil {
            problem = nil
        } else {
            problem = "the API token is not valid"
        }
        if let problem {
            metrics.request(401)
            var r = PetriAPI.errorResponse(APIError(.unauthorized, "unauthorized", problem))
            r.headers[.wwwAuthenticate] = "Bearer realm=\"petri\""
            return r
        }
        return try await next(request, context)
    }
}
