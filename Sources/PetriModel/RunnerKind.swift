/// How a sample is started in the sandbox: the closed set of runners (`run.runner` in the report).
public enum RunnerKind: String, Sendable, Codable, CaseIterable {
    /// A Linux ELF executed directly.
    case native
    /// A script executed through its #! line.
    case script
    /// A Windows PE under Wine.
    case wine
    /// A Linux ELF for another processor (arm, aarch64, mips, mipsel) under QEMU's user-mode emulator.
    case qemu

    /// Runners the sample may need beyond the ones every build has (a corpus entry's `requires:`).
    public static let optional: [RunnerKind] = [.wine]

    /// Whether the sample itself is what execve runs: then an execve the kernel refuses is the
    /// sample's problem (bad input), not petri's (a loader such as Wine failing to start).
    public var execsSample: Bool { self != .wine }
}

extension RunInfo {
    /// `runner` as its kind; nil for a report naming a runner this build does not know.
    public var runnerKind: RunnerKind? { RunnerKind(rawValue: runner) }
}
