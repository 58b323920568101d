#if os(Linux)
import PetriModel

/// Processes: exec, fork and clone, signals, exit, namespaces, prctl, personality, tracing.
enum ProcessSyscalls {
    typealias Spec = SyscallSpec

    /// Environment entries an execve record keeps (besides every LD_* entry and the shells' history
    /// settings HIST*/SAVEHIST, which show a sample switching its history off).
    static let keptEnv: Set<String> = ["PATH", "HOME", "USER", "SHELL", "PWD", "LANG", "TERM", "DISPLAY", "TMPDIR"]

    static let specs: [SyscallSpec] = [
        Spec.each(["execve"], .notified, .process, effect: .exec, alwaysKept: true, execMemoryTrigger: true, capture: nil,
                  keys: [ArgKey.path, ArgKey.rawPath, ArgKey.argv, ArgKey.env]) { d, a, _ in
            d.path(&a, 0)
            a[ArgKey.argv] = .list(d.stringArray(at: d.arg(1), max: 256))
            let env = d.stringArray(at: d.arg(2), max: 512) { s in
                let key = s.split(separator: "=", maxSplits: 1).first.map(String.init) ?? s
                return key.hasPrefix("LD_") || key.hasPrefix("HIST") || key == "SAVEHIST" || keptEnv.contains(key)
            }
            if !env.isEmpty { a[ArgKey.env] = .list(env) }
        },
        Spec.each(["execveat"], .notified, .process, effect: .exec, alwaysKept: true, execMemoryTrigger: true, capture: nil,
                  keys: [ArgKey.fd, ArgKey.fdPath, ArgKey.path, ArgKey.argv]) { d, a, _ in
            let fd = d.int32Arg(0)
            let raw = d.string(at: d.arg(1)) ?? ""
            if raw.isEmpty { a[ArgKey.fd] = .int(Int64(fd)); if let p = d.fdPath(fd) { a[ArgKey.fdPath] = .string(p); a[ArgKey.path] = .string(p) } }
            else { a[ArgKey.path] = .string(d.resolve(raw, dirfd: fd)) }
            a[ArgKey.argv] = .list(d.stringArray(at: d.arg(2), max: 256))
        },
        // Denied when it asks for a new namespace (flags are in a register).
        Spec.each(["clone"], .conditional, .process, rule: .clone, effect: .fork, alwaysKept: true, capture: Spec.registers,
                  keys: [ArgKey.cloneFlags]) { d, a, _ in
            a[ArgKey.cloneFlags] = .string(Flags.cloneFlags(d.arg(0)))
        },
        // clone3's flags live behind a pointer the supervisor must not trust: ENOSYS, as Docker does,
        // so libc falls back to clone(), whose flags are in a register.
        Spec.each(["clone3"], .enosys, .process, capture: Spec.registers),
        Spec.each(["fork", "vfork"], .notified, .process, effect: .fork, alwaysKept: true, capture: Spec.registers),
        Spec.each(["unshare"], .denied, .process, capture: Spec.registers, keys: [ArgKey.cloneFlags]) { d, a, _ in
            a[ArgKey.cloneFlags] = .string(Flags.cloneFlags(d.arg(0)))
        },
        Spec.each(["setns"], .denied, .process, capture: Spec.fdAt(0), keys: [ArgKey.fd, ArgKey.fdPath]) { d, a, _ in
            d.fd(&a, 0, key: ArgKey.fdPath)
        },
        Spec.each(["kill", "tkill"], .notified, .process, capture: Spec.registers, keys: [ArgKey.targetPid, ArgKey.signal]) { d, a, _ in
            a[ArgKey.targetPid] = .int(Int64(d.int32Arg(0))); a[ArgKey.signal] = .string(Flags.signalName(d.int32Arg(1)))
        },
        Spec.each(["tgkill"], .notified, .process, capture: Spec.registers, keys: [ArgKey.targetPid, ArgKey.targetTid, ArgKey.signal]) { d, a, _ in
            a[ArgKey.targetPid] = .int(Int64(d.int32Arg(0))); a[ArgKey.targetTid] = .int(Int64(d.int32Arg(1)))
            a[ArgKey.signal] = .string(Flags.signalName(d.int32Arg(2)))
        },
        Spec.each(["exit_group"], .notified, .process, effect: .exitGroup, alwaysKept: true, execMemoryTrigger: true,
                  capture: Spec.registers, keys: [ArgKey.code]) { d, a, _ in
            a[ArgKey.code] = .int(Int64(d.int32Arg(0)))
        },
        // PR_SET_SECCOMP denied; PR_SET_NAME's name is read from memory (a loader names its processes).
        Spec.each(["prctl"], .conditional, .process, rule: .prctl, effect: .prctl, capture: nil,
                  keys: [ArgKey.request, ArgKey.name, ArgKey.arg2]) { d, a, _ in
            a[ArgKey.request] = .string(Flags.prctlOption(d.arg(0)))
            if d.arg(0) == 15, let n = d.string(at: d.arg(1), cap: 17) { a[ArgKey.name] = .string(n) }
            else { a[ArgKey.arg2] = .int(Int64(bitPattern: d.arg(1))) }
        },
        // Only the default personalities (0, query, PER_LINUX32) are allowed: others weaken ASLR.
        Spec.each(["personality"], .conditional, .process, rule: .personality, capture: Spec.registers, keys: [ArgKey.persona]) { d, a, _ in
            a[ArgKey.persona] = .string("0x" + String(d.arg(0), radix: 16))
        },
        // PTRACE_TRACEME is answered (0) without executing it; every other request is denied.
        Spec.each(["ptrace"], .conditional, .evasion, rule: .ptrace, alwaysKept: true, capture: Spec.registers,
                  keys: [ArgKey.request, ArgKey.targetPid]) { d, a, _ in
            a[ArgKey.request] = .string(Flags.ptraceRequest(d.arg(0)))
            if d.arg(0) != 0 { a[ArgKey.targetPid] = .int(Int64(d.int32Arg(1))) }
        },
        Spec.each(["process_vm_readv"], .notified, .evasion, capture: Spec.registers, keys: [ArgKey.targetPid]) { d, a, _ in
            a[ArgKey.targetPid] = .int(Int64(d.int32Arg(0)))
        },
        Spec.each(["process_vm_writev"], .denied, .evasion, capture: Spec.registers, keys: [ArgKey.targetPid]) { d, a, _ in
            a[ArgKey.targetPid] = .int(Int64(d.int32Arg(0)))
        },
        // A second filter could hide what the sample does from petri's.
        Spec.each(["seccomp"], .denied, .evasion, capture: Spec.registers, keys: [ArgKey.operation]) { d, a, _ in
            a[ArgKey.operation] = .int(Int64(d.int32Arg(0)))
        },
    ].flatMap { $0 }
}

