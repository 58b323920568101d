import Foundation
import Petri
import PetriModel
import PetriSandbox
import Testing

/// The whole path: a program inside the sandbox talks to petri's simulated internet.
@Suite("Simulated internet, from inside the sandbox", .serialized)
struct SandboxNetworkTests {
    static func analyze(_ program: String, network: String) throws -> (Report, String)? {
        guard let path = TestPrograms.path(program) else { return nil }
        let dir = TestPrograms.tempDir("net-\(network)")
        var options = Analysis.Options(profile: try ProfileLoader.load(TestPrograms.repoRoot + "/profiles/default.yaml"))
        options.networkMode = network
        options.timeoutSeconds = 20
        options.artifactsDirectory = dir + "/art"
        options.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: path, options: options)
        SchemaCheck.validate(outcome.reportPath)
        return (outcome.report, outcome.artifactsDirectory)
    }

    static func hostNetworkState() -> String {
        func run(_ args: [String]) -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            p.arguments = args
            let pipe = Pipe()
            p.standardOutput = pipe
            try? p.run()
            let d = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: d, as: UTF8.self)
        }
        return run(["-o", "link"]).replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            .split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }.joined(separator: "\n")
            + run(["route", "show", "table", "all"]) + run(["-6", "route", "show", "table", "all"])
    }

    static func tshark(_ pcap: String, _ filter: String) -> Int? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        p.arguments = ["-r", pcap, "-Y", filter, "-T", "fields", "-e", "frame.number"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let d = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: d, as: UTF8.self).split(separator: "\n").count
    }

    @Test("sinkhole: DNS, HTTP GET/POST, raw TCP, UDP and TLS SNI are answered, recorded, attributed and captured")
    func sinkhole() throws {
        let before = Self.hostNetworkState()
        guard let (r, art) = try Self.analyze("netclient", network: "sinkhole") else { return }
        #expect(Self.hostNetworkState() == before, "the host's interfaces and routes are unchanged")
        let n = r.network
        #expect(n.mode == "sinkhole")
        let c2 = n.dns.first { $0.name == "c2.example" && $0.type == "A" }
        #expect(c2?.answers.count == 1)
        #expect(c2?.answers.first?.hasPrefix("198.18.") == true || c2?.answers.first?.hasPrefix("198.19.") == true)
        #expect(c2?.pid == 2)
        let get = n.http.first { $0.method == "GET" }
        #expect(get?.url == "http://c2.example/update.bin?id=7")
        #expect(get?.host == "c2.example")
        #expect(get?.path == "/update.bin")
        #expect(get?.query == "id=7")
        #expect(get?.headers["user-agent"] == "petri-netclient")
        #expect(get?.response.hasPrefix("payload:") == true, "a .bin download gets the payload")
        #expect(get?.pid == 2)
        #expect(get?.seqs.isEmpty == false)
        let post = n.http.first { $0.method == "POST" }
        #expect(post?.bodySize == 11)
        #expect(post?.bodySha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        #expect(post?.bodyPreview == "hello world")
        let tls = n.tls.first
        #expect(tls?.sni == "secure.example")
        #expect(tls?.alpn == ["h2", "http/1.1"])
        #expect(tls?.ja3Hash?.count == 32)
        let raw = n.connections.first { $0.port == 4444 }
        #expect(raw?.ip == "198.51.100.5")
        #expect(raw?.proto == "tcp")
        #expect(raw?.preview.contains("BEACON 1") == true)
        #expect(raw?.pid == 2)
        #expect(n.connections.contains { $0.proto == "udp" && $0.port == 9999 })
        #expect(n.other.contains { $0.service == "udp" && $0.preview.contains("ping-udp") })
        // the syscall view, with the domain each address was handed out for
        #expect(n.attempts.contains { $0.address.hasSuffix(":80") && $0.domain == "c2.example" && $0.proto == "tcp" })
        #expect(n.attempts.contains { $0.address == "198.51.100.5:9999" && $0.proto == "udp" && $0.syscall == "sendto" })
        // the capture opens in tshark with the expected packets
        #expect(n.pcap == "traffic.pcap")
        let pcap = art + "/traffic.pcap"
        #expect(Self.tshark(pcap, "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==80") == 2)
        #expect(Self.tshark(pcap, "tls.handshake.extensions_server_name == \"secure.example\"") == 1)
        #expect(Self.tshark(pcap, "udp.dstport == 9999") == 1)
        #expect((Self.tshark(pcap, "dns.qry.name == \"c2.example\" && dns.flags.response == 0") ?? 0) >= 1)
    }

    @Test("none: nothing answers, every attempt is still recorded from the syscalls")
    func noneMode() throws {
        guard let (r, art) = try Self.analyze("netclient", network: "none") else { return }
        let out = (try? String(contentsOfFile: art + "/stdout.txt", encoding: .utf8)) ?? ""
        #expect(out.contains("resolve c2.example=FAIL"))
        #expect(out.contains("raw_tcp=CONNECT_FAIL"))
        #expect(r.network.mode == "none")
        #expect(r.network.http.isEmpty && r.network.tls.isEmpty && r.network.dns.isEmpty)
        #expect(r.network.attempts.contains { $0.address == "198.51.100.5:4444" && $0.proto == "tcp" })
        #expect(r.network.attempts.contains { $0.address == "198.51.100.5:9999" && $0.proto == "udp" })
        #expect(r.network.attempts.contains { $0.port == 53 })
    }
}
