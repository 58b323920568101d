#if os(Linux)
import PetriModel

/// Files and directories: open, create, remove, rename, link, permissions, ownership, cwd.
enum FileSyscalls {
    typealias Spec = SyscallSpec
    static let pathKeys = [ArgKey.path, ArgKey.rawPath]
    static let fdKeys = [ArgKey.fd, ArgKey.path]

    static let specs: [SyscallSpec] = [
        Spec.each(["open"], .notified, .file, capture: Spec.pathAt(0), keys: pathKeys + [ArgKey.flags, ArgKey.mode]) { d, a, _ in
            d.path(&a, 0)
            a[ArgKey.flags] = .string(Flags.openFlags(d.arg(1))); a[ArgKey.mode] = .string(Flags.mode(d.arg(2)))
        },
        Spec.each(["creat"], .notified, .file, capture: Spec.pathAt(0), keys: pathKeys + [ArgKey.flags, ArgKey.mode]) { d, a, _ in
            d.path(&a, 0)
            a[ArgKey.flags] = .string("O_WRONLY|O_CREAT|O_TRUNC"); a[ArgKey.mode] = .string(Flags.mode(d.arg(1)))
        },
        Spec.each(["openat"], .notified, .file, capture: Spec.pathAt(1, dirfd: 0), keys: pathKeys + [ArgKey.flags, ArgKey.mode]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0))
            a[ArgKey.flags] = .string(Flags.openFlags(d.arg(2)))
            if d.arg(2) & 0o100 != 0 { a[ArgKey.mode] = .string(Flags.mode(d.arg(3))) }
        },
        // struct open_how behind a pointer: read before the answer.
        Spec.each(["openat2"], .notified, .file, capture: nil, keys: pathKeys + [ArgKey.flags, ArgKey.mode]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0))
            if let how = d.bytes(at: d.arg(2), count: 24), how.count >= 16 {
                let f = SyscallDecoder.le64(how, 0), m = SyscallDecoder.le64(how, 8)
                a[ArgKey.flags] = .string(Flags.openFlags(f))
                if f & 0o100 != 0 { a[ArgKey.mode] = .string(Flags.mode(m)) }
            }
        },
        Spec.each(["unlink", "rmdir", "chdir", "truncate", "truncate64"], .notified, .file, capture: Spec.pathAt(0), keys: pathKeys) { d, a, _ in
            d.path(&a, 0)
        },
        Spec.each(["mkdir"], .notified, .file, capture: Spec.pathAt(0), keys: pathKeys + [ArgKey.mode]) { d, a, _ in
            d.path(&a, 0); a[ArgKey.mode] = .string(Flags.mode(d.arg(1)))
        },
        Spec.each(["mkdirat"], .notified, .file, capture: Spec.pathAt(1, dirfd: 0), keys: pathKeys + [ArgKey.mode]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0)); a[ArgKey.mode] = .string(Flags.mode(d.arg(2)))
        },
        Spec.each(["unlinkat"], .notified, .file, capture: Spec.pathAt(1, dirfd: 0), keys: pathKeys + [ArgKey.flags]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0)); if d.arg(2) & 0x200 != 0 { a[ArgKey.flags] = .string("AT_REMOVEDIR") }
        },
        Spec.each(["rename", "link"], .notified, .file, capture: CaptureSpec(paths: [.init(arg: 0), .init(arg: 1)]),
                  keys: pathKeys + [ArgKey.newPath]) { d, a, _ in
            d.path(&a, 0); d.path(&a, 1, key: ArgKey.newPath)
        },
        Spec.each(["renameat", "renameat2", "linkat"], .notified, .file,
                  capture: CaptureSpec(paths: [.init(arg: 1, dirfd: 0), .init(arg: 3, dirfd: 2)]), keys: pathKeys + [ArgKey.newPath]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0)); d.path(&a, 3, dirfd: d.int32Arg(2), key: ArgKey.newPath)
        },
        // The target is kept as given (not resolved): read before the answer.
        Spec.each(["symlink"], .notified, .file, capture: nil, keys: [ArgKey.target, ArgKey.newPath]) { d, a, _ in
            if let t = d.string(at: d.arg(0)) { a[ArgKey.target] = .string(t) }
            d.path(&a, 1, key: ArgKey.newPath)
        },
        Spec.each(["symlinkat"], .notified, .file, capture: nil, keys: [ArgKey.target, ArgKey.newPath]) { d, a, _ in
            if let t = d.string(at: d.arg(0)) { a[ArgKey.target] = .string(t) }
            d.path(&a, 2, dirfd: d.int32Arg(1), key: ArgKey.newPath)
        },
        Spec.each(["chmod"], .notified, .file, capture: Spec.pathAt(0), keys: pathKeys + [ArgKey.mode]) { d, a, _ in
            d.path(&a, 0); a[ArgKey.mode] = .string(Flags.mode(d.arg(1)))
        },
        Spec.each(["fchmodat"], .notified, .file, capture: Spec.pathAt(1, dirfd: 0), keys: pathKeys + [ArgKey.mode]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0)); a[ArgKey.mode] = .string(Flags.mode(d.arg(2)))
        },
        Spec.each(["fchmod"], .notified, .file, capture: Spec.fdAt(0), keys: fdKeys + [ArgKey.mode]) { d, a, _ in
            d.fd(&a, 0, key: ArgKey.path); a[ArgKey.mode] = .string(Flags.mode(d.arg(1)))
        },
        Spec.each(["chown", "lchown", "chown32", "lchown32"], .notified, .file, capture: Spec.pathAt(0),
                  keys: pathKeys + [ArgKey.uid, ArgKey.gid]) { d, a, _ in
            d.path(&a, 0); a[ArgKey.uid] = .int(Int64(d.int32Arg(1))); a[ArgKey.gid] = .int(Int64(d.int32Arg(2)))
        },
        Spec.each(["fchownat"], .notified, .file, capture: Spec.pathAt(1, dirfd: 0), keys: pathKeys + [ArgKey.uid, ArgKey.gid]) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0)); a[ArgKey.uid] = .int(Int64(d.int32Arg(2))); a[ArgKey.gid] = .int(Int64(d.int32Arg(3)))
        },
        Spec.each(["fchown", "fchown32", "ftruncate", "fchdir"], .notified, .file, capture: Spec.fdAt(0), keys: fdKeys) { d, a, _ in
            d.fd(&a, 0, key: ArgKey.path)
        },
        // File handles bypass path-based confinement (the "shocker" escape).
        Spec.each(["open_by_handle_at"], .denied, .file, capture: Spec.registers, keys: [ArgKey.mountFd]) { d, a, _ in
            a[ArgKey.mountFd] = .int(Int64(d.int32Arg(0)))
        },
        Spec.each(["name_to_handle_at"], .denied, .file, capture: Spec.pathAt(1, dirfd: 0), keys: pathKeys) { d, a, _ in
            d.path(&a, 1, dirfd: d.int32Arg(0))
        },
    ].flatMap { $0 }
}
#endif
