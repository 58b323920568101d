#if os(Linux)
import Foundation
import PetriTestSupport
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// Prerequisites of the real-namespace tests. Under CI=true a missing one fails the test; elsewhere it skips.
enum Prereq {
    static var isCI: Bool { Prerequisites.isCI }

    static func require(_ what: String, _ ok: Bool) -> Bool {
        if ok { return true }
        if isCI { Issue.record("missing prerequisite: \(what)") } else { print("skipping: missing prerequisite: \(what)") }
        return false
    }

    static var root: Bool { require("root (user namespaces and netns)", geteuid() == 0) }
    static var tshark: Bool { require("tshark (apt-get install tshark)", FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark")) }
    static var nft: Bool { require("nft (apt-get install nftables)", FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft")) }
}

/// A private netns with the simulated internet running in it, and client sockets made inside it.
final class Lab: @unchecked Sendable {
    let ns: NetworkNamespace
    let net: SimulatedInternet
    let dir: URL

    init(mode: NetworkMode = .sinkhole, configure: (inout SimulatedInternetConfig) -> Void = { _ in }) async throws {
        ns = try NetworkNamespace.create()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("petri-net-\(UUID().uuidString)")
        var cfg = SimulatedInternetConfig(mode: mode)
        cfg.limits.stopTimeout = .seconds(3)
        configure(&cfg)
        net = try await SimulatedInternet.start(netnsFD: ns.fd, config: cfg, artifactsDirectory: dir)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    // MARK: clients (blocking, with timeouts; they run inside the lab's netns)

    func sockaddr(_ ip: String, _ port: Int) -> (sockaddr_storage, socklen_t, Int32) {
        var ss = sockaddr_storage()
        if ip.contains(":") {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = in_port_t(UInt16(port).bigEndian)
            _ = inet_pton(AF_INET6, ip, &a.sin6_addr)
            withUnsafeMutableBytes(of: &ss) { d in withUnsafeBytes(of: a) { d.copyMemory(from: $0) } }
            return (ss, socklen_t(MemoryLayout<sockaddr_in6>.size), AF_INET6)
        }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = inet_pton(AF_INET, ip, &a.sin_addr)
        withUnsafeMutableBytes(of: &ss) { d in withUnsafeBytes(of: a) { d.copyMemory(from: $0) } }
        return (ss, socklen_t(MemoryLayout<sockaddr_in>.size), AF_INET)
    }

    func setTimeouts(_ fd: Int32, ms: Int) {
        var tv = timeval(tv_sec: ms / 1000, tv_usec: (ms % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends one datagram and returns the reply, if one came within the timeout.
    func udp(_ ip: String, _ port: Int, _ payload: [UInt8], expectReply: Bool = true, timeoutMs: Int = 2000, connected: Bool = false) throws -> [UInt8]? {
        var (ss, len, fam) = sockaddr(ip, port)
        let fd = try ns.socket(domain: fam, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(fd) }
        setTimeouts(fd, ms: timeoutMs)
        if connected {
            // as glibc's resolver does: only replies from the address asked are accepted
            _ = withUnsafePointer(to: &ss) { $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, len) } }
        }
        let sent = payload.withUnsafeBytes { p in withUnsafePointer(to: &ss) { $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { sendto(fd, p.baseAddress, p.count, 0, $0, len) } } }
        guard sent == payload.count else { throw POSIXErrorCode(rawValue: errno).map { POSIXError($0) } ?? POSIXError(.EIO) }
        guard expectReply else { return nil }
        var buf = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &buf, buf.count, 0)
        return n > 0 ? Array(buf.prefix(n)) : nil
    }

    /// Connects, or returns the errno of the failed connect.
    func connect(_ ip: String, _ port: Int, timeoutMs: Int = 3000) -> Result<Int32, POSIXError> {
        var (ss, len, fam) = sockaddr(ip, port)
        guard let fd = try? ns.socket(domain: fam, type: Int32(SOCK_STREAM.rawValue)) else { return .failure(POSIXError(.EMFILE)) }
        setTimeouts(fd, ms: timeoutMs)
        let rc = withUnsafePointer(to: &ss) { $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, len) } }
        if rc != 0 { let e = errno; close(fd); return .failure(POSIXError(POSIXErrorCode(rawValue: e) ?? .EIO)) }
        return .success(fd)
    }

    func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    /// Reads until the peer closes, `until` is satisfied, or the timeout passes.
    func receive(_ fd: Int32, until: ([UInt8]) -> Bool = { _ in false }) -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out += buf.prefix(n)
            if until(out) { break }
        }
        return out
    }

    /// One TCP exchange: connect, send, read the answer (until close or `until`).
    func tcp(_ ip: String, _ port: Int, _ payload: [UInt8], until: @escaping ([UInt8]) -> Bool = { _ in false }) throws -> [UInt8] {
        let fd = try connect(ip, port).get()
        defer { close(fd) }
        _ = sendAll(fd, payload)
        return receive(fd, until: until)
    }
}

/// Raw DNS query bytes for `name`/`type`, as a stub resolver sends them.
func dnsQuery(_ name: String, type: UInt16 = 1, id: UInt16 = 0x1234) -> [UInt8] {
    var q: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
    q += DNSResponder.encodeName(name)
    q += [UInt8(type >> 8), UInt8(type & 0xff), 0, 1]
    return q
}

/// First A/AAAA answer of a response, as text.
func dnsFirstAddress(_ r: [UInt8]) -> String? {
    guard r.count > 12, let q = try? DNSQuery.parse(Array(r[0..<2]) + [0x01, 0x00] + Array(r[4...])) else { return nil }
    var p = q.questionEnd
    guard p + 12 <= r.count else { return nil }
    let type = UInt16(r[p + 2]) << 8 | UInt16(r[p + 3])
    let rdlen = Int(r[p + 10]) << 8 | Int(r[p + 11])
    p += 12
    guard p + rdlen <= r.count else { return nil }
    var out = [CChar](repeating: 0, count: 64)
    let rdata = Array(r[p..<(p + rdlen)])
    _ = rdata.withUnsafeBytes { inet_ntop(type == 28 ? AF_INET6 : AF_INET, $0.baseAddress, &out, 64) }
    return cStringText(out)
}

/// A TLS 1.3-style ClientHello record with SNI, ALPN, groups, point formats and a GREASE cipher.
func clientHello(sni: String, alpn: [String] = ["h2", "http/1.1"]) -> [UInt8] {
    func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
    func ext(_ type: Int, _ body: [UInt8]) -> [UInt8] { u16(type) + u16(body.count) + body }
    let name = Array(sni.utf8)
    let sniExt = ext(0, u16(name.count + 3) + [0] + u16(name.count) + name)
    var alpnList: [UInt8] = []
    for a in alpn { alpnList += [UInt8(a.utf8.count)] + Array(a.utf8) }
    let alpnExt = ext(16, u16(alpnList.count) + alpnList)
    let groups = ext(10, u16(6) + u16(0x001d) + u16(0x0017) + u16(0x0018))
    let points = ext(11, [1, 0])
    let versions = ext(43, [4] + u16(0x0304) + u16(0x0303))
    let exts = sniExt + groups + points + alpnExt + versions
    let ciphers = u16(0x0a0a) + u16(0x1301) + u16(0x1302) + u16(0xc02b)
    var body: [UInt8] = u16(0x0303) + [UInt8](repeating: 7, count: 32) + [0]
    body += u16(ciphers.count) + ciphers + [1, 0] + u16(exts.count) + exts
    let hs: [UInt8] = [1, UInt8(body.count >> 16), UInt8(body.count >> 8 & 0xff), UInt8(body.count & 0xff)] + body
    return [0x16, 0x03, 0x01] + u16(hs.count) + hs
}

func run(_ path: String, _ args: [String]) -> (status: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { return (-1, "") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
#endif
