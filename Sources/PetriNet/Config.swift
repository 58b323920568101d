import Foundation

/// What the sample's network namespace offers.
public enum NetworkMode: String, Sendable, Codable, CaseIterable {
    /// Only lo, no services: every outside connect fails (and is still recorded from the syscall).
    case none
    /// Every destination is routed to lo, where petri's services answer.
    case sinkhole
}

/// How the simulated internet answers. Every field has a default; see docs/network.md.
public struct SimulatedInternetConfig: Sendable {
    public var mode: NetworkMode
    /// Address the core writes into the sandbox's resolv.conf. Any address works (DNS listens on 0.0.0.0:53).
    public var resolverAddress: String
    public var dns: DNSPolicy
    public var http: HTTPPolicy
    public var ports: PortPlan
    public var limits: NetworkLimits
    /// How the catch-all talks back to shells and bots (ShellProbe.swift, IRC.swift).
    public var c2: C2Policy = C2Policy()
    /// The run's CA: with it, TLS is terminated (a certificate minted per requested name) and the
    /// decrypted stream is served like plain text (HTTP records marked `tls`); without it, the
    /// ClientHello is recorded and refused with a handshake_failure alert.
    public var tlsCA: InterceptionCA? = nil
    /// With `tlsCA`: the sessions' secrets go to ARTIFACTS/tls-keys.log (NSS key log format).
    public var tlsKeyLog: Bool = true
    /// Write everything seen on the netns's lo to ARTIFACTS/traffic.pcap.
    public var capture: Bool
    /// Addresses put on lo (as /32 and /128) so the sandbox looks configured: getaddrinfo's
    /// AI_ADDRCONFIG (the default without hints) answers nothing when only loopback addresses exist.
    /// Only the sandbox's netns ever sees them; a profile may choose a realistic LAN address.
    public var localAddresses: [String]

    public init(mode: NetworkMode = .sinkhole, resolverAddress: String = "127.0.0.53", dns: DNSPolicy = DNSPolicy(),
                http: HTTPPolicy = HTTPPolicy(), ports: PortPlan = PortPlan(), limits: NetworkLimits = NetworkLimits(),
                capture: Bool = true, localAddresses: [String] = ["198.51.100.10", "fd00:5eed:1::10"]) {
        self.mode = mode; self.resolverAddress = resolverAddress; self.dns = dns; self.http = http; self.ports = ports
        self.limits = limits; self.capture = capture; self.localAddresses = localAddresses
    }
}

public struct DNSPolicy: Sendable {
    public enum Answer: Sendable, Equatable {
        /// Answer with the given data (MX exchange with `{name}` substituted, TXT strings).
        case answer([String])
        case nxdomain
    }
    /// Names (globs, `*` matches any run of characters, case-insensitive) answered with NXDOMAIN for every type.
    public var nxdomainPatterns: [String]
    public var mx: Answer
    public var txt: Answer
    public var ttl: UInt32
    public init(nxdomainPatterns: [String] = ["*.invalid"], mx: Answer = .answer(["mail.{name}"]),
                txt: Answer = .answer(["v=spf1 -all"]), ttl: UInt32 = 300) {
        self.nxdomainPatterns = nxdomainPatterns; self.mx = mx; self.txt = txt; self.ttl = ttl
    }
}

/// One HTTP answer chosen by host and path globs (first match wins, before the built-in defaults).
public struct HTTPRule: Sendable {
    public var id: String
    public var host: String
    public var path: String
    public var status: Int
    public var contentType: String
    public var bodyFile: URL?
    public var body: [UInt8]
    public init(id: String, host: String = "*", path: String = "*", status: Int = 200,
                contentType: String = "text/html; charset=utf-8", bodyFile: URL? = nil, body: [UInt8] = []) {
        self.id = id; self.host = host; self.path = path; self.status = status; self.contentType = contentType
        self.bodyFile = bodyFile; self.body = body
    }
}

