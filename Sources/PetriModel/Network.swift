/// The `network` section of a report. `attempts` come from the syscalls (connect/sendto/bind) and are
/// always present; the service records (dns, connections, http, tls, other) come from the simulated
/// internet (PetriNet) when the run's network mode is `sinkhole`.
public struct NetworkSection: Codable, Sendable, Equatable {
    public var mode: String
    public var attempts: [NetworkAttempt]
    public var dns: [DNSRecord]
    public var connections: [ConnectionRecord]
    public var http: [HTTPRecord]
    public var tls: [TLSRecord]
    public var other: [ServiceRecord]
    /// Relative path of the capture under the artifacts folder, when written.
    public var pcap: String?
    /// Relative path of the TLS key log (NSS key log format) that decrypts the capture's intercepted
    /// TLS sessions (`tshark -o tls.keylog_file:PATH`), when TLS was intercepted.
    public var keylog: String?
    /// Relative path of the run's CA certificate (PEM) that signed the intercepted sessions' certificates.
    public var tlsCA: String?
    /// Caps that were hit, e.g. "http body kept 1 MiB of 100 MiB".
    public var truncations: [String]
    /// How the simulated internet ran (e.g. whether any-port interception was active).
    public var notes: [String]

    public init(mode: String = "none") {
        self.mode = mode; attempts = []; dns = []; connections = []; http = []; tls = []; other = []; pcap = nil; truncations = []; notes = []
    }

    enum CodingKeys: String, CodingKey { case mode, attempts, dns, connections, http, tls, other, pcap, keylog, tlsCA = "tls_ca", truncations, notes }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode) ?? "none"
        attempts = try c.decodeIfPresent([NetworkAttempt].self, forKey: .attempts) ?? []
        dns = try c.decodeIfPresent([DNSRecord].self, forKey: .dns) ?? []
        connections = try c.decodeIfPresent([ConnectionRecord].self, forKey: .connections) ?? []
        http = try c.decodeIfPresent([HTTPRecord].self, forKey: .http) ?? []
        tls = try c.decodeIfPresent([TLSRecord].self, forKey: .tls) ?? []
        other = try c.decodeIfPresent([ServiceRecord].self, forKey: .other) ?? []
        pcap = try c.decodeIfPresent(String.self, forKey: .pcap)
        keylog = try c.decodeIfPresent(String.self, forKey: .keylog)
        tlsCA = try c.decodeIfPresent(String.self, forKey: .tlsCA)
        truncations = try c.decodeIfPresent([String].self, forKey: .truncations) ?? []
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    }
}

/// A network syscall the sample made, recorded whether or not anything answered.
public struct NetworkAttempt: Codable, Sendable, Equatable {
    public var seq: UInt64
    public var pid: Int32
    public var syscall: String          // connect, sendto, sendmsg, bind, listen
    public var family: String           // AF_INET, AF_INET6, AF_UNIX, ...
    public var proto: String            // tcp, udp, raw, unix, netlink, other
    public var address: String          // "198.51.100.5:80", "[2001:db8::1]:443", unix path
    public var ip: String?
    public var port: Int?
    public var domain: String?          // name it was resolved from (simulated DNS), when known
    public init(seq: UInt64, pid: Int32, syscall: String, family: String, proto: String, address: String, ip: String? = nil, port: Int? = nil) {
        self.seq = seq; self.pid = pid; self.syscall = syscall; self.family = family; self.proto = proto
        self.address = address; self.ip = ip; self.port = port
    }
    enum CodingKeys: String, CodingKey { case seq, pid, syscall, family, proto = "protocol", address, ip, port, domain }
}

public struct DNSRecord: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var answers: [String]
    public var rcode: String
    public var transport: String        // udp, tcp
    public var timeNs: UInt64
    public var pid: Int32?
    public var seqs: [UInt64]
    public init(name: String, type: String, answers: [String], rcode: String, transport: String, timeNs: UInt64, pid: Int32? = nil, seqs: [UInt64] = []) {
        self.name = name; self.type = type; self.answers = answers; self.rcode = rcode; self.transport = transport
        self.timeNs = timeNs; self.pid = pid; self.seqs = seqs
    }
    enum CodingKeys: String, CodingKey { case name, type, answers, rcode, transport, timeNs = "time_ns", pid, seqs }
}

public struct ConnectionRecord: Codable, Sendable, Equatable {
    public var id: String
    public var proto: String            // tcp, udp
    public var ip: String
    public var port: Int
    public var domain: String?
    public var service: String          // dns, http, tls, smtp, irc, raw
    public var bytesIn: UInt64          // from the sample to the service
    public var bytesOut: UInt64         // from the service to the sample
    public var preview: String          // first bytes, hex + ascii
    public var timeNs: UInt64
    public var pid: Int32?
    public var seqs: [UInt64]
    /// The sample's side of the connection (its source port), when known.
    public var srcPort: Int?
    /// Nanoseconds the connection stayed open, when it ended before the run did.
    public var durationNs: UInt64?
    /// Relative path under the artifacts folder of the first bytes the sample sent on it, when kept.
    public var dataFile: String?
    public init(id: String, proto: String, ip: String, port: Int, service: String, timeNs: UInt64) {
        self.id = id; self.proto = proto; self.ip = ip; self.port = port; self.domain = nil; self.service = service
        self.bytesIn = 0; self.bytesOut = 0; self.preview = ""; self.timeNs = timeNs; self.pid = nil; self.seqs = []
        self.srcPort = nil; self.durationNs = nil; self.dataFile = nil
    }
    enum CodingKeys: String, CodingKey {
        case id, proto = "protocol", ip, port, domain, service, bytesIn = "bytes_in", bytesOut = "bytes_out", preview
        case timeNs = "time_ns", pid, seqs, srcPort = "src_port", durationNs = "duration_ns", dataFile = "data_file"
    }
}

