import Foundation
import Logging
import PetriGuest
import PetriModel
import PetriSandbox
import PetriWine

/// The Wine runner: finds Wine, prepares the template prefix, plans a run of the launch script over
/// the template (a layer at HOME/.wine), and turns a Wine run's raw record (debug log on stderr, upper
/// layer of the prefix) into Windows-level evidence.
public struct WineRunner: Runner {
    public var kind: RunnerKind { .wine }
    /// Windows samples run on the guest image's Wine (docs/guest.md); with `guest: host`, on the host's.
    public var runsInGuest: Bool { true }
    public let installation: WineInstallation
    /// The loader for the sample's machine (the 32-bit one for a PE32).
    public let loader: String
    public let templatePath: String
    public let apiTrace: WineRunRecipe.APITrace
    /// Patched builtins (ntdll without the wine_get_* exports) bound read-only over the originals.
    public let hiddenExports: [WineExportPatcher.PatchedFile]
    /// Where the prefix and the sample are, from the policy's user and home.
    public let layout: WineLayout
    /// Windows decoys with fresh canaries for each run (the profile's decoys/windows), if the profile has them.
    public let windowsDecoys: String?
    /// The program itself, or a DLL's export through rundll32.
    public var target: WineLaunchTarget = .executable

    /// Images of Wine's own machinery: their syscalls are runner activity, not the sample's.
    public static var runnerImages: Set<String> { WineLayout.runnerImages }

    /// The layout a policy gives a Wine run.
    public static func layout(for policy: SandboxPolicy) -> WineLayout {
        WineLayout(user: policy.userName, home: policy.home, uid: policy.uid, gid: policy.gid)
    }

    /// The policy of a Windows run: a Windows host name unless the profile set one, room for the trace.
    public static func adjust(_ policy: inout SandboxPolicy) {
        if policy.hostname == SandboxPolicy().hostname { policy.hostname = "DESKTOP-7KQ2M4P" }
        policy.maxOutputBytes = max(policy.maxOutputBytes, 64 << 20)
    }
    public func adjust(_ policy: inout SandboxPolicy) { Self.adjust(&policy) }

    /// Wine and the template for this profile (built on first use): a missing Wine is bad input.
    /// `guest`: the image the run uses (its Wine builds the template and runs the sample); nil for
    /// `guest: host`, the host's Wine.
    public static func prepare(is32Bit: Bool, profile: Profile, policy: inout SandboxPolicy, apiTrace: WineRunRecipe.APITrace,
                               guest: GuestEntry? = nil, target: WineLaunchTarget = .executable, say: (@Sendable (String) -> Void)?,
                               logger: Logger = Logger(label: "petri")) throws -> WineRunner {
        let inst = try installation(forPE: is32Bit, guest: guest)
        let loader = (try? inst.loader(forMachine: is32Bit ? 0x14c : 0x8664)) ?? inst.loader64
        adjust(&policy)
        let template = try template(installation: inst, profile: profile, policy: policy, logger: logger, say: say)
        let decoys = profile.profilesDirectory + "/" + WineDecoySeed.profileDirectory
        var runner = WineRunner(installation: inst, loader: loader, templatePath: template, apiTrace: apiTrace, hiddenExports: hiddenExports(templatePath: template, root: inst.root),
                                layout: layout(for: policy), windowsDecoys: FileManager.default.fileExists(atPath: decoys) ? decoys : nil)
        runner.target = target
        return runner
    }

    public init(installation: WineInstallation, loader: String? = nil, templatePath: String, apiTrace: WineRunRecipe.APITrace = .standard,
                hiddenExports: [WineExportPatcher.PatchedFile] = [], layout: WineLayout = .standard, windowsDecoys: String? = nil) {
        self.installation = installation; self.loader = loader ?? installation.loader64; self.templatePath = templatePath; self.apiTrace = apiTrace
        self.hiddenExports = hiddenExports; self.layout = layout; self.windowsDecoys = windowsDecoys
    }

    public var servesWindowsPayload: Bool { true }

