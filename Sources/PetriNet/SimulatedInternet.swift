#if os(Linux)
import CSandbox
import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import PetriModel
import Synchronization

/// The simulated internet inside a sandbox's network namespace: DNS, HTTP, TLS ClientHello capture,
/// SMTP/IRC greeters, a catch-all for every other TCP/UDP port, and a pcap of everything on lo.
///
/// Call `start` after the sandbox's netns exists and before the sample execs; call `stop` after the
/// run, then `NetworkAttribution.attribute` with the recorded events.
public final class SimulatedInternet: Sendable {
    public let config: SimulatedInternetConfig
    public let pool: SinkholeAddressPool
    /// True when the nftables TPROXY rule sends every port to the catch-all.
    public let anyPort: Bool
    let log: ServiceLog
    let group: MultiThreadedEventLoopGroup?
    let servers: [Channel]
    let udp: DatagramRecorder?
    let capture: PacketCapture?
    let pcapName: String?
    let logger: Logger
    let tls: TLSInterceptor?
    let result = Mutex<NetworkSection?>(nil)

    /// Under the artifacts folder: the TLS key log and the run's CA certificate.
    public static let keyLogName = "tls-keys.log"
    public static let caCertificateName = "tls-ca.pem"

    init(config: SimulatedInternetConfig, pool: SinkholeAddressPool, anyPort: Bool, log: ServiceLog,
         group: MultiThreadedEventLoopGroup?, servers: [Channel], udp: DatagramRecorder?, capture: PacketCapture?,
         pcapName: String?, logger: Logger, tls: TLSInterceptor? = nil) {
        self.config = config; self.pool = pool; self.anyPort = anyPort; self.log = log; self.group = group
        self.servers = servers; self.udp = udp; self.capture = capture; self.pcapName = pcapName; self.logger = logger
        self.tls = tls
    }

    /// Configures the sandbox's netns (lo up; in sinkhole mode local routes for 0.0.0.0/0 and ::/0 and
    /// the any-port rule) and binds every service on sockets created inside it. The caller keeps
    /// ownership of `netnsFD`.
    public static func start(netnsFD: Int32, config: SimulatedInternetConfig, artifactsDirectory: URL,
                             clockOrigin: ContinuousClock.Instant = .now,
                             logger: Logger = Logger(label: "petri.net")) async throws -> SimulatedInternet {
        try await start(netnsFD: netnsFD, config: config, artifactsDirectory: artifactsDirectory,
                        elapsedNs: RunClock(origin: clockOrigin).elapsed, logger: logger)
    }

    /// As above, with the core's own clock: `elapsedNs` returns nanoseconds since the run started, on
    /// the same clock as `Event.timeNs`, so records and syscall events can be matched by time.
    public static func start(netnsFD: Int32, config: SimulatedInternetConfig, artifactsDirectory: URL,
                             elapsedNs: @escaping @Sendable () -> UInt64,
                             logger: Logger = Logger(label: "petri.net")) async throws -> SimulatedInternet {
        let clock = RunClock(elapsed: elapsedNs)
        let pool = SinkholeAddressPool()
        let dataDirectory = config.limits.streamKeepBytes > 0 ? artifactsDirectory.appendingPathComponent("network") : nil
        if let dataDirectory { try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true) }
        let log = ServiceLog(limits: config.limits, clock: clock, pool: pool, dataDirectory: dataDirectory)
        try NetnsSockets.check("bring lo up", sbx_net_lo_up(netnsFD))

        for address in config.localAddresses {
            var a4 = in_addr(), a6 = in6_addr()
            let rc: Int32
            if inet_pton(AF_INET, address, &a4) == 1 {
                rc = withUnsafeBytes(of: &a4) { sbx_net_add_lo_address(netnsFD, AF_INET, $0.bindMemory(to: UInt8.self).baseAddress, 32) }
            } else if inet_pton(AF_INET6, address, &a6) == 1 {
                rc = withUnsafeBytes(of: &a6) { sbx_net_add_lo_address(netnsFD, AF_INET6, $0.bindMemory(to: UInt8.self).baseAddress, 128) }
            } else {
                rc = EINVAL
            }
            if rc != 0 { log.note("local address \(address) not added: \(NetworkSetupError(stage: "", errno: rc).reason)") }
        }

