#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// Everything a run recorded.
public struct SandboxResult: Sendable {
    public var outcome: RunOutcome
    public var timeoutHit: Bool
    public var limitsHit: [LimitHit]
    public var errors: [String]
    public var events: [Event]
    public var eventStats: EventStats
    public var syscallCounts: [String: UInt64]
    public var processes: [ProcessNode]
    public var files: [FileChange]
    public var denied: [DeniedSyscall]
    public var attempts: [NetworkAttempt]
    public var output: OutputCapture
    public var durationMs: Double
    public var setupMs: Double
    public var startedAt: Date
    /// Clock origin of event times (CLOCK_MONOTONIC ns), for records made by other components.
    public var monotonicStartNs: UInt64
    public var upperDirectory: String?
    public var syncWakeup: Bool
    /// Memory the sample made executable after writing it (ExecMemoryCapture), bounded.
    public var execMemory: [CapturedMemory] = []
    /// Host path of each dropped regular file in the kept upper layers, by guest path.
    public var upperFiles: [String: String] = [:]
}
#endif
