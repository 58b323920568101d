#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriSys

/// A failed step of setting up the simulated internet; `description` is the line the user sees.
public struct NetworkSetupError: Error, CustomStringConvertible, Sendable {
    public var stage: String
    public var errno: Int32
    public var reason: String { String(cString: strerror(errno)) }
    public var description: String { "simulated internet setup failed at \(stage): \(reason)" }
    public init(stage: String, errno: Int32) { self.stage = stage; self.errno = errno }
}

extension NetworkSetupError: SystemCallFailure {
    public init(operation: String, errno: Int32) { self.init(stage: operation, errno: errno) }
}

/// Sockets that live in the sample's netns, created through the C shim (setns on a short-lived pthread).
enum NetnsSockets {
    /// A C-shim call that returns an errno (0 on success).
    static func check(_ stage: String, _ rc: Int32) throws(NetworkSetupError) {
        try HostCall.checkCode(stage, as: NetworkSetupError.self, rc)
    }

    /// A system call that returns -1 and sets errno; interrupted calls are retried.
    static func sys(_ stage: String, _ body: () -> Int32) throws(NetworkSetupError) {
        try HostCall.check(stage, as: NetworkSetupError.self, body)
    }

    static func socket(netns: Int32, domain: Int32, type: Int32, proto: Int32 = 0) throws -> Int32 {
        var fd: Int32 = -1
        try check("socket in netns", sbx_net_socket(netns, domain, type, proto, &fd))
        return fd
    }

    /// One socket the services need: wildcard address, TCP listening or UDP bound.
    struct Plan: Hashable {
        var ipv6: Bool
        var udp: Bool
        var port: Int
        var transparent: Bool
        /// A specific IPv4 address instead of the wildcard.
        var address: String? = nil
    }

    /// Creates every planned socket inside the netns with one setns, then binds each. A socket whose
    /// set-up fails is closed and left out (nil), with the error beside it.
    static func bound(netns: Int32, plans: [Plan]) throws -> [(Plan, Result<Int32, NetworkSetupError>)] {
        let domains = plans.map { $0.ipv6 ? AF_INET6 : AF_INET }
        let types = plans.map { Int32($0.udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue) }
        var fds = [Int32](repeating: -1, count: plans.count)
        try check("sockets in netns", sbx_net_socket_batch(netns, Int32(plans.count), domains, types, &fds))
        return zip(plans, fds).map { plan, fd in
            do {
                try configure(fd: fd, ipv6: plan.ipv6, udp: plan.udp, port: plan.port, transparent: plan.transparent, address: plan.address)
                return (plan, .success(fd))
            } catch let e as NetworkSetupError {
                close(fd)
                return (plan, .failure(e))
            } catch {
                close(fd)
                return (plan, .failure(NetworkSetupError(stage: "bind :\(plan.port)", errno: EINVAL)))
            }
        }
    }

    static func configure(fd: Int32, ipv6: Bool, udp: Bool, port: Int, transparent: Bool, address: String? = nil, backlog: Int32 = 4096) throws {
        do {
            var one: Int32 = 1
            try sys("setsockopt SO_REUSEADDR") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(4)) }
            if ipv6 { try sys("setsockopt IPV6_V6ONLY") { setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(4)) } }
            if transparent { try check("setsockopt IP_TRANSPARENT", sbx_net_set_transparent(fd, ipv6 ? 1 : 0, udp ? 1 : 0)) }
            if ipv6 {
                var a = sockaddr_in6()
                a.sin6_family = sa_family_t(AF_INET6)
                a.sin6_port = in_port_t(UInt16(port).bigEndian)
                try sys("bind [::]:\(port)") {
                    withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
                }
            } else {
                var a = sockaddr_in()
                a.sin_family = sa_family_t(AF_INET)
                a.sin_port = in_port_t(UInt16(port).bigEndian)
                if let address, inet_pton(AF_INET, address, &a.sin_addr) != 1 { throw NetworkSetupError(stage: "address \(address)", errno: EINVAL) }
                try sys("bind \(address ?? "0.0.0.0"):\(port)") {
                    withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                }
            }
            if !udp { try sys("listen :\(port)") { listen(fd, backlog) } }
        }
    }
}

/// Parses a sockaddr_storage into (ip, port).
func socketAddressParts(_ ss: sockaddr_storage) -> (ip: String, port: Int)? {
    var s = ss
    var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    switch Int32(s.ss_family) {
    case AF_INET:
        return withUnsafePointer(to: &s) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                var a = p.pointee.sin_addr
                _ = inet_ntop(AF_INET, &a, &out, socklen_t(out.count))
                return (cStringText(out), Int(UInt16(bigEndian: p.pointee.sin_port)))
            }
        }
    case AF_INET6:
        return withUnsafePointer(to: &s) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                var a = p.pointee.sin6_addr
                _ = inet_ntop(AF_INET6, &a, &out, socklen_t(out.count))
                var ip = cStringText(out)
                if ip.hasPrefix("::ffff:"), ip.contains(".") { ip.removeFirst(7) }
                return (ip, Int(UInt16(bigEndian: p.pointee.sin6_port)))
            }
        }
    default: return nil
    }
}
#endif

#if os(Linux)
/// A network namespace held by an fd: a fresh one for tests and tools, or the sandbox's.
public final class NetworkNamespace: Sendable {
    public let fd: Int32
    let owned: Bool

    public init(adopting fd: Int32) { self.fd = fd; owned = false }
    private init(owned fd: Int32) { self.fd = fd; owned = true }

    /// A new, empty network namespace (only a down lo), created on a short-lived thread so the
    /// caller's namespace never changes. Needs CAP_SYS_ADMIN.
    public static func create() throws -> NetworkNamespace {
        var fd: Int32 = -1
        try NetnsSockets.check("unshare(CLONE_NEWNET)", sbx_net_new_netns(&fd))
        return NetworkNamespace(owned: fd)
    }

    /// A socket that lives in this namespace (close it yourself).
    public func socket(domain: Int32, type: Int32, protocol proto: Int32 = 0) throws -> Int32 {
        try NetnsSockets.socket(netns: fd, domain: domain, type: type, proto: proto)
    }

    public func bringLoopbackUp() throws { try NetnsSockets.check("bring lo up", sbx_net_lo_up(fd)) }

    deinit { if owned { close(fd) } }
}
#endif
