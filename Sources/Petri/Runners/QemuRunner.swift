import Foundation
import PetriAnalysis
import PetriModel
import PetriSandbox

/// Linux ELFs for other processors (arm, aarch64, mips, mipsel) under QEMU's user-mode emulator from
/// the guest image (Debian's qemu-user-static; docs/architectures.md). The sample execs itself, as a
/// native one does: the sandbox's own binfmt_misc instance (its user namespace's, so the host's
/// registrations are never touched) hands every foreign ELF, the sample's and its children's, to
/// `qemu-<arch>-static` with argv[0] kept. The emulator is the loader: its processes are named by the
/// program they run, and what it does for itself (loading, its translation cache, its fake /proc
/// files) is runner activity, out of the rules.
public struct QemuRunner: Runner {
    public var kind: RunnerKind { .qemu }
    public let architecture: ELFArchitecture

    public init(architecture: ELFArchitecture) { self.architecture = architecture }

    /// Where the guest image keeps the emulators.
    public static let emulatorDirectory = "/usr/bin"

    /// The emulators' binfmt_misc entries (Debian's qemu-user magic and mask: the ELF class, byte
    /// order, version, type executable or shared object and machine; any OS ABI).
    public static let formats: [(ELFArchitecture, magic: [UInt8], mask: [UInt8])] = {
        let head: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]
        let pad = [UInt8](repeating: 0, count: 9)
        let maskLE: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00] + [UInt8](repeating: 0xff, count: 8) + [0xfe, 0xff, 0xff, 0xff]
        let maskBE: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00] + [UInt8](repeating: 0xff, count: 8) + [0xff, 0xfe, 0xff, 0xff]
        return [
            (.arm, head + [1, 1, 1] + pad + [0x02, 0x00, 0x28, 0x00], maskLE),
            (.aarch64, head + [2, 1, 1] + pad + [0x02, 0x00, 0xb7, 0x00], maskLE),
            (.mips, head + [1, 2, 1] + pad + [0x00, 0x02, 0x00, 0x08], maskBE),
            (.mipsel, head + [1, 1, 1] + pad + [0x02, 0x00, 0x08, 0x00], maskLE),
        ]
    }()

    public static func emulatorName(_ a: ELFArchitecture) -> String { "qemu-\(a.rawValue)-static" }
    public static var emulatorNames: Set<String> { Set(formats.map { emulatorName($0.0) }) }

    /// The emulator for this sample, and every other one the guest has (a child of another
    /// architecture runs too).
    public func binaryFormats(systemRoot: String) -> [LaunchPlan.BinaryFormat] {
        Self.formats.compactMap { arch, magic, mask in
            let path = Self.emulatorDirectory + "/" + Self.emulatorName(arch)
            guard arch == architecture || access(systemRoot + path, X_OK) == 0 else { return nil }
            return LaunchPlan.BinaryFormat(name: "qemu-" + arch.rawValue, magic: magic, mask: mask, interpreter: path)
        }
    }

    /// One line when the guest cannot run the sample: no emulator for its architecture, or (for a
    /// dynamically linked one) no loader of that architecture in the guest.
    public func check(systemRoot: String, staticInfo: StaticInfo?) throws {
        let emulator = Self.emulatorDirectory + "/" + Self.emulatorName(architecture)
        guard access(systemRoot + emulator, X_OK) == 0 else {
            throw PetriError.badInput("\(architecture.rawValue) ELF: the guest image has no \(emulator) (package qemu-user-static) to run it")
        }
        if let interp = staticInfo?.elf?.interpreter {
            guard access(systemRoot + interp, F_OK) == 0 else {
                throw PetriError.badInput("dynamically linked \(architecture.rawValue) ELF: its loader \(Printable.path(interp)) is not in the guest image (statically linked ones run)")
            }
        }
    }

    public func plan(_ input: RunnerInput) throws -> (plan: LaunchPlan, canaries: [Canary]) {
        let path = input.policy.workingDirectory + "/" + input.sampleName
        var plan = LaunchPlan.direct(kind: kind, sampleName: input.sampleName, rawSampleName: input.rawSampleName,
                                     arguments: [path] + input.arguments, policy: input.policy)
        plan.binaryFormats = binaryFormats(systemRoot: input.systemRoot)
        plan.loaderImages = Self.emulatorNames
        return (plan, [])
    }

    public func postProcess(_ report: inout Report, plan: LaunchPlan) {
        Self.markEmulatorActivity(&report)
    }

    /// What the emulator does for itself, marked as runner activity:
    /// - start-up, from its exec until the program's first call of its own: the emulator reading its
    ///   own path and /proc/sys/vm/mmap_min_addr and /proc/self/maps (to place the guest), opening the
    ///   program, its helper thread (and everything that thread does later: it sleeps and wakes);
    /// - every memory-mapping call: qemu maps the guest's memory and its translation cache (writable
    ///   and executable host memory is its code generator's), and write-protects pages it translated;
    /// - the memfd it fills to fake /proc/self/* files for the guest (the host read of /proc/self/maps
    ///   that fills it is the program's own request and stays).
    /// The emulated process is named by the program it runs (path, image), not by the emulator.
    public static func markEmulatorActivity(_ report: inout Report) {
        var emulated: [Int32: String] = [:]
        // A fork that did not exec runs its parent's program (processes are listed parents first).
        for i in report.processes.indices {
            let p = report.processes[i]
            guard let exe = p.path, emulatorNames.contains((exe as NSString).lastPathComponent),
                  let program = p.execs.last ?? p.ppid.flatMap({ emulated[$0] }) else { continue }
            emulated[p.pid] = program
            report.processes[i].path = program
            report.processes[i].image = (program as NSString).lastPathComponent
        }
        guard !emulated.isEmpty else { return }
        // Events carry the process's comm, which the kernel cuts at 15 bytes: the full program name.
        var names: [Int32: [String]] = [:]
        for p in report.processes where emulated[p.pid] != nil { names[p.pid] = (p.execs + [emulated[p.pid]!]).map { ($0 as NSString).lastPathComponent } }
        for i in report.events.indices {
            guard let img = report.events[i].image, img.utf8.count == 15, let full = names[report.events[i].pid]?.first(where: { $0.hasPrefix(img) }) else { continue }
            report.events[i].image = full
        }
        var inStartup: [Int32: String] = [:]  // pid → the program being loaded
        var helperPending: Set<Int32> = []      // pids whose helper thread was just cloned
        var seenTids: [Int32: Set<Int32>] = [:]
        var helpers: Set<Int32> = []            // tids of the emulator's helper threads
        var forkWindow: Set<Int32> = []         // forked children of the emulator, before their first own call
        var seenPids: Set<Int32> = []
        let outcomes = EventOutcome.all(report)
        for i in report.events.indices {
            let e = report.events[i]
            guard e.kind == .syscall, emulated[e.pid] != nil else { continue }
            if seenPids.insert(e.pid).inserted, e.name != "execve", e.name != "execveat" { forkWindow.insert(e.pid) }
            // A fork of the emulator restarts its helper thread first (clone3, refused, then clone).
            if forkWindow.contains(e.pid) {
                if e.name == "clone3" || (e.name == "clone" && isStartup(e, program: "")) {
                    report.events[i].runner = true
                    if e.name == "clone" { helperPending.insert(e.pid); forkWindow.remove(e.pid) }
                    continue
                }
                forkWindow.remove(e.pid)
            }
            // The emulator's helper thread: the first new thread after its start-up clone.
            if e.tid != e.pid, !(seenTids[e.pid]?.contains(e.tid) ?? false), helperPending.remove(e.pid) != nil { helpers.insert(e.tid) }
            seenTids[e.pid, default: []].insert(e.tid)
            if helpers.contains(e.tid) { report.events[i].runner = true; continue }
            if e.name == "execve" || e.name == "execveat" {
                // A successful exec of a foreign program starts a new start-up window.
                if let p = e.path, outcomes[e.seq] != .failed { inStartup[e.pid] = p; seenTids[e.pid] = [e.pid] } else { inStartup[e.pid] = nil }
                continue
            }
            if let program = emulated[e.pid] { report.events[i].image = (program as NSString).lastPathComponent }
            if e.category == .memory && e.name != "memfd_create" { report.events[i].runner = true; continue }
            if e.name == "memfd_create", e.args[ArgKey.name]?.stringValue == "qemu-fake" { report.events[i].runner = true; continue }
            guard let program = inStartup[e.pid] else { continue }
            if isStartup(e, program: program) {
                report.events[i].runner = true
                if e.name == "clone" { helperPending.insert(e.pid) }
            } else { inStartup[e.pid] = nil }
        }
    }

    /// The calls qemu-user makes before it runs the first guest instruction (linux-user/main.c).
    static func isStartup(_ e: Event, program: String) -> Bool {
        switch e.name {
        case "readlink", "readlinkat":
            return e.path == "/proc/self/exe"
        case "open", "openat", "openat2":
            guard let p = e.path else { return false }
            return p == program || p == "/proc/sys/vm/mmap_min_addr" || p == "/proc/self/maps"
        case "clone":
            // its RCU helper thread (clone3 first, which petri answers ENOSYS)
            return e.args[ArgKey.cloneFlags]?.stringValue?.contains("CLONE_THREAD") == true
        case "clone3":
            return true
        case "rt_sigaction", "rt_sigprocmask", "sigaltstack", "prlimit64", "getrlimit", "uname", "sysinfo", "getrandom":
            return true
        default:
            return false
        }
    }
}
