import Foundation
import NIOCore
import PetriModel
import Synchronization

/// Nanoseconds since the run's origin, on the clock the core uses for events.
struct RunClock: Sendable {
    let elapsed: @Sendable () -> UInt64
    func now() -> UInt64 { elapsed() }

    init(elapsed: @escaping @Sendable () -> UInt64) { self.elapsed = elapsed }

    init(origin: ContinuousClock.Instant) {
        elapsed = {
            let d = origin.duration(to: .now).components
            guard d.seconds >= 0 else { return 0 }
            return UInt64(d.seconds) * 1_000_000_000 + UInt64(d.attoseconds / 1_000_000_000)
        }
    }
}

/// Where every service writes what it saw. Caps are enforced here, counted, and reported as truncations.
final class ServiceLog: Sendable {
    struct State {
        var section = NetworkSection(mode: "sinkhole")
        var nextConnection = 0
        var open: [String: Channel] = [:]
        var dropped: [String: Int] = [:]
        var notes: Set<String> = []
        var closed = false
        var keptTotal = 0
    }
    private let state = Mutex(State())
    let limits: NetworkLimits
    let clock: RunClock
    let pool: SinkholeAddressPool

    /// Where connection data is saved (ARTIFACTS/network), nil to save none.
    let dataDirectory: URL?

    init(limits: NetworkLimits, clock: RunClock, pool: SinkholeAddressPool, dataDirectory: URL? = nil) {
        self.limits = limits; self.clock = clock; self.pool = pool; self.dataDirectory = dataDirectory
    }

    /// Grants up to `n` bytes of the run-wide budget for saved connection data.
    func reserveKept(_ n: Int) -> Int {
        state.withLock { s in
            let grant = max(0, min(n, limits.streamKeepTotalBytes - s.keptTotal))
            s.keptTotal += grant
            if grant < n { s.dropped["saved connection data capped at \(limits.streamKeepTotalBytes) bytes per run", default: 0] += 1 }
            return grant
        }
    }

    /// Saves what the sample sent on a connection; returns the path relative to the artifacts folder.
    func saveData(_ bytes: [UInt8], id: String) -> String? {
        guard let dir = dataDirectory, !bytes.isEmpty else { return nil }
        let url = dir.appendingPathComponent("\(id).bin")
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else { return nil }
        return "\(dir.lastPathComponent)/\(id).bin"
    }

    /// Registers an accepted connection; nil when too many are open (the caller closes it).
    func open(_ channel: Channel) -> String? {
        state.withLock { s in
            s.nextConnection += 1
            guard !s.closed, s.open.count < limits.maxOpenConnections else {
                s.dropped["open connections over \(limits.maxOpenConnections): closed at accept", default: 0] += 1
                return nil
            }
            let id = "c\(s.nextConnection)"
            s.open[id] = channel
            return id
        }
    }

    func nextID(prefix: String) -> String {
        state.withLock { s in s.nextConnection += 1; return "\(prefix)\(s.nextConnection)" }
    }

    func closed(_ id: String) { _ = state.withLock { $0.open.removeValue(forKey: id) } }

    func openChannels() -> [Channel] { state.withLock { s in s.closed = true; return Array(s.open.values) } }

    func add(connection r: ConnectionRecord) {
        var r = r
        if r.domain == nil { r.domain = pool.domain(forAddress: r.ip) }
        append(r, to: \.connections, cap: limits.maxConnections, what: "connections")
    }

    /// Keeps a record up to its cap; past it, counts what was not kept (reported as a truncation).
    private func append<T>(_ r: T, to list: WritableKeyPath<NetworkSection, [T]>, cap: Int, what: String) {
        state.withLock { s in
            if s.section[keyPath: list].count < cap { s.section[keyPath: list].append(r) }
            else { s.dropped["\(what) over \(cap) not kept", default: 0] += 1 }
        }
    }

    func add(dns r: DNSRecord) { append(r, to: \.dns, cap: limits.maxDNSRecords, what: "dns queries") }

    func add(http r: HTTPRecord) { append(r, to: \.http, cap: limits.maxHTTPRecords, what: "http requests") }

    func add(tls r: TLSRecord) { append(r, to: \.tls, cap: limits.maxHTTPRecords, what: "tls hellos") }

    func add(other r: ServiceRecord) { append(r, to: \.other, cap: limits.maxOtherRecords, what: "service records") }

    /// A cap that was hit; identical notes are counted once per kind.
    func truncated(_ what: String) { state.withLock { s in s.dropped[what, default: 0] += 1 } }

    func note(_ text: String) { _ = state.withLock { $0.notes.insert(text) } }

    func snapshot() -> NetworkSection {
        state.withLock { s in
            var sec = s.section
            sec.connections.sort { ($0.timeNs, $0.id) < ($1.timeNs, $1.id) }
            sec.dns.sort { $0.timeNs < $1.timeNs }
            sec.http.sort { $0.timeNs < $1.timeNs }
            sec.tls.sort { $0.timeNs < $1.timeNs }
            sec.other.sort { $0.timeNs < $1.timeNs }
            sec.truncations = s.dropped.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value)×)" }
            sec.notes = s.notes.sorted()
            return sec
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// First bytes as "47 45 54 20  |GET |". Built byte by byte: this runs on the event loop for every
/// connection, and String(format:) per byte is far too slow for that.
func hexPreview(_ b: [UInt8]) -> String {
    guard !b.isEmpty else { return "" }
    var out: [UInt8] = []
    out.reserveCapacity(b.count * 4 + 4)
    for (i, c) in b.enumerated() {
        if i > 0 { out.append(0x20) }
        out.append(hexDigits[Int(c >> 4)]); out.append(hexDigits[Int(c & 0x0f)])
    }
    out += [0x20, 0x20, 0x7c]
    for c in b { out.append(c >= 0x20 && c < 0x7f ? c : 0x2e) }
    out.append(0x7c)
    return String(decoding: out, as: UTF8.self)
}

/// Bytes as text for previews of mostly-text protocols: printable ASCII kept, the rest escaped.
func escapedText(_ b: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(b.count + 8)
    for c in b {
        switch c {
        case 0x0a: out += [0x5c, 0x6e]
        case 0x0d: out += [0x5c, 0x72]
        case 0x09: out += [0x5c, 0x74]
        case 0x5c: out += [0x5c, 0x5c]
        case 0x20..<0x7f: out.append(c)
        default: out += [0x5c, 0x78, hexDigits[Int(c >> 4)], hexDigits[Int(c & 0x0f)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Text of a NUL-terminated C buffer.
func cStringText(_ a: [CChar]) -> String {
    String(decoding: a.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
