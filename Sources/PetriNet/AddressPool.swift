import Foundation
import Synchronization

/// Hands out one sinkhole address per name, stable within a run, so a later connection to that
/// address can be attributed to the name it was resolved from. IPv4 from 198.18.0.0/15 (RFC 2544
/// benchmarking range, never routed), IPv6 from the ULA prefix fd00:5eed::/48, same index in both.
public final class SinkholeAddressPool: Sendable {
    struct State { var byName: [String: UInt32] = [:]; var names: [String] = [] }
    private let state = Mutex(State())
    /// 198.18.0.0/15 holds 131072 addresses; index 0 is never handed out.
    public static let capacity: UInt32 = 131_071

    public init() {}

    private func index(for domain: String) -> UInt32 {
        let key = Self.normalize(domain)
        return state.withLock { s in
            if let i = s.byName[key] { return i }
            let i = UInt32(s.names.count % Int(Self.capacity)) + 1
            s.byName[key] = i
            s.names.append(key)
            return i
        }
    }

    public func ipv4(for domain: String) -> String {
        let v = (UInt32(198) << 24 | UInt32(18) << 16) + index(for: domain)
        return "\(v >> 24).\(v >> 16 & 0xff).\(v >> 8 & 0xff).\(v & 0xff)"
    }

    public func ipv6(for domain: String) -> String {
        let i = index(for: domain)
        var b: [UInt8] = [0xfd, 0x00, 0x5e, 0xed, 0, 0, 0, 0, 0, 0, 0, 0]
        b += [UInt8(i >> 24), UInt8(i >> 16 & 0xff), UInt8(i >> 8 & 0xff), UInt8(i & 0xff)]
        var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        b.withUnsafeBytes { _ = inet_ntop(AF_INET6, $0.baseAddress, &out, socklen_t(out.count)) }
        return cStringText(out)
    }

    public func domain(forAddress address: String) -> String? {
        guard let i = Self.index(ofAddress: address) else { return nil }
        return state.withLock { s in
            var found: String?
            var k = Int(i) - 1
            while k < s.names.count { found = s.names[k]; k += Int(Self.capacity) }
            return found
        }
    }

    /// Every name handed out so far, in order.
    public var names: [String] { state.withLock { $0.names } }

    static func normalize(_ name: String) -> String {
        var n = name.lowercased()
        while n.hasSuffix(".") { n.removeLast() }
        return n
    }

    static func index(ofAddress address: String) -> UInt32? {
        var a = in_addr()
        if inet_pton(AF_INET, address, &a) == 1 {
            let v = UInt32(bigEndian: a.s_addr)
            guard v >> 17 == (UInt32(198) << 24 | UInt32(18) << 16) >> 17 else { return nil }
            let i = v - (UInt32(198) << 24 | UInt32(18) << 16)
            return i == 0 ? nil : i
        }
        var a6 = in6_addr()
        if inet_pton(AF_INET6, address, &a6) == 1 {
            let b = withUnsafeBytes(of: a6) { Array($0) }
            let prefix: [UInt8] = [0xfd, 0x00, 0x5e, 0xed]
            guard Array(b[0..<4]) == prefix, b[4..<12].allSatisfy({ $0 == 0 }) else { return nil }
            let i = UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15])
            return i == 0 ? nil : i
        }
        return nil
    }
}
