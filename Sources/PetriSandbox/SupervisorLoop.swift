#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// The supervision loop: one thread, one poll over the seccomp listener, init's status pipe and
/// control socket, the sample's stdout/stderr, and init's pidfd. Answers every notification.
// State shared by the notify thread and the main loop is guarded by `state`.
final class SupervisorLoop: @unchecked Sendable {
    let run: Run
    let listener: Int32
    var child: sbx_child_t
    let policy: SandboxPolicy
    let deniedSet: Set<String>
    /// Per architecture, indexed by syscall number: everything the per-notification path needs
    /// that is known from the number alone, so that path compares no strings.
    /// A class: the handler takes one reference per notification, not a copy of every field.
    final class Entry: Sendable {
        let name: String
        let nameID: Int                 // the recorder's counter index
        let category: EventCategory
        let verdict: Int32              // 0: decide per call; EPERM or ENOSYS: fixed
        let alwaysKept: Bool            // spec.alwaysKept
        let rule: Rule
        let effect: Effect
        let capture: CaptureSpec?       // nil: decoded in full before the answer
        let execMemory: Bool            // spec.execMemoryTrigger: read before the answer
        let spec: SyscallSpec           // Syscalls/<family>.swift: the decoder

        init(name: String, nameID: Int, category: EventCategory, verdict: Int32, alwaysKept: Bool, rule: Rule, effect: Effect,
             capture: CaptureSpec?, execMemory: Bool, spec: SyscallSpec) {
            self.name = name; self.nameID = nameID; self.category = category; self.verdict = verdict; self.alwaysKept = alwaysKept
            self.rule = rule; self.effect = effect; self.capture = capture; self.execMemory = execMemory; self.spec = spec
        }

        /// The same entry with another fixed verdict (a profile's extra denials).
        func with(verdict: Int32) -> Entry {
            Entry(name: name, nameID: nameID, category: category, verdict: verdict, alwaysKept: alwaysKept, rule: rule, effect: effect,
                  capture: capture, execMemory: execMemory, spec: spec)
        }