        var capture: PacketCapture?
        var pcapName: String?
        if config.capture {
            try FileManager.default.createDirectory(at: artifactsDirectory, withIntermediateDirectories: true)
            var pfd: Int32 = -1, ifindex: Int32 = 0
            try NetnsSockets.check("packet socket on lo", sbx_net_packet_socket(netnsFD, &pfd, &ifindex))
            do {
                capture = try PacketCapture(fd: pfd, url: artifactsDirectory.appendingPathComponent("traffic.pcap"),
                                            snap: config.limits.pcapSnapLength, maxBytes: config.limits.pcapMaxBytes)
            } catch {
                close(pfd)
                throw error
            }
            capture?.start()
            pcapName = "traffic.pcap"
        }

        guard config.mode == .sinkhole else {
            log.note("network mode none: only lo, no services")
            return SimulatedInternet(config: config, pool: pool, anyPort: false, log: log, group: nil, servers: [],
                                     udp: nil, capture: capture, pcapName: pcapName, logger: logger)
        }

        var v6err: Int32 = 0
        do {
            try NetnsSockets.check("local route 0.0.0.0/0 dev lo", sbx_net_add_local_default_routes(netnsFD, &v6err))
        } catch {
            _ = capture?.stop(timeout: .seconds(1))
            throw error
        }
        if v6err != 0 { log.note("no IPv6 local route (\(NetworkSetupError(stage: "", errno: v6err).reason)): IPv6 destinations are not answered") }

        var anyPort = false
        if config.ports.anyPort {
            switch AnyPortRule.install(netnsFD: netnsFD, nft: config.ports.nftPath, catchAllPort: config.ports.catchAllPort) {
            case .success: anyPort = true; log.note("any-port: nftables tproxy sends every TCP and UDP port to the catch-all")
            case .failure(let why):
                log.note("any-port interception unavailable (\(why)); answering TCP ports \(config.ports.tcpPorts.map(String.init).joined(separator: ",")) and UDP ports \(config.ports.udpPorts.map(String.init).joined(separator: ","))")
                logger.warning("simulated internet: any-port interception unavailable: \(why)")
            }
        } else {
            log.note("any-port disabled by configuration")
        }

