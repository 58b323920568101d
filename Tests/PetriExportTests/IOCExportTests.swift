import Foundation
import Petri
import PetriModel
import Testing

@Suite("IOCs: hashes, names, addresses, URLs; defanged; never the simulated internet's own")
struct IOCExportTests {
    func values(_ r: Report, _ kind: Indicator.Kind) -> [String] { IOCExport.indicators(r).filter { $0.kind == kind }.map(\.value) }

    @Test("sp-sim: the sample's hashes, what it wrote, the names and URLs it contacted, each with its source")
    func spSim() throws {
        let r = try ExportFixtures.spSim()
        let all = IOCExport.indicators(r)
        #expect(values(r, .sha256).contains(r.sample.sha256))
        #expect(values(r, .md5) == [r.sample.md5] && values(r, .sha1) == [r.sample.sha1])
        // The stealer it drops is a copy of itself: the sample's hash carries both sources.
        let sampleHash = try #require(all.first { $0.kind == .sha256 && $0.value == r.sample.sha256 })
        #expect(sampleHash.sources.contains("sample") && sampleHash.sources.contains("dropped file /tmp/sp-stealer"))
        #expect(Set(values(r, .domain)) == ["update.sp-sim.example", "collect.sp-sim.example", "api.messenger.example"])
        #expect(values(r, .url).contains("http://update.sp-sim.example/stage2.bin"))
        #expect(values(r, .url).contains("http://collect.sp-sim.example/upload"))
        let collect = try #require(all.first { $0.kind == .domain && $0.value == "collect.sp-sim.example" })
        #expect(collect.sources.contains { $0.hasPrefix("DNS A query by pid") && $0.contains("sp-stealer") })
        // The unpacked code it made executable.
        #expect(all.contains { $0.kind == .sha256 && $0.sources.contains { $0.hasPrefix("executable memory pid") } })
    }

