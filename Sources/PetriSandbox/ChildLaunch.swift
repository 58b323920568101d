#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

extension Run {
    func supervise(mounts: [MountSpec], stdout: inout StreamCapture, stderr: inout StreamCapture) throws -> Supervised {
        let filter = try FilterCache.shared.filter(extraDenied: policy.extraDenied, extraNotified: policy.extraNotified)

        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard sbx_pipe(&outPipe, 1) == 0, sbx_pipe(&errPipe, 1) == 0 else { throw SandboxError.host(operation: "pipe", errno: errno) }
        defer { for fd in outPipe + errPipe where fd >= 0 { close(fd) } }

        // Everything the child reads is allocated here and freed after it exec'd.
        var arena = CArena()
        defer { arena.free() }
        var cMounts = mounts.map { m -> sbx_mount_t in
            var c = sbx_mount_t()
            c.kind = Int32(m.kind.rawValue)
            c.src = m.src.map { UnsafePointer(arena.str($0)) }
            c.dst = UnsafePointer(arena.str(runDir + "/root" + m.dst))
            c.data = m.data.map { UnsafePointer(arena.str($0)) }
            c.flags = m.flags
            c.mode = m.mode
            return c
        }
        // argv, environment and working directory are the plan's, byte for byte.
        let argv = arena.bytesArray(plan.arguments)
        let envp = arena.strArray(plan.environment)
        var rl: [sbx_rlimit_t] = []
        func lim(_ r: Int32, _ v: UInt64?) { if let v { rl.append(sbx_rlimit_t(resource: r, soft: v, hard: v)) } }
        lim(6, policy.rlimitNproc)
        lim(9, policy.rlimitAS)
        lim(1, policy.rlimitFsize)
        lim(7, policy.rlimitNofile)
        lim(0, policy.rlimitCPU ?? UInt64(policy.timeoutSeconds.rounded(.up)) + 5)
        lim(4, 0)

        var child = sbx_child_t()
        let spawnErr: Int32 = cMounts.withUnsafeMutableBufferPointer { mb in
            rl.withUnsafeBufferPointer { rb in
                var cfg = sbx_config_t()
                cfg.new_root = UnsafePointer(arena.str(runDir + "/root"))
                cfg.mounts = UnsafePointer(mb.baseAddress)
                cfg.n_mounts = Int32(mb.count)
                cfg.hostname = UnsafePointer(arena.str(policy.hostname))
                cfg.domainname = UnsafePointer(arena.str(policy.domainname))
                cfg.path = UnsafePointer(arena.bytes(plan.executable))
                cfg.argv = argv
                cfg.envp = envp
                cfg.cwd = UnsafePointer(arena.str(plan.workingDirectory))
                cfg.uid = policy.runUid
                cfg.gid = policy.runGid
                cfg.rlimits = rb.baseAddress
                cfg.n_rlimits = Int32(rb.count)
                cfg.stdout_fd = outPipe[1]
                cfg.stderr_fd = errPipe[1]
                cfg.last_cap = sbx_last_cap()
                cfg.filter = sbx_filter_prog(filter.pointer)
                cfg.loopback_up = 1
                cfg.sudo_socket = sudoBroker ? UnsafePointer(arena.str(Self.sudoSocketName)) : nil
                return withUnsafePointer(to: &cfg) { sbx_spawn($0, &child) }
            }
        }
        if spawnErr != 0 { throw SandboxError.host(operation: "clone", errno: spawnErr) }
        let initPid = child.pid
        close(outPipe[1]); outPipe[1] = -1
        close(errPipe[1]); errPipe[1] = -1
        var killed = false
        defer {
            if !killed { kill(initPid, SIGKILL) }
            // The whole tree, however fast it forks, and bounded: a task in uninterruptible sleep keeps
            // the pid namespace's init from being reaped until it wakes, so petri does not wait for it.
            if let cg = cgroup, !cg.killAll() { errors.append("teardown: processes of the run still alive 1 s after the cgroup kill (uninterruptible sleep?); left to the kernel") }
            if !Self.reap(initPid, seconds: policy.killGraceSeconds + 2) {
                errors.append("teardown: the sandbox init was not reaped \(Int(policy.killGraceSeconds + 2)) s after SIGKILL (a process of the run in uninterruptible sleep); reaped in the background")
            }
            close(child.status_fd); close(child.control_fd)
        }

        // Parent half of each namespace, while the child waits: id maps, cgroup, network.
        let base = policy.hostIdBase
        let e = sbx_write_id_maps(initPid, "0 \(base) 65536\n", "0 \(base) 65536\n")
        if e != 0 {
            sbx_release(&child)
            return Supervised(outcome: .setupFailed(stage: "uid_map", errno: e, message: String(cString: strerror(e))), timedOut: false, setupMs: 0, syncWakeup: false)
        }
        // init joins the run's groups (pids, freezer, the memory leaf it leaves once the sample is
        // forked, below: CgroupLimiter).
        cgroup = CgroupLimiter.create(name: "petri-\(getpid())-\(initPid)", memory: policy.memoryLimitBytes, pids: policy.pidsLimit)
        if let cg = cgroup, let err = cg.add(pid: initPid) { errors.append(err) }
        if let hook = request.onNetworkNamespace {
            let nsfd = open("/proc/\(initPid)/ns/net", O_RDONLY | O_CLOEXEC)
            if nsfd >= 0 {
                defer { close(nsfd) }
                do { try hook(nsfd, start) } catch { errors.append("network services: \(error)") }
            } else {
                errors.append("network namespace: \(String(cString: strerror(errno)))")
            }
        }
        DebugTiming.mark("namespaces set up by parent")
        sbx_release(&child)

        var listener: Int32 = -1
        var serr = sbx_setup_error_t()
        let lr = sbx_receive_listener(&child, Int32(min(max(policy.timeoutSeconds, 5), 60) * 1000), &listener, &serr)
        if lr != 0 {
            let setupMs = Double(Sandbox.monotonicNs() - start) / 1e6
            if lr == EPIPE {
                let stage = String(cString: sbx_stage_name(serr.stage))
                let detail = serr.stage == Int32(SBX_STAGE_MOUNT.rawValue) && Int(serr.detail) < mounts.count ? " \(mounts[Int(serr.detail)].dst)" : ""
                return Supervised(outcome: .setupFailed(stage: stage + detail, errno: serr.err, message: String(cString: strerror(serr.err))),
                                  timedOut: false, setupMs: setupMs, syncWakeup: false)
            }
            return Supervised(outcome: .setupFailed(stage: "hand off seccomp listener", errno: lr, message: String(cString: strerror(lr))),
                              timedOut: false, setupMs: setupMs, syncWakeup: false)
        }
        defer { close(listener) }
        DebugTiming.mark("listener received")
        // The sample handed its listener over: it exists (forked in the memory leaf) and has not
        // exec'd (its execve waits for this supervisor). init leaves the leaf now, so the leaf's OOM
        // killer can never choose init, whose record of the sample's exit the run needs.
        if let cg = cgroup, let err = cg.releaseInit(pid: initPid) { errors.append(err) }
        var sync: Int32 = 0
        sbx_notif_setup(listener, &sync)

        let loop = SupervisorLoop(run: self, listener: listener, child: child, policy: policy)
        DebugTiming.mark("supervisor ready")
        var result = loop.run(stdoutFD: outPipe[0], stderrFD: errPipe[0], stdout: &stdout, stderr: &stderr)
        result.syncWakeup = sync != 0
        killed = true
        kill(initPid, SIGKILL)
        return result
    }
}