        var tls: TLSInterceptor?
        if let ca = config.tlsCA {
            do {
                try FileManager.default.createDirectory(at: artifactsDirectory, withIntermediateDirectories: true)
                try Data(ca.certificatePEM.utf8).write(to: artifactsDirectory.appendingPathComponent(caCertificateName))
                tls = try TLSInterceptor(ca: ca, keyLogURL: config.tlsKeyLog ? artifactsDirectory.appendingPathComponent(keyLogName) : nil)
                log.note("tls: terminated with the run's CA (certificates minted per requested name)")
            } catch {
                log.note("tls interception unavailable (\(error)): ClientHellos recorded and refused")
                logger.warning("simulated internet: tls interception unavailable: \(error)")
            }
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let ctx = ServiceContext(log: log, dns: DNSResponder(pool: pool, policy: config.dns), http: HTTPResponder(policy: config.http),
                                 limits: config.limits, c2: config.c2, tls: tls)
        var servers: [Channel] = []
        var udpFDs: [Int32] = []
        var leftover: [Int32] = []
        do {
            var tcpPorts = Set(config.ports.tcpPorts)
            tcpPorts.insert(53)
            if anyPort { tcpPorts.insert(config.ports.catchAllPort) }
            let udpPorts = Set(anyPort ? [config.ports.catchAllPort] : config.ports.udpPorts.filter { $0 != 53 })
            var plans: [NetnsSockets.Plan] = []
            for v6 in [false, true] {
                for port in tcpPorts.sorted() {
                    plans.append(.init(ipv6: v6, udp: false, port: port, transparent: anyPort && port == config.ports.catchAllPort))
                }
                plans.append(.init(ipv6: v6, udp: true, port: 53, transparent: false))
                for port in udpPorts.sorted() { plans.append(.init(ipv6: v6, udp: true, port: port, transparent: anyPort)) }
            }
            // A reply from the wildcard socket to a client that asked 127.0.0.53 would leave from
            // 127.0.0.1, and a connected resolver socket (glibc's) drops it: bind the stub addresses too.
            for stub in Set([config.resolverAddress] + Self.stubResolvers) where stub.hasPrefix("127.") && stub != "127.0.0.1" {
                plans.append(.init(ipv6: false, udp: true, port: 53, transparent: false, address: stub))
            }
            let made = try NetnsSockets.bound(netns: netnsFD, plans: plans)
            for case (_, .success(let fd)) in made { leftover.append(fd) }
            for (plan, result) in made {
                guard case .success(let fd) = result else {
                    if case .failure(let e) = result {
                        if plan.ipv6 && v6err != 0 { continue }
                        throw e
                    }
                    continue
                }
                leftover.removeAll { $0 == fd }
                if !plan.udp {
                    servers.append(try await tcpServer(group: group, fd: fd, ctx: ctx).get())
                } else if plan.port == 53 && !plan.transparent {
                    let ch = try await DatagramBootstrap(group: group)
                        .channelInitializer { ch in
                            ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(DNSDatagramHandler(ctx: ctx)) }
                        }
                        .withBoundSocket(fd).get()
                    servers.append(ch)
                } else {
                    udpFDs.append(fd)
                }
            }
        } catch {
            for s in servers { try? await s.close() }
            for fd in udpFDs + leftover { close(fd) }
            try? await group.shutdownGracefully()
            _ = capture?.stop(timeout: .seconds(1))
            throw error
        }
        let udp = DatagramRecorder(fds: udpFDs, log: log)
        udp.start()
        return SimulatedInternet(config: config, pool: pool, anyPort: anyPort, log: log, group: group, servers: servers,
                                 udp: udp, capture: capture, pcapName: pcapName, logger: logger, tls: tls)
    }

    /// Loopback resolver addresses samples and stub resolvers use (systemd-resolved, Docker, Debian's hostname entry).
    static let stubResolvers = ["127.0.0.53", "127.0.0.11", "127.0.1.1"]

    static func tcpServer(group: MultiThreadedEventLoopGroup, fd: Int32, ctx: ServiceContext) -> EventLoopFuture<Channel> {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            // No Nagle: a TLS session writes its session tickets and then the answer, and the second small
            // segment would wait for the client's delayed ACK (40 ms on Linux) before leaving.
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { ch in
                guard let id = ctx.log.open(ch) else { return ch.close() }
                let local = ch.localAddress, remote = ch.remoteAddress
                let handler = SinkholeConnection(ctx: ctx, id: id, ip: local?.ipAddress ?? "?", port: local?.port ?? 0,
                                                 srcPort: remote?.port)
                return ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(handler) }
            }
            .withBoundSocket(fd)
    }

    /// Stops every service (bounded by `limits.stopTimeout`), closes the pcap, and returns the records.
    /// `attempts` is left empty: the core fills it from the syscalls.
    ///
    /// Bounded whatever the sample did to its connections: every open connection is aborted (SO_LINGER
    /// 0, so the close sends RST and drops what is queued instead of lingering), and no step awaits
    /// the work itself, only a flag it sets, so a close or shutdown that never completes costs the
    /// deadline, not the run.
    public func stop() async -> NetworkSection {
        if let done = result.withLock({ $0 }) { return done }
        let timeout = config.limits.stopTimeout
        let deadline = ContinuousClock.now + timeout
        for s in servers { s.close(promise: nil) }
        let open = log.openChannels()
        let closes = open.map { Self.abort($0) }
        if let group {
            let all = EventLoopFuture.whenAllComplete(closes, on: group.next())
            let closed = DoneFlag()
            all.whenComplete { _ in closed.set() }
            if !(await closed.wait(until: deadline)) { log.note("connections did not close in time") }
        }
        udp?.stop(timeout: max(deadline - .now, .milliseconds(200)))
        if let capture {
            if !capture.stop(timeout: max(deadline - .now, .milliseconds(500))) { log.note("pcap writer did not finish in time") }
            if capture.dropped > 0 { log.truncated("pcap capped at \(config.limits.pcapMaxBytes) bytes: \(capture.dropped) packets not written") }
        }
        if let group {
            let down = DoneFlag()
            group.shutdownGracefully(queue: .global()) { _ in down.set() }
            if !(await down.wait(until: deadline + .seconds(1))) { log.note("event loop did not shut down in time") }
        }
        tls?.close()
        var section = log.snapshot()
        section.mode = config.mode.rawValue
        section.pcap = pcapName
        if let tls {
            section.tlsCA = Self.caCertificateName
            if tls.keyLog != nil { section.keylog = Self.keyLogName }
        }
        result.withLock { $0 = section }
        return section
    }

    /// Closes a connection with RST: SO_LINGER {1, 0} first, so neither side lingers on unsent data.
    static func abort(_ ch: Channel) -> EventLoopFuture<Void> {
        let p = ch.eventLoop.makePromise(of: Void.self)
        let linger0 = linger(l_onoff: 1, l_linger: 0)
        let set = (ch as? SocketOptionProvider)?.setSoLinger(linger0) ?? ch.eventLoop.makeSucceededVoidFuture()
        set.whenComplete { _ in ch.close(promise: p) }
        return p.futureResult
    }

    /// Set once by a completion handler; waited for by polling, never by awaiting the work.
    final class DoneFlag: Sendable {
        private let done = Mutex(false)
        func set() { done.withLock { $0 = true } }
        var isSet: Bool { done.withLock { $0 } }
        /// True when set by `deadline`.
        func wait(until deadline: ContinuousClock.Instant) async -> Bool {
            while !isSet {
                if ContinuousClock.now >= deadline { return false }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return true
        }
    }

    /// The sinkhole address handed out for a name (allocating one if needed).
    public func address(forDomain domain: String) -> String { pool.ipv4(for: domain) }
    /// The name a sinkhole address was handed out for.
    public func domain(forAddress address: String) -> String? { pool.domain(forAddress: address) }
}

