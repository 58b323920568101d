#if os(Linux)
import CSandbox
import Foundation
import Glibc
import NIOCore
import PetriModel
import Synchronization

/// DNS over UDP: one answer per datagram, every query recorded.
final class DNSDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    let ctx: ServiceContext
    init(ctx: ServiceContext) { self.ctx = ctx }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var env = unwrapInboundIn(data)
        let bytes = env.data.readBytes(length: env.data.readableBytes) ?? []
        let out = ctx.dns.respond(to: bytes)
        var r = DNSRecord(name: out.name, type: out.type, answers: out.answers, rcode: out.rcode, transport: "udp", timeNs: ctx.clock.now())
        if out.rcode == "MALFORMED" || out.rcode == "FORMERR" { r.name = hexPreview(Array(bytes.prefix(32))) }
        ctx.log.add(dns: r)
        guard let resp = out.response else { return }
        let reply = AddressedEnvelope(remoteAddress: env.remoteAddress, data: context.channel.allocator.buffer(bytes: resp))
        context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {}
}

/// Records datagrams to every UDP port but DNS: a thread polls the catch-all sockets and reads each
/// datagram's original destination (IP_RECVORIGDSTADDR), so one socket can stand for all ports.
final class DatagramRecorder: @unchecked Sendable {
    struct Flow { var conn: ConnectionRecord; var service: ServiceRecord; var kept: Int }
    let fds: [Int32]
    let log: ServiceLog
    let stopFlag = Atomic<Bool>(false)
    let done = DispatchSemaphore(value: 0)
    var flows: [String: Flow] = [:]        // touched only by the thread, read after it ended
    var order: [String] = []

    init(fds: [Int32], log: ServiceLog) { self.fds = fds; self.log = log }

    func start() {
        let t = Thread { [self] in self.run(); self.done.signal() }
        t.name = "petri-udp"
        t.start()
    }

    func run() {
        var pfds = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var buf = [UInt8](repeating: 0, count: 65536)
        while !stopFlag.load(ordering: .relaxed) {
            // 20 ms: `stop` waits for this poll to end, once per analysis (was 100 ms of every run's wall time)
            let n = poll(&pfds, nfds_t(pfds.count), 20)
            guard n > 0 else { continue }
            for i in pfds.indices where pfds[i].revents & Int16(POLLIN) != 0 {
                for _ in 0..<64 {
                    var len: Int32 = 0
                    var src = sockaddr_storage(), dst = sockaddr_storage()
                    let rc = sbx_net_recv_origdst(pfds[i].fd, &buf, Int32(buf.count), &len, &src, &dst)
                    if rc != 0 { break }
                    var dstParts = socketAddressParts(dst)
                    if dstParts == nil {
                        var local = sockaddr_storage()
                        var sl = socklen_t(MemoryLayout<sockaddr_storage>.size)
                        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(pfds[i].fd, $0, &sl) } }
                        dstParts = socketAddressParts(local)
                    }
                    guard let d = dstParts, let s = socketAddressParts(src) else { continue }
                    record(src: s, dst: d, bytes: Array(buf.prefix(Int(min(len, Int32(buf.count))))), wireLength: Int(len))
                }
            }
        }
    }

    func record(src: (ip: String, port: Int), dst: (ip: String, port: Int), bytes: [UInt8], wireLength: Int) {
        let key = "\(src.ip)|\(src.port)|\(dst.ip)|\(dst.port)"
        let now = log.clock.now()
        if flows[key] == nil {
            guard flows.count < log.limits.maxConnections else { log.truncated("udp flows over \(log.limits.maxConnections) not kept"); return }
            let id = log.nextID(prefix: "u")
            var c = ConnectionRecord(id: id, proto: "udp", ip: dst.ip, port: dst.port, service: "udp", timeNs: now)
            c.srcPort = src.port
            flows[key] = Flow(conn: c, service: ServiceRecord(connection: id, service: "udp", timeNs: now), kept: 0)
            order.append(key)
        }
        var f = flows[key]!
        f.conn.bytesIn += UInt64(wireLength)
        f.service.bytes += UInt64(wireLength)
        let cap = log.limits.connectionPreviewBytes
        if f.conn.preview.isEmpty { f.conn.preview = hexPreview(Array(bytes.prefix(cap))) }
        if f.service.lines.count < log.limits.maxLinesPerConnection && f.kept < log.limits.rawKeepBytes {
            let take = Array(bytes.prefix(min(256, log.limits.rawKeepBytes - f.kept)))
            f.kept += take.count
            f.service.lines.append(hexPreview(take))
        } else {
            f.service.truncated = true
        }
        flows[key] = f
    }

    /// Ends the thread (within ~20 ms) and hands the flows to the log.
    func stop(timeout: Duration) {
        stopFlag.store(true, ordering: .relaxed)
        let ms = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        if done.wait(timeout: .now() + .milliseconds(ms)) == .timedOut { log.note("udp recorder did not stop in time"); return }
        for k in order {
            guard let f = flows[k] else { continue }
            var s = f.service
            if s.truncated { log.truncated("udp keeps \(log.limits.rawKeepBytes) bytes per flow") }
            s.preview = s.lines.first ?? ""
            log.add(other: s)
            log.add(connection: f.conn)
        }
        for fd in fds { close(fd) }
    }
}

