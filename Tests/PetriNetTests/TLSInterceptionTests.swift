#if os(Linux)
import Foundation
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// HTTPS in the clear, in the lab's netns: the per-run CA, certificates minted per name, real clients
/// (OpenSSL's verifier, curl, Python's ssl) and the decrypted records.
@Suite(.serialized) struct TLSInterceptionTests {
    func inNetns(_ lab: Lab, _ args: [String]) -> (status: Int32, out: String) {
        run("/usr/bin/nsenter", ["--net=/proc/\(getpid())/fd/\(lab.ns.fd)", "--"] + args)
    }

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("petri-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    @Test func mintedCertificatesVerifyForTheirNameOnly() throws {
        guard Prereq.require("openssl", FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")) else { return }
        let ca = try InterceptionCA.generate()
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let caFile = dir.appendingPathComponent("ca.pem")
        try Data(ca.certificatePEM.utf8).write(to: caFile)
        func verify(_ leafName: String, _ check: [String]) throws -> Int32 {
            let f = dir.appendingPathComponent("leaf-\(UUID().uuidString.prefix(6)).pem")
            try Data(try ca.leaf(for: leafName).serializeAsPEM().pemString.utf8).write(to: f)
            return run("/usr/bin/openssl", ["verify", "-CAfile", caFile.path, "-purpose", "sslserver"] + check + [f.path]).status
        }
        #expect(try verify("www.c2.example", ["-verify_hostname", "www.c2.example"]) == 0)
        #expect(try verify("www.c2.example", ["-verify_hostname", "other.example"]) != 0)
        #expect(try verify("198.51.100.5", ["-verify_ip", "198.51.100.5"]) == 0)
        #expect(try verify("fd00:5eed::7", ["-verify_ip", "fd00:5eed::7"]) == 0)
        // Another run's CA does not vouch for this run's certificates.
        let other = dir.appendingPathComponent("other.pem")
        try Data(try InterceptionCA.generate().certificatePEM.utf8).write(to: other)
        let f = dir.appendingPathComponent("x.pem")
        try Data(try ca.leaf(for: "x.example").serializeAsPEM().pemString.utf8).write(to: f)
        #expect(run("/usr/bin/openssl", ["verify", "-CAfile", other.path, f.path]).status != 0)
        #expect(!ca.certificatePEM.lowercased().contains("petri"))
    }

    @Test func alertNamesFromBoringSSLErrors() {
        #expect(TLSAlertName.from("handshakeFailed(sslError([Error: 268436502 error:10000416:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_UNKNOWN]))") == "certificate_unknown")
        #expect(TLSAlertName.from("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA") == "unknown_ca")
        #expect(TLSAlertName.from("error:1000009c:SSL routines:OPENSSL_internal:HTTP_REQUEST") == nil)
        #expect(TLSAlertName.from("EOF during handshake") == nil)
    }

    @Test func curlTrustingTheCAIsDecryptedDirectAndThroughAProxy() async throws {
        guard Prereq.root, Prereq.nft, Prereq.require("curl", FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")) else { return }
        let ca = try InterceptionCA.generate()
        let lab = try await Lab { $0.tlsCA = ca }
        let caFile = lab.dir.appendingPathComponent(SimulatedInternet.caCertificateName).path
        #expect(FileManager.default.contents(atPath: caFile).map { String(decoding: $0, as: UTF8.self) } == ca.certificatePEM)
        let direct = inNetns(lab, ["/usr/bin/curl", "-s", "-m", "5", "--cacert", caFile, "-A", "petri-tls", "https://direct.c2.example/a?q=1"])
        #expect(direct.status == 0 && direct.out.contains("It works!"), "\(direct)")
        let proxied = inNetns(lab, ["/usr/bin/curl", "-s", "-m", "5", "--cacert", caFile, "-x", "http://198.51.100.30:3128",
                                    "https://tunnel.c2.example/b"])
        #expect(proxied.status == 0 && proxied.out.contains("It works!"), "\(proxied)")
        // With another trust, the client refuses: a failed handshake with the alert it sent.
        let otherCA = lab.dir.appendingPathComponent("other-ca.pem")
        try Data(try InterceptionCA.generate().certificatePEM.utf8).write(to: otherCA)
        let refused = inNetns(lab, ["/usr/bin/openssl", "s_client", "-connect", "198.51.100.31:443", "-servername", "refuse.c2.example",
                                    "-CAfile", otherCA.path, "-no-CApath", "-verify_return_error"])
        #expect(refused.status != 0)
        let curlRefused = inNetns(lab, ["/usr/bin/curl", "-s", "-m", "5", "--cacert", otherCA.path, "--capath", "/nonexistent", "https://refuse2.c2.example/"])
        #expect(curlRefused.status != 0)
        let s = await lab.net.stop()
        let a = try #require(s.http.first { $0.path == "/a" }, "\(s.http.map(\.url))")
        #expect(a.url == "https://direct.c2.example/a?q=1" && a.tls == true && a.query == "q=1" && a.headers["user-agent"] == "petri-tls")
        let b = try #require(s.http.first { $0.path == "/b" })
        #expect(b.tls == true && b.host == "tunnel.c2.example")
        #expect(s.http.contains { $0.method == "CONNECT" && $0.tls == nil })
        for name in ["direct.c2.example", "tunnel.c2.example"] {
            let t = try #require(s.tls.first { $0.sni == name })
            #expect(t.handshake == "completed" && t.certificate == name && t.negotiatedVersion == "TLS 1.3" && t.negotiatedALPN == "http/1.1", "\(t)")
        }
        let r = try #require(s.tls.first { $0.sni == "refuse.c2.example" })
        #expect(r.handshake == "failed" && r.alert == "unknown_ca" && r.error?.contains("handshake failed") == true, "\(r)")
        let r2 = try #require(s.tls.first { $0.sni == "refuse2.c2.example" })
        #expect(r2.handshake == "failed" && r2.error != nil && !s.http.contains { $0.host == "refuse2.c2.example" }, "\(r2)")
        #expect(s.keylog == SimulatedInternet.keyLogName && s.tlsCA == SimulatedInternet.caCertificateName)
        let keylog = String(decoding: FileManager.default.contents(atPath: lab.dir.appendingPathComponent(SimulatedInternet.keyLogName).path) ?? Data(), as: UTF8.self)
        #expect(keylog.components(separatedBy: "CLIENT_TRAFFIC_SECRET_0 ").count - 1 >= 2, "one line per decrypted session: \(keylog.prefix(300))")
        // The decrypted stream is what is saved for the canary searches, not the ciphertext.
        let conn = try #require(s.connections.first { $0.id == a.connection })
        let saved = try #require(conn.dataFile.flatMap { FileManager.default.contents(atPath: lab.dir.appendingPathComponent($0).path) })
        #expect(String(decoding: saved, as: UTF8.self).contains("GET /a?q=1 HTTP/1.1"))
    }

    @Test func withoutACAHellosAreRecordedAndRefused() async throws {
        guard Prereq.root, Prereq.nft, Prereq.require("curl", FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")) else { return }
        let lab = try await Lab()
        let r = inNetns(lab, ["/usr/bin/curl", "-s", "-k", "-m", "5", "https://plain.c2.example/"])
        #expect(r.status != 0)
        let s = await lab.net.stop()
        let t = try #require(s.tls.first { $0.sni == "plain.c2.example" })
        #expect(t.handshake == nil && t.ja3 != nil && s.http.isEmpty && s.keylog == nil)
    }

    /// Per-request cost of HTTPS over plain HTTP: one Python client, a fresh connection per request
    /// (same name: the cached certificate; a new name each time: minted on the spot). Only reports
    /// in a debug build or on a busy machine; asserts the issue's 5 ms bound otherwise.
    @Test func benchmarkHandshakeCost() async throws {
        guard Prereq.root, Prereq.nft, Prereq.require("python3", FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")) else { return }
        let ca = try InterceptionCA.generate()
        let lab = try await Lab { $0.tlsCA = ca; $0.limits.maxHTTPRecords = 10_000; $0.limits.maxConnections = 10_000 }
        let caFile = lab.dir.appendingPathComponent(SimulatedInternet.caCertificateName).path
        let script = """
        import socket, ssl, sys, time
        mode, n, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        ctx = ssl.create_default_context(cafile=cafile)
        t0 = time.perf_counter()
        for i in range(n):
            host = "b%d.bench.example" % i if mode == "https-new" else "bench.example"
            s = socket.create_connection(("198.51.100.60", 80 if mode == "http" else 443))
            if mode == "https-nodelay": s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if mode != "http": s = ctx.wrap_socket(s, server_hostname=host)
            s.sendall(("GET /b HTTP/1.1\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n" % host).encode())
            while s.recv(65536): pass
            s.close()
        print("%.3f" % ((time.perf_counter() - t0) / n * 1000))
        """
        let n = 200
        var ms: [String: Double] = [:]
        for mode in ["http", "https", "https-new", "https-nodelay", "http", "https"] {
            let r = inNetns(lab, ["/usr/bin/python3", "-c", script, mode, "\(n)", caFile])
            let v = try #require(Double(r.out.trimmingCharacters(in: .whitespacesAndNewlines)), "\(mode): \(r)")
            ms[mode] = min(ms[mode] ?? .infinity, v)
        }
        let s = await lab.net.stop()
        #expect(s.http.filter { $0.tls == true }.count == 4 * n)
        let extra = ms["https"]! - ms["http"]!, extraNew = ms["https-new"]! - ms["http"]!
        print("tls bench: http \(ms["http"]!) ms/request, https \(ms["https"]!) (+\(extra)), https new name each \(ms["https-new"]!) (+\(extraNew)), https client TCP_NODELAY \(ms["https-nodelay"]!); load \(Self.load())")
        #if DEBUG
        let release = false
        #else
        let release = true
        #endif
        if release && Self.load() < Double(ProcessInfo.processInfo.activeProcessorCount) {
            #expect(extra <= 5, "TLS interception adds \(extra) ms per request")
        }
    }

    static func load() -> Double {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap { Double($0.split(separator: " ").first ?? "") } ?? 99
    }
}
#endif