/// The any-port mechanism: an nftables TPROXY rule inside the netns hands every TCP/UDP packet that is
/// not for loopback (and not DNS over UDP) to the transparent catch-all socket on `catchAllPort`.
enum AnyPortRule {
    static func ruleset(catchAllPort p: Int) -> String {
        """
        table inet petri {
          chain divert {
            type filter hook prerouting priority mangle; policy accept;
            ip daddr 127.0.0.0/8 accept
            ip6 daddr ::1 accept
            udp dport 53 accept
            udp sport 53 accept
            meta nfproto ipv4 meta l4proto tcp tproxy ip to :\(p) accept
            meta nfproto ipv4 meta l4proto udp tproxy ip to :\(p) accept
            meta nfproto ipv6 meta l4proto tcp tproxy ip6 to :\(p) accept
            meta nfproto ipv6 meta l4proto udp tproxy ip6 to :\(p) accept
          }
        }

        """
    }

    static func install(netnsFD: Int32, nft: String, catchAllPort: Int) -> Result<Void, AnyPortError> {
        guard FileManager.default.isExecutableFile(atPath: nft) else { return .failure(AnyPortError(why: "\(nft) not found (apt-get install nftables)")) }
        let nsenter = ["/usr/bin/nsenter", "/bin/nsenter"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let nsenter else { return .failure(AnyPortError(why: "nsenter not found (util-linux)")) }
        // posix_spawn, not Foundation's Process: Process needs lo up on the host side (CFSocket's
        // wakeup sockets), which a container or CI runner may not have (sbx_run_helper).
        let args = [nsenter, "--net=/proc/\(getpid())/fd/\(netnsFD)", "--", nft, "-f", "-"]
        var cargs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        let input = Array(ruleset(catchAllPort: catchAllPort).utf8)
        var err = [CChar](repeating: 0, count: 4096)
        var errLen = 0, status: Int32 = 0
        let rc = input.withUnsafeBytes { inBuf in
            sbx_run_helper(nsenter, &cargs, inBuf.baseAddress, inBuf.count, &err, err.count, &errLen, 5000, &status)
        }
        if rc == ETIMEDOUT { return .failure(AnyPortError(why: "nft did not finish in 5 s")) }
        if rc != 0 { return .failure(AnyPortError(why: "cannot run nsenter: \(String(cString: strerror(rc)))")) }
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let msg = String(decoding: err.prefix(errLen).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(AnyPortError(why: "nft failed: \(msg.trimmingCharacters(in: .whitespacesAndNewlines))"))
        }
        return .success(())
    }

    struct AnyPortError: Error, CustomStringConvertible { var why: String; var description: String { why } }
}
#endif
