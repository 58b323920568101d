// Test support for the Wine tests: builds the PE test programs, the template prefix (once per test
// process), and runs a PE the way the sandbox will (docs/wine.md recipe), prototyped with
// setpriv + unshare until the sandbox core lands: host uid 101000 = inside 1000, new user, mount,
// pid, net and ipc namespaces, overlay over the template, private /tmp, no network.
#if os(Linux)
import Foundation
import PetriTestSupport
import Testing
@testable import PetriSandbox
@testable import PetriWine

enum WineTestHost {
    static let isCI = Prerequisites.isCI
    static let repoRoot = Repo.root
    /// Per test process: `setup` starts from an empty folder, and another test process (a second
    /// checkout's `make test` on the same machine) must not delete this one's template mid-run.
    static let work = "/var/tmp/petri-wine-tests-\(getpid())"
    static let hostUID: UInt32 = 101_000

    /// Why the real Wine tests cannot run here, or nil.
    static let missingPrerequisite: String? = {
        if geteuid() != 0 { return "the Wine tests need root (to map the sandbox's host uid 101000)" }
        if (try? WineInstallation.detect()) == nil { return WineInstallation.LookupError.notInstalled.description }
        for tool in ["/usr/bin/x86_64-w64-mingw32-gcc", "/usr/bin/unshare", "/usr/bin/setpriv", "/usr/bin/make"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "missing \(tool) (apt-get install gcc-mingw-w64-x86-64 util-linux make)"
        }
        return nil
    }()

    /// Enabled when everything is installed; under CI=true always enabled, so a missing
    /// prerequisite fails (`requirePrerequisites`) instead of skipping.
    static var enabled: Bool { missingPrerequisite == nil || isCI }

    static func requirePrerequisites() throws {
        if let m = missingPrerequisite { throw WineTestError.prerequisite(m) }
    }

    enum WineTestError: Error, CustomStringConvertible {
        case prerequisite(String), command(String)
        var description: String {
            switch self { case .prerequisite(let s): return "prerequisite missing: \(s)"; case .command(let s): return s }
        }
    }

    // MARK: one-time set-up, shared by the serialized suite

    nonisolated(unsafe) private static var state: (pe: String, installation: WineInstallation, template: String, progress: [WinePrefixTemplate.Progress], concurrent: [WinePrefixTemplate.Progress])?
    private static let lock = NSLock()

    struct Setup { var peDir: String; var installation: WineInstallation; var template: String; var progress: [WinePrefixTemplate.Progress]; var concurrentProgress: [WinePrefixTemplate.Progress] }