public struct HTTPRecord: Codable, Sendable, Equatable {
    public var connection: String
    public var method: String
    public var url: String
    public var host: String
    public var path: String
    public var query: String?
    public var headers: [String: String]
    public var bodySize: UInt64
    public var bodySha256: String?
    public var bodyPreview: String
    public var bodyTruncated: Bool
    /// What petri answered: "default-html", "payload:<name>" ("payload:builtin" the shell script,
    /// "payload:builtin-elf", "-pe", "-zip", "-tar.gz", ...), "json", "ip-lookup", "rule:<id>",
    /// "refused:<kind>" (a second pass that refuses downloads).
    public var response: String
    /// What in the request chose the answer ("name ends in .zip: a ZIP archive holding a Linux program
    /// and a script", "Accept: application/octet-stream, from a Linux requester: its platform's program").
    public var servedReason: String?
    /// The served file (or a file inside the served archive) was later run by the sample: set after
    /// the run from the dropped files' hashes and the exec events.
    public var servedExecuted: Bool?
    public var responseStatus: Int
    public var responseSha256: String?
    /// False when the connection ended before the request was complete (headers or body cut short).
    public var complete: Bool?
    /// True when the request came inside a TLS session petri terminated (HTTPS in the clear).
    public var tls: Bool?
    public var timeNs: UInt64
    public var pid: Int32?
    public var seqs: [UInt64]
    public init(connection: String, method: String, url: String, host: String, path: String, timeNs: UInt64) {
        self.connection = connection; self.method = method; self.url = url; self.host = host; self.path = path
        self.query = nil; self.headers = [:]; self.bodySize = 0; self.bodySha256 = nil; self.bodyPreview = ""
        self.bodyTruncated = false; self.response = ""; self.responseStatus = 0; self.responseSha256 = nil
        self.complete = nil; self.timeNs = timeNs; self.pid = nil; self.seqs = []
    }
    enum CodingKeys: String, CodingKey {
        case connection, method, url, host, path, query, headers, bodySize = "body_size", bodySha256 = "body_sha256"
        case bodyPreview = "body_preview", bodyTruncated = "body_truncated", response, responseStatus = "response_status"
        case responseSha256 = "response_sha256", servedReason = "served_reason", servedExecuted = "served_executed"
        case complete, tls, timeNs = "time_ns", pid, seqs
    }
}

public struct TLSRecord: Codable, Sendable, Equatable {
    public var connection: String
    public var sni: String?
    public var alpn: [String]
    public var version: String?
    public var ja3: String?
    public var ja3Hash: String?
    /// Why the ClientHello could not be parsed, or why the handshake failed.
    public var error: String?
    /// Whether petri terminated the session: "completed" (the client accepted the minted certificate
    /// and the stream was decrypted), "failed" (the client refused it, or left), nil when petri only
    /// recorded the ClientHello and refused.
    public var handshake: String?
    /// The alert the client sent when it refused the handshake ("unknown_ca", "bad_certificate",
    /// "certificate_unknown", ...): a pinning client or one with its own CA bundle.
    public var alert: String?
    /// The name (or address) the presented certificate was minted for.
    public var certificate: String?
    /// The version and ALPN protocol negotiated, when the handshake completed.
    public var negotiatedVersion: String?
    public var negotiatedALPN: String?
    /// Completed handshakes: the decrypted bytes the client sent. 0 is a client that closed without
    /// a request: a key pinned and checked after the handshake (`curl --pinnedpubkey`), or a probe
    /// of the certificate only (`openssl s_client </dev/null`); the record cannot tell which.
    public var clientBytes: UInt64?
    public var timeNs: UInt64
    public var pid: Int32?
    public var seqs: [UInt64]
    public init(connection: String, timeNs: UInt64) {
        self.connection = connection; self.sni = nil; self.alpn = []; self.version = nil; self.ja3 = nil; self.ja3Hash = nil; self.error = nil
        self.timeNs = timeNs; self.pid = nil; self.seqs = []
    }
    enum CodingKeys: String, CodingKey {
        case connection, sni, alpn, version, ja3, ja3Hash = "ja3_hash", error, handshake, alert, certificate
        case negotiatedVersion = "negotiated_version", negotiatedALPN = "negotiated_alpn", clientBytes = "client_bytes", timeNs = "time_ns", pid, seqs
    }
}

/// SMTP, IRC, raw TCP catch-all, UDP datagrams.
public struct ServiceRecord: Codable, Sendable, Equatable {
    public var connection: String
    public var service: String
    public var lines: [String]
    public var preview: String
    public var bytes: UInt64
    public var truncated: Bool
    public var timeNs: UInt64
    public var pid: Int32?
    public var seqs: [UInt64]
    public init(connection: String, service: String, timeNs: UInt64) {
        self.connection = connection; self.service = service; self.lines = []; self.preview = ""; self.bytes = 0
        self.truncated = false; self.timeNs = timeNs; self.pid = nil; self.seqs = []
    }
    enum CodingKeys: String, CodingKey { case connection, service, lines, preview, bytes, truncated, timeNs = "time_ns", pid, seqs }
}
