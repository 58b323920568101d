#if os(Linux)
import Foundation
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// Bad input and load: the services record what they can, cap what they keep, and stop on time.
@Suite(.serialized) struct FaultTests {
    @Test func halfSentRequestsAreRecordedAtStop() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        let h = try lab.connect("198.51.100.80", 80).get()
        _ = lab.sendAll(h, Array("POST /exfil HTTP/1.1\r\nHost: drop.example\r\nContent-Length: 1000\r\n\r\npart".utf8))
        let t = try lab.connect("198.51.100.80", 443).get()
        _ = lab.sendAll(t, Array(clientHello(sni: "cut.example").prefix(40)))
        let idle = try lab.connect("198.51.100.80", 31337).get()   // connects, never sends
        usleep(200_000)
        let started = ContinuousClock.now
        let s = await lab.net.stop()
        // A hang guard, not a speed claim (speed is measured in bench/): stop is bounded by the
        // configured stop timeout, but under the full parallel suite on 2 cores the scheduler alone
        // added ~12 s here once; a stop that waits on the idle or half-sent clients never returns.
        #expect(ContinuousClock.now - started < lab.net.config.limits.stopTimeout + .seconds(45))
        let r = try #require(s.http.first { $0.path == "/exfil" })
        #expect(r.complete == false && r.bodySize == 4 && r.response == "none")
        #expect(s.tls.contains { $0.sni == nil && $0.error?.contains("before the ClientHello was complete") == true })
        #expect(s.connections.contains { $0.port == 31337 && $0.bytesIn == 0 })
        for fd in [h, t, idle] { close(fd) }
    }

    @Test func hundredMegabyteUploadIsHashedNotKept() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        let size = 100 << 20
        let chunk = [UInt8](repeating: 0x5a, count: 1 << 20)
        let fd = try lab.connect("198.51.100.7", 80, timeoutMs: 30_000).get()
        defer { close(fd) }
        #expect(lab.sendAll(fd, Array("POST /big HTTP/1.1\r\nHost: big.example\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n".utf8)))
        for _ in 0..<100 { #expect(lab.sendAll(fd, chunk)) }
        let reply = lab.receive(fd)
        #expect(String(decoding: reply, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        let s = await lab.net.stop()
        let r = try #require(s.http.first { $0.path == "/big" })
        #expect(r.bodySize == UInt64(size) && r.bodyTruncated && r.bodyPreview.count == 2048)
        #expect(r.bodySha256 == sha256Hex([UInt8](repeating: 0x5a, count: size)))
        let c = try #require(s.connections.first { $0.bytesIn > UInt64(size) })
        let saved = try #require(c.dataFile)
        #expect((try? FileManager.default.attributesOfItem(atPath: lab.dir.appendingPathComponent(saved).path)[.size] as? Int) == 1 << 20)
        #expect(s.truncations.contains { $0.contains("connection data saved up to") })
    }

    @Test func tenThousandConnectionsInABurst() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab { $0.limits.maxOpenConnections = 512; $0.limits.maxConnections = 3000 }
        let started = ContinuousClock.now
        var held: [Int32] = []
        var failed = 0
        for i in 0..<10_000 {
            switch lab.connect("198.51.100.\(1 + i % 200)", 1000 + i % 5000, timeoutMs: 2000) {
            case .success(let fd):
                if i < 600 { held.append(fd) } else { close(fd) }
            case .failure: failed += 1
            }
            if i == 599 {
                // 600 held open exceed the cap of 512; release them so the rest of the burst is accepted
                usleep(500_000)
                for fd in held { close(fd) }
                held = []
                usleep(200_000)
            }
            #expect(ContinuousClock.now - started < .seconds(90), "burst took too long")
            if ContinuousClock.now - started > .seconds(90) { break }
        }
        #expect(failed < 100)
        // Let the services drain their accept queue (the debug build accepts a few thousand per second).
        let drainDeadline = ContinuousClock.now + .seconds(30)
        while lab.net.log.snapshot().connections.count < 3000 && ContinuousClock.now < drainDeadline { usleep(100_000) }
        let stopStart = ContinuousClock.now
        let s = await lab.net.stop()
        #expect(ContinuousClock.now - stopStart < lab.net.config.limits.stopTimeout + .seconds(45))  // hang guard, see above
        #expect(s.connections.count <= 3000 && s.connections.count > 500)
        #expect(s.truncations.contains { $0.contains("connections over 3000 not kept") })
        #expect(s.truncations.contains { $0.contains("open connections over 512") })
        for fd in held { close(fd) }
    }

    @Test func clientThatNeverReadsDoesNotBlockStop() async throws {
        guard Prereq.root else { return }
        let big = [UInt8](repeating: 0x41, count: 32 << 20)
        let lab = try await Lab { $0.http.rules = [HTTPRule(id: "huge", path: "/huge", contentType: "application/octet-stream", body: big)] }
        var fds: [Int32] = []
        for _ in 0..<5 {
            let fd = try lab.connect("198.51.100.9", 80).get()
            _ = lab.sendAll(fd, Array("GET /huge HTTP/1.1\r\nHost: slow.example\r\n\r\n".utf8))
            fds.append(fd)   // never read
        }
        usleep(1_000_000)
        let started = ContinuousClock.now
        let s = await lab.net.stop()
        // A hang guard, not a speed claim (speed is measured in bench/): stop is bounded by the
        // configured stop timeout, but under the full parallel suite on 2 cores the scheduler alone
        // added ~12 s here once; a stop that waits on the idle or half-sent clients never returns.
        #expect(ContinuousClock.now - started < lab.net.config.limits.stopTimeout + .seconds(45))
        #expect(s.http.filter { $0.response == "rule:huge" }.count == 5)
        for fd in fds { close(fd) }
    }

    /// Issue 19: a connection still open at stop is aborted (SO_LINGER 0: RST, nothing queued is
    /// kept waiting), so no close lingers; a normal close would show the client EOF instead.
    @Test func openConnectionsAreResetAtStop() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        var idle: [Int32] = []
        for port in [31337, 4444, 80] {
            let fd = try lab.connect("198.51.100.9", port, timeoutMs: 5000).get()
            if port == 80 { _ = lab.sendAll(fd, Array("GET /a HTTP/1.1\r\nHost: rst.example\r\n".utf8)) }  // head not finished
            idle.append(fd)
        }
        usleep(300_000)
        let started = ContinuousClock.now
        let s = await lab.net.stop()
        #expect(ContinuousClock.now - started < lab.net.config.limits.stopTimeout + .seconds(45))  // hang guard, see above
        for fd in idle {
            var b = [UInt8](repeating: 0, count: 16)
            let n = recv(fd, &b, b.count, 0)
            let e = errno
            #expect(n < 0 && e == ECONNRESET, "recv after stop: \(n), errno \(e) (0 is a FIN, not an abort)")
            close(fd)
        }
        #expect(s.connections.count >= 3)
    }

    @Test func garbageOnEveryServicePort() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        var rng = SystemRandomNumberGenerator()
        let ports = [21, 22, 25, 53, 80, 110, 143, 443, 587, 6667, 8080, 8443, 12345]
        for i in 0..<260 {
            let port = ports[i % ports.count]
            guard let fd = try? lab.connect("198.51.100.\(100 + i % 50)", port).get() else { continue }
            var junk = (0..<Int.random(in: 1...3000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            switch i % 4 {
            case 0: junk = [0x16, 0x03, 0x01] + junk                                 // TLS-looking
            case 1: junk = Array("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n".utf8) + junk
            case 2: junk = [0x00, 0x05] + junk                                        // DNS/TCP-looking length
            default: break
            }
            _ = lab.sendAll(fd, junk)
            if i % 3 == 0 { shutdown(fd, Int32(SHUT_WR)) }
            close(fd)
        }
        for _ in 0..<100 {
            let junk = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? lab.udp("127.0.0.53", 53, junk, expectReply: false)
        }
        // still answering (retries: on a loaded 2-core machine the backlog of 360 closes may take a moment)
        var alive = false
        for _ in 0..<5 where !alive { alive = (try? lab.udp("127.0.0.53", 53, dnsQuery("alive.example"), timeoutMs: 3000))??.isEmpty == false }
        #expect(alive)
        let page = try lab.tcp("198.51.100.1", 80, Array("GET /alive HTTP/1.0\r\n\r\n".utf8))
        #expect(String(decoding: page, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        let s = await lab.net.stop()
        #expect(s.connections.count >= 200)
        #expect(s.http.contains { $0.path == "/alive" })
    }

    @Test func hostNetworkIsUnchanged() async throws {
        guard Prereq.root, Prereq.nft else { return }
        func snapshot() -> [String] {
            [run("/usr/sbin/ip", ["-o", "link", "show"]).out, run("/usr/sbin/ip", ["-o", "addr", "show"]).out,
             run("/usr/sbin/ip", ["route", "show", "table", "all"]).out, run("/usr/sbin/ip", ["-6", "route", "show", "table", "all"]).out,
             run("/usr/sbin/nft", ["list", "ruleset"]).out]
        }
        let before = snapshot()
        #expect(!before[2].contains("198.18.") && !before[0].isEmpty)
        let lab = try await Lab()
        _ = try lab.udp("127.0.0.53", 53, dnsQuery("host-check.example"))
        _ = try lab.tcp("198.51.100.5", 80, Array("GET / HTTP/1.0\r\n\r\n".utf8))
        let during = snapshot()
        _ = await lab.net.stop()
        let after = snapshot()
        #expect(during == before)
        #expect(after == before)
        #expect(!after[4].contains("petri"))
    }
}
#endif