        /// The entry of a call reached through socketcall: decoded by unwrapping, before the answer.
        func throughSocketcall() -> Entry {
            Entry(name: name, nameID: nameID, category: category, verdict: verdict, alwaysKept: alwaysKept, rule: .socketcall,
                  effect: effect, capture: nil, execMemory: execMemory, spec: spec)
        }
    }
    typealias Rule = SyscallSpec.Rule
    typealias Effect = SyscallSpec.Effect
    let tables: [[Entry]]
    /// Serialises the notify thread's record keeping with the main loop's reap handling.
    let state = NSLock()
    /// The notify thread's read buffer for strings from the sample (used under `state`).
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)

    init(run: Run, listener: Int32, child: sbx_child_t, policy: SandboxPolicy) {
        self.run = run
        self.listener = listener
        self.child = child
        self.policy = policy
        self.deniedSet = Set(SyscallCatalog.denied + policy.extraDenied)
        self.ownCodeCheck = run.sudoBroker
        // The tables are built once per process; a profile's extra denials patch a copy.
        let extra = Set(policy.extraDenied)
        self.tables = extra.isEmpty ? Self.baseTables : Self.baseTables.map { table in
            table.map { e in extra.contains(e.name) ? e.with(verdict: EPERM) : e }
        }
    }

    /// With the sudo broker (a guest image, the sample run as the user): petri's own pre-exec code
    /// is told apart (NotificationHandler.ownCode), host tid → whether it is (under `state`).
    let ownCodeCheck: Bool
    var ownCodeCache: [Int32: Bool] = [:]

    deinit { scratch.deallocate() }

    /// The notification thread: blocks in RECV (no poll per notification) until told to stop.
    final class NotifyThread: @unchecked Sendable {
        private let stopLock = NSLock()
        private var stopped = false
        private var exited = false
        private var pthread: UInt64 = 0
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)

        var shouldStop: Bool { stopLock.lock(); defer { stopLock.unlock() }; return stopped }

        func start(_ body: @escaping @Sendable (NotifyThread) -> Void) {
            let t = Thread { [self] in
                self.stopLock.lock(); self.pthread = sbx_thread_self(); self.stopLock.unlock()
                self.started.signal()
                body(self)
                // Under the lock: stop() never signals a thread that is gone (its pthread_t would be
                // dangling, and pthread_kill on it crashes).
                self.stopLock.lock(); self.exited = true; self.stopLock.unlock()
                self.finished.signal()
            }
            t.stackSize = 4 << 20
            t.start()
            started.wait()
        }

        /// Asks the thread to stop and wakes it from RECV; true once it has, false when it is still
        /// busy after `seconds` (stuck in the kernel on a task of the run that does not wake, say
        /// reading the memory of a process in uninterruptible sleep): then it is left behind.
        func stop(seconds: Double) -> Bool {
            stopLock.lock(); stopped = true; stopLock.unlock()
            let deadline = DispatchTime.now() + seconds
            while true {
                stopLock.lock()
                if exited { stopLock.unlock(); break }
                _ = sbx_thread_signal(pthread, SIGUSR2)
                stopLock.unlock()
                if finished.wait(timeout: .now() + .milliseconds(10)) == .success { return true }
                if DispatchTime.now() >= deadline { return false }
            }
            finished.wait()
            return true
        }
    }

    /// Nice value of the notification thread (PETRI_SUPERVISOR_NICE, default -10; 0 leaves it alone).
    static let notifyThreadNice: Int32 = Int32(ProcessInfo.processInfo.environment["PETRI_SUPERVISOR_NICE"] ?? "") ?? -10

    /// Every notified syscall of the run waits until this thread is scheduled, answers and goes back
    /// to RECV: on a loaded host (the bench: CPU-bound builds beside a Wine run's ~3000 notifications)
    /// that wake-up latency, not the handling, is what the sample waits for. A higher CFS weight for this
    /// one thread (set on it alone, after the sandbox's processes were cloned: they keep theirs) cuts it;
    /// it only runs while a task of the run is blocked on it. Needs CAP_SYS_NICE; without it nothing changes.
    static func raiseNotifyThreadWeight() {
        guard notifyThreadNice < 0 else { return }
        // who 0: on Linux the calling thread only (nice is per task)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, notifyThreadNice)
    }

    func run(stdoutFD: Int32, stderrFD: Int32, stdout: inout StreamCapture, stderr: inout StreamCapture) -> Run.Supervised {
        let start = run.start
        // The timeout counts the sample's time, not petri's own set-up before it.
        let deadline = Sandbox.monotonicNs() + UInt64(policy.timeoutSeconds * 1e9)
        var pidfd: Int32 = -1
        _ = sbx_pidfd_open(child.pid, &pidfd)
        defer { if pidfd >= 0 { close(pidfd) } }

        _ = sbx_install_wake_signal(SIGUSR2)
        let notifier = NotifyThread()
        let listener = self.listener
        notifier.start { [self] th in
            Self.raiseNotifyThreadWeight()
            var n = sbx_notif_t()
            while !th.shouldStop {
                let r = sbx_notif_receive(listener, -1, &n)
                if r == 0 { handle(n) }
                else if r == EINTR { continue }
                else if r == ENOENT {
                    // Either one task died before its notification was read, or no filtered task is
                    // left: the latter shows as POLLHUP, and then there is nothing more to receive.
                    var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                    if poll(&p, 1, 100) > 0 && p.revents & Int16(POLLHUP) != 0 && p.revents & Int16(POLLIN) == 0 { break }
                } else { break }
            }
        }
        var fds: [pollfd] = [
            pollfd(fd: -1, events: Int16(POLLIN), revents: 0),
            pollfd(fd: child.status_fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: child.control_fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0),
        ]
        var setupFailure: RunOutcome? = nil
        var setupMs: Double = 0
        var sampleStatus: Int32? = nil
        var timedOut = false
        var initExited = false
        var lastProgress: UInt64 = 0
        var buf = [UInt8](repeating: 0, count: 65536)

        func drain(_ fd: Int32, into cap: inout StreamCapture) -> Bool {
            while true {
                let n = buf.withUnsafeMutableBytes { sbx_read_some(fd, $0.baseAddress, $0.count) }
                if n > 0 { buf.withUnsafeBytes { cap.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }; continue }
                return n == 0  // EOF
            }
        }

        var notifierStuck = false
        func readReaps() {
            // A notification thread left stuck may hold the lock for good: never wait for it then.
            if notifierStuck { guard state.lock(before: Date().addingTimeInterval(0.5)) else { return } } else { state.lock() }
            defer { state.unlock() }
            var r = sbx_reap_t()
            while sbx_read_reap(&child, &r) == 0 {
                let now = Sandbox.monotonicNs() - start
                if r.kind == 1 { run.tracker.noteReaped(pid: r.pid, status: r.status, now: now) }
                else if r.kind == 2 { sampleStatus = r.status }
                else if r.kind == 5 { run.tracker.noteOwn(pid: r.pid) }
            }
        }

        // The plan may ask some processes to finish their work before the kill (GracefulStop).
        var gracefulStop: GracefulStop? = nil
        while true {
            let now = Sandbox.monotonicNs()
            if now >= deadline && !initExited {
                if !timedOut {
                    timedOut = true
                    run.limitsHit.append(LimitHit(limit: "timeout", detail: "killed the sandbox after \(policy.timeoutSeconds) s", timeNs: now - start))
                    if case .stopGracefully(let r) = run.plan.onTimeout { gracefulStop = GracefulStop(initPid: child.pid, now: now, request: r) }
                }
                if gracefulStop?.pending(now: now) != true {
                    kill(child.pid, SIGKILL)
                    run.cgroup?.killAll(seconds: 0.5)
                    break
                }
            }
            if let c = run.request.cancel, c.isSet {
                run.errors.append("interrupted: the run was stopped before the sample finished")
                kill(child.pid, SIGKILL)
                run.cgroup?.killAll(seconds: 0.5)
                break
            }
            if now - lastProgress > 100_000_000, let p = run.request.onProgress {
                lastProgress = now
                state.lock()
                let procs = run.tracker.nodes.count, notified = run.recorder.stats.notified
                state.unlock()
                p(Double(now - start) / 1e9, procs, notified)
            }
            let waitMs: Int32 = timedOut ? 10 : Int32(min(100, (deadline - now) / 1_000_000 + 1))
            let r = poll(&fds, nfds_t(fds.count), waitMs)
            if r < 0 {
                if errno == EINTR { continue }
                run.errors.append("poll: \(String(cString: strerror(errno)))")
                break
            }
            if r == 0 { continue }
            if fds[1].revents != 0 {
                var e = sbx_setup_error_t()
                let w = sbx_wait_exec(&child, 0, &e)
                if w == 0 || w == EPIPE {
                    if w == EPIPE {
                        let stage = String(cString: sbx_stage_name(e.stage))
                        setupFailure = .setupFailed(stage: stage, errno: e.err, message: String(cString: strerror(e.err)))
                    }
                    setupMs = Double(Sandbox.monotonicNs() - start) / 1e6
                    fds[1].fd = -1
                }
            }
            if fds[2].revents != 0 {
                readReaps()
                if fds[2].revents & Int16(POLLHUP) != 0 { fds[2].fd = -1 }
            }
            if fds[3].revents != 0 { if drain(stdoutFD, into: &stdout) { fds[3].fd = -1 } }
            if fds[4].revents != 0 { if drain(stderrFD, into: &stderr) { fds[4].fd = -1 } }
            if fds[5].revents != 0 {
                initExited = true
                fds[5].fd = -1
            }
            if initExited && fds[3].fd < 0 && fds[4].fd < 0 { break }
            if initExited {
                // init is gone and the whole pid namespace with it; drain the pipes, then stop.
                _ = drain(stdoutFD, into: &stdout); _ = drain(stderrFD, into: &stderr)
                break
            }
        }
        if let w = gracefulStop, let i = run.limitsHit.lastIndex(where: { $0.limit == "timeout" }) {
            _ = w.pending(now: Sandbox.monotonicNs())
            run.limitsHit[i].detail += "; " + w.summary
        }
        // Whatever is still in flight after a kill: answer nothing (the tasks are dying), drain output.
        let graceEnd = Sandbox.monotonicNs() + UInt64(policy.killGraceSeconds * 1e9)
        while !initExited && Sandbox.monotonicNs() < graceEnd {
            var p = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 50) > 0 { initExited = true }
        }
        _ = drain(stdoutFD, into: &stdout); _ = drain(stderrFD, into: &stderr)
        if !notifier.stop(seconds: 3) {
            notifierStuck = true
            run.errors.append("teardown: the notification thread was still answering a syscall 3 s after the kill (stuck in the kernel); the record ends there")
        }
        readReaps()
        if fds[1].fd >= 0 && setupFailure == nil {
            var e = sbx_setup_error_t()
            if sbx_wait_exec(&child, 0, &e) == EPIPE {
                setupFailure = .setupFailed(stage: String(cString: sbx_stage_name(e.stage)), errno: e.err, message: String(cString: strerror(e.err)))
            }
        }

        let outcome: RunOutcome
        if let f = setupFailure { outcome = f }
        else if timedOut { outcome = .timedOut }
        else if let s = sampleStatus {
            outcome = s & 0x7f == 0 ? .exited(code: (s >> 8) & 0xff) : .signaled(signal: s & 0x7f)
        } else if run.request.cancel?.isSet == true {
            outcome = .signaled(signal: SIGKILL)
        } else {
            outcome = .internalError(message: "the sandbox init ended without reporting the sample's status")
        }
        return Run.Supervised(outcome: outcome, timedOut: timedOut, setupMs: setupMs, syncWakeup: false)
    }
}
#endif