    /// The launch script under /bin/sh in the sample's folder inside drive C, Wine's environment, the
    /// prefix as a layer over the template (plus this run's Windows decoys), the patched builtins bound
    /// over the originals, and the wineserver's registry save at the timeout.
    public func plan(_ input: RunnerInput) throws -> (plan: LaunchPlan, canaries: [Canary]) {
        let policy = input.policy
        let recipe = WineRunRecipe(templatePath: templatePath, upperDir: "", workDir: "", sampleFileName: input.sampleName,
                                   arguments: input.arguments, apiTrace: apiTrace, timeoutSeconds: Int(policy.timeoutSeconds), layout: layout,
                                   target: target)
        var env = recipe.environment
        env["USERNAME"] = policy.userName
        env["COMPUTERNAME"] = policy.hostname.uppercased()
        let argv = ["/bin/sh", "-c", recipe.launchScript(installation: installation, loader: loader), "petri-wine"]
        var plan = LaunchPlan(kind: .wine, executable: Array(argv[0].utf8), arguments: argv.map { Array($0.utf8) },
                              environment: env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                              workingDirectory: layout.sampleDirectory, sampleDirectory: layout.sampleDirectory,
                              sampleFileName: Array(input.sampleName.utf8))
        var upperFiles: [String: Data] = [:]
        if apiTrace == .full, let text = try? String(contentsOfFile: templatePath + "/user.reg", encoding: .utf8) {
            upperFiles["user.reg"] = Data(WineRunRecipe.enableRelay(userReg: text, modules: [input.sampleName]).utf8)
        }
        // Wine refuses a prefix its user does not own.
        plan.layers = [LaunchPlan.OverlayLayer(name: "wine", mountPoint: layout.prefix, lowerDirectories: [templatePath],
                                               userOwned: true, upperFiles: upperFiles)]
        plan.bindFiles = hiddenExports.map { LaunchPlan.BindFile(hostPath: $0.patched, sandboxPath: $0.original) }
        plan.onTimeout = .stopGracefully(Self.timeoutStop)
        plan.runnerImages = WineLayout.runnerImages
        plan.loaderImages = WineLayout.loaderImages
        plan.loaderImagePrefixes = WineLayout.loaderImagePrefixes

        // The Windows decoys (drive_c-relative) with fresh tokens, in the run's own lower layer above
        // the shared template (whose decoys carry none).
        var canaries: [Canary] = []
        if let decoys = windowsDecoys {
            let dir = input.scratchDirectory + "/windows"
            do { canaries = try WineDecoySeed.seed(from: decoys, into: dir, layout: layout) } catch {
                throw PetriError.io("cannot seed the Windows decoys from \(Printable.path(decoys)): \(error)")
            }
            plan.seeds.append(LaunchPlan.Seed(hostDirectory: dir, sandboxDirectory: layout.driveC))
        }
        return (plan, canaries)
    }

    /// At the timeout the run's wineserver saves the registry and exits (WineServerShutdown).
    public static let timeoutStop = GracefulStop.Request(
        processPrefix: WineServerShutdown.processPrefix, signal: WineServerShutdown.signal, graceSeconds: WineServerShutdown.graceSeconds,
        nothingRunning: WineServerShutdown.nothingRunning, exitedFormat: WineServerShutdown.exitedFormat, gaveUp: WineServerShutdown.gaveUp)

    /// The Windows-level record, then relay arguments, then the network records re-attributed to the
    /// Windows processes that made them.
    public func postProcess(_ report: inout Report, plan: LaunchPlan) {
        Self.postProcess(&report, templatePath: templatePath, layout: layout, sampleName: String(decoding: plan.sampleFileName, as: UTF8.self))
        WineRelayArguments.decode(&report.events)
        WineNetworkAttribution.attribute(&report)
    }

    /// Wine, or a bad-input error with the install hint; 32-bit PEs need wine32.
    public static func installation(forPE is32Bit: Bool, guest: GuestEntry? = nil) throws -> WineInstallation {
        let inst: WineInstallation
        do { inst = try guest.map { try WineInstallation.inGuest(root: $0.root, id: $0.id) } ?? WineInstallation.detect() } catch {
            throw PetriError.badInput("\(error)")
        }
        do { _ = try inst.loader(forMachine: is32Bit ? 0x14c : 0x8664) } catch { throw PetriError.badInput("32-bit PE: \(error)") }
        return inst
    }