public struct HTTPPolicy: Sendable {
    /// Checked first, in order.
    public var rules: [HTTPRule]
    /// Answers OS connectivity probes the way the real endpoints do (Android/Chrome `generate_204`,
    /// Windows NCSI `connecttest.txt`/`ncsi.txt`, Firefox `success.txt`), so a sample that checks for
    /// internet access before acting sees it. Checked after `rules`.
    public var connectivityProbes: Bool
    /// Served for every request that looks like a download of code, script or archive (a sample's
    /// own second stage); nil serves the built-in harmless file of the type asked for (`ServedFiles.swift`).
    public var payloadFile: URL?
    /// Path suffixes (besides the built-in ones, docs/network.md) that make a request a download of a
    /// program: the requester's platform program is served.
    public var payloadExtensions: [String]
    /// Wine runs: the requester is a Windows program, so a program download whose name does not say
    /// which platform (`.bin`, `Accept: application/octet-stream`) gets the harmless PE and an archive
    /// holds it. `.exe`-like names get the PE in every run, `.elf`-like names the ELF.
    public var windowsPayload: Bool = false
    public var windowsPayloadExtensions: [String] = [".exe", ".scr", ".com", ".pif", ".cpl", ".dll", ".sys"]
    /// Second pass (issue 16): downloads of programs, scripts and archives are answered 404, the
    /// opposite of the first pass, so the branch a sample takes when its download fails runs too.
    public var refuseDownloads: Bool = false
    public var defaultHTML: String
    public var serverHeader: String
    public init(rules: [HTTPRule] = [], payloadFile: URL? = nil,
                payloadExtensions: [String] = [],
                defaultHTML: String = "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n",
                serverHeader: String = "Apache/2.4.57 (Debian)", connectivityProbes: Bool = true) {
        self.connectivityProbes = connectivityProbes
        self.rules = rules; self.payloadFile = payloadFile; self.payloadExtensions = payloadExtensions
        self.defaultHTML = defaultHTML; self.serverHeader = serverHeader
    }
}

/// Which ports have a listener. With `anyPort`, an nftables TPROXY rule inside the netns hands every
/// other TCP/UDP destination to one catch-all socket; the listed ports are bound as well so that
/// loopback destinations (127.0.0.0/8, ::1, which the rule leaves alone) reach the services too.
public struct PortPlan: Sendable {
    public var anyPort: Bool
    /// nft binary used for the any-port rule.
    public var nftPath: String
    public var tcpPorts: [Int]
    public var udpPorts: [Int]
    /// Port the TPROXY rule delivers to.
    public var catchAllPort: Int
    public init(anyPort: Bool = true, nftPath: String = "/usr/sbin/nft",
                tcpPorts: [Int] = PortPlan.defaultTCPPorts, udpPorts: [Int] = PortPlan.defaultUDPPorts, catchAllPort: Int = 1) {
        self.anyPort = anyPort; self.nftPath = nftPath; self.tcpPorts = tcpPorts; self.udpPorts = udpPorts
        self.catchAllPort = catchAllPort
    }
    public static let defaultTCPPorts = [21, 22, 23, 25, 53, 80, 110, 143, 443, 445, 465, 587, 993, 995, 1080, 1433, 3128,
                                         3306, 3389, 4444, 5555, 5900, 6666, 6667, 6697, 7777, 8000, 8080, 8081, 8443,
                                         8888, 9001, 9050, 31337]
    public static let defaultUDPPorts = [69, 123, 137, 161, 500, 1900, 5353, 4444]
}

