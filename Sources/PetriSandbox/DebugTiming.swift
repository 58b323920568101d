#if os(Linux)
import Foundation

/// PETRI_DEBUG_TIMING=1 prints where an analysis spends its time, one stderr line per step:
/// `petri-timing <ms since the first mark> (+<ms since the previous mark>) <step>`.
/// One clock for the pipeline (Petri) and the sandbox run (PetriSandbox).
public enum DebugTiming {
    public static let enabled = ProcessInfo.processInfo.environment["PETRI_DEBUG_TIMING"] != nil
    private static let lock = NSLock()
    nonisolated(unsafe) private static var first: UInt64 = 0
    nonisolated(unsafe) private static var last: UInt64 = 0

    public static func mark(_ step: @autoclosure () -> String) {
        guard enabled else { return }
        let now = Sandbox.monotonicNs()
        lock.lock()
        if first == 0 { first = now; last = now }
        let total = Double(now - first) / 1e6, delta = Double(now - last) / 1e6
        last = now
        lock.unlock()
        FileHandle.standardError.write(Data(String(format: "petri-timing %8.1f ms (+%7.1f) %@\n", total, delta, step()).utf8))
    }
}
#endif
