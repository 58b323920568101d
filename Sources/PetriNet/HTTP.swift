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

/// Chooses what the simulated web server answers, by who asks and what for (docs/network.md,
/// "What is served"). Bodies are made and hashed once, at start.
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
        /// Why this answer: what in the request chose it (recorded as `http[].served_reason`).
        public var reason: String? = nil
    }
    /// The built-in answers to downloads, by the type asked for.
    public enum Kind: String, Sendable, CaseIterable {
        case pe, elf, shell = "sh", python, powershell, batch, zip, tarGz = "tar.gz", tar
        /// A page that is also a script (a command-line fetcher asking for an untyped name).
        case shellPage = "sh-page", powershellPage = "ps1-page"
        var label: String { self == .shell ? "payload:builtin" : "payload:builtin-\(rawValue)" }
        var contentType: String {
            switch self {
            case .pe, .elf: return "application/octet-stream"
            case .shell: return "text/x-sh"
            case .shellPage, .powershellPage: return "text/html; charset=utf-8"
            case .python: return "text/x-python"
            case .powershell, .batch: return "text/plain"
            case .zip: return "application/zip"
            case .tarGz: return "application/gzip"
            case .tar: return "application/x-tar"
            }
        }
    }
    let policy: HTTPPolicy
    /// The configured payload file, which answers every download.
    let payload: (body: Body, name: String)?
    let builtin: [Kind: Body]
    /// Wine runs: the archives with the Windows program.
    let windowsArchives: [Kind: Body]
    let defaultPage: Body
    let ruleBodies: [String: Body]
    let json: Body
    let ipText: Body
    let ipJSON: Body

    static let probes: [(path: String, status: Int, body: String)] = [
        ("/generate_204", 204, ""), ("/gen_204", 204, ""),
        ("/connecttest.txt", 200, "Microsoft Connect Test"), ("/ncsi.txt", 200, "Microsoft NCSI"),
        ("/success.txt", 200, "success\n"), ("/hotspot-detect.html", 200, "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"),
    ]

    public static let builtinPayload = HarmlessScripts.shell
    /// The public address the simulated internet reports to "what is my IP" lookups (TEST-NET-3).
    public static let publicAddress = "203.0.113.77"
    /// Services whose whole answer is the caller's public address (the answer petri gives is
    /// `publicAddress`; no packet reaches them).
    static let ipLookupHosts = ["api.ipify.org", "api64.ipify.org", "ifconfig.me", "ifconfig.co", "icanhazip.com",
                                "ipinfo.io", "ip-api.com", "checkip.amazonaws.com", "ident.me", "myexternalip.com",
                                "wtfismyip.com", "ipecho.net", "ip.sb", "api.myip.com", "ipapi.co", "myip.dnsomatic.com"]

    /// Name endings and the type each asks for (checked on the last path segment, lower-cased).
    static let suffixes: [(String, Kind?)] = [
        (".tar.gz", .tarGz), (".tgz", .tarGz), (".tar", .tar), (".zip", .zip),
        (".sh", .shell), (".bash", .shell), (".py", .python), (".ps1", .powershell), (".psm1", .powershell),
        (".bat", .batch), (".cmd", .batch),
        (".elf", .elf), (".so", .elf), (".out", .elf), (".x86", .elf), (".x86_64", .elf), (".i686", .elf), (".i586", .elf),
        (".arm", .elf), (".arm5", .elf), (".arm6", .elf), (".arm7", .elf), (".aarch64", .elf), (".mips", .elf),
        (".mpsl", .elf), (".mipsel", .elf), (".ppc", .elf), (".m68k", .elf), (".sh4", .elf), (".spc", .elf),
        (".bin", nil),   // the requester's platform program
    ]

    public init(policy: HTTPPolicy) {
        self.policy = policy
        payload = policy.payloadFile.flatMap { f in (try? Data(contentsOf: f)).map { (Body(Array($0)), f.lastPathComponent) } }
        var kinds: [Kind: Body] = [:]
        for k in Kind.allCases { kinds[k] = Body(Self.bytes(k, page: policy.defaultHTML)) }
        builtin = kinds
        var win: [Kind: Body] = [:]
        if policy.windowsPayload { for k in [Kind.zip, .tarGz, .tar] { win[k] = Body(Self.bytes(k, windows: true)) } }
        windowsArchives = win
        defaultPage = Body(Array(policy.defaultHTML.utf8))
        json = Body(Array(#"{"status":"ok","code":0,"message":"success","data":{}}"#.utf8) + [10])
        ipText = Body(Array((Self.publicAddress + "\n").utf8))
        ipJSON = Body(Array(#"{"ip":"\#(Self.publicAddress)","country":"US","org":"AS64500 Example Hosting"}"#.utf8) + [10])
        var bodies: [String: Body] = [:]
        for r in policy.rules {
            if let f = r.bodyFile, let d = try? Data(contentsOf: f) { bodies[r.id] = Body(Array(d)) } else { bodies[r.id] = Body(r.body) }
        }
        ruleBodies = bodies
    }

    /// The bytes of each built-in answer (archives hold the Linux program and script; a Wine run's
    /// archives are made per request with the Windows ones, see `archive`).
    public static func bytes(_ k: Kind, windows: Bool = false, page: String = HTTPPolicy().defaultHTML) -> [UInt8] {
        switch k {
        // No #! line: saved under a page's name it is no script (no drops-executable or masquerade
        // for a backup tool that saves a status page); sh, and a shell after ENOEXEC, still run it.
        case .shellPage: return Array("echo 'petri simulated payload: nothing to see'; exit 0\n".utf8) + Array(page.utf8)
        case .powershellPage: return HarmlessScripts.powershell + Array("<#\r\n".utf8) + Array(page.utf8) + Array("#>\r\n".utf8)
        case .pe: return HarmlessPE.bytes
        case .elf: return HarmlessELF.bytes
        case .shell: return HarmlessScripts.shell
        case .python: return HarmlessScripts.python
        case .powershell: return HarmlessScripts.powershell
        case .batch: return HarmlessScripts.batch
        case .zip: return HarmlessArchive.zip(HarmlessArchive.members(windows: windows))
        case .tarGz: return HarmlessArchive.gzip(HarmlessArchive.tar(HarmlessArchive.members(windows: windows)))
        case .tar: return HarmlessArchive.tar(HarmlessArchive.members(windows: windows))
        }
    }

    /// Every body a run can serve for downloads, with the files inside the archives: what the
    /// report matches dropped and executed files against.
    public static func servedBodies(windows: Bool) -> [[UInt8]] {
        var out = Kind.allCases.map { bytes($0, windows: false) }
        if windows { out += [bytes(.zip, windows: true), bytes(.tarGz, windows: true), bytes(.tar, windows: true)] }
        return out
    }

    /// What a request asks for, and why: nil when it is no download.
    public func classify(_ head: HTTPRequestHead) -> (kind: Kind, reason: String)? {
        let path = head.path.lowercased()
        let last = String(path.split(separator: "/").last ?? "")
        let ua = head.header("User-Agent") ?? ""
        let accept = head.header("Accept")?.lowercased() ?? ""
        let windows = policy.windowsPayload
        let requester = windows ? "a Windows requester (Wine run)" : "a Linux requester"
        let program: Kind = windows ? .pe : .elf
        if let ext = policy.windowsPayloadExtensions.first(where: { last.hasSuffix($0) }) {
            return (.pe, "name ends in \(ext): a Windows program")
        }
        for (ext, kind) in Self.suffixes where last.hasSuffix(ext) {
            if let kind {
                let what = [Kind.elf: "a Linux program", .shell: "a shell script", .python: "a Python script",
                            .powershell: "a PowerShell script", .batch: "a batch file", .zip: "a ZIP archive",
                            .tarGz: "a gzip'd tar archive", .tar: "a tar archive"][kind] ?? kind.rawValue
                let holds = [Kind.zip, .tarGz, .tar].contains(kind) ? " holding \(windows ? "a Windows" : "a Linux") program and a script" : ""
                return (kind, "name ends in \(ext): \(what)\(holds)")
            }
            return (program, "name ends in \(ext), from \(requester): its platform's program")
        }
        if let ext = policy.payloadExtensions.first(where: { last.hasSuffix($0) }) {
            return (program, "name ends in \(ext) (payload extensions), from \(requester): its platform's program")
        }
        if accept.contains("application/octet-stream") {
            return (program, "Accept: application/octet-stream, from \(requester): its platform's program")
        }
        // A command-line fetcher asking for a name without a type: `curl URL | sh` is how scripts
        // are fetched and run, but so are pages and check-ins. The answer is both: the page, preceded
        // by a harmless script line that ends before it (`exit 0`; PowerShell: the page in a <# #> comment).
        let lowerUA = ua.lowercased()
        let fetchers = [("curl/", "curl"), ("wget/", "Wget"), ("wget2/", "Wget2"), ("busybox", "BusyBox wget"),
                        ("fetch libfetch", "fetch"), ("powershell", "PowerShell")]
        if !last.contains("."), let (_, tool) = fetchers.first(where: { lowerUA.contains($0.0) }) {
            if tool == "PowerShell" {
                return (.powershellPage, "User-Agent \(tool) asking for a name without a type: the page inside a harmless PowerShell script (iwr | iex runs it)")
            }
            return (.shellPage, "User-Agent \(tool) asking for a name without a type: the page after a harmless shell script (curl | sh runs it)")
        }
        return nil
    }

    public func respond(to head: HTTPRequestHead) -> Response {
        let host = ((head.header("Host") ?? "").split(separator: ":").first.map(String.init) ?? "").lowercased()
        let path = head.path
        for r in policy.rules where globMatch(r.host, host) && globMatch(r.path, path) {
            return Response(status: r.status, contentType: r.contentType, body: ruleBodies[r.id] ?? Body([]), label: "rule:\(r.id)",
                            reason: "rule \(r.id) matches host and path")
        }
        let lower = path.lowercased()
        if policy.connectivityProbes, let probe = Self.probes.first(where: { lower == $0.path }) {
            return Response(status: probe.status, contentType: "text/plain", body: Body(Array(probe.body.utf8)), label: "probe:\(probe.path)",
                            reason: "connectivity probe path")
        }
        if Self.ipLookupHosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }) {
            let wantsJSON = lower.contains("json") || (head.header("Accept")?.lowercased().contains("json") ?? false)
                || host.hasSuffix("ipinfo.io") || host.hasSuffix("ip-api.com") || host.hasSuffix("ipapi.co") || host.hasSuffix("myip.com")
            return Response(status: 200, contentType: wantsJSON ? "application/json" : "text/plain", body: wantsJSON ? ipJSON : ipText,
                            label: wantsJSON ? "ip-lookup-json" : "ip-lookup",
                            reason: "public-address lookup service: \(Self.publicAddress)")
        }
        if let (kind, why) = classify(head) {
            if policy.refuseDownloads {
                return Response(status: 404, contentType: "text/html; charset=utf-8", body: Body(Array("<html><body><h1>Not Found</h1></body></html>\n".utf8)),
                                label: "refused:\(kind.rawValue)", reason: why + "; second pass: downloads refused")
            }
            if let payload {
                return Response(status: 200, contentType: "application/octet-stream", body: payload.body, label: "payload:\(payload.name)",
                                reason: why + "; the configured payload file answers every download")
            }
            let body = windowsArchives[kind] ?? builtin[kind]!
            return Response(status: 200, contentType: kind.contentType, body: body, label: kind.label, reason: why)
        }
        let accept = head.header("Accept")?.lowercased() ?? ""
        let contentType = head.header("Content-Type")?.lowercased() ?? ""
        if lower.hasSuffix(".json") || accept.hasPrefix("application/json") || contentType.hasPrefix("application/json") {
            let why = lower.hasSuffix(".json") ? "name ends in .json" : accept.hasPrefix("application/json") ? "Accept: application/json" : "request body is JSON"
            return Response(status: 200, contentType: "application/json", body: json, label: "json", reason: why + ": a JSON API answer")
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
