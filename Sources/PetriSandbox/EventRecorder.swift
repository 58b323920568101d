#if os(Linux)
import Foundation
import PetriModel

/// Bounded event store with exact counters. Keeps every event until `maxEvents`; past
/// `maxPerSyscall` of one syscall, further events of that syscall are counted but elided.
/// Process lifecycle and denied events are always kept until twice `maxEvents`.
/// Syscalls are counted by a dense name id (`nameID(_:)`, resolved once per syscall number by the
/// supervisor), so the per-event path hashes no strings.
final class EventRecorder {
    private(set) var events: [Event] = []
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
        events.reserveCapacity(min(maxEvents, 4096))
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
        if important { return events.count < 2 * maxEvents }
        return events.count < maxEvents && keptByID[id] < maxPerSyscall
    }

    /// Counts an event and keeps it (the caller asked `keeps` since the last event was recorded).
    func record(_ e: Event, nameID id: Int) {
        count(nameID: id)
        events.append(e)
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
