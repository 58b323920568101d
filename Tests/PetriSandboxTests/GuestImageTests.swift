import Foundation
import Petri
import PetriGuest
import PetriModel
import PetriTestSupport
import Testing

/// The sample's world is the prepared guest image (issue 20, docs/guest.md), not the analysis host:
/// checked from inside the sandbox, against the image `make guest` built.
@Suite("the guest image: what the sample meets", .serialized)
struct GuestImageTests {
    /// The default profile's image, as `make guest` left it; a failure (never a skip) when missing.
    static func entry(sourceLocation: SourceLocation = #_sourceLocation) throws -> GuestEntry? {
        guard let spec = try Fixtures.profile().guest else {
            Issue.record("profiles/default.yaml has `guest: host`", sourceLocation: sourceLocation)
            return nil
        }
        guard let e = GuestStore().entry(for: spec) else {
            Issue.record("guest image \(spec.id) is not built: run `make guest`", sourceLocation: sourceLocation)
            return nil
        }
        return e
    }

    static func analyze(_ tag: String, _ script: String, profile: Profile? = nil) throws -> Report {
        let dir = TestPrograms.tempDir("guest-\(tag)")
        let sample = dir + "/\(tag).sh"
        try script.write(toFile: sample, atomically: true, encoding: .utf8)
        chmod(sample, 0o755)
        var o = Analysis.Options(profile: try profile ?? Fixtures.profile())
        o.networkMode = "none"
        o.timeoutSeconds = 20
        o.artifactsDirectory = dir + "/art"
        o.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: sample, options: o)
        SchemaCheck.validate(outcome.reportPath)
        return outcome.report
    }

    static func stdout(_ r: Report) -> String {
        (try? String(contentsOfFile: (r.run.artifactsDirectory ?? "") + "/stdout.txt", encoding: .utf8)) ?? r.output.stdoutPreview
    }

    @Test("nothing of the host's file system is in sight: a marker under the host's /usr/local is absent, /etc/os-release and the dpkg database are the guest's, run.guest names the image")
    func hostIsNotVisible() throws {
        guard let guest = try Self.entry() else { return }
        let marker = "petri-host-marker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let markerPath = "/usr/local/" + marker
        #expect(FileManager.default.createFile(atPath: markerPath, contents: Data("host\n".utf8)))
        defer { unlink(markerPath) }
        let r = try Self.analyze("host-not-visible", """
            #!/bin/sh
            echo "local: $(ls -a /usr/local | tr '\\n' ' ')"
            test -e /usr/local/\(marker) && echo "MARKER VISIBLE"
            echo "os-release-sha: $(sha256sum < /etc/os-release | cut -d' ' -f1)"
            echo "status-sha: $(sha256sum < /var/lib/dpkg/status | cut -d' ' -f1)"
            echo "gcc: $(command -v gcc || echo none)"
            echo "busybox: $(command -v busybox || echo none)"
            """)
        let out = Self.stdout(r)
        #expect(r.run.outcome == .exited(code: 0), "\(r.run.outcome) \(r.output.stderrPreview)")
        #expect(out.contains("local: "), "\(out)")
        #expect(!out.contains(marker), "the host's /usr/local marker is visible: \(out)")
        let osRelease = try Data(contentsOf: URL(fileURLWithPath: guest.root + "/etc/os-release"))
        #expect(out.contains("os-release-sha: " + Self.sha256(osRelease)), "\(out)")
        let status = try Data(contentsOf: URL(fileURLWithPath: guest.root + "/var/lib/dpkg/status"))
        #expect(out.contains("status-sha: " + Self.sha256(status)), "\(out)")
        // The host has a compiler (make deps installs gcc); the guest's package list has none.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gcc") { #expect(out.contains("gcc: none"), "\(out)") }
        #expect(out.contains("busybox: /usr/bin/busybox") || out.contains("busybox: /bin/busybox"), "the guest's tools are there: \(out)")
        #expect(r.run.guest == GuestImage.info(guest), "\(String(describing: r.run.guest))")
    }

    @Test("`guest: host` runs on the host's own folders and the report has no run.guest")
    func hostMode() throws {
        var p = try Fixtures.profile()
        p.guest = nil
        let marker = "petri-host-marker-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let markerPath = "/usr/local/" + marker
        #expect(FileManager.default.createFile(atPath: markerPath, contents: Data("host\n".utf8)))
        defer { unlink(markerPath) }
        let r = try Self.analyze("host-mode", "#!/bin/sh\ntest -e /usr/local/\(marker) && echo visible\n", profile: p)
        #expect(Self.stdout(r).contains("visible"), "\(Self.stdout(r))")
        #expect(r.run.guest == nil)
    }

    static let systemWrites = """
        #!/bin/sh
        echo "uid=$(id -u)"
        echo '* * * * * root /tmp/.u' > /etc/cron.d/updater && echo cron-written
        printf '[Service]\\nExecStart=/tmp/.u\\n' > /etc/systemd/system/updater.service && echo unit-written
        echo 'svc:x:0:0::/root:/bin/sh' >> /etc/passwd && echo passwd-written
        echo x > /usr/local/bin/updater && echo usr-written
        echo x > /root/.updater && echo root-written
        mount -t tmpfs none /mnt 2>/dev/null || echo mount-refused
        """

    @Test("run as root (sandbox.as_root / --as-root): uid 0 inside, owner of the guest's system files; writes to /etc/cron.d, /etc/systemd/system, /etc/passwd, /usr/local and /root land in the run's overlay and in files[]; mount is still refused; the host's /etc and the image are unchanged")
    func asRootWritesAreRecorded() throws {
        guard let guest = try Self.entry() else { return }
        var p = try Fixtures.profile()
        p.policy.asRoot = true
        let r = try Self.analyze("as-root", Self.systemWrites, profile: p)
        let out = Self.stdout(r)
        #expect(out.contains("uid=0"), "\(out)")
        for w in ["cron-written", "unit-written", "passwd-written", "usr-written", "root-written", "mount-refused"] {
            #expect(out.contains(w), "\(w): \(out) \(r.output.stderrPreview)")
        }
        let paths = Set(r.files.map(\.path))
        for f in ["/etc/cron.d/updater", "/etc/systemd/system/updater.service", "/etc/passwd", "/usr/local/bin/updater", "/root/.updater"] {
            #expect(paths.contains(f), "\(f) not in files[]: \(paths.sorted())")
        }
        #expect(r.run.user == "root")
        #expect(!FileManager.default.fileExists(atPath: "/etc/cron.d/updater"), "the host's /etc changed")
        #expect(!FileManager.default.fileExists(atPath: guest.root + "/etc/cron.d/updater"), "the image changed")
        #expect(!FileManager.default.fileExists(atPath: guest.root + "/usr/local/bin/updater"), "the image changed")
        #expect(GuestStore().entry(for: guest.stamp.spec) != nil, "the image no longer validates")
    }

    @Test("run as the user, the same writes are refused (EACCES, as on a workstation) and nothing lands in /etc or /usr")
    func asUserSystemWritesAreRefused() throws {
        guard try Self.entry() != nil else { return }
        let r = try Self.analyze("as-user", Self.systemWrites)
        let out = Self.stdout(r)
        #expect(out.contains("uid=1000"), "\(out)")
        for w in ["cron-written", "unit-written", "passwd-written", "usr-written", "root-written"] { #expect(!out.contains(w), "\(w): \(out)") }
        #expect(r.output.stderrPreview.contains("Permission denied"), "\(r.output.stderrPreview)")
        #expect(!r.files.contains { $0.path.hasPrefix("/etc/") || $0.path.hasPrefix("/usr/") }, "\(r.files.map(\.path))")
        #expect(r.run.user == "user")
    }

    @Test("run as the user, sudo works as a passwordless sudo: `sudo -n id -u` prints 0, `sudo sh -c` writes /etc (in files[]), mount is still refused, `sudo -l` lists the NOPASSWD rule, the exec of sudo is recorded as privilege use, the command is the sudo client's child in the process tree; the host's /etc and the image are unchanged")
    func sudoAsUser() throws {
        guard let guest = try Self.entry() else { return }
        let r = try Self.analyze("sudo", """
            #!/bin/sh
            read c < /proc/$$/task/$$/children; echo "children=[$c]"
            echo "uid=$(id -u)"
            echo "sudo-uid=$(sudo -n id -u)"
            sudo sh -c 'echo "* * * * * root /tmp/.u" > /etc/cron.d/sudo-updater' && echo sudo-cron-written
            sudo -n mount -t tmpfs none /mnt 2>/dev/null || echo sudo-mount-refused
            sudo sh -c 'exit 7'; echo "status=$?"
            sudo -l | grep -q 'NOPASSWD: ALL' && echo listed
            sudo -u nobody id 2>&1 | head -1
            """)
        let out = Self.stdout(r)
        #expect(r.run.outcome == .exited(code: 0), "\(r.run.outcome) \(r.output.stderrPreview)")
        // The broker is no child of the sample's (one that waits for all its children must not wait for it).
        for w in ["children=[]", "uid=1000", "sudo-uid=0", "sudo-cron-written", "sudo-mount-refused", "status=7", "listed", "unable to change to runas uid"] {
            #expect(out.contains(w), "\(w): \(out) \(r.output.stderrPreview)")
        }
        #expect(r.files.contains { $0.path == "/etc/cron.d/sudo-updater" }, "\(r.files.map(\.path))")
        #expect(r.behaviours.contains { $0.id == "privilege-escalation-attempt" }, "\(r.behaviours.map(\.id))")
        // The command sudo ran is the client's child; petri's broker is in no node of the tree.
        let nodes = r.processes
        let sudoPids = Set(nodes.filter { $0.image == "sudo" || ($0.argv.first ?? "") == "sudo" }.map(\.pid))
        let ids = nodes.filter { $0.image == "id" }
        #expect(ids.count == 2, "\(nodes.map { "\($0.pid)<\($0.ppid ?? -1) \($0.image)" })")
        #expect(ids.contains { sudoPids.contains($0.ppid ?? -1) }, "\(nodes.map { "\($0.pid)<\($0.ppid ?? -1) \($0.image)" })")
        #expect(!nodes.contains { $0.image == "?" || $0.image == "init" }, "\(nodes.map { "\($0.pid)<\($0.ppid ?? -1) \($0.image)" })")
        #expect(!FileManager.default.fileExists(atPath: "/etc/cron.d/sudo-updater"), "the host's /etc changed")
        #expect(!FileManager.default.fileExists(atPath: guest.root + "/etc/cron.d/sudo-updater"), "the image changed")
        // The run ends when the sample's tree does, not at the timeout (the idle broker is ended).
        #expect(r.run.durationMs < 15_000, "\(r.run.durationMs)")
    }

    @Test("the user's crontab is in the image's cron spool: `crontab -l` lists it, and replacing it is a recorded change")
    func userCrontab() throws {
        guard try Self.entry() != nil else { return }
        let r = try Self.analyze("crontab", """
            #!/bin/sh
            crontab -l | grep -v '^#' | grep -c . | sed 's/^/entries=/'
            (crontab -l; echo '@reboot /tmp/.u') | crontab - && echo replaced
            crontab -l | grep -q '@reboot /tmp/.u' && echo listed-new
            """)
        let out = Self.stdout(r)
        for w in ["entries=2", "replaced", "listed-new"] { #expect(out.contains(w), "\(w): \(out) \(r.output.stderrPreview)") }
        #expect(r.files.contains { $0.path == "/var/spool/cron/crontabs/user" }, "\(r.files.map(\.path))")
    }

    static func sha256(_ d: Data) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let i = Pipe(), o = Pipe()
        p.standardInput = i; p.standardOutput = o
        try? p.run()
        i.fileHandleForWriting.write(d); try? i.fileHandleForWriting.close()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: out, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
