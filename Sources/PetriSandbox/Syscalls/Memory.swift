#if os(Linux)
import PetriModel

/// Memory: executable mappings (notified only with PROT_EXEC, for the executable-memory capture),
/// anonymous files, and the calls that reach kernel memory management from user space.
enum MemorySyscalls {
    typealias Spec = SyscallSpec
    /// PROT_EXEC in argument 2: the filter lets every other mmap/mprotect through in the kernel.
    static let protExec: SyscallSpec.Disposition = .notifiedWhen([.init(arg: 2, mask: 4, value: 4)])
    static let regionKeys = [ArgKey.addr, ArgKey.length, ArgKey.prot]

    static let specs: [SyscallSpec] = [
        Spec.each(["mmap", "mmap2"], protExec, .memory, execMemoryTrigger: true, capture: Spec.fdAt(4),
                  keys: regionKeys + [ArgKey.flags, ArgKey.fd, ArgKey.fdPath]) { d, a, _ in
            a[ArgKey.addr] = .string("0x" + String(d.arg(0), radix: 16)); a[ArgKey.length] = .int(Int64(bitPattern: d.arg(1)))
            a[ArgKey.prot] = .string(Flags.prot(d.arg(2))); a[ArgKey.flags] = .string(Flags.mmapFlags(d.arg(3)))
            if d.int32Arg(4) >= 0 { d.fd(&a, 4, key: ArgKey.fdPath) }
        },
        Spec.each(["mprotect", "pkey_mprotect"], protExec, .memory, execMemoryTrigger: true, capture: Spec.registers, keys: regionKeys) { d, a, _ in
            a[ArgKey.addr] = .string("0x" + String(d.arg(0), radix: 16)); a[ArgKey.length] = .int(Int64(bitPattern: d.arg(1)))
            a[ArgKey.prot] = .string(Flags.prot(d.arg(2)))
        },
        // Fileless code: the name is read from memory before the answer.
        Spec.each(["memfd_create"], .notified, .memory, alwaysKept: true, capture: nil, keys: [ArgKey.name, ArgKey.flags]) { d, a, _ in
            if let n = d.string(at: d.arg(0), cap: 256) { a[ArgKey.name] = .string(n) }
            a[ArgKey.flags] = .string(Flags.render(d.arg(1), [(1, "MFD_CLOEXEC"), (2, "MFD_ALLOW_SEALING"), (4, "MFD_HUGETLB"),
                                                               (8, "MFD_NOEXEC_SEAL"), (16, "MFD_EXEC")]))
        },
        Spec.each(["userfaultfd", "modify_ldt"], .denied, .memory, capture: nil),
    ].flatMap { $0 }
}
#endif