/// Credentials: uid, gid and supplementary groups (recorded; the user namespace confines them).
enum CredentialSyscalls {
    typealias Spec = SyscallSpec

    static let specs: [SyscallSpec] = [
        Spec.each(["setuid", "setuid32", "setfsuid"], .notified, .process, capture: Spec.registers, keys: [ArgKey.uid]) { d, a, _ in
            a[ArgKey.uid] = .int(Int64(d.int32Arg(0)))
        },
        Spec.each(["setgid", "setgid32", "setfsgid"], .notified, .process, capture: Spec.registers, keys: [ArgKey.gid]) { d, a, _ in
            a[ArgKey.gid] = .int(Int64(d.int32Arg(0)))
        },
        Spec.each(["setreuid", "setreuid32"], .notified, .process, capture: Spec.registers, keys: [ArgKey.ruid, ArgKey.euid]) { d, a, _ in
            a[ArgKey.ruid] = .int(Int64(d.int32Arg(0))); a[ArgKey.euid] = .int(Int64(d.int32Arg(1)))
        },
        Spec.each(["setresuid", "setresuid32"], .notified, .process, capture: Spec.registers,
                  keys: [ArgKey.ruid, ArgKey.euid, ArgKey.suid]) { d, a, _ in
            a[ArgKey.ruid] = .int(Int64(d.int32Arg(0))); a[ArgKey.euid] = .int(Int64(d.int32Arg(1)))
            a[ArgKey.suid] = .int(Int64(d.int32Arg(2)))
        },
        Spec.each(["setregid", "setregid32"], .notified, .process, capture: Spec.registers, keys: [ArgKey.rgid, ArgKey.egid]) { d, a, _ in
            a[ArgKey.rgid] = .int(Int64(d.int32Arg(0))); a[ArgKey.egid] = .int(Int64(d.int32Arg(1)))
        },
        Spec.each(["setresgid", "setresgid32"], .notified, .process, capture: Spec.registers,
                  keys: [ArgKey.rgid, ArgKey.egid, ArgKey.sgid]) { d, a, _ in
            a[ArgKey.rgid] = .int(Int64(d.int32Arg(0))); a[ArgKey.egid] = .int(Int64(d.int32Arg(1)))
            a[ArgKey.sgid] = .int(Int64(d.int32Arg(2)))
        },
        Spec.each(["setgroups"], .notified, .process, capture: Spec.registers),
        // Categorised as before the spec table (file): kept so reports stay the same.
        Spec.each(["setgroups32"], .notified, .file, capture: Spec.registers),
    ].flatMap { $0 }
}
#endif
