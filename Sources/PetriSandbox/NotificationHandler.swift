#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

extension SupervisorLoop {
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


    static func entry(_ name: String, nameID: Int, verdict: Int32) -> Entry {
        let spec = SyscallSpecs.spec(name)
        return Entry(name: name, nameID: nameID, category: spec.category, verdict: verdict, alwaysKept: spec.alwaysKept,
                     rule: spec.rule, effect: spec.effect, capture: spec.capture, execMemory: spec.execMemoryTrigger, spec: spec)
    }


    /// Whether the task runs petri's own binary (never exec'd since it was cloned from the
    /// supervisor): its executable is the supervisor's file (same device and inode). Only checked
    /// with a guest image, where no host program (so not petri's) is in the sample's reach.
    func ownCode(hostTid: Int32) -> Bool {
        if let known = ownCodeCache[hostTid] { return known }
        var st = stat()
        let own = stat("/proc/\(hostTid)/exe", &st) == 0 && st.st_dev == Self.selfExe.dev && st.st_ino == Self.selfExe.ino
        ownCodeCache[hostTid] = own
        return own
    }

    static let selfExe: (dev: UInt64, ino: UInt64) = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return (~0, ~0) }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }()

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
                entry = Self.entry(inner, nameID: run.recorder.nameID(inner), verdict: verdict).throughSocketcall()
            }
        }
        // petri's own code in the sandbox (the sample's process before its execve, the sudo broker and
        // its children before theirs: clones of the supervisor that never exec'd) is not the sample's:
        // let it through unrecorded, all but the execve that starts the sample or a sudo command.
        if ownCodeCheck, entry.name != "execve" && entry.name != "execveat", ownCode(hostTid: Int32(bitPattern: n.pid)) {
            // kill(client, 0) from a broker child: the sudo client it runs the command for.
            if entry.name == "kill" && a1 == 0 { run.tracker.noteAdopted(hostTid: Int32(bitPattern: n.pid), by: Int32(truncatingIfNeeded: a0)) }
            sbx_notif_continue(listener, n.id)
            return
        }
        if ownCodeCheck, entry.name == "execve" || entry.name == "execveat" { ownCodeCache.removeValue(forKey: Int32(bitPattern: n.pid)) }
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
            else if entry.rule == .socketcall { decoded = decoder.decode(name: "socketcall").args }
            else { decoded = decoder.decode(entry.spec) }
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
        var deferred: SyscallDecoder? = nil
        if let d = decoded { args = d }
        else if keep, let decoder {
            decoder.seal()
            // Rendered after the run unless something here needs the arguments now (the denied
            // list's detail; the effects of capture-spec syscalls read registers only).
            if action == .denied { args = decoder.decode(entry.spec) } else { deferred = decoder; args = [:] }
        }
        else { args = [:] }
        let errName: String? = error == 0 ? nil : (error == EPERM ? "EPERM" : (error == ENOSYS ? "ENOSYS" : "E\(error)"))
        if keep {
            let event = Event(seq: seq, timeNs: now, pid: ids.pid, tid: ids.tid, ppid: ids.ppid, image: run.tracker.image(of: ids.pid),
                              kind: .syscall, name: name, arch: arch.name, category: entry.category,
                              args: args, action: action, error: errName)
            run.recorder.record(event, nameID: entry.nameID, render: deferred.map { ($0, entry.spec) })
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
            if a0 & 0xffff_ffff == 15 { run.tracker.noteRename(pid: ids.pid) }  // PR_SET_NAME: a loader names its processes
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
#endif
