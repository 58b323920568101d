#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

public enum Sandbox {
    /// Runs the request to completion (exit of the whole tree, timeout, or cancel) and returns what
    /// was recorded. Setup failures are returned as `.setupFailed` outcomes, not thrown, so a report
    /// can still be written; only invalid requests throw.
    public static func run(_ request: LaunchRequest) throws -> SandboxResult {
        sweepOnce()
        let run = try Run(request: request)
        return run.execute()
    }

    private static let sweepLock = NSLock()
    nonisolated(unsafe) private static var swept = false
    /// A supervisor killed with SIGKILL leaves its cgroups behind; the next run removes them.
    /// (Processes, mounts and overlays die with their namespaces by construction.)
    static func sweepOnce() {
        sweepLock.lock(); defer { sweepLock.unlock() }
        if swept { return }
        swept = true
        CgroupLimiter.sweepStale()
        WritableLayer.sweepStale()
        Run.sweepStaleRunDirectories()
    }

    public static func monotonicNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
#endif
