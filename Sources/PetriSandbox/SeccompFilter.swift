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
        for n in SyscallCatalog.execMemory {
            rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str(n)), kind: Int32(SBX_RULE_NOTIFY_IF_MASKED.rawValue), arg: 2, mask: 4, value: 4))
        }
        for (request, _) in SyscallCatalog.deniedIoctls {
            rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str("ioctl")), kind: Int32(SBX_RULE_NOTIFY_IF_MASKED.rawValue), arg: 1, mask: 0xffff_ffff, value: request))
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
