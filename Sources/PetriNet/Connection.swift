import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOSSL
import NIOTLS
import PetriModel

/// Everything a connection handler needs, shared by all connections of a run.
struct ServiceContext: Sendable {
    let log: ServiceLog
    let dns: DNSResponder
    let http: HTTPResponder
    let limits: NetworkLimits
    var c2: C2Policy = C2Policy()
    /// Terminates TLS when the run has a CA (TLSInterception.swift).
    var tls: TLSInterceptor? = nil
    var clock: RunClock { log.clock }
}

/// One accepted TCP connection on any port: picks a service by port and by its first bytes, answers,
/// and records what it saw when it ends.
final class SinkholeConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Mode { case sniff, http, tls, smtp, irc, ftp, pop3, imap, raw, dns, closing }
    static let tlsPorts: Set<Int> = [443, 8443, 465, 993, 995, 6697]

    let ctx: ServiceContext
    let id: String
    var mode: Mode = .sniff
    var record: ConnectionRecord
    let openedAt: UInt64
    var preview: [UInt8] = []
    var kept: [UInt8] = []                 // saved to ARTIFACTS/network/ID.bin at the end
    var pending: [UInt8] = []              // sniff, tls and dns buffers
    var httpParser: HTTPRequestParser
    var httpRequestStart: UInt64 = 0
    var service: ServiceRecord?
    var lineBuffer: [UInt8] = []
    var smtpInData = false
    var irc = IRCSession()
    var shell = ShellSession()
    var idle: Scheduled<Void>?
    var finished = false
    /// TLS petri terminated on this connection: none, handshake under way, or decrypting.
    enum TLSState { case none, handshaking, established }
    var tlsState: TLSState = .none
    /// The connection's TLS record while petri terminates the session; logged when it ends.
    var tlsRecord: TLSRecord?
    /// Bytes the client sent after a completed handshake (decrypted).
    var decryptedIn: UInt64 = 0
    var alertSniffer: TLSAlertSniffer?

    init(ctx: ServiceContext, id: String, ip: String, port: Int, srcPort: Int?) {
        self.ctx = ctx
        self.id = id
        openedAt = ctx.clock.now()
        record = ConnectionRecord(id: id, proto: "tcp", ip: ip, port: port, service: "raw", timeNs: openedAt)
        record.srcPort = srcPort
        httpParser = HTTPRequestParser(previewCap: ctx.limits.httpBodyPreviewBytes, maxHead: ctx.limits.httpMaxHeadBytes)
    }

    func channelActive(context: ChannelHandlerContext) {
        switch record.port {
        case 53: mode = .dns; record.service = "dns"
        case 25, 587, 2525:
            mode = .smtp; record.service = "smtp"; startService("smtp")
            send(context, "220 mail.example ESMTP Postfix\r\n")
        case 6667, 6665, 6666, 6668, 6669:
            mode = .irc; record.service = "irc"; startService("irc")
        case 21:
            mode = .ftp; record.service = "ftp"; startService("ftp")
            send(context, "220 (vsFTPd 3.0.3)\r\n")
        case 110:
            mode = .pop3; record.service = "pop3"; startService("pop3")
            send(context, "+OK Dovecot ready.\r\n")
        case 143:
            mode = .imap; record.service = "imap"; startService("imap")
            send(context, "* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE AUTH=PLAIN] Dovecot ready.\r\n")
        case 22:
            // SSH speaks first; whatever the client answers is kept by the raw catch-all.
            send(context, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
        default: mode = .sniff; armShellProbe(context)
        }
        armIdle(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buf = unwrapInboundIn(data)
        let bytes = buf.readBytes(length: buf.readableBytes) ?? []
        record.bytesIn += UInt64(bytes.count)
        if tlsState == .established { decryptedIn += UInt64(bytes.count) }
        if preview.count < ctx.limits.connectionPreviewBytes { preview += bytes.prefix(ctx.limits.connectionPreviewBytes - preview.count) }
        if kept.count < ctx.limits.streamKeepBytes, ctx.log.dataDirectory != nil {
            let grant = ctx.log.reserveKept(min(bytes.count, ctx.limits.streamKeepBytes - kept.count))
            kept += bytes.prefix(grant)
        }
        if !bytes.isEmpty { shell.timer?.cancel() }
        armIdle(context)
        consume(context, bytes[...])
    }

    func consume(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        switch mode {
        case .sniff:
            pending += bytes
            if TLSClientHello.looksLikeTLS(pending[...]) { mode = .tls; record.service = "tls" }
            else {
                switch HTTPSniff.check(pending[...]) {
                case .needMore where pending.count < 16: return
                case .http: mode = .http; record.service = tlsState == .established ? "https" : "http"; httpRequestStart = ctx.clock.now()
                default:
                    if pending.count < 3 && Self.tlsPorts.contains(record.port) && pending.first == 0x16 { return }
                    if IRCSession.looksLikeIRC(pending[...]) {
                        mode = .irc; record.service = "irc"; startService("irc")
                    } else {
                        mode = .raw; record.service = "raw"; startService("raw")
                    }
                }
            }
            let data = pending
            pending = []
            consume(context, data[...])
        case .http: consumeHTTP(context, bytes)
        case .tls: consumeTLS(context, bytes)
        case .dns: consumeDNS(context, bytes)
        case .smtp, .irc, .ftp, .pop3, .imap: consumeLines(context, bytes)
        case .raw:
            shellRead(context, bytes)
            guard var s = service else { return }
            s.bytes += UInt64(bytes.count)
            let keep = ctx.limits.rawKeepBytes
            if pending.count < keep { pending += bytes.prefix(keep - pending.count) }
            if s.bytes > UInt64(keep) { s.truncated = true }
            service = s
            if pending.count >= keep {
                ctx.log.truncated("raw catch-all keeps \(keep) bytes per connection, then closes")
                close(context)
            }
        case .closing: break
        }
    }

    // MARK: HTTP

    func consumeHTTP(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        if !httpParser.inRequest { httpRequestStart = ctx.clock.now() }
        let done = httpParser.feed(bytes)
        for req in done {
            if req.head.method == "CONNECT" {
                // A proxy tunnel: agree, then treat what follows as a new stream (often a TLS ClientHello).
                record(http: req, response: HTTPResponder.Response(status: 200, contentType: "", body: .init([]), label: "connect-tunnel"))
                send(context, "HTTP/1.1 200 Connection established\r\n\r\n")
                let rest = httpParser.leftover
                httpParser = HTTPRequestParser(previewCap: ctx.limits.httpBodyPreviewBytes, maxHead: ctx.limits.httpMaxHeadBytes)
                mode = .sniff
                if !rest.isEmpty { consume(context, rest[...]) }
                return
            }
            let resp = ctx.http.respond(to: req.head)
            let keepAlive = req.head.version == "HTTP/1.1" && req.head.header("Connection")?.lowercased() != "close"
            record(http: req, response: resp)
            httpRequestStart = ctx.clock.now()
            let withBody = req.head.method != "HEAD"
            send(context, ctx.http.head(resp, keepAlive: keepAlive), thenClose: !keepAlive && !withBody)
            if withBody { send(context, resp.body.bytes, thenClose: !keepAlive) }
            if !keepAlive { return }
        }
        if httpParser.awaitingContinue {
            httpParser.markContinueSent()
            send(context, "HTTP/1.1 100 Continue\r\n\r\n")
        }
        if httpParser.overflowed {
            if let partial = httpParser.finish() { record(http: partial, response: nil) }
            ctx.log.truncated("http request head over \(ctx.limits.httpMaxHeadBytes) bytes or unparseable: recorded cut short, connection closed")
            close(context)
        }
    }

    func record(http req: HTTPParsedRequest, response: HTTPResponder.Response?) {
        let host = req.head.header("Host") ?? record.ip
        let scheme = tlsState == .established ? "https" : "http"
        let url = req.head.method == "CONNECT" || req.head.target.hasPrefix("http://") || req.head.target.hasPrefix("https://")
            ? req.head.target : "\(scheme)://\(host)\(req.head.target)"
        var r = HTTPRecord(connection: id, method: req.head.method, url: url, host: host, path: req.head.path, timeNs: httpRequestStart)
        if tlsState == .established { r.tls = true }
        r.query = req.head.query
        for (n, v) in req.head.headers {
            let k = n.lowercased()
            r.headers[k] = r.headers[k].map { "\($0), \(v)" } ?? v
        }
        r.bodySize = req.bodySize
        r.bodySha256 = req.bodySha256
        r.bodyPreview = escapedText(req.bodyPreview)
        r.bodyTruncated = req.bodySize > UInt64(req.bodyPreview.count)
        if let resp = response {
            r.response = resp.label; r.responseStatus = resp.status; r.responseSha256 = resp.body.sha256
            r.servedReason = resp.reason
        } else {
            r.response = "none"
        }
        if !req.complete { r.complete = false }
        ctx.log.add(http: r)
    }

    // MARK: TLS

    func consumeTLS(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        pending += bytes
        let hello: TLSClientHello
        do {
            hello = try TLSClientHello.parse(pending)
        } catch TLSParseError.needMore where pending.count < 70_000 {
            return
        } catch {
            recordTLS(hello: nil, error: "\(error)")
            refuseTLS(context)
            return
        }
        guard let interceptor = ctx.tls, tlsState == .none else {
            // No CA this run (or TLS inside petri's own TLS): record the hello and refuse.
            recordTLS(hello: hello, error: nil)
            refuseTLS(context)
            return
        }
        var r = Self.tlsRecord(id: id, openedAt: openedAt, hello: hello)
        // A client that sends no name gets a certificate for the address it connected to.
        let name = hello.sni.flatMap { $0.isEmpty ? nil : $0 } ?? record.ip
        let handler: NIOSSLServerHandler
        let sniffer = TLSAlertSniffer()
        do {
            handler = try NIOSSLServerHandler(context: interceptor.context(for: name))
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
            try context.pipeline.syncOperations.addHandler(sniffer, position: .first)
        } catch {
            r.error = "not intercepted: \(error)"
            pending = []
            ctx.log.add(tls: r)
            refuseTLS(context)
            return
        }
        r.certificate = name.lowercased()
        r.handshake = "failed"     // until the handshake completes
        tlsRecord = r
        alertSniffer = sniffer
        tlsState = .handshaking
        record.service = "tls"
        mode = .sniff
        // The hello goes through the TLS handler now in front of this one; the decrypted stream
        // comes back to channelRead and is sniffed like any other (HTTP, IRC, a shell...).
        let hs = context.channel.allocator.buffer(bytes: pending)
        pending = []
        context.pipeline.syncOperations.fireChannelRead(NIOAny(hs))
        context.pipeline.syncOperations.fireChannelReadComplete()
        // The server's flight just left, so Linux delays its next ACK (interactive mode); BoringSSL
        // sends nothing after the client's Finished, and a client with Nagle on (Python's default)
        // holds its request until that ACK: 40 ms a request. Acknowledge the Finished at once.
        try? context.channel.syncOptions?.setOption(.tcpOption(.init(rawValue: CInt(TCP_QUICKACK))), value: 1)
    }

    static func tlsRecord(id: String, openedAt: UInt64, hello: TLSClientHello?) -> TLSRecord {
        var r = TLSRecord(connection: id, timeNs: openedAt)
        if let h = hello {
            r.sni = h.sni; r.alpn = h.alpn; r.version = h.versionName; r.ja3 = h.ja3; r.ja3Hash = h.ja3Hash
        }
        return r
    }

    func recordTLS(hello: TLSClientHello?, error: String?) {
        var r = Self.tlsRecord(id: id, openedAt: openedAt, hello: hello)
        r.error = error
        pending = []
        mode = .closing
        ctx.log.add(tls: r)
    }

    /// handshake_failure alert, then close: the sample sees a server that refused it.
    func refuseTLS(_ context: ChannelHandlerContext) {
        send(context, [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28], thenClose: true)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? TLSUserEvent, case .handshakeCompleted(let proto) = e, tlsState == .handshaking {
            tlsState = .established
            if let sniffer = alertSniffer { _ = try? context.pipeline.syncOperations.removeHandler(sniffer); alertSniffer = nil }
            tlsRecord?.handshake = "completed"
            tlsRecord?.negotiatedALPN = proto
            if let h = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self), let v = h.tlsVersion {
                tlsRecord?.negotiatedVersion = Self.versionName(v)
            }
            // A TLS-wrapped reverse shell waits in silence like a plain one.
            if mode == .sniff { armShellProbe(context) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    static func versionName(_ v: TLSVersion) -> String {
        switch v {
        case .tlsv1: return "TLS 1.0"
        case .tlsv11: return "TLS 1.1"
        case .tlsv12: return "TLS 1.2"
        case .tlsv13: return "TLS 1.3"
        }
    }

    /// Logs the terminated session's record once, when the handshake failed or the connection ended.
    func finishTLS(error: String? = nil) {
        guard var r = tlsRecord else { return }
        tlsRecord = nil
        if r.handshake != "completed" {
            r.error = error ?? r.error ?? "connection closed during the handshake"
            if r.alert == nil { r.alert = alertSniffer?.alert }
        } else {
            r.clientBytes = decryptedIn
        }
        ctx.log.add(tls: r)
    }

    // MARK: DNS over TCP

    func consumeDNS(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        pending += bytes
        while pending.count >= 2 {
            let len = Int(pending[0]) << 8 | Int(pending[1])
            guard pending.count >= 2 + len else {
                if pending.count > 70_000 { close(context) }
                return
            }
            let msg = Array(pending[2..<(2 + len)])
            pending.removeFirst(2 + len)
            let out = ctx.dns.respond(to: msg)
            ctx.log.add(dns: DNSRecord(name: out.name, type: out.type, answers: out.answers, rcode: out.rcode, transport: "tcp", timeNs: ctx.clock.now()))
            if let resp = out.response { send(context, [UInt8(resp.count >> 8), UInt8(resp.count & 0xff)] + resp) }
        }
    }

    // MARK: SMTP and IRC greeters

    func startService(_ name: String) {
        service = ServiceRecord(connection: id, service: name, timeNs: openedAt)
    }

    func consumeLines(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        guard var s = service else { return }
        s.bytes += UInt64(bytes.count)
        if s.preview.count < ctx.limits.rawKeepBytes { s.preview += escapedText(Array(bytes.prefix(ctx.limits.rawKeepBytes))) }
        service = s
        lineBuffer += bytes
        while let nl = lineBuffer.firstIndex(of: 0x0A) {
            var line = Array(lineBuffer[..<nl])
            lineBuffer.removeFirst(nl + 1)
            if line.last == 0x0D { line.removeLast() }
            handleLine(context, String(decoding: line, as: UTF8.self))
            if mode == .closing { return }
        }
        if lineBuffer.count > 8192 {
            addLine(escapedText(lineBuffer)); lineBuffer = []
        }
    }

    func addLine(_ line: String) {
        guard var s = service else { return }
        if s.lines.count < ctx.limits.maxLinesPerConnection { s.lines.append(String(line.prefix(1024))) }
        else if !s.truncated { s.truncated = true; ctx.log.truncated("greeter keeps \(ctx.limits.maxLinesPerConnection) lines per connection") }
        service = s
    }

    func handleLine(_ context: ChannelHandlerContext, _ line: String) {
        let verb = line.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
        switch mode {
        case .ftp, .pop3, .imap:
            addLine(line)
            if mode == .imap {
                let parts = line.split(separator: " ", maxSplits: 2)
                let tag = parts.first.map(String.init) ?? "*"
                let cmd = parts.count > 1 ? parts[1].uppercased() : ""
                if cmd == "LOGOUT" { send(context, "* BYE Logging out\r\n\(tag) OK Logout completed.\r\n", thenClose: true); return }
                send(context, "\(tag) OK \(cmd.isEmpty ? "" : cmd + " ")completed.\r\n")
                return
            }
            let ok = mode == .ftp
                ? ["USER": "331 Please specify the password.", "PASS": "230 Login successful.", "QUIT": "221 Goodbye.",
                   "SYST": "215 UNIX Type: L8", "PWD": "257 \"/\" is the current directory", "TYPE": "200 Switching to Binary mode.",
                   "CWD": "250 Directory successfully changed.", "PASV": "502 Command not implemented.",
                   "STOR": "550 Permission denied.", "RETR": "550 Failed to open file."]
                : ["USER": "+OK", "PASS": "+OK Logged in.", "STAT": "+OK 0 0", "LIST": "+OK 0 messages:\r\n.", "QUIT": "+OK Logging out."]
            send(context, "\(ok[verb] ?? (mode == .ftp ? "502 Command not implemented." : "-ERR Unknown command."))\r\n", thenClose: verb == "QUIT")
            return
        default: break
        }
        if mode == .smtp {
            if smtpInData {
                if line == "." { smtpInData = false; addLine("."); send(context, "250 2.0.0 Ok: queued as 4F2A1C0E3B\r\n") }
                else { addLine(line) }
                return
            }
            addLine(line)
            switch verb {
            case "EHLO": send(context, "250-mail.example\r\n250-SIZE 52428800\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            case "HELO": send(context, "250 mail.example\r\n")
            case "MAIL", "RCPT", "RSET", "NOOP": send(context, "250 2.1.0 Ok\r\n")
            case "DATA": smtpInData = true; send(context, "354 End data with <CR><LF>.<CR><LF>\r\n")
            case "AUTH": send(context, "235 2.7.0 Authentication successful\r\n")
            case "STARTTLS": send(context, "454 4.7.0 TLS not available due to local problem\r\n")
            case "QUIT": send(context, "221 2.0.0 Bye\r\n", thenClose: true)
            default: send(context, "502 5.5.2 Error: command not recognized\r\n")
            }
        } else {
            addLine(line)
            handleIRC(context, line, verb: verb)
        }
    }

    // MARK: plumbing

    func send(_ context: ChannelHandlerContext, _ text: String, thenClose: Bool = false) { send(context, Array(text.utf8), thenClose: thenClose) }

    func send(_ context: ChannelHandlerContext, _ bytes: [UInt8], thenClose: Bool = false) {
        send(context, context.channel.allocator.buffer(bytes: bytes), thenClose: thenClose)
    }

    func send(_ context: ChannelHandlerContext, _ buf: ByteBuffer, thenClose: Bool = false) {
        guard context.channel.isActive else { return }
        record.bytesOut += UInt64(buf.readableBytes)
        if thenClose {
            mode = .closing
            let p = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(buf), promise: p)
            p.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(buf), promise: nil)
        }
    }

    func close(_ context: ChannelHandlerContext) {
        mode = .closing
        context.close(promise: nil)
    }

    func armIdle(_ context: ChannelHandlerContext) {
        idle?.cancel()
        let timeout = ctx.limits.idleTimeout.components
        let amount = TimeAmount.nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000)
        idle = context.eventLoop.assumeIsolated().scheduleTask(in: amount) { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if tlsState == .handshaking {
            // The client refused the minted certificate (pinning, its own CA bundle), spoke no TLS petri
            // accepts, or reset the connection.
            let text = String(describing: error)
            tlsRecord?.alert = TLSAlertName.from(text) ?? alertSniffer?.alert
            finishTLS(error: (error is NIOSSLError ? "handshake failed: " : "connection failed during the handshake: ") + String(text.prefix(300)))
            mode = .closing
        }
        context.close(promise: nil)
    }

    /// Records what the connection saw; runs once, when it ends (or when the run ends).
    func finish() {
        guard !finished else { return }
        finished = true
        idle?.cancel()
        switch mode {
        case .http:
            if httpParser.inRequest, let partial = httpParser.finish() { record(http: partial, response: nil) }
        case .tls where !pending.isEmpty:
            recordTLS(hello: nil, error: "connection ended before the ClientHello was complete")
        case .sniff where !pending.isEmpty:
            mode = .raw; startService("raw")
            service?.bytes = UInt64(pending.count)
        default: break
        }
        finishTLS()
        finishShell()
        if var s = service {
            if s.service == "raw" || s.service == "shell" {
                s.preview = hexPreview(Array(pending.prefix(ctx.limits.rawKeepBytes)))
                if s.bytes == 0 { s.bytes = UInt64(pending.count) }
            } else if !lineBuffer.isEmpty {
                s.lines.append(escapedText(Array(lineBuffer.prefix(1024))))
            }
            ctx.log.add(other: s)
        }
        record.preview = hexPreview(preview)
        record.dataFile = ctx.log.saveData(kept, id: id)
        if record.bytesIn > UInt64(kept.count), !kept.isEmpty { ctx.log.truncated("connection data saved up to \(ctx.limits.streamKeepBytes) bytes per connection") }
        let now = ctx.clock.now()
        record.durationNs = now >= openedAt ? now - openedAt : 0
        ctx.log.add(connection: record)
        ctx.log.closed(id)
    }
}
