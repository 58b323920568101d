#if os(Linux)
import Foundation
import PetriModel

/// Bounded event store with exact counters. Keeps every event until `maxEvents`; past
/// `maxPerSyscall` of one syscall, further events of that syscall are counted but elided.
/// Process lifecycle and denied events are always kept until twice `maxEvents`.
/// Syscalls are counted by a dense name id (`nameID(_:)`, resolved once per syscall number by the
/// supervisor), so the per-event path hashes no strings.
/// A kept event whose record is only paths and fd links is stored with its sealed decoder (what
/// was read before the answer) and rendered when the events are read after the run: the sample
/// does not wait for flag rendering, path normalisation or the arguments dictionary.
final class EventRecorder {
    private var stored: [Event] = []
    /// Events whose arguments are still to be rendered, by index into `stored`.
    private var deferred: [Deferred] = []
    private struct Deferred { let index: Int; let decoder: SyscallDecoder; let decode: SyscallSpec.Decode; let name: String }
    /// Time spent rendering deferred arguments (PETRI_DEBUG_TIMING), and how many.
    private(set) var renderNs: UInt64 = 0
    private(set) var rendered = 0

    /// Every kept event, with its arguments (deferred ones rendered on first read, after the run).
    var events: [Event] {
        if !deferred.isEmpty {
            let t0 = Sandbox.monotonicNs()
            for d in deferred {
                var a = [String: ArgValue](minimumCapacity: 6)
                d.decode(d.decoder, &a, d.name)
                stored[d.index].args = a
            }
            rendered += deferred.count
            deferred = []
            renderNs += Sandbox.monotonicNs() - t0
        }
        return stored
    }
    private var names: [String]
    private var ids: [String: Int]
    private var countByID: [UInt64]
    private var keptByID: [Int]
    private(set) var stats = EventStats()
    private let maxEvents: Int
    private let maxPerSyscall: Int
    private(set) var nextSeq: UInt64 = 1

    /// Names every run knows from the start (the supervisor's tables index them), built once.
    private static let knownIDs: [String: Int] = Dictionary(uniqueKeysWithValues: SupervisorLoop.baseNames.enumerated().map { ($1, $0) })

    init(maxEvents: Int, maxPerSyscall: Int) {
        names = SupervisorLoop.baseNames
        ids = Self.knownIDs
        countByID = [UInt64](repeating: 0, count: names.count)
        keptByID = [Int](repeating: 0, count: names.count)
        self.maxEvents = maxEvents
        self.maxPerSyscall = maxPerSyscall
        stats.maxEvents = UInt64(maxEvents)
        stats.maxPerSyscall = UInt64(maxPerSyscall)
        stored.reserveCapacity(min(maxEvents, 4096))
    }

    /// Exact count per syscall name (both architectures together).
    var counts: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (id, n) in countByID.enumerated() where n > 0 { out[names[id]] = n }
        return out
    }

    func nameID(_ name: String) -> Int {
        if let id = ids[name] { return id }
        let id = names.count
        names.append(name); ids[name] = id; countByID.append(0); keptByID.append(0)
        return id
    }

    func takeSeq() -> UInt64 { defer { nextSeq += 1 }; return nextSeq }

    /// Whether the next event of this syscall will be kept (asked before its arguments are decoded:
    /// an event that won't be kept is counted without decoding).
    func keeps(nameID id: Int, important: Bool) -> Bool {
        if important { return stored.count < 2 * maxEvents }
        return stored.count < maxEvents && keptByID[id] < maxPerSyscall
    }

    /// Counts an event and keeps it (the caller asked `keeps` since the last event was recorded).
    /// With `render`, the event's arguments are rendered by that spec from the sealed decoder later.
    func record(_ e: Event, nameID id: Int, render: (decoder: SyscallDecoder, spec: SyscallSpec)? = nil) {
        count(nameID: id)
        if let r = render { deferred.append(Deferred(index: stored.count, decoder: r.decoder, decode: r.spec.decode, name: r.spec.name)) }
        stored.append(e)
        keptByID[id] += 1
        stats.recorded += 1
    }

    /// Counts an event that is not kept.
    func countElided(nameID id: Int) {
        count(nameID: id)
        stats.elided += 1
    }

    private func count(nameID id: Int) {
        stats.notified += 1
        countByID[id] += 1
    }

    func noteVanished() { stats.vanished += 1 }
}
#endif
