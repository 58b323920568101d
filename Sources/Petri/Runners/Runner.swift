import Foundation
import Logging
import PetriAnalysis
import PetriGuest
import PetriModel
import PetriSandbox
import PetriWine

/// What a runner is given to plan one run.
public struct RunnerInput: Sendable {
    /// The sample's file name inside the sandbox, and its exact bytes when they are not UTF-8.
    public var sampleName: String
    public var rawSampleName: [UInt8]?
    /// The sample's own arguments (argv after its name).
    public var arguments: [String]
    /// The policy after `Runner.adjust`.
    public var policy: SandboxPolicy
    public var profile: Profile
    /// A scratch folder for the run's seeds, removed after the run.
    public var scratchDirectory: String
    /// The sandbox's system folders on the host: the guest image's root, or "" (the host's own).
    public var systemRoot: String = ""
}

/// Turns a sample into a launch plan for the sandbox and, after the run, the runner's raw record into
/// evidence. One per way of starting a sample (the closed set `RunnerKind`); the sandbox knows plans,
/// never runners.
public protocol Runner: Sendable {
    var kind: RunnerKind { get }
    /// The policy this runner's runs use (a Windows host name, room for a loader's trace).
    func adjust(_ policy: inout SandboxPolicy)
    /// The plan, and the canaries planted by the runner's own seeds.
    func plan(_ input: RunnerInput) throws -> (plan: LaunchPlan, canaries: [Canary])
    /// Whether the simulated internet answers Windows-program downloads with the harmless PE.
    var servesWindowsPayload: Bool { get }
    /// Whether the sample runs on the profile's guest image (false: on the host's system folders,
    /// for a loader the image does not hold yet).
    var runsInGuest: Bool { get }
    /// Adds what only this runner can read from the run (e.g. a loader's trace) to the report, after
    /// the sandbox and the simulated internet have filled it in.
    func postProcess(_ report: inout Report, plan: LaunchPlan)
    /// Bad input (one line) when the sandbox's system folders (`systemRoot`: the guest's root or "")
    /// cannot run this sample, checked before anything runs.
    func check(systemRoot: String, staticInfo: StaticInfo?) throws
}

extension Runner {
    public func adjust(_ policy: inout SandboxPolicy) {}
    public var servesWindowsPayload: Bool { false }
    public var runsInGuest: Bool { true }
    public func postProcess(_ report: inout Report, plan: LaunchPlan) {}
    public func check(systemRoot: String, staticInfo: StaticInfo?) throws {}
}

/// The runner for a sample, by its type: Wine for PEs (built and checked here: a missing Wine is bad
/// input), QEMU's user-mode emulator for ELFs of other processors, the kernel itself for x86-64 and
/// i386 ELF executables and scripts.
public enum Runners {
    public static func runner(for type: FileTypeDetector.Result, profile: Profile, policy: inout SandboxPolicy,
                              apiTrace: WineRunRecipe.APITrace, guest: GuestEntry? = nil, wineTarget: WineLaunchTarget = .executable,
                              say: (@Sendable (String) -> Void)?,
                              logger: Logger = Logger(label: "petri")) throws -> any Runner {
        switch type.type {
        case .pe:
            let r = try WineRunner.prepare(is32Bit: type.is32Bit == true, profile: profile, policy: &policy, apiTrace: apiTrace, guest: guest,
                                           target: wineTarget, say: say, logger: logger)
            return r
        case .script:
            return NativeRunner(kind: .script)
        case .elf:
            if let arch = type.architecture, !arch.isNative { return QemuRunner(architecture: arch) }
            return NativeRunner(kind: .native)
        default:
            return NativeRunner(kind: .native)
        }
    }
}
