#if os(Linux)
import Foundation
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// The sandbox's netns is created together with a user namespace (owned by it, not by the host's);
/// the supervisor, root on the host, must still configure it and make sockets in it.
@Suite struct OwnershipTests {
    @Test func netnsOwnedByAChildUserNamespace() async throws {
        guard Prereq.root, Prereq.nft else { return }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        holder.arguments = ["--user", "--net", "--", "/bin/sleep", "20"]
        holder.standardInput = FileHandle.nullDevice
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        // wait until the child has unshared (its netns differs from ours)
        let mine = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        var theirs = mine
        for _ in 0..<200 where theirs == mine {
            usleep(10_000)
            theirs = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(holder.processIdentifier)/ns/net")) ?? mine
        }
        #expect(theirs != mine)
        let fd = open("/proc/\(holder.processIdentifier)/ns/net", O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("petri-net-own-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = ContinuousClock.now
        let net = try await SimulatedInternet.start(netnsFD: fd, config: SimulatedInternetConfig(), artifactsDirectory: dir)
        let startup = ContinuousClock.now - started
        print("simulated internet start-up: \(startup)")
        // start-up time is measured in bench/, not asserted here (it varies with load)
        #expect(net.anyPort)
        let ns = NetworkNamespace(adopting: fd)
        let c = try ns.socket(domain: AF_INET, type: Int32(SOCK_STREAM.rawValue))
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(7001).bigEndian)
        _ = inet_pton(AF_INET, "198.51.100.70", &a.sin_addr)
        let rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(rc == 0)
        _ = "ping".withCString { send(c, $0, 4, Int32(MSG_NOSIGNAL)) }
        usleep(100_000)
        close(c)
        let s = await net.stop()
        #expect(s.connections.contains { $0.ip == "198.51.100.70" && $0.port == 7001 && $0.bytesIn == 4 })
    }
}
#endif