extension Run {
    /// Waits up to `seconds` for `pid` to be reaped; past that a background thread reaps it whenever it
    /// exits (no zombie left) and the caller goes on.
    static func reap(_ pid: Int32, seconds: Double) -> Bool {
        let deadline = Sandbox.monotonicNs() + UInt64(seconds * 1e9)
        var st: Int32 = 0
        while true {
            let r = waitpid(pid, &st, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { return true }
            if Sandbox.monotonicNs() >= deadline { break }
            usleep(5_000)
        }
        let t = Thread {
            var st: Int32 = 0
            while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
        }
        t.name = "petri-reaper"
        t.start()
        return false
    }
}

/// C strings that must outlive the spawn call.
struct CArena {
    var ptrs: [UnsafeMutablePointer<CChar>] = []
    var arrays: [UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>] = []

    mutating func str(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = strdup(s)!
        ptrs.append(p)
        return p
    }

    /// A C string of exactly these bytes (a name that is not UTF-8 can't go through a String).
    mutating func bytes(_ b: [UInt8]) -> UnsafeMutablePointer<CChar> {
        let p = malloc(b.count + 1)!.assumingMemoryBound(to: CChar.self)
        b.withUnsafeBytes { if $0.count > 0 { memcpy(p, $0.baseAddress!, $0.count) } }
        p[b.count] = 0
        ptrs.append(p)
        return p
    }

    mutating func strArray(_ items: [String]) -> UnsafePointer<UnsafeMutablePointer<CChar>?> { bytesArray(items.map { Array($0.utf8) }) }

    mutating func bytesArray(_ items: [[UInt8]]) -> UnsafePointer<UnsafeMutablePointer<CChar>?> {
        let arr = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: items.count + 1)
        for (i, s) in items.enumerated() { arr[i] = bytes(s) }
        arr[items.count] = nil
        arrays.append(arr)
        return UnsafePointer(arr)
    }

    mutating func free() {
        for p in ptrs { Glibc.free(p) }
        for a in arrays { a.deallocate() }
        ptrs = []; arrays = []
    }
}
#endif