    @Test("the simulated internet's answers, loopback, the resolver and the bodies it served are never listed")
    func sinkholeNeverListed() throws {
        let r = try ExportFixtures.spSim()
        let answers = Set(r.network.dns.flatMap(\.answers))
        #expect(!answers.isEmpty)
        let all = IOCExport.indicators(r)
        #expect(values(r, .ipv4).isEmpty, "\(values(r, .ipv4))")
        for i in all { #expect(!answers.contains(i.value) && !i.value.hasPrefix("127.") && !i.value.hasPrefix("198.18.")) }
        // /tmp/sp-update.bin is the script the simulated internet served for the download: petri's, not the sample's.
        let served = try #require(r.network.http.first { $0.method == "GET" }?.responseSha256)
        #expect(r.files.contains { $0.sha256 == served })
        #expect(!values(r, .sha256).contains(served))
    }

    @Test("an address the sample connected to by number is listed; its sinkhole twin and reverse lookups are not")
    func literalAddress() throws {
        let r = try ExportFixtures.load(ExportFixtures.spSimNonePath)
        #expect(values(r, .ipv4) == ["198.51.100.80"])
        var t = try ExportFixtures.spSim()
        t.network.dns.append(DNSRecord(name: "1.0.18.198.in-addr.arpa", type: "PTR", answers: ["host.example"], rcode: "NOERROR", transport: "udp", timeNs: 1))
        t.network.dns.append(DNSRecord(name: "7.100.51.198.in-addr.arpa", type: "PTR", answers: [], rcode: "NXDOMAIN", transport: "udp", timeNs: 1))
        t.network.attempts.append(NetworkAttempt(seq: 999, pid: 2, syscall: "connect", family: "AF_INET6", proto: "tcp", address: "[fd00:5eed::5]:443", ip: "fd00:5eed::5", port: 443))
        t.network.attempts.append(NetworkAttempt(seq: 998, pid: 2, syscall: "sendto", family: "AF_INET6", proto: "udp", address: "[2001:db8::7]:53", ip: "2001:db8::7", port: 53))
        #expect(!values(t, .domain).contains("1.0.18.198.in-addr.arpa"))
        #expect(values(t, .domain).contains("7.100.51.198.in-addr.arpa"))
        #expect(values(t, .ipv6) == ["2001:db8::7"])
    }

    @Test("processes of the runner's own machinery are not the sample")
    func runnerProcessesSkipped() throws {
        var r = try ExportFixtures.spSim()
        let pid = try #require(r.network.dns.first { $0.name == "collect.sp-sim.example" }?.pid)
        for i in r.processes.indices where r.processes[i].pid == pid { r.processes[i].runner = true }
        #expect(!values(r, .domain).contains("collect.sp-sim.example"))
    }

    @Test("defanged by default (hxxp, [.]); --no-defang prints them as they are")
    func defang() throws {
        let out = try #require(try PetriBinary.run(["report", "iocs", ExportFixtures.spSimPath]))
        #expect(out.code == 0, "\(out.stderr)")
        #expect(out.text.hasPrefix("type,value,source\r\n"))
        #expect(out.text.contains("url,hxxp://update[.]sp-sim[.]example/stage2.bin,"))
        #expect(out.text.contains("domain,collect[.]sp-sim[.]example,"))
        #expect(!out.text.contains("http://") && !out.text.contains("sp-sim.example"))
        let raw = try #require(try PetriBinary.run(["report", "iocs", ExportFixtures.spSimPath, "--no-defang", "--format", "json"]))
        #expect(raw.code == 0, "\(raw.stderr)")
        let doc = try JSONSerialization.jsonObject(with: raw.stdout) as? [String: Any]
        #expect(doc?["defanged"] as? Bool == false)
        let list = (doc?["indicators"] as? [[String: Any]]) ?? []
        #expect(list.contains { $0["kind"] as? String == "url" && $0["value"] as? String == "http://update.sp-sim.example/stage2.bin" })
        #expect(IOCExport.defang(Indicator(kind: .ipv6, value: "2001:db8::7", sources: [])) == "2001[:]db8[:][:]7")
        #expect(IOCExport.defang(Indicator(kind: .url, value: "https://a.example:8443/x.y?q=1.2", sources: [])) == "hxxps://a[.]example:8443/x.y?q=1.2")
    }

    @Test("JSON exports (IOCs, diff, STIX, MISP) carry no bidi override, C1 control or line separator raw, and decode to the same values")
    func jsonTerminalSafe() throws {
        var r = InjectionReport.make()
        let name = "invoice\u{202e}fdp\u{85}x\u{2028}y\u{7f}.evil.example"
        r.network.dns.append(DNSRecord(name: name, type: "A", answers: ["198.18.0.9"], rcode: "NOERROR", transport: "udp", timeNs: 3400, pid: 2))
        let path = try ExportFixtures.write(r, "bidi.json")
        for args in [["report", "iocs", path, "--format", "json", "--no-defang"], ["report", "diff", path, path, "--json"], ["report", "stix", path], ["report", "misp", path]] {
            let out = try #require(try PetriBinary.run(args))
            #expect(out.code == 0, "\(args): \(out.stderr)")
            let text = out.text
            #expect(!text.unicodeScalars.contains { (0x7f...0x9f).contains($0.value) || (0x202a...0x202e).contains($0.value) || $0.value == 0x2028 }, "\(args)")
            #expect(try JSONSerialization.jsonObject(with: out.stdout) is [String: Any], "\(args)")
            if args[1] == "iocs" {
                let doc = try #require(try JSONSerialization.jsonObject(with: out.stdout) as? [String: Any])
                let values = (doc["indicators"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
                #expect(values.contains(name), "\(values)")
                #expect(text.contains("invoice\\u202efdp\\u0085x\\u2028y\\u007f"), "\(text.prefix(2000))")
            }
        }
    }

    @Test("CSV: sample-controlled values cannot reach the terminal as escapes nor a spreadsheet as formulas")
    func csvInjection() throws {
        let data = try IOCExport.render(InjectionReport.make(), format: .csv, defang: false)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!data.contains(0x1b) && !data.contains(0x07))
        #expect(text.contains("x\\x1b]0;owned\\x07\\x1b[31mred.evil.example"))
        #expect(text.contains(",'=cmd|' /c calc'!a0.evil.example,"))
        for line in text.split(separator: "\r\n") { #expect(line.split(separator: ",", omittingEmptySubsequences: false).count >= 3) }
    }
}
