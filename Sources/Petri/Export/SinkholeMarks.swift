import Foundation
import PetriModel

/// The simulated internet's own names and addresses, read from the report alone: every address it
/// answered in DNS, its sinkhole ranges (198.18.0.0/15, fd00:5eed::/48; PetriNet's
/// SinkholeAddressPool), the sandbox's own lo addresses (198.51.100.10, fd00:5eed:1::10), loopback and
/// unspecified addresses, and reverse-lookup names of any of these. They are petri's, not the
/// sample's, so no export lists them as indicators. Processes of the runner's own machinery
/// (`runner: true`, e.g. Wine start-up) are not the sample either.
struct SinkholeMarks {
    private var answered: Set<String> = []
    private var runnerPids: Set<Int32> = []
    static let ownAddresses: Set<String> = ["198.51.100.10", "fd00:5eed:1::10", "0.0.0.0", "::"]

    init(_ r: Report) {
        for d in r.network.dns { for a in d.answers { answered.insert(a.lowercased()) } }
        runnerPids = Set(r.processes.filter { $0.runner == true }.map(\.pid))
    }

    func isRunner(_ pid: Int32?) -> Bool { pid.map { runnerPids.contains($0) } ?? false }

    func isOwnAddress(_ raw: String) -> Bool {
        let ip = raw.lowercased()
        if answered.contains(ip) || Self.ownAddresses.contains(ip) { return true }
        var a = in_addr()
        if inet_pton(AF_INET, ip, &a) == 1 {
            let v = UInt32(bigEndian: a.s_addr)
            return v >> 24 == 127 || v >> 17 == (UInt32(198) << 24 | UInt32(18) << 16) >> 17
        }
        var a6 = in6_addr()
        if inet_pton(AF_INET6, ip, &a6) == 1 {
            let b = withUnsafeBytes(of: a6) { Array($0) }
            if b == Array(repeating: 0, count: 15) + [1] { return true }
            if Array(b[0..<4]) == [0xfd, 0x00, 0x5e, 0xed] { return true }
            // IPv4-mapped (::ffff:a.b.c.d)
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {
                return isOwnAddress("\(b[12]).\(b[13]).\(b[14]).\(b[15])")
            }
        }
        return false
    }

    /// A name petri made up or answers for itself: a reverse lookup of one of its own addresses,
    /// or a literal address (the sample connected by number; the address is listed, not as a name).
    func isOwnName(_ raw: String) -> Bool {
        var n = raw.lowercased()
        while n.hasSuffix(".") { n.removeLast() }
        if n.isEmpty || Self.isAddress(n) { return true }
        if n.hasSuffix(".in-addr.arpa") {
            let octets = n.dropLast(".in-addr.arpa".count).split(separator: ".").reversed()
            return isOwnAddress(octets.joined(separator: "."))
        }
        if n.hasSuffix(".ip6.arpa") {
            let nibbles = n.dropLast(".ip6.arpa".count).split(separator: ".").reversed().map(String.init)
            guard nibbles.count == 32 else { return true }
            var groups: [String] = []
            for i in stride(from: 0, to: 32, by: 4) { groups.append(nibbles[i..<i + 4].joined()) }
            return isOwnAddress(groups.joined(separator: ":"))
        }
        return false
    }

    static func isAddress(_ s: String) -> Bool {
        var a = in_addr(), a6 = in6_addr()
        return inet_pton(AF_INET, s, &a) == 1 || inet_pton(AF_INET6, s, &a6) == 1
    }

    static func isIPv6(_ s: String) -> Bool { var a6 = in6_addr(); return inet_pton(AF_INET6, s, &a6) == 1 }
}
