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
    struct Entry {
        var name: String
        var nameID: Int                 // the recorder's counter index
        var category: EventCategory
        var verdict: Int32              // 0: decide per call; EPERM or ENOSYS: fixed
        var alwaysKept: Bool            // EventRecorder.alwaysKept
        var rule: Rule
        var effect: Effect
        var capture: CaptureSpec?       // nil: decoded in full before the answer
        var execMemory: Bool            // ExecMemoryCapture.isTrigger: read before the answer
    }
    /// Syscalls whose verdict is decided per call, from their registers.
    enum Rule { case none, clone, ptrace, personality, prctl, ioctl, socketcall }
    /// What a recorded syscall changes besides the event list.
    enum Effect { case none, exec, fork, prctl, exitGroup, network }
    let tables: [[Entry]]
    /// Serialises the notify thread's record keeping with the main loop's reap handling.
    let state = NSLock()
    /// The notify thread's read buffer for strings from the sample (used under `state`).
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)

    init(run: Run, listener: Int32, child: sbx_child_t, policy: SandboxPolicy) {
        self.run = run
        self.listener = listener
        self.child = child
        self.policy = policy
        self.deniedSet = Set(SyscallCatalog.denied + policy.extraDenied)
        // The tables are built once per process; a profile's extra denials patch a copy.
        let extra = Set(policy.extraDenied)
        self.tables = extra.isEmpty ? Self.baseTables : Self.baseTables.map { table in
            table.map { e in var e = e; if extra.contains(e.name) { e.verdict = EPERM }; return e }
        }
    }

    /// Builds the tables on another thread while the host is prepared (the first run of a process
    /// would otherwise build them between receiving the listener and answering the first execve).
    static func prepareTables() {
        DispatchQueue.global(qos: .userInitiated).async { _ = baseTables }
    }

    /// Every syscall name of both tables, once; an entry's `nameID` is its index here, and every
    /// run's recorder starts from the same list.
    static let baseNames: [String] = {
        var seen = Set<String>(), out: [String] = []
        for arch in [SyscallArch.x86_64, .i386] {
            let t = SyscallTable.table(for: arch)
            for nr in 0..<512 { let n = t.name(Int32(nr)); if seen.insert(n).inserted { out.append(n) } }
        }
        return out
    }()

    static let baseTables: [[Entry]] = {
        let ids = Dictionary(uniqueKeysWithValues: baseNames.enumerated().map { ($1, $0) })
        let denied = Set(SyscallCatalog.denied), enosys = Set(SyscallCatalog.enosys)
        return [SyscallArch.x86_64, .i386].map { arch in
            let t = SyscallTable.table(for: arch)
            return (0..<512).map { nr in
                let name = t.name(Int32(nr))
                return entry(name, nameID: ids[name]!, verdict: denied.contains(name) ? EPERM : (enosys.contains(name) ? ENOSYS : 0))
            }
        }
    }()

    deinit { scratch.deallocate() }

    static func entry(_ name: String, nameID: Int, verdict: Int32) -> Entry {
        let rule: Rule
        switch name {
        case "clone": rule = .clone
        case "ptrace": rule = .ptrace
        case "personality": rule = .personality
        case "prctl": rule = .prctl
        case "ioctl": rule = .ioctl
        case "socketcall": rule = .socketcall
        default: rule = .none
        }
        let effect: Effect
        switch name {
        case "execve", "execveat": effect = .exec
        case "clone", "fork", "vfork": effect = .fork
        case "prctl": effect = .prctl
        case "exit_group": effect = .exitGroup
        case "connect", "sendto", "sendmsg", "sendmmsg", "bind": effect = .network
        default: effect = .none
        }
        return Entry(name: name, nameID: nameID, category: SyscallCatalog.category(of: name),
                     verdict: verdict, alwaysKept: EventRecorder.alwaysKept.contains(name), rule: rule, effect: effect,
                     capture: CaptureSpec.of(name), execMemory: ExecMemoryCapture.isTrigger(name))
    }

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

        /// Asks the thread to stop and wakes it from RECV; returns once it has.
        func stop() {
            stopLock.lock(); stopped = true; stopLock.unlock()
            while true {
                stopLock.lock()
                if exited { stopLock.unlock(); break }
                _ = sbx_thread_signal(pthread, SIGUSR2)
                stopLock.unlock()
                if finished.wait(timeout: .now() + .milliseconds(10)) == .success { return }
            }
            finished.wait()
        }
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

        func readReaps() {
            state.lock(); defer { state.unlock() }
            var r = sbx_reap_t()
            while sbx_read_reap(&child, &r) == 0 {
                let now = Sandbox.monotonicNs() - start
                if r.kind == 1 { run.tracker.noteReaped(pid: r.pid, status: r.status, now: now) }
                else if r.kind == 2 { sampleStatus = r.status }
            }
        }

        // A Wine run's registry is saved by its wineserver before the kill (WineServerShutdown).
        var wineSave: WineServerShutdown? = nil
        while true {
            let now = Sandbox.monotonicNs()
            if now >= deadline && !initExited {
                if !timedOut {
                    timedOut = true
                    run.limitsHit.append(LimitHit(limit: "timeout", detail: "killed the sandbox after \(policy.timeoutSeconds) s", timeNs: now - start))
                    if run.request.wine != nil { wineSave = WineServerShutdown(initPid: child.pid, now: now) }
                }
                if wineSave?.pending(now: now) != true {
                    kill(child.pid, SIGKILL)
                    break
                }
            }
            if let c = run.request.cancel, c.isSet {
                run.errors.append("interrupted: the run was stopped before the sample finished")
                kill(child.pid, SIGKILL)
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
        if let w = wineSave, let i = run.limitsHit.lastIndex(where: { $0.limit == "timeout" }) {
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
        notifier.stop()
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

    // MARK: one notification

    /// Answers one notification. Before the answer: the verdict (from the registers only: nothing
    /// is granted on what the sample's memory says), whether the event will be kept, and, for a kept
    /// event, the memory its record needs (then NOTIF_ID_VALID). After the answer, while the sample
    /// runs on: rendering, the event, the process tree. An event that won't be kept is counted
    /// without reading or decoding anything, unless its arguments feed the network record.
    func handle(_ n: sbx_notif_t) {
        state.lock(); defer { state.unlock() }
        let now = Sandbox.monotonicNs() - run.start
        guard let arch = SyscallArch(rawValue: Int(n.arch)) else {
            sbx_notif_fail(listener, n.id, EPERM)
            return
        }
        var entry: Entry
        if n.nr >= 0 && Int(n.nr) < 512 { entry = tables[arch.rawValue][Int(n.nr)] }
        else {
            let name = SyscallTable.table(for: arch).name(n.nr)
            entry = Self.entry(name, nameID: run.recorder.nameID(name), verdict: deniedSet.contains(name) ? EPERM : 0)
        }
        // Registers as the syscall's arch reads them (i386: the low 32 bits).
        let mask: UInt64 = arch == .x86_64 ? ~0 : 0xffff_ffff
        let a0 = n.args.0 & mask, a1 = n.args.1 & mask
        if entry.rule == .socketcall {
            // Recorded (and judged) as the call it multiplexes; the call number is a register.
            let inner = SyscallDecoder.socketcallName(a0)
            if inner != entry.name {
                let verdict = entry.verdict != 0 ? entry.verdict : (deniedSet.contains(inner) ? EPERM : 0)
                entry = Self.entry(inner, nameID: run.recorder.nameID(inner), verdict: verdict)
                entry.rule = .socketcall
                entry.capture = nil
            }
        }
        // Before the answer: a task seen for the first time may be gone right after it (exit_group).
        let ids = run.tracker.lookup(hostTid: Int32(bitPattern: n.pid), now: now)
        let (action, error) = verdict(entry, a0: a0, a1: a1)
        let keep = run.recorder.keeps(nameID: entry.nameID, important: action != .allowed || entry.alwaysKept)

        // What the record needs from the sample is read now, while the task is blocked in the call.
        // An event that won't be kept needs nothing (unless it feeds the network record: no spec).
        let decoder = keep || entry.capture == nil
            ? SyscallDecoder(hostTid: pid_t(bitPattern: n.pid), arch: arch,
                             args: [n.args.0, n.args.1, n.args.2, n.args.3, n.args.4, n.args.5], scratch: scratch)
            : nil
        var decoded: [String: ArgValue]? = nil
        if let decoder {
            if let spec = entry.capture { decoder.capture(spec) }
            else { decoded = decoder.decode(name: entry.rule == .socketcall ? "socketcall" : entry.name).args }
        }
        // Before the answer: the bytes that are about to become executable (mprotect/mmap PROT_EXEC;
        // evidence only, nothing is granted on them).
        if action == .allowed && entry.execMemory {
            run.execMemory.observe(name: entry.name, hostTid: pid_t(bitPattern: n.pid), pid: ids.pid,
                                   args: [n.args.0 & mask, n.args.1 & mask, n.args.2 & mask, n.args.3 & mask, n.args.4 & mask, n.args.5 & mask], now: now)
        }
        // Memory read above is only meaningful if the task is still blocked in this syscall.
        if decoder?.touchedMemory == true && sbx_notif_id_valid(listener, n.id) != 0 {
            run.recorder.noteVanished()
            return
        }
        let answered: Int32
        switch action {
        case .allowed: answered = sbx_notif_continue(listener, n.id)
        case .emulated: answered = sbx_notif_return(listener, n.id, 0)
        case .denied, .observed: answered = sbx_notif_fail(listener, n.id, error)
        }
        if answered == ENOENT {  // the task died before it could be answered
            run.recorder.noteVanished()
            return
        }

        // After the answer: the sample proceeds, petri keeps the record.
        let name = entry.name
        let seq = run.recorder.takeSeq()
        let args: [String: ArgValue]
        if let d = decoded { args = d }
        else if keep, let decoder { decoder.seal(); args = decoder.decode(name: name).args }
        else { args = [:] }
        let errName: String? = error == 0 ? nil : (error == EPERM ? "EPERM" : (error == ENOSYS ? "ENOSYS" : "E\(error)"))
        if keep {
            let event = Event(seq: seq, timeNs: now, pid: ids.pid, tid: ids.tid, ppid: ids.ppid, image: run.tracker.image(of: ids.pid),
                              kind: .syscall, name: name, arch: arch.name, category: entry.category,
                              args: args, action: action, error: errName)
            run.recorder.record(event, nameID: entry.nameID)
        } else {
            run.recorder.countElided(nameID: entry.nameID)
        }

        switch entry.effect {
        case .none: break
        case .exec:
            run.tracker.noteExec(pid: ids.pid, path: args[ArgKey.path]?.stringValue, argv: args[ArgKey.argv]?.listValue ?? [])
        case .fork:
            if name != "clone" || a0 & 0x10000 == 0 { run.tracker.noteClone(pid: ids.pid, seq: seq) }
        case .prctl:
            if a0 & 0xffff_ffff == 15 { run.tracker.noteRename(pid: ids.pid) }  // PR_SET_NAME: Wine names its processes
        case .exitGroup:
            run.tracker.noteExit(pid: ids.pid, code: Int32(truncatingIfNeeded: a0), now: now)
        case .network:
            if let addr = args[ArgKey.address]?.stringValue, let fam = args[ArgKey.family]?.stringValue {
                var proto = Self.proto(family: fam, syscall: name, fdPath: nil)
                if fam == "AF_INET" || fam == "AF_INET6", let fd = args[ArgKey.fd]?.intValue, let hostPid = run.tracker.hostPid(of: ids.pid) {
                    var type: Int32 = 0, family: Int32 = 0
                    if sbx_socket_info(hostPid, Int32(fd), &type, &family) == 0 {
                        proto = type == 1 ? "tcp" : (type == 2 ? "udp" : (type == 3 ? "raw" : "other"))
                    }
                }
                var att = NetworkAttempt(seq: seq, pid: ids.pid, syscall: name, family: fam, proto: proto,
                                         address: addr, ip: args[ArgKey.ip]?.stringValue,
                                         port: args[ArgKey.port]?.intValue.map { Int($0) })
                if fam == "AF_UNIX" { att.proto = "unix" }
                run.attempts.append(att)
            }
        }
        if action == .denied {
            var detail: String? = nil
            if let p = args[ArgKey.path]?.stringValue { detail = p }
            else if let f = args[ArgKey.cloneFlags]?.stringValue { detail = f }
            else if let q = args[ArgKey.request]?.stringValue { detail = q }
            run.denied.append(DeniedSyscall(seq: seq, pid: ids.pid, name: name, error: errName ?? "EPERM", detail: detail))
        }
    }

    /// The answer to a syscall, from its number and registers (never from the sample's memory).
    func verdict(_ entry: Entry, a0: UInt64, a1: UInt64) -> (EventAction, Int32) {
        if entry.verdict != 0 { return (.denied, entry.verdict) }
        switch entry.rule {
        case .none, .socketcall: break
        case .clone:
            if a0 & Flags.namespaceMask != 0 { return (.denied, EPERM) }
        case .ptrace:
            // Answered, not executed: if executed, the sample's parent would become its tracer.
            return a0 == 0 ? (.emulated, 0) : (.denied, EPERM)
        case .personality:
            // the kernel reads an unsigned int
            let p = a0 & 0xffff_ffff
            if !(p == 0 || p == 0xffff_ffff || p == 8) { return (.denied, EPERM) }
        case .prctl:
            // the kernel reads the option as an int: compare the low 32 bits only
            if a0 & 0xffff_ffff == 22 { return (.denied, EPERM) }  // PR_SET_SECCOMP
        case .ioctl:
            // Only terminal-injection requests are notified (filter rule on argument 1).
            let req = a1 & 0xffff_ffff
            if SyscallCatalog.deniedIoctls.contains(where: { $0.request == req }) { return (.denied, EPERM) }
        }
        return (.allowed, 0)
    }

    static func proto(family: String, syscall: String, fdPath: String?) -> String {
        switch family {
        case "AF_UNIX": return "unix"
        case "AF_NETLINK": return "netlink"
        case "AF_INET", "AF_INET6": return syscall == "connect" ? "tcp" : (syscall == "bind" ? "ip" : "udp")
        default: return "other"
        }
    }
}

/// cgroup memory and pids limits (v1 controllers or the v2 unified hierarchy), where the host allows.
final class CgroupLimiter {
    let dirs: [String]
    let v2: Bool
    let memory: UInt64?
    let pids: UInt64?

    static func create(name: String, memory: UInt64?, pids: UInt64?) -> CgroupLimiter? {
        if memory == nil && pids == nil { return nil }
        let fm = FileManager.default
        if fm.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers") {
            let dir = "/sys/fs/cgroup/" + name
            guard (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil else { return nil }
            if let m = memory { try? "\(m)".write(toFile: dir + "/memory.max", atomically: false, encoding: .utf8); try? "0".write(toFile: dir + "/memory.swap.max", atomically: false, encoding: .utf8) }
            if let p = pids { try? "\(p)".write(toFile: dir + "/pids.max", atomically: false, encoding: .utf8) }
            return CgroupLimiter(dirs: [dir], v2: true, memory: memory, pids: pids)
        }
        var dirs: [String] = []
        if let m = memory, fm.fileExists(atPath: "/sys/fs/cgroup/memory/cgroup.procs") {
            let dir = "/sys/fs/cgroup/memory/" + name
            if (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil {
                try? "\(m)".write(toFile: dir + "/memory.limit_in_bytes", atomically: false, encoding: .utf8)
                try? "\(m)".write(toFile: dir + "/memory.memsw.limit_in_bytes", atomically: false, encoding: .utf8)
                dirs.append(dir)
            }
        }
        if let p = pids, fm.fileExists(atPath: "/sys/fs/cgroup/pids/cgroup.procs") {
            let dir = "/sys/fs/cgroup/pids/" + name
            if (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil {
                try? "\(p)".write(toFile: dir + "/pids.max", atomically: false, encoding: .utf8)
                dirs.append(dir)
            }
        }
        return dirs.isEmpty ? nil : CgroupLimiter(dirs: dirs, v2: false, memory: memory, pids: pids)
    }

    init(dirs: [String], v2: Bool, memory: UInt64?, pids: UInt64?) {
        self.dirs = dirs; self.v2 = v2; self.memory = memory; self.pids = pids
    }

    /// Moves the sandbox init into every controller before it is released; children inherit.
    func add(pid: Int32) -> String? {
        for d in dirs {
            do { try "\(pid)".write(toFile: d + "/cgroup.procs", atomically: false, encoding: .utf8) }
            catch { return "cgroup \(d): \(error.localizedDescription)" }
        }
        return nil
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func limitsHit() -> [LimitHit] {
        var out: [LimitHit] = []
        for d in dirs {
            if d.contains("/pids/") || v2 {
                if let ev = Self.read(d + "/pids.events"),
                   let line = ev.split(separator: "\n").first(where: { $0.hasPrefix("max ") }),
                   let n = Int(line.dropFirst(4).trimmingCharacters(in: .whitespaces)), n > 0 {
                    out.append(LimitHit(limit: "pids", detail: "fork refused \(n) times at the pids limit (\(pids ?? 0))"))
                }
            }
            if d.contains("/memory/") {
                func num(_ f: String) -> UInt64 { Self.read(d + "/" + f).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0 }
                let failcnt = num("memory.failcnt"), maxUsage = num("memory.max_usage_in_bytes")
                var kills = 0
                if let oom = Self.read(d + "/memory.oom_control"),
                   let line = oom.split(separator: "\n").first(where: { $0.hasPrefix("oom_kill ") }) {
                    kills = Int(line.dropFirst(9)) ?? 0
                }
                if kills > 0 || failcnt > 0 || (memory.map { maxUsage >= $0 } ?? false) {
                    out.append(LimitHit(limit: "memory", detail: "memory limit (\(memory ?? 0) bytes) reached: peak \(maxUsage) bytes, \(failcnt) failed charges, \(kills) processes OOM-killed"))
                }
            } else if v2, let ev = Self.read(d + "/memory.events") {
                var maxHits = 0, oom = 0
                for line in ev.split(separator: "\n") {
                    let f = line.split(separator: " ")
                    if f.count == 2, f[0] == "max" { maxHits = Int(f[1]) ?? 0 }
                    if f.count == 2, f[0] == "oom_kill" { oom = Int(f[1]) ?? 0 }
                }
                if maxHits > 0 || oom > 0 { out.append(LimitHit(limit: "memory", detail: "memory limit (\(memory ?? 0) bytes) reached \(maxHits) times, \(oom) processes OOM-killed")) }
            }
        }
        return out
    }

    func destroy() {
        for d in dirs {
            for _ in 0..<50 {
                if rmdir(d) == 0 || errno == ENOENT { break }
                usleep(10_000)
            }
        }
    }

    /// Removes cgroups left by a petri supervisor that no longer exists (SIGKILLed mid-run).
    static func sweepStale() {
        let fm = FileManager.default
        for root in ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup"] {
            guard let items = try? fm.contentsOfDirectory(atPath: root) else { continue }
            for item in items where item.hasPrefix("petri-") {
                let parts = item.split(separator: "-")
                guard parts.count >= 3, let owner = Int32(parts[1]) else { continue }
                if owner == getpid() { continue }
                if kill(owner, 0) == 0 || errno == EPERM { continue }  // owner alive
                let dir = root + "/" + item
                if let procs = read(dir + "/cgroup.procs") {
                    for p in procs.split(separator: "\n") { if let pid = Int32(p) { kill(pid, SIGKILL) } }
                }
                for _ in 0..<50 { if rmdir(dir) == 0 { break }; usleep(10_000) }
            }
        }
    }
}
#endif
