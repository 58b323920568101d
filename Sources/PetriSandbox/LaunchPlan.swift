#if os(Linux)
import Foundation
import PetriModel

/// How the sandbox starts a sample: everything a runner decides (Petri/Runners), as plain data the
/// sandbox and the supervisor execute without knowing which runner made it.
public struct LaunchPlan: Sendable {
    public var kind: RunnerKind
    /// The program execve runs, and its argv, as bytes (a sample's name need not be UTF-8).
    public var executable: [UInt8]
    public var arguments: [[UInt8]]
    /// The whole environment, `KEY=value`.
    public var environment: [String]
    public var workingDirectory: String
    /// Where the sample is copied inside the sandbox, and under which name.
    public var sampleDirectory: String
    public var sampleFileName: [UInt8]
    /// Extra writable layers: an overlay at each mount point over read-only lower folders of the host.
    public var layers: [OverlayLayer] = []
    /// Host files bound read-only over files of the sandbox (the host path inside the sandbox is the same).
    public var bindFiles: [BindFile] = []
    /// CA certificates (PEM) trusted for this run only: appended to the guest's system bundle, which
    /// is bound read-only over /etc/ssl/certs/ca-certificates.crt (the simulated internet's per-run CA).
    public var trustedCertificates: [String] = []
    /// Host folders copied into the run's own lower layers before the sample starts (decoys): what
    /// they hold is visible but is no change of the run. Copied, never modified.
    public var seeds: [Seed] = []
    public var onTimeout: TimeoutAction = .kill
    /// Images (executable base names) of the runner's own processes: their processes and syscall
    /// events are marked `runner` (noise), not the sample's.
    public var runnerImages: Set<String> = []
    /// Loader executables whose processes are named by their comm (the image the loader runs):
    /// exact base names, and base-name prefixes.
    public var loaderImages: Set<String> = []
    public var loaderImagePrefixes: [String] = []
    /// Handlers for foreign executables, registered in the sandbox's own binfmt_misc instance (its
    /// user namespace's, Linux 6.7+; the host's registrations are untouched): an execve of a matching
    /// file, by the sample or any child, runs the interpreter from the sandbox's system folders.
    public var binaryFormats: [BinaryFormat] = []

    public init(kind: RunnerKind, executable: [UInt8], arguments: [[UInt8]], environment: [String], workingDirectory: String,
                sampleDirectory: String, sampleFileName: [UInt8]) {
        self.kind = kind; self.executable = executable; self.arguments = arguments; self.environment = environment
        self.workingDirectory = workingDirectory; self.sampleDirectory = sampleDirectory; self.sampleFileName = sampleFileName
    }

    /// The sample's path inside the sandbox, byte for byte.
    public var samplePathBytes: [UInt8] { Array(sampleDirectory.utf8) + [UInt8(ascii: "/")] + sampleFileName }
    /// Its decoded form (invalid bytes as U+FFFD).
    public var samplePath: String { String(decoding: samplePathBytes, as: UTF8.self) }
    /// For the report: bytes that are not UTF-8 as \xNN, as the syscall decoder shows them.
    public var samplePathDisplay: String { ByteText.display(samplePathBytes) }

    /// One writable overlay besides the guest's own (/home, /tmp, ...): its upper layer is kept with
    /// the run's file record as `upper/<name>`, owned by the sandbox user when `userOwned`.
    public struct OverlayLayer: Sendable {
        /// Folder name of the upper layer (a plain name).
        public var name: String
        /// Mount point inside the sandbox.
        public var mountPoint: String
        /// Host folders below the run's own lower layer, topmost first, read-only.
        public var lowerDirectories: [String]
        /// Whether the merged root belongs to the sandbox user (some loaders refuse a folder of another user).
        public var userOwned: Bool
        /// Files placed in the upper layer before the start (relative path → content), as if the
        /// run had written them.
        public var upperFiles: [String: Data]
        public init(name: String, mountPoint: String, lowerDirectories: [String], userOwned: Bool = true, upperFiles: [String: Data] = [:]) {
            self.name = name; self.mountPoint = mountPoint; self.lowerDirectories = lowerDirectories
            self.userOwned = userOwned; self.upperFiles = upperFiles
        }
    }