    /// The template prefix for this profile, built on first use (progress through `say`).
    public static func template(installation: WineInstallation, profile: Profile, policy: SandboxPolicy,
                                logger: Logger = Logger(label: "petri"), say: ((String) -> Void)? = nil) throws -> String {
        var policy = policy
        adjust(&policy)
        // The template keeps the built-in placeholder decoys (WineDecoys); the profile's decoys/windows
        // tree is seeded per run with fresh canaries (WineDecoySeed), above the template.
        let config = WinePrefixTemplate.Configuration(
            installation: installation, profile: profile.name, hostUID: policy.hostUid, hostGID: policy.hostGid,
            decoysDirectory: nil, layout: layout(for: policy))
        let t = WinePrefixTemplate(configuration: config, logger: logger)
        do {
            return try t.prepare { p in
                switch p {
                case .cached: break
                case .waitingForLock: say?("waiting for another petri building the Wine template")
                case .step(let i, let n, let name): say?("building the Wine template (first use) [\(i)/\(n)] \(name)")
                case .finished(let path, let s): say?(String(format: "Wine template ready in %.1f s: %@", s, path))
                }
            }
        } catch {
            throw PetriError.io("cannot build the Wine template: \(error)")
        }
    }

    /// Copies of ntdll (and the builtins importing its Wine-only exports) with those exports renamed,
    /// made once per Wine version next to the template; bound over the originals in every run.
    /// `root`: the guest image's root the builtins are read from ("" for the host); both the 64-bit
    /// and (when installed) the 32-bit builtins are patched, each in a folder of its own.
    public static func hiddenExports(templatePath: String, root: String = "") -> [WineExportPatcher.PatchedFile] {
        let dir = templatePath + ".patched-dlls"
        let fm = FileManager.default
        let done = dir + "/.done"
        if !fm.fileExists(atPath: done) {
            let tmp = dir + ".tmp-\(getpid())"
            try? fm.removeItem(atPath: tmp)
            do {
                try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
                var files = try WineExportPatcher.patch(root: root, outputDirectory: tmp)
                let dll32 = WineExportPatcher.defaultDllDirectory(arch: "i386")
                if fm.fileExists(atPath: root + dll32) {
                    files += try WineExportPatcher.patch(dllDirectory: dll32, root: root, outputDirectory: tmp + "/i386")
                }
                // readable by the sandbox's mapped ids, which bind them over the originals
                for f in files { chmod(f.patched, 0o644) }
                let list = files.map { "\($0.original)\t\($0.patched.dropFirst(tmp.count + 1))" }.joined(separator: "\n")
                try list.write(toFile: tmp + "/.done", atomically: false, encoding: .utf8)
                try? fm.removeItem(atPath: dir)
                if rename(tmp, dir) != 0 { try? fm.removeItem(atPath: tmp) }
            } catch {
                try? fm.removeItem(atPath: tmp)
                return []
            }
        }
        guard let text = try? String(contentsOfFile: done, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { return nil }
            let patched = dir + "/" + parts[1]
            guard fm.fileExists(atPath: patched), fm.fileExists(atPath: root + String(parts[0])) else { return nil }
            return WineExportPatcher.PatchedFile(original: String(parts[0]), patched: patched, renamed: [])
        }
    }

