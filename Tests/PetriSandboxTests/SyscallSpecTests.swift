import Foundation
import Glibc
import PetriAnalysis
import PetriModel
@testable import PetriSandbox
import Testing

/// The spec table (Sources/PetriSandbox/Syscalls/) is the one place for a syscall: these tests hold
/// its parts together — the keys a decoder emits are the keys its spec declares, every declared key
/// is in PetriModel's ArgKey list, and a rule naming any of them loads.
@Suite("Syscall specs")
struct SyscallSpecTests {
    /// Register shapes for the decoders: the capture tests' pointers (real relative paths, a real
    /// directory fd), small numbers, flag bits, all ones.
    static func shapes(_ regs: SyscallCaptureTests.Registers) -> [[UInt64]] {
        [regs.args, [3, 0o101, 0o100, 0o644, 5, 0], [UInt64(bitPattern: -100), regs.args[1], 0o1101, 0o755, 0, 0],
         [15, regs.args[1], 0, 0, UInt64(regs.dirFD), 16], [0, 0, 7, 0x22, UInt64(bitPattern: -1), 0],
         [1, 2, 3, 4, 5, 6], [0xffff_ffff_ffff_ffff, 0x5412, 1, 0, 0, 0]]
    }

    static let names = SyscallSpecs.all.map(\.name)

    @Test("a decoder emits only the argument keys its spec declares", arguments: names)
    func decoderKeysAreDeclared(name: String) throws {
        let regs = try #require(SyscallCaptureTests.shared)
        let spec = try #require(SyscallSpecs.named(name))
        var declared = Set(spec.keys)
        // socketcall is recorded as the call it multiplexes, with that call's keys.
        if spec.rule == .socketcall {
            for call in SyscallDecoder.socketcalls.keys { declared.formUnion(SyscallSpecs.spec(SyscallDecoder.socketcallName(call)).keys) }
        }
        for args in Self.shapes(regs) {
            for arch in [SyscallArch.x86_64, .i386] {
                let d = SyscallDecoder(hostTid: getpid(), arch: arch, args: args).decode(name: name)
                let extra = Set(d.args.keys).subtracting(declared)
                #expect(extra.isEmpty, "\(name) (\(arch.name)) emitted undeclared keys \(extra.sorted()) for \(args)")
            }
        }
    }

    @Test("every declared argument key is in ArgKey.all, the list the rule loader reads")
    func declaredKeysAreArgKeys() {
        let missing = SyscallSpecs.argumentKeys.subtracting(ArgKey.all)
        #expect(missing.isEmpty, "not in ArgKey.all: \(missing.sorted())")
        #expect(Set(ArgKey.all).count == ArgKey.all.count, "ArgKey.all lists a key twice")
    }

    static let header = "    title: t\n    description: d\n    severity: 2\n    attack: [T1059]\n"

    static func load(field: String) -> RuleLoadResult {
        RuleLoader.load(sources: [("t.yaml", "rules:\n  - id: r\n\(header)    condition: {match: {kind: syscall, \(field): \"x\"}}\n")])
    }

    /// Words of the pattern language itself: a pattern key `source` picks the record source, so
    /// mount's `source` argument is named in `group_by`, `distinct` or an evidence template instead.
    static let patternWords: Set<String> = ["source", "bind"]

    static func loadGrouped(by field: String) -> RuleLoadResult {
        RuleLoader.load(sources: [("t.yaml", "rules:\n  - id: r\n\(header)    condition:\n      count: {match: {kind: syscall}, group_by: \(field), min: 1}\n")])
    }

    @Test("a rule naming any key a decoder can emit loads", arguments: SyscallSpecs.argumentKeys.sorted())
    func ruleNamingKeyLoads(key: String) {
        let r = Self.patternWords.contains(key) ? Self.loadGrouped(by: key) : Self.load(field: key)
        #expect(!r.hasErrors, "\(key): \(r.diagnostics.map(\.description))")
        #expect(!Self.loadGrouped(by: key).hasErrors, "\(key) in group_by")
    }

    @Test("the keys the loader used to reject load now, and a key no decoder emits is still rejected")
    func formerlyRejectedKeys() {
        for key in ["resource", "soft", "hard", "persona", "clock", "messages"] {
            #expect(SyscallSpecs.argumentKeys.contains(key))
            #expect(!Self.load(field: key).hasErrors, "\(key)")
        }
        #expect(Self.load(field: "no_such_argument").hasErrors)
        #expect(Self.loadGrouped(by: "no_such_argument").hasErrors)
    }

    @Test("the filter's argument tests are only on syscalls whose spec asks for them")
    func argumentTestsOnlyWhereDeclared() {
        let conditional = SyscallSpecs.all.filter { if case .notifiedWhen = $0.disposition { return true }; return false }.map(\.name)
        #expect(Set(conditional) == ["mmap", "mmap2", "mprotect", "pkey_mprotect", "ioctl"])
        // A name has one spec.
        #expect(Set(Self.names).count == Self.names.count)
    }

    @Test("a syscall whose side effect reads its arguments is decoded before the answer (not rendered after the run)")
    func effectsReadDecodedArguments() {
        for spec in SyscallSpecs.all where spec.effect == .exec || spec.effect == .network {
            #expect(spec.capture == nil, "\(spec.name)")
        }
    }
}
