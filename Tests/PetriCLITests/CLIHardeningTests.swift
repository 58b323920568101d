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

    /// The bad-input contract, or a clean run: exit 2 with one line and nothing written, exit 1 with
    /// one line when the kernel refuses to exec, or exit 0 with a report. Never a crash.
    func expectCleanOrRefused(_ r: CLI.Result, report: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(r.stderr)", sourceLocation: sourceLocation)
        if r.code == 2 {
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: report), sourceLocation: sourceLocation)
        } else if r.code == 1 {
            // The kernel refused to exec it (e.g. a truncated ELF with a valid magic): one line, and
            // the report of the attempt is written.
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("setup failed at execve: Exec format error"), "\(r.stderr)", sourceLocation: sourceLocation)
            #expect(FileManager.default.fileExists(atPath: report), sourceLocation: sourceLocation)
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
        // petri's own peak RSS, measured by GNU time around this one process (RUSAGE_CHILDREN would
        // also count every other child of the test process, e.g. sandbox inits of parallel tests)
        guard let bin = CLI.binary else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        p.arguments = ["-f", "%M", "-o", dir + "/rss", bin, "analyze", sample, "--quiet", "--timeout", "600s",
                       "--artifacts", dir + "/art", "--out", dir + "/report.json", "--", "\(calls)"]
        var env = ProcessInfo.processInfo.environment
        env["PETRI_PROFILES"] = CLI.repoRoot + "/profiles"
        p.environment = env
        let errPipe = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = errPipe
        try p.run()
        let stderr = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let r = CLI.Result(code: p.terminationStatus, stdout: "", stderr: stderr)
        let elapsed = Date().timeIntervalSince(t0)
        let rssKiB = Double((try? String(contentsOfFile: dir + "/rss", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? .infinity
        let maxRssMiB = rssKiB / 1024
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

    @Test("a sample name with spaces, newline, quotes, $(...) and control bytes runs under that name")
    func hostileFileName() throws {
        guard let src = Self.program("h_marker"), let bin = CLI.binary else { return }
        let dir = CLI.tempDir()
        let script = """
        set -e
        cd '\(dir)'
        n=$(printf 'we ird\\n"q'"'"'$(touch PWNED)`touch PWNED2`\\x01.bin')
        cp '\(src)' "$n"
        PETRI_PROFILES='\(CLI.repoRoot)/profiles' '\(bin)' analyze "$n" --quiet --timeout 10s --artifacts art --out report.json -- named >out 2>err
        """
        let code = Self.sh(script)
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        #expect(code == 0, "exit \(code): \(err)")
        #expect(!err.contains("Fatal error"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/PWNED") && !FileManager.default.fileExists(atPath: dir + "/PWNED2"),
                "the name was never evaluated by a shell")
        let rep = try Self.report(dir + "/report.json")
        #expect(rep.run.outcome == .exited(code: 0), "\(rep.run.outcome)")
        #expect(rep.output.stdoutPreview == "marker=named\n")
        #expect(rep.events.contains { $0.name == "execve" && ($0.path ?? "").contains("we ird\n\"q'") }, "the exec used the hostile name")
    }

    @Test("a sample path with non-UTF-8 bytes: exit 2 with one line, nothing created")
    func nonUTF8Name() throws {
        guard let src = Self.program("h_marker"), let bin = CLI.binary else { return }
        let dir = CLI.tempDir()
        // Swift decodes argv as UTF-8 (invalid bytes become U+FFFD), so such a path can't be opened
        // by name; petri must refuse it cleanly rather than analyse some other file.
        let code = Self.sh("""
        set -e
        cd '\(dir)'
        n=$(printf 'bad\\377\\376name')
        cp '\(src)' "$n"
        PETRI_PROFILES='\(CLI.repoRoot)/profiles' '\(bin)' analyze "$n" --quiet --timeout 10s --artifacts art --out report.json >out 2>err || exit $?
        """)
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        #expect(code == 2 || code == 0, "exit \(code): \(err)")
        if code == 2 {
            #expect(err.split(separator: "\n").count == 1, "\(err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/art") && !FileManager.default.fileExists(atPath: dir + "/report.json"))
        }
    }

    @Test("a symlink as the sample: its target is analysed and left unchanged")
    func symlinkSample() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: src)
        let before = try Data(contentsOf: URL(fileURLWithPath: src))
        guard let r = try CLI.run(["analyze", dir + "/link", "--quiet", "--timeout", "10s", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--", "viaLink"]) else { return }
        #expect(r.code == 0, "exit \(r.code): \(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: src)) == before)
        if r.code == 0 { #expect(try Self.report(dir + "/rep.json").output.stdoutPreview == "marker=viaLink\n") }
        // a relative link too
        try FileManager.default.createSymbolicLink(atPath: dir + "/rel", withDestinationPath: "link")
        guard let r2 = try CLI.run(["analyze", dir + "/rel", "--quiet", "--timeout", "10s", "--artifacts", dir + "/art2", "--out", dir + "/rep2.json", "--", "rel"]) else { return }
        #expect(r2.code == 0, "exit \(r2.code): \(r2.stderr)")
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