/// Writes every packet seen on the netns's lo to a classic pcap file (LINKTYPE_ETHERNET: lo frames
/// carry a zeroed Ethernet header). Packets leaving lo are skipped so each appears once, as tcpdump does.
final class PacketCapture: @unchecked Sendable {
    let fd: Int32
    let file: FileHandle
    let snap: Int
    let maxBytes: Int
    let stopFlag = Atomic<Bool>(false)
    let done = DispatchSemaphore(value: 0)
    var written = 0
    var packets = 0
    var dropped = 0

    init(fd: Int32, url: URL, snap: Int, maxBytes: Int) throws {
        self.fd = fd; self.snap = snap; self.maxBytes = maxBytes
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        file = try FileHandle(forWritingTo: url)
        var header = [UInt8]()
        header += le32(0xa1b2c3d4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(UInt32(snap)) + le32(1)
        try file.write(contentsOf: header)
        written = header.count
    }

    func start() {
        let t = Thread { [self] in self.run(); self.done.signal() }
        t.name = "petri-pcap"
        t.start()
    }

    func run() {
        var buf = [UInt8](repeating: 0, count: max(snap, 256))
        var pending = [UInt8]()
        // Drain what is queued even after stop was asked for, so the last packets are not lost,
        // but never more than a bounded number of them (a flood must not keep the thread alive).
        var drained = 0
        while true {
            var len: Int32 = 0, wire: Int32 = 0, outgoing: Int32 = 0
            var sec: Int64 = 0, usec: Int64 = 0
            let stopping = stopFlag.load(ordering: .relaxed)
            if stopping { drained += 1; if drained > 20_000 { break } }
            let rc = sbx_net_packet_recv(fd, &buf, Int32(buf.count), stopping ? 0 : 20, &len, &wire, &outgoing, &sec, &usec)
            if rc == EAGAIN { if stopping { break } else { flush(&pending); continue } }
            if rc != 0 { break }
            if outgoing != 0 { continue }
            let rec = le32(UInt32(truncatingIfNeeded: sec)) + le32(UInt32(truncatingIfNeeded: usec)) + le32(UInt32(len)) + le32(UInt32(wire))
            if written + pending.count + rec.count + Int(len) > maxBytes { dropped += 1; continue }
            pending += rec
            pending += buf[0..<Int(len)]
            packets += 1
            if pending.count > 1 << 16 { flush(&pending) }
        }
        flush(&pending)
        try? file.synchronize()
        try? file.close()
        close(fd)
    }

    func flush(_ pending: inout [UInt8]) {
        guard !pending.isEmpty else { return }
        try? file.write(contentsOf: pending)
        written += pending.count
        pending = []
    }

    func stop(timeout: Duration) -> Bool {
        stopFlag.store(true, ordering: .relaxed)
        let ms = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return done.wait(timeout: .now() + .milliseconds(ms)) == .success
    }
}

func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)] }
func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
#endif
