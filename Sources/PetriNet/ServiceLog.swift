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
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
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
        state.withLock { s in
            if s.section.connections.count < limits.maxConnections { s.section.connections.append(r) }
            else { s.dropped["connections over \(limits.maxConnections) not kept", default: 0] += 1 }
        }
    }

    func add(dns r: DNSRecord) {
        state.withLock { s in
            if s.section.dns.count < limits.maxDNSRecords { s.section.dns.append(r) }
            else { s.dropped["dns queries over \(limits.maxDNSRecords) not kept", default: 0] += 1 }
        }
    }

    func add(http r: HTTPRecord) {
        state.withLock { s in
            if s.section.http.count < limits.maxHTTPRecords { s.section.http.append(r) }
            else { s.dropped["http requests over \(limits.maxHTTPRecords) not kept", default: 0] += 1 }
        }
    }

    func add(tls r: TLSRecord) {
        state.withLock { s in
            if s.section.tls.count < limits.maxHTTPRecords { s.section.tls.append(r) }
            else { s.dropped["tls hellos over \(limits.maxHTTPRecords) not kept", default: 0] += 1 }
        }
    }

    func add(other r: ServiceRecord) {
        state.withLock { s in
            if s.section.other.count < limits.maxOtherRecords { s.section.other.append(r) }
            else { s.dropped["service records over \(limits.maxOtherRecords) not kept", default: 0] += 1 }
        }
    }

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

/// First bytes as "47 45 54 20  |GET |".
func hexPreview(_ b: [UInt8]) -> String {
    guard !b.isEmpty else { return "" }
    let hex = b.map { String(format: "%02x", $0) }.joined(separator: " ")
    let ascii = String(b.map { $0 >= 0x20 && $0 < 0x7f ? Character(UnicodeScalar($0)) : "." })
    return "\(hex)  |\(ascii)|"
}

/// Bytes as text for previews of mostly-text protocols: printable ASCII kept, the rest escaped.
func escapedText(_ b: [UInt8]) -> String {
    var s = ""
    for c in b {
        switch c {
        case 0x0a: s += "\\n"
        case 0x0d: s += "\\r"
        case 0x09: s += "\\t"
        case 0x5c: s += "\\\\"
        case 0x20..<0x7f: s.append(Character(UnicodeScalar(c)))
        default: s += String(format: "\\x%02x", c)
        }
    }
    return s
}

/// Text of a NUL-terminated C buffer.
func cStringText(_ a: [CChar]) -> String {
    String(decoding: a.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
