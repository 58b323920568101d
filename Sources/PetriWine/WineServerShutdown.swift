// What a Wine run does at the timeout: the wineserver saves the registry before the kill.
#if os(Linux)
import Foundation
import Glibc

/// The registry of a Wine run lives in the wineserver's memory until the server exits (or its 30 s
/// periodic save): killing the sandbox at the timeout would lose what a sample that then hangs
/// (a Run key, then a MessageBox) wrote. So at the timeout the supervisor asks the run's own
/// wineserver to save and exit, waits a bounded grace, and only then kills the pid namespace
/// (the sandbox's graceful stop, with these values).
///
/// How: SIGTERM, sent by the supervisor to each wineserver of the run. Wine's handler for it is
/// `flush_registry(); exit(1)` (server/signal.c), run from the server's main loop, so the hives are
/// written whole (to a temporary file, then renamed). `wineserver -k` would send SIGINT instead,
/// which first kills every Wine process and waits for them before saving.
public enum WineServerShutdown {
    /// Upper bound of the wait for the save (Wine 8.0 writes the 1.7 MB system.reg in ~0.1 s).
    public static let graceSeconds = 1.0
    /// The comm of `wineserver` and `wineserver64`.
    public static let processPrefix = "wineserver"
    public static let signal = SIGTERM
    public static let nothingRunning = "no wineserver was running, nothing to save"
    public static let exitedFormat = "the wineserver saved the registry and exited in %.2f s"
    public static var gaveUp: String { String(format: "the wineserver did not exit within %.1f s (registry not saved)", graceSeconds) }
}
#endif