    static func setup() throws -> Setup {
        try requirePrerequisites()
        lock.lock(); defer { lock.unlock() }
        if let s = state { return Setup(peDir: s.pe, installation: s.installation, template: s.template, progress: s.progress, concurrentProgress: s.concurrent) }
        try? FileManager.default.removeItem(atPath: work)
        // Folders of test processes that are gone (each holds a ~700 MB template).
        for item in (try? FileManager.default.contentsOfDirectory(atPath: "/var/tmp")) ?? [] where item.hasPrefix("petri-wine-tests-") {
            guard let pid = Int32(item.dropFirst("petri-wine-tests-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: "/var/tmp/" + item)
        }
        try FileManager.default.createDirectory(atPath: work + "/runs", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let peDir = work + "/pe"
        let make = try sh("make -s -C \(repoRoot)/tests/pe OUT=\(peDir) x64")
        guard make.status == 0 else { throw WineTestError.command("building tests/pe failed: \(make.stderr)") }
        let inst = try WineInstallation.detect()
        let config = WinePrefixTemplate.Configuration(installation: inst, cacheRoot: work + "/cache", hostUID: hostUID, hostGID: hostUID)
        let template = WinePrefixTemplate(configuration: config)
        // Two builders at once: one builds, the other waits on the lock and finds it cached.
        final class Box: @unchecked Sendable { var progress: [WinePrefixTemplate.Progress] = []; var error: Error? }
        let a = Box(), b = Box()
        let group = DispatchGroup()
        for box in [a, b] {
            group.enter()
            Thread.detachNewThread {
                do { try template.prepare { box.progress.append($0) } } catch { box.error = error }
                group.leave()
            }
            usleep(200_000)
        }
        group.wait()
        if let e = a.error ?? b.error { throw e }
        let builder = a.progress.contains { if case .finished = $0 { return true }; return false } ? a : b
        let other = builder === a ? b : a
        state = (peDir, inst, template.path, builder.progress, other.progress)
        return Setup(peDir: peDir, installation: inst, template: template.path, progress: builder.progress, concurrentProgress: other.progress)
    }

    // MARK: running a PE

    struct Run {
        var status: Int32
        var stdout: String
        var log: String
        var upper: String
        var seconds: Double
        var template: String
    }

    nonisolated(unsafe) private static var runCounter = 0

    static func run(_ program: String, apiTrace: WineRunRecipe.APITrace = .standard, timeout: Int = 20,
                    relayModules: [String] = [], bindMounts: [(String, String)] = []) throws -> Run {
        let s = try setup()
        lock.lock(); runCounter += 1; let n = runCounter; lock.unlock()
        let dir = "\(work)/runs/\(n)-\(program)"
        for d in [dir, dir + "/upper", dir + "/work"] {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        let sample = dir + "/" + program + ".exe"
        try FileManager.default.copyItem(atPath: s.peDir + "/x64/" + program + ".exe", toPath: sample)
        FileManager.default.createFile(atPath: dir + "/wine.log", contents: nil)
        if !relayModules.isEmpty {
            let userReg = try String(contentsOfFile: s.template + "/user.reg", encoding: .utf8)
            try WineRunRecipe.enableRelay(userReg: userReg, modules: relayModules).write(toFile: dir + "/upper/user.reg", atomically: false, encoding: .utf8)
        }
        _ = try sh("chown -R \(hostUID):\(hostUID) \(dir)")

        let recipe = WineRunRecipe(templatePath: s.template, upperDir: dir + "/upper", workDir: dir + "/work",
                                   sampleFileName: program + ".exe", apiTrace: apiTrace, timeoutSeconds: timeout)
        var inner = ["set -e", "exec 2>\(dir)/wine.log", "mount -t proc proc /proc"]
        for m in recipe.mounts {
            inner.append("mkdir -p \(m.target)")
            if m.target == "/tmp" {
                // The sample goes in before /tmp is covered (the host paths below live outside /tmp anyway).
                inner.append("cp \(sample) \(WineLayout.standard.sampleDirectory)/")
                for (src, dst) in bindMounts { inner.append("mount --bind \(src) \(dst)") }
            }
            inner.append("mount -t \(m.type) -o '\(m.options)' \(m.source) \(m.target)")
        }
        inner.append("cd \(WineLayout.standard.sampleDirectory)")
        let env = recipe.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(WineRunRecipe.shellQuote($0.value))" }.joined(separator: " ")
        let launch = recipe.launchScript(installation: s.installation)
        let kill = recipe.killCommand(installation: s.installation).joined(separator: " ")
        // timeout signals its whole process group; then the wineserver ends whatever Windows
        // processes are left; leaving the pid namespace ends the rest.
        let supervised = "timeout -s KILL \(timeout) /bin/sh -c \(WineRunRecipe.shellQuote(launch)); rc=$?; [ $rc -eq 137 ] && \(kill); exit $rc"
        inner.append("exec setpriv --inh-caps=-all --ambient-caps=-all -- env -i \(env) /bin/sh -c \(WineRunRecipe.shellQuote(supervised))")
        let outer = "setpriv --reuid=\(hostUID) --regid=\(hostUID) --clear-groups -- unshare --user --map-user=1000 --map-group=1000 " +
            "--mount --pid --net --ipc --fork --kill-child --keep-caps --propagation private -- /bin/sh -c \(WineRunRecipe.shellQuote(inner.joined(separator: "\n")))"
        let t0 = Date()
        let out = try sh(outer, timeout: Double(timeout + 30))
        let seconds = Date().timeIntervalSince(t0)
        let log = (try? String(contentsOfFile: dir + "/wine.log", encoding: .utf8)) ?? ""
        return Run(status: out.status, stdout: out.stdout, log: log, upper: dir + "/upper", seconds: seconds, template: s.template)
    }

    @discardableResult
    static func sh(_ script: String, timeout: Double = 600) throws -> ProcessOutput {
        try runCapturing("/bin/sh", ["-c", script], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], timeout: timeout)
    }
}
#endif
