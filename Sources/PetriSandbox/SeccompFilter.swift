#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// The compiled BPF program, built once per process and set of extras.
final class FilterCache: @unchecked Sendable {
    static let shared = FilterCache()
    private let lock = NSLock()
    private var cache: [String: CompiledFilter] = [:]

    final class CompiledFilter: @unchecked Sendable {
        let pointer: OpaquePointer
        let skipped: Int
        init(pointer: OpaquePointer, skipped: Int) { self.pointer = pointer; self.skipped = skipped }
    }

    func filter(extraDenied: [String], extraNotified: [String]) throws -> CompiledFilter {
        let key = (extraDenied + ["|"] + extraNotified).joined(separator: ",")
        lock.lock(); defer { lock.unlock() }
        if let f = cache[key] { return f }
        let names = SyscallCatalog.notified + SyscallCatalog.denied + SyscallCatalog.conditional + SyscallCatalog.enosys + extraDenied + extraNotified
        var arena = CArena()
        defer { arena.free() }
        var rules: [sbx_rule_t] = []
        for n in Set(names).sorted() {
            rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str(n)), kind: Int32(SBX_RULE_NOTIFY.rawValue), arg: 0, mask: 0, value: 0))
        }
        // Argument tests only on the syscalls whose spec asks for them (mmap/mprotect PROT_EXEC,
        // terminal-injection ioctls); every other verdict depends on the number alone, so the
        // kernel's action cache can skip the program for the syscalls it lets through.
        for spec in SyscallSpecs.all {
            guard case .notifiedWhen(let tests) = spec.disposition else { continue }
            for t in tests {
                rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str(spec.name)), kind: Int32(SBX_RULE_NOTIFY_IF_MASKED.rawValue),
                                        arg: Int32(t.arg), mask: t.mask, value: t.value))
            }
        }
        var out: OpaquePointer? = nil
        var skipped: Int32 = 0
        let e = sbx_filter_build(rules, Int32(rules.count), 1, &out, &skipped)
        guard e == 0, let p = out else { throw SandboxError.host(operation: "seccomp filter build", errno: e) }
        let f = CompiledFilter(pointer: p, skipped: Int(skipped))
        cache[key] = f
        return f
    }
}
#endif