    /// One binfmt_misc registration by magic: `magic` and `mask` as bytes (same length, at most 128),
    /// the interpreter's path inside the sandbox; it is opened when registered (flag F), gets argv[0]
    /// as given (P) and the file as an open descriptor (O).
    public struct BinaryFormat: Sendable, Equatable {
        public var name: String
        public var magic: [UInt8]
        public var mask: [UInt8]
        public var interpreter: String
        public init(name: String, magic: [UInt8], mask: [UInt8], interpreter: String) {
            self.name = name; self.magic = magic; self.mask = mask; self.interpreter = interpreter
        }

        /// The line written to `register` with the interpreter at `interpreterPath` (the path the
        /// registering process sees), or nil when a field cannot be written safely.
        public func registration(interpreterPath: String) -> String? {
            let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ plain.contains($0) }), name != ".", name != "..",
                  !magic.isEmpty, magic.count == mask.count, magic.count <= 128,
                  interpreterPath.hasPrefix("/"), !interpreterPath.contains(":"), !interpreterPath.contains("\n"),
                  interpreterPath.utf8.count < 1024 else { return nil }
            func hex(_ b: [UInt8]) -> String { b.map { String(format: "\\x%02x", $0) }.joined() }
            return ":\(name):M::\(hex(magic)):\(hex(mask)):\(interpreterPath):POF"
        }
    }

    public struct BindFile: Sendable {
        public var hostPath: String
        public var sandboxPath: String
        public init(hostPath: String, sandboxPath: String) { self.hostPath = hostPath; self.sandboxPath = sandboxPath }
    }

    public struct Seed: Sendable {
        public var hostDirectory: String
        /// Where its contents appear inside the sandbox (under /home or an extra layer's mount point).
        public var sandboxDirectory: String
        public init(hostDirectory: String, sandboxDirectory: String) {
            self.hostDirectory = hostDirectory; self.sandboxDirectory = sandboxDirectory
        }
    }

    /// The plan of a sample the kernel runs itself (an ELF, or a script through its #! line): argv as
    /// given (argv[0] naming the sample carries its name's exact bytes), the guest user's environment
    /// with the profile's additions, the profile's working directory, where the sample is copied too.
    public static func direct(kind: RunnerKind, sampleName: String, rawSampleName: [UInt8]?, arguments: [String],
                              policy: SandboxPolicy) -> LaunchPlan {
        let fileName = rawSampleName ?? Array(sampleName.utf8)
        let dir = policy.workingDirectory
        let pathBytes = Array(dir.utf8) + [UInt8(ascii: "/")] + fileName
        let path = dir + "/" + sampleName
        let args = arguments.isEmpty ? [path] : arguments
        let sampleArg0 = args.first == path
        let argv = args.enumerated().map { i, a in i == 0 && sampleArg0 ? pathBytes : Array(a.utf8) }
        let executable = sampleArg0 || !args[0].hasPrefix("/") ? pathBytes : Array(args[0].utf8)
        var env = [
            policy.asRoot ? "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : "PATH=/usr/local/bin:/usr/bin:/bin",
            "HOME=\(policy.runHome)", "USER=\(policy.runUserName)", "LOGNAME=\(policy.runUserName)",
            "SHELL=/bin/bash", "LANG=C.UTF-8", "TERM=xterm-256color", "PWD=\(policy.workingDirectory)",
            "HOSTNAME=\(policy.hostname)", "XDG_RUNTIME_DIR=/tmp",
        ]
        for (k, v) in policy.environment.sorted(by: { $0.key < $1.key }) {
            env.removeAll { $0.hasPrefix(k + "=") }
            env.append("\(k)=\(v)")
        }
        return LaunchPlan(kind: kind, executable: executable, arguments: argv, environment: env, workingDirectory: dir,
                          sampleDirectory: dir, sampleFileName: fileName)
    }
}
#endif
