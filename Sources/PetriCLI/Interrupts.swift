import Foundation
import PetriSandbox

/// Ctrl-C (and SIGTERM) end the run cleanly: the sandbox is killed and the report of what was
/// recorded is written. The handler only stores to an atomic flag that exists before the handler is
/// installed and is never replaced: no lock, no allocation, nothing else in signal context.
enum Interrupts {
    static let flag = CancelFlag()

    static func install() -> CancelFlag {
        let f = flag  // initialized here, never in the handler
        signal(SIGINT) { _ in Interrupts.flag.set() }
        signal(SIGTERM) { _ in Interrupts.flag.set() }
        // A parent (a CI runner, a test harness) may have left these blocked.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        return f
    }
}
