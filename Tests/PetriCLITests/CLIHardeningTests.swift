import Foundation
import PetriModel
import Testing

/// Hardening through the CLI binary (issue 8): faults of petri itself, bad input, and the
/// supervisor's memory under ten million notified syscalls.
@Suite("Hardening through the CLI", .serialized)
struct CLIHardeningTests {
    static func program(_ name: String) -> String? {
        let p = CLI.repoRoot + "/tests/programs/bin/" + name
        if FileManager.default.isExecutableFile(atPath: p) { return p }
        Issue.record("tests/programs/bin/\(name) missing: run `make programs` (CI=\(ProcessInfo.processInfo.environment["CI"] ?? "unset"))")
        return nil
    }

    static func report(_ path: String) throws -> Report { try ReportJSON.decode(Data(contentsOf: URL(fileURLWithPath: path))) }

    static func sh(_ script: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        try? p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// The bad-input contract, or a clean run: exit 2 with one line and nothing written, or exit 0
    /// with a report. Never a crash.
    func expectCleanOrRefused(_ r: CLI.Result, report: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(r.stderr)", sourceLocation: sourceLocation)
        if r.code == 2 {
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: report), sourceLocation: sourceLocation)
        } else {
            #expect(r.code == 0, "exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(FileManager.default.fileExists(atPath: report), sourceLocation: sourceLocation)
        }
    }

    // MARK: faults

    @Test("a full artifacts disk gives a clear error and a partial report, no crash")
    func fullArtifactsDisk() throws {
        guard let sample = Self.program("h_stdout_flood") else { return }
        let dir = CLI.tempDir()
        let art = dir + "/art"
        try FileManager.default.createDirectory(atPath: art, withIntermediateDirectories: true)
        guard mount("petri-test-full", art, "tmpfs", 0, "size=1m") == 0 else {
            Issue.record("mount tmpfs for the full-disk test: \(String(cString: strerror(errno)))"); return
        }
        defer { umount2(art, Int32(MNT_DETACH)) }
        guard let r = try CLI.run(["analyze", sample, "--quiet", "--timeout", "30s", "--artifacts", art, "--out", dir + "/report.json", "--", "16"]) else { return }
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(r.stderr)")
        #expect(r.code != 0 || FileManager.default.fileExists(atPath: dir + "/report.json"), "exit \(r.code): \(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "the error names the cause: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count <= 3, "\(r.stderr)")
        let rep = try Self.report(dir + "/report.json")
        #expect(rep.run.errors.contains { $0.contains("No space left on device") }, "\(rep.run.errors)")
        #expect(rep.output.stdoutBytes == 16 << 20, "the whole output is still counted")
    }

    @Test("a supervisor killed mid-run leaves a tmpfs layer that the next run sweeps away")
    func staleLayerSwept() throws {
        let dir = CLI.tempDir()
        let name = "stale-\(UUID().uuidString.prefix(6).lowercased())"
        guard let sample = sleeperCopy(named: name, in: dir),
              let p = try startPetri(["analyze", sample, "--quiet", "--timeout", "60s", "--artifacts", dir + "/art", "--out", dir + "/rep.json"]) else { return }
        #expect(waitFor(10) { !sandboxProcesses(named: name).isEmpty }, "the sample never started")
        let source = "petri-\(p.processIdentifier) "
        func mounted() -> Bool { ((try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "").contains(source) }
        #expect(mounted(), "the writable layer is a tmpfs named after its supervisor")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(waitFor(3) { sandboxProcesses(named: name).isEmpty })
        guard let hello = Self.program("h_marker"),
              let r = try CLI.run(["analyze", hello, "--quiet", "--artifacts", dir + "/art2", "--out", dir + "/rep2.json", "--", "next"]) else { return }
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!mounted(), "the next run swept the stale layer")
        // nothing else left: no cgroup of the dead supervisor
        for root in ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup"] {
            let items = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            #expect(!items.contains { $0.hasPrefix("petri-\(p.processIdentifier)-") }, "\(root)")
        }
    }

    @Test("ten million notified syscalls: exact count, bounded events, bounded supervisor memory")
    func notifyFlood() throws {
        let calls = Int(ProcessInfo.processInfo.environment["PETRI_FLOOD_CALLS"] ?? "") ?? 10_000_000
        guard let sample = Self.program("h_notify_flood") else { return }
        let dir = CLI.tempDir()
        let t0 = Date()
        guard let r = try CLI.run(["analyze", sample, "--quiet", "--timeout", "300s", "--artifacts", dir + "/art", "--out", dir + "/report.json", "--", "\(calls)"]) else { return }
        let elapsed = Date().timeIntervalSince(t0)
        var ru = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &ru)
        let maxRssMiB = Double(ru.ru_maxrss) / 1024
        #expect(r.code == 0, "\(r.stderr)")
        let rep = try Self.report(dir + "/report.json")
        #expect(rep.run.outcome == .exited(code: 0), "\(rep.run.outcome)")
        #expect(rep.syscallCounts["uname"] == UInt64(calls), "exact count: \(rep.syscallCounts["uname"] ?? 0)")
        #expect(rep.events.count <= 50_000)
        #expect(rep.events.filter { $0.name == "uname" }.count <= 5_000)
        #expect(rep.run.limitsHit.contains { $0.limit == "events" })
        #expect(maxRssMiB < 400, "petri's peak RSS \(maxRssMiB) MiB")
        print("notify flood: \(calls) calls in \(String(format: "%.1f", elapsed)) s, max child RSS \(String(format: "%.0f", maxRssMiB)) MiB")
    }

    // MARK: bad input

    @Test("garbage bytes and a truncated ELF: refused with one line or run cleanly; never a crash")
    func garbageAndTruncated() throws {
        let dir = CLI.tempDir()
        var garbage = Data(count: 4096)
        for i in 0..<garbage.count { garbage[i] = UInt8.random(in: 0...255) }
        try garbage.write(to: URL(fileURLWithPath: dir + "/garbage.bin"))
        let elf = try Data(contentsOf: URL(fileURLWithPath: "/bin/true"))
        try elf.prefix(200).write(to: URL(fileURLWithPath: dir + "/truncated.elf"))
        try elf.prefix(16).write(to: URL(fileURLWithPath: dir + "/header-only.elf"))
        for name in ["garbage.bin", "truncated.elf", "header-only.elf"] {
            guard let r = try CLI.run(["analyze", dir + "/" + name, "--quiet", "--timeout", "10s", "--artifacts", dir + "/art-" + name, "--out", dir + "/rep-" + name]) else { return }
            expectCleanOrRefused(r, report: dir + "/rep-" + name)
        }
    }

    @Test("a sample name with spaces, newline, quotes and non-UTF-8 bytes runs under that name")
    func hostileFileName() throws {
        guard let src = Self.program("h_marker"), let bin = CLI.binary else { return }
        let dir = CLI.tempDir()
        let script = """
        n=$(printf 'we ird\\n"q'"'"'\\377$(touch %s/pwned)\\x01.bin')
        cp '\(src)' '\(dir)'/"$n"
        PETRI_PROFILES='\(CLI.repoRoot)/profiles' '\(bin)' analyze '\(dir)'/"$n" --quiet --timeout 10s --artifacts '\(dir)/art' --out '\(dir)/report.json' -- named >'\(dir)/out' 2>'\(dir)/err'
        """
        let code = Self.sh(String(format: script, dir))
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        #expect(!err.contains("Fatal error"), "\(err)")
        #expect(code == 0 || (code == 2 && err.split(separator: "\n").count == 1), "exit \(code): \(err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/pwned"), "the name was never evaluated by a shell")
        if code == 0 {
            let rep = try Self.report(dir + "/report.json")
            #expect(rep.run.outcome == .exited(code: 0), "\(rep.run.outcome)")
            #expect(rep.output.stdoutPreview == "marker=named\n")
        }
    }

    @Test("a symlink as the sample: its target is analysed (or refused) and left unchanged")
    func symlinkSample() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: src)
        let before = try Data(contentsOf: URL(fileURLWithPath: src))
        guard let r = try CLI.run(["analyze", dir + "/link", "--quiet", "--timeout", "10s", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--", "viaLink"]) else { return }
        expectCleanOrRefused(r, report: dir + "/rep.json")
        #expect(try Data(contentsOf: URL(fileURLWithPath: src)) == before)
        if r.code == 0 { #expect(try Self.report(dir + "/rep.json").output.stdoutPreview == "marker=viaLink\n") }
    }

    @Test("a sample on a read-only filesystem runs cleanly; the filesystem is untouched")
    func readOnlySample() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        let ro = dir + "/ro"
        try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: src, toPath: ro + "/sample")
        guard Self.sh("mount --bind '\(ro)' '\(ro)' && mount -o remount,bind,ro '\(ro)'") == 0 else {
            Issue.record("read-only bind mount failed"); return
        }
        defer { umount2(ro, Int32(MNT_DETACH)) }
        guard let r = try CLI.run(["analyze", ro + "/sample", "--quiet", "--timeout", "10s", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--", "ro"]) else { return }
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ro) == ["sample"])
    }

    @Test("shell metacharacters in arguments reach the sample verbatim and never run on the host")
    func shellMetacharacters() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        let pwned = dir + "/pwned"
        let args = ["; touch \(pwned)", "$(touch \(pwned))", "`touch \(pwned)`", "| touch \(pwned)", "&& touch \(pwned)", "> \(pwned)"]
        guard let r = try CLI.run(["analyze", src, "--quiet", "--timeout", "10s", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--"] + args) else { return }
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: pwned))
        let rep = try Self.report(dir + "/rep.json")
        #expect(rep.output.stdoutPreview == "marker=\(args[0])\n")
        let exec = rep.events.first { $0.name == "execve" }
        #expect(exec?.args[ArgKey.argv]?.listValue.map { Array($0.dropFirst()) } == args, "\(String(describing: exec?.args[ArgKey.argv]))")
    }

    @Test("a profile failing validation stops before anything runs")
    func invalidProfileRunsNothing() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        try "name: broken\nlimits:\n  timeout: -5s\n  nonsense_key: 1\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["analyze", src, "--profile", dir + "/bad.yaml", "--artifacts", dir + "/art", "--out", dir + "/rep.json"]) else { return }
        #expect(r.code == 2, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/art"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/rep.json"))
    }
}