    /// Adds the Windows-level record to a finished Wine run's report.
    static func postProcess(_ report: inout Report, templatePath: String, layout: WineLayout, sampleName: String) {
        // API trace from the debug channels (Wine writes them on stderr), and the registry changes (the
        // template's hives against the run's upper layer): independent reads, made side by side (the
        // two longest steps after a Wine run, docs/benchmarks-wine.md).
        let artifacts = report.run.artifactsDirectory ?? ""
        let upper = report.run.artifactsDirectory.map { $0 + "/upper" }
        nonisolated(unsafe) var parsed: (parser: WineDebugLogParser, bytes: Int)?
        nonisolated(unsafe) var registry: Result<[RegistryChange], Error>?
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                let log = (try? String(contentsOfFile: artifacts + "/stderr.txt", encoding: .utf8)) ?? ""
                parsed = (WineDebugLogParser.parse(log, sampleImage: sampleName, pathMapper: layout.pathMapper), log.utf8.count)
            } else if let upper {
                // beneath the kept layer's fd, O_NOFOLLOW at every step: a hive the sample swapped for
                // a symlink (to a host file) is not read
                registry = Result {
                    try RegistryDiff().changes(templatePrefix: templatePath) { file in
                        guard case .success(let (data, truncated)) = PayloadCollection.readBeneath(root: upper, relative: "wine/" + file, cap: 512 << 20),
                              !truncated else { return nil }
                        return [UInt8](data)
                    }
                }
            }
        }
        let parser = parsed?.parser ?? WineDebugLogParser.parse("", sampleImage: sampleName, pathMapper: layout.pathMapper)
        DebugTiming.mark("wine: debug log parsed (\(parsed?.bytes ?? 0) bytes, \(parser.events.count) api events) and registry diffed")
        // Windows pids → sandbox pids: one map for the events, the process tree and (through the
        // events) the network attribution.
        let pidMap = WinePidMap(windows: parser.processes, sandbox: report.processes)
        var apiEvents = parser.events
        pidMap.attribute(&apiEvents, processes: parser.processes)
        var seq = (report.events.map(\.seq).max() ?? 0) + 1
        for var e in apiEvents {
            e.seq = seq
            seq += 1
            report.events.append(e)
        }
        report.eventStats.recorded += UInt64(parser.events.count)

        // Registry changes.
        if let registry {
            do {
                let changes = try registry.get()
                report.registry = changes
                var events = RegistryDiff.events(for: changes, firstSeq: seq, timeNs: UInt64(report.run.durationMs * 1e6))
                for i in events.indices { events[i].runner = false }
                report.events += events
            } catch {
                report.run.errors.append("registry diff: \(error)")
            }
        }

        // Windows paths beside Unix paths; Wine's own bookkeeping files are not evidence.
        report.files = WineFileRecord.annotate(report.files, layout: layout, sampleFileName: sampleName)

        // Runner activity: Wine's start-up processes and the launch script. Wine's PE loader maps
        // and relocates every image with writable+executable anonymous memory, in the sample's own
        // process too, so at the syscall level W+X is Wine's doing; a PE's unpacking shows in the
        // relay trace (VirtualProtect/VirtualAlloc, --api-trace full) and in static facts instead.
        // (The sandbox marked the processes and syscalls of the plan's runner images.)
        for i in report.events.indices where report.events[i].kind == .syscall && report.events[i].category == .memory {
            report.events[i].runner = true
        }
        var windowsPid: [Int32: UInt32] = [:]
        for (w, s) in pidMap.sandboxPid { windowsPid[s] = w }
        var ppidOf: [Int32: Int32] = [:]
        for p in report.processes { if let pp = p.ppid { ppidOf[p.pid] = pp } }
        /// Whether `pid` is `node` or one of its ancestors (a new parent link must not close a cycle).
        func isSelfOrAncestor(_ pid: Int32, of node: Int32) -> Bool {
            var cur: Int32? = node
            var hops = 0
            while let c = cur, hops < 4096 { if c == pid { return true }; cur = ppidOf[c]; hops += 1 }
            return false
        }
        for i in report.processes.indices {
            guard let wpid = windowsPid[report.processes[i].pid], let w = parser.processes[wpid] else { continue }
            report.processes[i].windowsImage = w.image
            report.processes[i].commandLine = w.commandLine
            // Wine starts a process by a double fork, so its Unix parent is init or a fork that is
            // gone: a process of the sample's is the child of the sample's process that created it.
            let pid = report.processes[i].pid
            if parser.isSample(wpid), let parent = w.parentPid.flatMap({ pidMap[$0] }), !isSelfOrAncestor(pid, of: parent) {
                report.processes[i].ppid = parent
                ppidOf[pid] = parent
            }
        }
        // The short-lived forks of a Windows process (Wine's double fork) run its image too.
        for i in report.processes.indices where report.processes[i].windowsImage == nil && report.processes[i].execs.isEmpty {
            guard let pp = report.processes[i].ppid, let parent = report.processes.first(where: { $0.pid == pp }),
                  parent.image == report.processes[i].image, parent.windowsImage != nil else { continue }
            report.processes[i].windowsImage = parent.windowsImage
            report.processes[i].commandLine = parent.commandLine
        }
    }
}
