#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// What the sandbox is asked to run.
public struct LaunchRequest: Sendable {
    /// Host path of the sample (copied in, never executed in place).
    public var samplePath: String
    /// File name inside the sandbox (the sample's original name).
    public var sampleName: String
    /// The exact bytes of that name when they are not valid UTF-8 (`sampleName` is then only its
    /// decoded form): the in-sandbox copy and argv[0] carry these bytes, so a sample that checks its
    /// own name (argv[0], /proc/self/exe) sees it unchanged. Native and script runs; Wine runs use
    /// `sampleName` (Windows names are UTF-16, and the launch script is text).
    public var rawSampleName: [UInt8]?
    /// argv[0] is the sandbox path of the program to exec; for a script this is the sample itself (the
    /// kernel runs its shebang interpreter).
    public var arguments: [String]
    public var policy: SandboxPolicy
    /// Host folder for stdout.txt, stderr.txt, dropped/ and upper/.
    public var artifactsDirectory: String
    /// Optional host folder whose contents seed the guest home (decoys). Copied, never modified.
    public var homeSeed: String?
    /// Wine runs: optional host folder whose contents seed `drive_c` of the prefix (per-run Windows
    /// decoys with fresh canaries), in the run's own lower layer above the shared template, so the
    /// files are visible at their Windows paths but are not changes of the run. Copied, never modified.
    public var wineSeed: String?
    /// Called after the namespaces exist and before the sample starts, with an fd of the sandbox's
    /// network namespace (the simulated internet binds its services there).
    /// The second argument is the run's clock origin (CLOCK_MONOTONIC ns) so records made there
    /// share the events' time base.
    public var onNetworkNamespace: (@Sendable (Int32, UInt64) throws -> Void)?
    /// Called from the supervision loop about every 100 ms with (elapsed s, processes, events).
    public var onProgress: (@Sendable (Double, Int, UInt64) -> Void)?
    /// Set to true (from any thread) to end the run early, as on Ctrl-C; the record is kept.
    public var cancel: CancelFlag?
    /// Set for Windows samples: the run uses the Wine template as a lower layer (docs/wine.md).
    public var wine: WineLaunch?

    public init(samplePath: String, sampleName: String, arguments: [String] = [], policy: SandboxPolicy, artifactsDirectory: String) {
        self.samplePath = samplePath; self.sampleName = sampleName; self.arguments = arguments
        self.policy = policy; self.artifactsDirectory = artifactsDirectory
    }

    public var insideSamplePath: String {
        wine != nil ? WineLayout.sampleDirectory + "/" + sampleName : policy.workingDirectory + "/" + sampleName
    }

    /// The name's bytes: `rawSampleName` for native and script runs when set, else `sampleName`.
    public var sampleNameBytes: [UInt8] { wine == nil ? rawSampleName ?? Array(sampleName.utf8) : Array(sampleName.utf8) }

    /// `insideSamplePath` byte for byte (what execve gets as path and argv[0]).
    public var insideSamplePathBytes: [UInt8] {
        Array((wine != nil ? WineLayout.sampleDirectory : policy.workingDirectory).utf8) + [UInt8(ascii: "/")] + sampleNameBytes
    }

    /// `insideSamplePath` for the report: bytes that are not UTF-8 as \xNN, as the syscall decoder shows them.
    public var insideSamplePathDisplay: String { ByteText.display(insideSamplePathBytes) }
}

/// What a Wine run needs besides the Linux set-up.
public struct WineLaunch: Sendable {
    public var templatePath: String
    public var installation: WineInstallation
    public var apiTrace: WineRunRecipe.APITrace
    /// Patched builtins (ntdll without the wine_get_* exports) bound read-only over the originals.
    public var hiddenExports: [WineExportPatcher.PatchedFile]
    public init(templatePath: String, installation: WineInstallation, apiTrace: WineRunRecipe.APITrace = .standard,
                hiddenExports: [WineExportPatcher.PatchedFile] = []) {
        self.templatePath = templatePath; self.installation = installation; self.apiTrace = apiTrace
        self.hiddenExports = hiddenExports
    }
}

public final class CancelFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    public init() {}
    public func set() { lock.lock(); value = true; lock.unlock() }
    public var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
#endif
