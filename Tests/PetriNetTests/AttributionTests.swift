import PetriModel
@testable import PetriNet
import Testing

@Suite struct AttributionTests {
    func ev(_ seq: UInt64, _ t: UInt64, pid: Int32, _ name: String, _ address: String) -> Event {
        Event(seq: seq, timeNs: t, pid: pid, tid: pid, name: name, category: .network, args: [ArgKey.address: .string(address)])
    }

    @Test func recordsGetPidSeqsAndDomain() {
        var s = NetworkSection(mode: "sinkhole")
        s.dns = [DNSRecord(name: "c2.example", type: "A", answers: ["198.18.0.1"], rcode: "NOERROR", transport: "udp", timeNs: 1_000)]
        var c1 = ConnectionRecord(id: "c1", proto: "tcp", ip: "198.18.0.1", port: 80, service: "http", timeNs: 2_100)
        c1.bytesIn = 10
        let c2 = ConnectionRecord(id: "c2", proto: "tcp", ip: "198.18.0.1", port: 80, service: "http", timeNs: 5_100)
        let c6 = ConnectionRecord(id: "c3", proto: "tcp", ip: "fd00:5eed::1", port: 443, service: "tls", timeNs: 6_100)
        let u = ConnectionRecord(id: "u4", proto: "udp", ip: "198.51.100.5", port: 9999, service: "udp", timeNs: 7_100)
        s.connections = [c1, c2, c6, u]
        s.http = [HTTPRecord(connection: "c2", method: "GET", url: "http://c2.example/", host: "c2.example", path: "/", timeNs: 5_200)]
        s.tls = [TLSRecord(connection: "c3", timeNs: 6_100)]
        s.other = [ServiceRecord(connection: "u4", service: "udp", timeNs: 7_100)]
        s.attempts = [NetworkAttempt(seq: 3, pid: 10, syscall: "connect", family: "AF_INET", proto: "tcp", address: "198.18.0.1:80", ip: "198.18.0.1", port: 80),
                      NetworkAttempt(seq: 9, pid: 12, syscall: "connect", family: "AF_INET", proto: "tcp", address: "198.51.100.5:4444", ip: "198.51.100.5", port: 4444)]
        let events = [
            ev(1, 900, pid: 10, "sendto", "127.0.0.53:53"),
            ev(3, 2_000, pid: 10, "connect", "198.18.0.1:80"),
            ev(4, 2_050, pid: 10, "sendto", "198.18.0.1:80"),
            ev(5, 5_000, pid: 11, "connect", "198.18.0.1:80"),
            ev(6, 6_000, pid: 11, "connect", "[fd00:5eed::1]:443"),
            ev(7, 7_000, pid: 12, "sendto", "198.51.100.5:9999"),
            ev(8, 7_050, pid: 12, "sendto", "198.51.100.5:9999"),
            Event(seq: 2, timeNs: 1_500, pid: 10, tid: 10, name: "openat", category: .file, args: [ArgKey.path: .string("/etc/passwd")]),
        ]
        NetworkAttribution.attribute(section: &s, events: events)
        #expect(s.dns[0].pid == 10 && s.dns[0].seqs == [1])
        #expect(s.connections[0].pid == 10 && s.connections[0].seqs == [3, 4] && s.connections[0].domain == "c2.example")
        #expect(s.connections[1].pid == 11 && s.connections[1].seqs == [5])
        #expect(s.connections[2].pid == 11 && s.connections[2].seqs == [6])
        #expect(s.connections[3].pid == 12 && s.connections[3].seqs == [7, 8])
        #expect(s.http[0].pid == 11 && s.http[0].seqs == [5])
        #expect(s.tls[0].pid == 11 && s.other[0].seqs == [7, 8])
        #expect(s.attempts[0].domain == "c2.example" && s.attempts[1].domain == nil)
    }

    @Test func oneConnectedResolverSocketSendsSeveralQueries() {
        var s = NetworkSection(mode: "sinkhole")
        s.dns = [DNSRecord(name: "a.example", type: "A", answers: ["198.18.0.1"], rcode: "NOERROR", transport: "udp", timeNs: 2_000),
                 DNSRecord(name: "a.example", type: "AAAA", answers: ["fd00:5eed::1"], rcode: "NOERROR", transport: "udp", timeNs: 2_100)]
        NetworkAttribution.attribute(section: &s, events: [ev(4, 1_000, pid: 7, "connect", "127.0.0.53:53")])
        #expect(s.dns.map(\.seqs) == [[4], [4]] && s.dns.allSatisfy { $0.pid == 7 })
    }

    @Test func separateIpPortArgumentsAndMappedAddresses() {
        let e = Event(seq: 1, timeNs: 0, pid: 1, tid: 1, name: "connect", category: .network,
                      args: [ArgKey.ip: .string("::ffff:198.51.100.5"), ArgKey.port: .int(80)])
        #expect(NetworkAttribution.destination(of: e)! == ("198.51.100.5", 80))
        let bad = Event(seq: 2, timeNs: 0, pid: 1, tid: 1, name: "connect", category: .network, args: [ArgKey.address: .string("/run/x.sock")])
        #expect(NetworkAttribution.destination(of: bad) == nil)
    }
}
