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

    /// The bad-input contract: exit 2, one line containing `contains`, nothing created.
    func expectRefused(_ r: CLI.Result, contains: String, dir: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.code == 2, "\(name): exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(name): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(contains), "\(name): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: dir + "/art-" + name) && !FileManager.default.fileExists(atPath: dir + "/rep-" + name),
                "\(name): nothing created", sourceLocation: sourceLocation)
    }

    @Test("garbage, truncated and foreign ELFs are refused before anything runs: exit 2, one line")
    func garbageAndTruncated() throws {
        let dir = CLI.tempDir()
        var garbage = Data(count: 4096)
        for i in 0..<garbage.count { garbage[i] = UInt8.random(in: 0...255) }
        garbage[0] = 0x4d; garbage[1] = 0  // neither an ELF nor an MZ magic by accident
        let elf = try Data(contentsOf: URL(fileURLWithPath: "/bin/true"))
        // RISC-V, and an x86-64 header claiming big-endian: machines petri runs neither natively nor
        // under the guest's emulators (arm, aarch64, mips, mipsel are run: QemuRunnerTests).
        var riscv = elf
        riscv[18] = 0xf3; riscv[19] = 0
        var bigX86 = elf
        bigX86[5] = 2; bigX86[16] = 0; bigX86[17] = 3; bigX86[18] = 0; bigX86[19] = 0x3e
        var badEntrySize = elf
        badEntrySize[54] = 0x40
        let cases: [(String, Data, String)] = [
            ("garbage.bin", garbage, "unsupported format"),
            ("magic-only.elf", elf.prefix(16), "unsupported format: data"),
            ("header-cut.elf", elf.prefix(40), "sample is not executable: truncated ELF (the 64-byte header is cut at byte 40)"),
            ("truncated-phdrs.elf", elf.prefix(200), "sample is not executable: truncated ELF (program headers end at byte"),
            ("truncated-body.elf", elf.prefix(elf.count / 2), "sample is not executable: truncated ELF (loadable segment"),
            ("riscv.elf", riscv, "sample is not executable: 64-bit little-endian ELF for machine riscv, not one petri runs (x86-64, i386, arm, aarch64, mips, mipsel)"),
            ("big-x86.elf", bigX86, "sample is not executable: 64-bit big-endian ELF for machine x86-64, not one petri runs"),
            ("bad-phentsize.elf", badEntrySize, "sample is not executable: corrupt ELF (program header entry size 64"),
        ]
        for (name, bytes, contains) in cases {
            try bytes.write(to: URL(fileURLWithPath: dir + "/" + name))
            guard let r = try CLI.run(["analyze", dir + "/" + name, "--quiet", "--timeout", "10s", "--artifacts", dir + "/art-" + name, "--out", dir + "/rep-" + name]) else { return }
            expectRefused(r, contains: contains, dir: dir, name: name)
        }
        // the untouched ELF passes the same check and runs
        try elf.write(to: URL(fileURLWithPath: dir + "/true.elf"))
        guard let ok = try CLI.run(["analyze", dir + "/true.elf", "--quiet", "--timeout", "10s", "--artifacts", dir + "/art-ok", "--out", dir + "/rep-ok"]) else { return }
        #expect(ok.code == 0, "\(ok.stderr)")
    }

    @Test("a 2 GiB sample (sparse) is refused by size before it is read: exit 2, one line, nothing created")
    func twoGigabyteSample() throws {
        let dir = CLI.tempDir()
        let path = dir + "/huge.elf"
        let elf = try Data(contentsOf: URL(fileURLWithPath: "/bin/true"))
        try elf.write(to: URL(fileURLWithPath: path))
        guard truncate(path, 2 << 30) == 0 else { Issue.record("truncate: \(String(cString: strerror(errno)))"); return }
        guard let r = try CLI.run(["analyze", path, "--quiet", "--artifacts", dir + "/art-huge", "--out", dir + "/rep-huge"]) else { return }
        expectRefused(r, contains: "sample is 2147483648 bytes, over the profile's limit of 268435456 bytes", dir: dir, name: "huge")
    }

    @Test("a profile nested 50 000 levels deep is refused with one line (it used to overflow the stack in Yams)")
    func deeplyNestedProfile() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        try (String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)).write(toFile: dir + "/deep.yaml", atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["analyze", src, "--quiet", "--profile", dir + "/deep.yaml", "--artifacts", dir + "/art-deep", "--out", dir + "/rep-deep"]) else { return }
        expectRefused(r, contains: "YAML nested deeper than 64 levels (line 1)", dir: dir, name: "deep")
    }

    @Test("YARA rules that do not compile stop the run before anything is created: exit 2, one line")
    func malformedYaraRules() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        let profiles = dir + "/profiles"
        guard Self.sh("cp -r '\(CLI.repoRoot)/profiles' '\(profiles)'") == 0 else { Issue.record("copy profiles"); return }
        try "rule broken {\n  strings: $a = \"x\"\n  condition: $a and and\n}\n".write(toFile: profiles + "/yara/broken.yar", atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["analyze", src, "--quiet", "--profile", profiles + "/default.yaml", "--artifacts", dir + "/art-yara", "--out", dir + "/rep-yara"]) else { return }
        expectRefused(r, contains: "YARA rules do not compile", dir: dir, name: "yara")
    }

    @Test("behaviour rules that fail validation stop the run before anything is created: exit 2, one line")
    func malformedBehaviourRules() throws {
        guard let src = Self.program("h_marker") else { return }
        let dir = CLI.tempDir()
        let profiles = dir + "/profiles"
        guard Self.sh("cp -r '\(CLI.repoRoot)/profiles' '\(profiles)'") == 0 else { Issue.record("copy profiles"); return }
        try "rules:\n  - id: broken.rule\n    title: no match, bad severity\n    severity: apocalyptic\n".write(toFile: profiles + "/behaviours/zz-broken.yaml", atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["analyze", src, "--quiet", "--profile", profiles + "/default.yaml", "--artifacts", dir + "/art-rules", "--out", dir + "/rep-rules"]) else { return }
        expectRefused(r, contains: "behaviour rules do not validate", dir: dir, name: "rules")
        #expect(r.stderr.contains("zz-broken.yaml"), "the line names the file: \(r.stderr)")
    }

    @Test("a sample the kernel refuses at execve (a #! line longer than the kernel reads): exit 2, one line, the report is written")
    func refusedAtExecve() throws {
        let dir = CLI.tempDir()
        // binfmt_script reads 256 bytes and refuses (ENOEXEC) an interpreter path it would truncate;
        // the static check has nothing to say about scripts, so the kernel is the one to refuse.
        let script = "#!/" + String(repeating: "a", count: 300) + "\necho never\n"
        try script.write(toFile: dir + "/long-shebang.sh", atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["analyze", dir + "/long-shebang.sh", "--quiet", "--timeout", "10s", "--artifacts", dir + "/art", "--out", dir + "/rep.json"]) else { return }
        #expect(r.code == 2, "exit \(r.code): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("petri: sample is not executable: Exec format error ("), "\(r.stderr)")
        #expect(r.stderr.contains(dir + "/rep.json"), "the line says where the report is: \(r.stderr)")
        // a run that fails still writes what it recorded
        let rep = try Self.report(dir + "/rep.json")
        #expect(rep.run.outcome == .setupFailed(stage: "execve", errno: ENOEXEC, message: String(cString: strerror(ENOEXEC))), "\(rep.run.outcome)")
        #expect(rep.output.stdoutPreview.isEmpty)
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

    @Test("a sample path with non-UTF-8 bytes is opened by its raw bytes and runs under its exact name; the report shows them escaped")
    func nonUTF8Name() throws {
        guard let src = Self.program("h_marker"), let selfName = Self.program("h_selfname"), let bin = CLI.binary else { return }
        let dir = CLI.tempDir()
        // Swift decodes argv as UTF-8 (invalid bytes become U+FFFD), so the path can't be opened from
        // the decoded String; petri reads the raw argv bytes. A directory with such a name too.
        let code = Self.sh("""
        set -e
        cd '\(dir)'
        d=$(printf 'dir\\351'); n=$(printf 'bad\\377\\376name')
        mkdir "$d"; cp '\(src)' "$d/$n"
        PETRI_PROFILES='\(CLI.repoRoot)/profiles' '\(bin)' analyze "$d/$n" --quiet --timeout 10s --artifacts art --out report.json -- raw >out 2>err || exit $?
        PETRI_PROFILES='\(CLI.repoRoot)/profiles' '\(bin)' analyze "$d/$(printf 'missing\\377')" --quiet --artifacts art2 --out report2.json 2>err2 && exit 99 || echo $? >code2
        s=$(printf 'self\\351\\377'); cp '\(selfName)' "$d/$s"
        PETRI_PROFILES='\(CLI.repoRoot)/profiles' '\(bin)' analyze "$d/$s" --quiet --timeout 10s --artifacts art3 --out report3.json 2>err3 || exit $?
        """)
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        #expect(code == 0, "exit \(code): \(err)")
        let rep = try Self.report(dir + "/report.json")
        #expect(rep.run.outcome == .exited(code: 0), "\(rep.run.outcome)")
        #expect(rep.output.stdoutPreview == "marker=raw\n")
        #expect(rep.sample.path.hasSuffix("dir\\xe9/bad\\xff\\xfename"), "the report shows the bytes: \(rep.sample.path)")
        #expect(rep.sample.fileName == "bad\\xff\\xfename", "the report shows the name's bytes: \(rep.sample.fileName)")
        #expect(rep.sample.sha256 == (try Self.sha256(src)))
        // a missing non-UTF-8 path: one line naming it with the bytes escaped, exit 2, nothing created
        let err2 = (try? String(contentsOfFile: dir + "/err2", encoding: .utf8)) ?? ""
        #expect((try? String(contentsOfFile: dir + "/code2", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(err2)")
        #expect(err2 == "petri: sample not found: dir\\xe9/missing\\xff\n", "\(err2)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/art2") && !FileManager.default.fileExists(atPath: dir + "/report2.json"))
        // inside the sandbox the sample's own name is byte-exact: argv[0] and /proc/self/exe end in
        // self\xe9\xff, not in the UTF-8 of U+FFFD (ef bf bd)
        let rep3 = try Self.report(dir + "/report3.json")
        #expect(rep3.run.outcome == .exited(code: 0), "\(rep3.run.outcome)")
        let inside = Array((rep3.run.workingDirectory + "/self").utf8) + [0xe9, 0xff]
        let hex = inside.map { String(format: "%02x", $0) }.joined()
        #expect(rep3.output.stdoutPreview == "argv0=\(hex)\nexe=\(hex)\n", "\(rep3.output.stdoutPreview) (want \(hex))")
        // the report and the recorded execve show the bytes as \xNN
        let shown = rep3.run.workingDirectory + "/self\\xe9\\xff"
        #expect(rep3.sample.fileName == "self\\xe9\\xff", "\(rep3.sample.fileName)")
        #expect(rep3.run.samplePath == shown && rep3.run.arguments.first == shown, "\(rep3.run.samplePath) \(rep3.run.arguments)")
        #expect(rep3.events.contains { $0.name == "execve" && $0.path == shown }, "execve as \(shown): \(rep3.events.filter { $0.name == "execve" }.map { $0.path ?? "" })")
    }

    static func sha256(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return String(text.prefix(64))
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
