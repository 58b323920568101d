#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel
import Synchronization

/// What the sandbox is asked to run.
public struct LaunchRequest: Sendable {
    /// Host path of the sample (copied in, never executed in place).
    public var samplePath: String
    /// File name inside the sandbox (the sample's original name).
    public var sampleName: String
    /// The exact bytes of that name when they are not valid UTF-8 (`sampleName` is then only its
    /// decoded form): the in-sandbox copy and argv[0] of the default plan carry these bytes, so a
    /// sample that checks its own name (argv[0], /proc/self/exe) sees it unchanged.
    public var rawSampleName: [UInt8]?
    /// argv of the default plan: argv[0] is the sandbox path of the program to exec; for a script this
    /// is the sample itself (the kernel runs its shebang interpreter). Empty: the sample alone.
    public var arguments: [String]
    public var policy: SandboxPolicy
    /// Host folder for stdout.txt, stderr.txt, dropped/ and upper/.
    public var artifactsDirectory: String
    /// Called after the namespaces exist and before the sample starts, with an fd of the sandbox's
    /// network namespace (the simulated internet binds its services there).
    /// The second argument is the run's clock origin (CLOCK_MONOTONIC ns) so records made there
    /// share the events' time base.
    public var onNetworkNamespace: (@Sendable (Int32, UInt64) throws -> Void)?
    /// Called from the supervision loop about every 100 ms with (elapsed s, processes, events).
    public var onProgress: (@Sendable (Double, Int, UInt64) -> Void)?
    /// Set to true (from any thread) to end the run early, as on Ctrl-C; the record is kept.
    public var cancel: CancelFlag?
    /// How to start the sample (a runner's plan); nil: the default plan, which execs the sample itself
    /// with `arguments` (`LaunchPlan.direct`).
    public var plan: LaunchPlan?
    /// The guest image's root (docs/guest.md): its /usr, /bin, /sbin, /lib* and /etc are the sandbox's,
    /// read-only under the overlay; nil runs on the host's own (`guest: host`).
    public var guestRoot: String?

    public init(samplePath: String, sampleName: String, arguments: [String] = [], policy: SandboxPolicy, artifactsDirectory: String) {
        self.samplePath = samplePath; self.sampleName = sampleName; self.arguments = arguments
        self.policy = policy; self.artifactsDirectory = artifactsDirectory
    }

    /// The sample's path inside the sandbox under the default plan (argv[0] for `arguments`).
    public var insideSamplePath: String { policy.workingDirectory + "/" + sampleName }

    /// The plan the sandbox runs.
    public var resolvedPlan: LaunchPlan {
        plan ?? LaunchPlan.direct(kind: .native, sampleName: sampleName, rawSampleName: rawSampleName, arguments: arguments, policy: policy)
    }
}

/// Set once to end a run early (Ctrl-C): one atomic store, no lock and no allocation, so a signal
/// handler may set it; the supervisor loop polls it.
public final class CancelFlag: Sendable {
    private let value = Atomic<Bool>(false)
    public init() {}
    public func set() { value.store(true, ordering: .releasing) }
    public var isSet: Bool { value.load(ordering: .acquiring) }
}
#endif