/// Caps on what is kept. When one is hit the report's `truncations` says so.
public struct NetworkLimits: Sendable {
    /// Connection records kept (further connections are still answered and counted).
    public var maxConnections: Int
    /// Connections open at once; above this new ones are closed at accept.
    public var maxOpenConnections: Int
    public var maxDNSRecords: Int
    public var maxHTTPRecords: Int
    public var maxOtherRecords: Int
    /// Bytes of a connection shown as its hex+ascii preview.
    public var connectionPreviewBytes: Int
    /// Bytes of an HTTP body shown as its preview (the size and sha256 cover the whole body).
    public var httpBodyPreviewBytes: Int
    /// Bytes an HTTP request head may take before the request is recorded as cut short.
    public var httpMaxHeadBytes: Int
    /// Bytes the raw catch-all keeps before it closes the connection.
    public var rawKeepBytes: Int
    /// Bytes the sample sent on a TCP connection that are saved to ARTIFACTS/network/ID.bin (for
    /// canary and payload searches); 0 keeps none.
    public var streamKeepBytes: Int
    /// Total bytes saved that way across the run.
    public var streamKeepTotalBytes: Int
    /// Lines a greeter (SMTP, IRC) records per connection.
    public var maxLinesPerConnection: Int
    /// A connection that sends nothing for this long is closed.
    public var idleTimeout: Duration
    /// pcap file size cap.
    public var pcapMaxBytes: Int
    /// Bytes of each captured packet kept.
    public var pcapSnapLength: Int
    /// How long stop() waits for services to close before it gives up on them.
    public var stopTimeout: Duration
    public init(maxConnections: Int = 5000, maxOpenConnections: Int = 1024, maxDNSRecords: Int = 5000,
                maxHTTPRecords: Int = 2000, maxOtherRecords: Int = 2000, connectionPreviewBytes: Int = 64,
                httpBodyPreviewBytes: Int = 2048, httpMaxHeadBytes: Int = 64 * 1024, rawKeepBytes: Int = 4096,
                streamKeepBytes: Int = 1 << 20, streamKeepTotalBytes: Int = 64 << 20,
                maxLinesPerConnection: Int = 200, idleTimeout: Duration = .seconds(10), pcapMaxBytes: Int = 64 << 20,
                pcapSnapLength: Int = 65535, stopTimeout: Duration = .seconds(2)) {
        self.maxConnections = maxConnections; self.maxOpenConnections = maxOpenConnections; self.maxDNSRecords = maxDNSRecords
        self.maxHTTPRecords = maxHTTPRecords; self.maxOtherRecords = maxOtherRecords
        self.connectionPreviewBytes = connectionPreviewBytes; self.httpBodyPreviewBytes = httpBodyPreviewBytes
        self.httpMaxHeadBytes = httpMaxHeadBytes; self.rawKeepBytes = rawKeepBytes
        self.streamKeepBytes = streamKeepBytes; self.streamKeepTotalBytes = streamKeepTotalBytes; self.maxLinesPerConnection = maxLinesPerConnection
        self.idleTimeout = idleTimeout; self.pcapMaxBytes = pcapMaxBytes; self.pcapSnapLength = pcapSnapLength
        self.stopTimeout = stopTimeout
    }
}

/// What the simulated internet says to a peer that waits for orders. Everything it sends is printed
/// here and in docs/network.md, and none of it changes anything outside the sandbox.
public struct C2Policy: Sendable {
    /// Probe a TCP peer that stays silent after connecting, or whose first bytes look like a shell
    /// prompt, with `echo` of the run token and `id`, then `exit`.
    public var shellProbe: Bool
    /// How long a connected peer may stay silent before it gets the probe.
    public var silenceBeforeProbe: Duration
    /// Fresh per run; its coming back joined proves that a shell ran the probe.
    public var runToken: String
    /// The one command an IRC bot gets after it joined a channel (sent as a PRIVMSG to the channel).
    public var ircCommand: String
    public init(shellProbe: Bool = true, silenceBeforeProbe: Duration = .milliseconds(1500),
                runToken: String = C2Policy.freshToken(), ircCommand: String = "\u{1}VERSION\u{1}") {
        self.shellProbe = shellProbe; self.silenceBeforeProbe = silenceBeforeProbe; self.runToken = runToken
        self.ircCommand = ircCommand
    }

    /// "petri" and 16 random hex digits: only letters and digits, so every shell echoes it unchanged.
    public static func freshToken() -> String {
        var g = SystemRandomNumberGenerator()
        return "petri" + (0..<16).map { _ in String(Int(g.next() % 16), radix: 16) }.joined()
    }
}

/// Case-insensitive glob: `*` matches any run of characters, `?` one character.
func globMatch(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.lowercased().utf8), t = Array(text.lowercased().utf8)
    var pi = 0, ti = 0, star = -1, mark = 0
    while ti < t.count {
        if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) { pi += 1; ti += 1 }
        else if pi < p.count && p[pi] == UInt8(ascii: "*") { star = pi; mark = ti; pi += 1 }
        else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
        else { return false }
    }
    while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
    return pi == p.count
}
