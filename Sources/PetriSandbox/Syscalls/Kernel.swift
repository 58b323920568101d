#if os(Linux)
import PetriModel

/// Sandbox escape and kernel attack surface, all denied with EPERM and recorded: mounts and root
/// changes, kernel modules and kexec, BPF and perf, keyrings, io_uring, raw I/O ports, quotas, swap.
enum KernelSyscalls {
    typealias Spec = SyscallSpec

    static let specs: [SyscallSpec] = [
        Spec.each(["mount"], .denied, .system, capture: nil, keys: [ArgKey.source, ArgKey.path, ArgKey.rawPath, ArgKey.fstype]) { d, a, _ in
            if let s = d.string(at: d.arg(0), cap: 256) { a[ArgKey.source] = .string(s) }
            d.path(&a, 1)
            if let t = d.string(at: d.arg(2), cap: 64) { a[ArgKey.fstype] = .string(t) }
        },
        Spec.each(["umount", "umount2", "chroot", "swapon", "swapoff", "acct"], .denied, .system, capture: Spec.pathAt(0),
                  keys: [ArgKey.path, ArgKey.rawPath]) { d, a, _ in
            d.path(&a, 0)
        },
        Spec.each(["uselib"], .denied, .file, capture: Spec.pathAt(0), keys: [ArgKey.path, ArgKey.rawPath]) { d, a, _ in
            d.path(&a, 0)
        },
        Spec.each(["pivot_root"], .denied, .system, capture: CaptureSpec(paths: [.init(arg: 0), .init(arg: 1)]),
                  keys: [ArgKey.path, ArgKey.rawPath, ArgKey.newPath]) { d, a, _ in
            d.path(&a, 0); d.path(&a, 1, key: ArgKey.newPath)
        },
        Spec.each(["fsopen", "fsmount", "fsconfig", "fspick", "move_mount", "open_tree", "mount_setattr"], .denied, .system, capture: nil),
        Spec.each(["kexec_load"], .denied, .system, capture: nil),
        Spec.each(["kexec_file_load", "finit_module"], .denied, .system, capture: Spec.fdAt(0), keys: [ArgKey.fd, ArgKey.path]) { d, a, _ in
            d.fd(&a, 0, key: ArgKey.path)
        },
        Spec.each(["init_module"], .denied, .system, capture: Spec.registers),
        Spec.each(["delete_module"], .denied, .system, capture: nil, keys: [ArgKey.name]) { d, a, _ in
            if let n = d.string(at: d.arg(0), cap: 64) { a[ArgKey.name] = .string(n) }
        },
        Spec.each(["bpf"], .denied, .system, capture: Spec.registers, keys: [ArgKey.cmd]) { d, a, _ in
            a[ArgKey.cmd] = .int(Int64(d.int32Arg(0)))
        },
        Spec.each(["perf_event_open", "keyctl", "add_key", "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register",
                   "iopl", "ioperm", "quotactl", "_sysctl"], .denied, .system, capture: nil),
        // Categorised as before the spec table (file): kept so reports stay the same.
        Spec.each(["lookup_dcookie", "nfsservctl"], .denied, .file, capture: nil),
    ].flatMap { $0 }
}
#endif
