import Foundation
import PetriModel
@testable import PetriAnalysis

/// One positive and one near-miss negative recorded trace per built-in rule.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let id: String
    let positive: @Sendable (inout Trace) -> Void
    let negative: @Sendable (inout Trace) -> Void
    var testDescription: String { id }
}

import Testing

extension RuleCase {
    static let all: [RuleCase] = techniqueCases + discoveryEvasion + [
        // MARK: files
        RuleCase(id: "drops-executable",
                 positive: { $0.file("/tmp/.x/payload", type: .elf) },
                 negative: { $0.file("/home/user/Downloads/notes.txt", type: .data) }),
        RuleCase(id: "executes-dropped-file",
                 positive: { t in t.write("/tmp/stage2"); t.file("/tmp/stage2", type: .elf); t.exec("/tmp/stage2") },
                 negative: { t in t.file("/tmp/stage2", type: .elf); t.exec("/bin/ls") }),
        RuleCase(id: "downloads-and-executes",
                 positive: { t in t.connect("198.51.100.5:80"); t.write("/tmp/bot"); t.exec("/tmp/bot") },
                 // Written and run, but before any connection: not a download.
                 negative: { t in t.write("/tmp/bot"); t.exec("/tmp/bot"); t.connect("198.51.100.5:80") }),
        RuleCase(id: "fileless-execution",
                 positive: { t in
                     t.sys("memfd_create", ["name": .string("x")])
                     t.sys("execveat", ["fd": .int(3), "fd_path": .string("/memfd:x (deleted)"), "path": .string("")])
                 },
                 negative: { t in t.sys("memfd_create", ["name": .string("jit")]); t.exec("/bin/true") }),
        RuleCase(id: "self-deletion",
                 positive: { $0.sys("unlink", ["path": .string("/home/user/Downloads/sample")]) },
                 negative: { $0.sys("unlink", ["path": .string("/tmp/lockfile")]) }),
        RuleCase(id: "hidden-files",
                 positive: { $0.sys("mkdir", ["path": .string("/tmp/.ICE-unix2"), "mode": .string("0755")]) },
                 negative: { $0.sys("mkdir", ["path": .string("/tmp/build"), "mode": .string("0755")]) }),
        RuleCase(id: "mass-file-rewrite",
                 positive: { t in
                     for i in 0..<25 {
                         t.open("/home/user/Documents/f\(i).docx", "O_RDWR")
                         t.sys("rename", ["path": .string("/home/user/Documents/f\(i).docx"), "new_path": .string("/home/user/Documents/f\(i).docx.locked")])
                     }
                 },
                 negative: { t in
                     for i in 0..<25 { t.open("/home/user/Documents/f\(i).docx", "O_RDWR") }
                     t.sys("rename", ["path": .string("/home/user/Documents/a"), "new_path": .string("/home/user/Documents/b")])
                 }),
        RuleCase(id: "history-log-tampering",
                 positive: { $0.sys("symlink", ["target": .string("/dev/null"), "new_path": .string("/home/user/.bash_history")]) },
                 negative: { $0.open("/home/user/.bash_history") }),
        // MARK: credentials
        RuleCase(id: "reads-browser-credentials",
                 positive: { $0.open("/home/user/.mozilla/firefox/k3v9x2qa.default-release/logins.json") },
                 negative: { $0.open("/home/user/.mozilla/firefox/k3v9x2qa.default-release/prefs.js") }),
        RuleCase(id: "reads-messenger-data",
                 positive: { $0.open("/home/user/.Skype/alex.miller/main.db") },
                 negative: { $0.open("/home/user/.Skype/shared.xml") }),
        RuleCase(id: "static-credential-store-paths",
                 positive: { t in
                     var d = PayloadRecord(kind: .httpResponse, object: "http://198.51.100.7/s.exe", sha256: "d3", size: 10)
                     d.yara = [YaraMatch(rule: "credential_store_paths", tags: ["technique"])]
                     t.report.payloads = [d]
                 },
                 negative: { $0.report.sample.staticInfo = StaticInfo(facts: [], yara: [YaraMatch(rule: "packer_upx", tags: ["packer"])]) }),
        RuleCase(id: "reads-ssh-keys",
                 positive: { $0.open("/home/user/.ssh/id_rsa") },
                 negative: { $0.open("/home/user/.ssh/id_rsa.pub") }),
        RuleCase(id: "reads-cloud-credentials",
                 positive: { $0.open("/home/user/.aws/credentials") },
                 // Writing them (e.g. `aws configure`) is not a read.
                 negative: { $0.open("/home/user/.aws/credentials", "O_WRONLY|O_CREAT|O_TRUNC") }),
        RuleCase(id: "reads-crypto-wallets",
                 positive: { $0.open("/home/user/.electrum/wallets/default_wallet") },
                 negative: { $0.open("/home/user/.electrum/config") }),
        RuleCase(id: "credential-read-then-network",
                 positive: { t in t.open("/home/user/.ssh/id_rsa"); t.connect("203.0.113.9:443") },
                 negative: { t in t.connect("203.0.113.9:443"); t.open("/home/user/.ssh/id_rsa") }),
        RuleCase(id: "exfiltrates-decoy-credentials",
                 positive: { t in
                     t.report.canaries = [Canary(token: "pcaaaabbbbccccddddeeeeffff", file: "/home/user/.aws/credentials", kind: "aws")]
                     t.http("POST", "http://203.0.113.9/upload", body: "k=pcaaaabbbbccccddddeeeeffff")
                 },
                 negative: { t in
                     t.report.canaries = [Canary(token: "pcaaaabbbbccccddddeeeeffff", file: "/home/user/.aws/credentials", kind: "aws")]
                     t.http("POST", "http://203.0.113.9/upload", body: "k=pcaaaabbbbccccddddeeee0000")
                 }),
        // MARK: network
        RuleCase(id: "contacts-remote-host",
                 positive: { $0.connect("198.51.100.5:80") },
                 negative: { $0.connect("127.0.0.1:631") }),
        RuleCase(id: "contacts-many-hosts",
                 positive: { t in for i in 1...12 { t.connect("198.51.100.\(i):443") } },
                 negative: { t in for _ in 1...12 { t.connect("198.51.100.1:443") } }),
        RuleCase(id: "network-scanning",
                 positive: { t in for i in 1...12 { t.connect("10.0.0.\(i):445") } },
                 // Many web servers is not a scan (contacts-many-hosts covers it).
                 negative: { t in for i in 1...12 { t.connect("198.51.100.\(i):443") } }),
        RuleCase(id: "dns-many-names",
                 positive: { t in for i in 0..<25 { t.dns("host\(i).example.com") } },
                 negative: { t in for _ in 0..<25 { t.dns("update.example.com") } }),
        RuleCase(id: "dns-random-names",
                 positive: { t in for n in ["xk3j9q2mzt7w", "p0qz8rvk2nbl", "a7f3kq9zmx2c", "t5bq1wz8ycr4", "m2n8xv4lq7ps", "zq9w3kf7bx1d"] { t.dns("\(n).com") } },
                 negative: { t in for n in ["www", "mail", "updates", "cdn", "api", "static"] { t.dns("\(n).example.com") } }),
        RuleCase(id: "dns-data-in-labels",
                 positive: { $0.dns("4a6f686e3a68756e746572323a7365637265742d746f6b656e.t.evil.example") },
                 negative: { $0.dns("www.google.com") }),
        RuleCase(id: "messenger-link-spread",
                 positive: { t in for c in ["bob", "carol", "dave", "erin", "frank", "grace"] {
                     t.http("POST", "http://api.messenger.example/send", body: "{\"to\":\"\(c)\",\"text\":\"look http://pics.example/x.jpg.exe\"}") } },
                 negative: { t in for c in ["bob", "carol"] {
                     t.http("POST", "http://api.messenger.example/send", body: "{\"to\":\"\(c)\",\"text\":\"look http://pics.example/x.jpg.exe\"}") } }),
        RuleCase(id: "static-messenger-spreader",
                 positive: { $0.report.sample.staticInfo = StaticInfo(facts: [], yara: [YaraMatch(rule: "messenger_contact_spreader", tags: ["technique"])]) },
                 negative: { $0.report.sample.staticInfo = StaticInfo(facts: [], yara: [YaraMatch(rule: "credential_store_paths", tags: ["technique"])]) }),
        RuleCase(id: "messenger-file-spread",
                 positive: { t in for c in ["bob", "carol", "dave", "erin", "frank", "grace"] {
                     t.http("POST", "http://api.messenger.example/v1/chats/\(c)/files",
                            body: "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.scr\"\r\n\r\nMZ") } },
                 // A link to each contact is the other classification (messenger-link-spread).
                 negative: { t in for c in ["bob", "carol", "dave", "erin", "frank", "grace"] {
                     t.http("POST", "http://api.messenger.example/send", body: "{\"to\":\"\(c)\",\"text\":\"look http://pics.example/photo.scr\"}") } }),
        // MARK: persistence
        RuleCase(id: "persistence-shell-rc",
                 positive: { $0.open("/home/user/.bashrc", "O_WRONLY|O_APPEND") },
                 negative: { $0.open("/home/user/.bashrc") }),
        RuleCase(id: "persistence-xdg-autostart",
                 positive: { $0.file("/home/user/.config/autostart/update.desktop", type: .data) },
                 negative: { $0.file("/home/user/.config/update.desktop", type: .data) }),
        RuleCase(id: "persistence-systemd-unit",
                 positive: { $0.write("/home/user/.config/systemd/user/dbus-helper.service") },
                 negative: { $0.open("/home/user/.config/systemd/user/dbus-helper.service") }),
        RuleCase(id: "persistence-cron",
                 positive: { $0.exec("/usr/bin/crontab", argv: ["crontab", "/tmp/c"]) },
                 negative: { $0.exec("/usr/bin/crontab", argv: ["crontab", "-l"]) }),
        RuleCase(id: "persistence-run-key",
                 positive: { $0.report.registry = [RegistryChange(kind: .valueSet, key: #"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"#, value: "updater", data: #"C:\users\user\AppData\upd.exe"#, type: "REG_SZ")] },
                 negative: { $0.report.registry = [RegistryChange(kind: .valueSet, key: #"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Explorer"#, value: "x", data: "1")] }),
        // MARK: evasion
        RuleCase(id: "anti-debug-ptrace-traceme",
                 positive: { $0.sys("ptrace", ["request": .string("PTRACE_TRACEME")], action: .emulated) },
                 negative: { $0.sys("prctl", ["request": .string("PR_SET_DUMPABLE")]) }),
        RuleCase(id: "anti-debug-api",
                 positive: { $0.api("CheckRemoteDebuggerPresent", ["module": .string("kernel32")], category: .evasion) },
                 // A timing call is filed under evasion too, but is no debugger check.
                 negative: { $0.api("GetTickCount", ["module": .string("kernel32")], category: .evasion) }),
        RuleCase(id: "wine-detection",
                 positive: { $0.api("GetEnvironmentVariable", ["name": .string("WINEPREFIX"), "wine_detection": .bool(true)], category: .evasion) },
                 negative: { $0.api("GetEnvironmentVariable", ["name": .string("PATH")]) }),
        RuleCase(id: "anti-debug-tracerpid",
                 positive: { $0.open("/proc/100/status") },
                 negative: { $0.open("/proc/1/status") }),
        RuleCase(id: "vm-detection-dmi",
                 positive: { $0.open("/sys/class/dmi/id/product_name") },
                 negative: { $0.open("/sys/class/net/lo/operstate") }),
        RuleCase(id: "container-detection",
                 positive: { $0.open("/.dockerenv") },
                 negative: { $0.open("/proc/self/stat") }),
        RuleCase(id: "reads-cpuinfo",
                 positive: { $0.open("/proc/cpuinfo") },
                 negative: { $0.open("/proc/meminfo") }),
        RuleCase(id: "sandbox-fingerprinting",
                 positive: { t in t.open("/proc/cpuinfo"); t.open("/sys/class/dmi/id/sys_vendor"); t.open("/proc/1/cgroup") },
                 negative: { t in t.open("/proc/cpuinfo"); t.open("/proc/cpuinfo"); t.open("/proc/cpuinfo") }),
        RuleCase(id: "long-sleep",
                 positive: { $0.sys("clock_nanosleep", ["duration_ns": .int(600_000_000_000)]) },
                 negative: { $0.sys("nanosleep", ["duration_ns": .int(100_000_000)]) }),
        RuleCase(id: "writable-executable-memory",
                 positive: { $0.sys("mmap", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC"), "length": .int(4096)]) },
                 // The same from Wine's own loader does not count.
                 negative: { t in
                     t.sys("mmap", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC")], image: "wine64-preloader")
                     t.sys("mmap", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC")], image: "sample.exe", runner: true)
                 }),
        RuleCase(id: "mprotect-to-exec",
                 positive: { $0.sys("mprotect", ["prot": .string("PROT_READ|PROT_EXEC")]) },
                 negative: { t in
                     t.sys("mmap", ["prot": .string("PROT_READ|PROT_EXEC"), "fd": .int(3), "fd_path": .string("/usr/lib/x86_64-linux-gnu/libc.so.6")])
                     t.sys("mprotect", ["prot": .string("PROT_READ|PROT_EXEC")], image: "wineserver")
                 }),
        RuleCase(id: "masquerade-kernel-thread",
                 positive: { $0.sys("prctl", ["request": .string("PR_SET_NAME"), "name": .string("[kworker/0:1]")]) },
                 negative: { $0.sys("prctl", ["request": .string("PR_SET_NAME"), "name": .string("worker-3")]) }),
        RuleCase(id: "masquerade-system-binary",
                 positive: { $0.exec("/tmp/.x/sshd") },
                 negative: { $0.exec("/usr/sbin/sshd") }),
        RuleCase(id: "packed-sample",
                 positive: { $0.report.sample.staticInfo = StaticInfo(facts: ["packed", "packer:upx"]) },
                 negative: { $0.report.sample.staticInfo = StaticInfo(facts: ["stripped", "dynamic"]) }),
        RuleCase(id: "unpacked-code-matches-family",
                 positive: { t in
                     var p = PayloadRecord(kind: .memory, object: "pid 100 0x7f0000-0x7f1000", sha256: "d1", size: 4096)
                     p.yara = [YaraMatch(rule: "sp_sim_unpacked_body", tags: ["fixture", "family"])]
                     t.report.payloads = [p]
                 },
                 // The family rule matches the file on disk (not unpacked), and memory only matches a packer rule.
                 negative: { t in
                     t.report.sample.staticInfo = StaticInfo(facts: [], yara: [YaraMatch(rule: "sp_sim_elf", tags: ["family"])])
                     var p = PayloadRecord(kind: .memory, object: "pid 100 0x7f0000-0x7f1000", sha256: "d1", size: 4096)
                     p.yara = [YaraMatch(rule: "packer_upx", tags: ["packer"])]
                     var d = PayloadRecord(kind: .droppedFile, object: "/tmp/x", sha256: "d2", size: 10)
                     d.yara = [YaraMatch(rule: "sp_sim_elf", tags: ["family"])]
                     t.report.payloads = [p, d]
                 }),
        RuleCase(id: "static-anti-debug",
                 positive: { $0.report.sample.staticInfo = StaticInfo(facts: ["anti_debug_imports"]) },
                 negative: { $0.report.sample.staticInfo = StaticInfo(facts: ["imports:kernel32.dll!createfilew"]) }),
        RuleCase(id: "static-injection-imports",
                 positive: { $0.report.sample.staticInfo = StaticInfo(facts: ["injection_imports", "imports:kernel32.dll!writeprocessmemory"]) },
                 negative: { $0.report.sample.staticInfo = StaticInfo(facts: ["download_imports"]) }),
        RuleCase(id: "static-keylogging-imports",
                 positive: { $0.report.sample.staticInfo = StaticInfo(facts: ["keylogging_imports"]) },
                 negative: { $0.report.sample.staticInfo = StaticInfo(facts: ["imports:user32.dll!messageboxa"]) }),
        RuleCase(id: "persistence-windows-service",
                 positive: { $0.report.registry = [RegistryChange(kind: .keyCreated, key: #"HKLM\System\CurrentControlSet\Services\updsvc"#)] },
                 negative: { $0.report.registry = [RegistryChange(kind: .valueSet, key: #"HKLM\System\CurrentControlSet\Services\Tcpip\Parameters"#, value: "Hostname", data: "alex-pc")] }),
        // MARK: privilege
        RuleCase(id: "sandbox-escape-attempt",
                 positive: { $0.sys("unshare", ["flags": .string("CLONE_NEWUSER")], action: .denied) },
                 // libc's clone3 probe is denied with ENOSYS by design and must not count.
                 negative: { $0.sys("clone3", [:], action: .denied) }),
        RuleCase(id: "privilege-escalation-attempt",
                 positive: { $0.sys("setuid", ["uid": .int(0)]) },
                 negative: { $0.sys("setuid", ["uid": .int(1000)]) }),
        RuleCase(id: "sets-setuid-bit",
                 positive: { $0.sys("chmod", ["path": .string("/tmp/sh"), "mode": .string("4755")]) },
                 negative: { $0.sys("chmod", ["path": .string("/tmp/sh"), "mode": .string("0755")]) }),
        RuleCase(id: "reads-shadow",
                 positive: { $0.open("/etc/shadow") },
                 negative: { $0.open("/etc/shells") }),
        RuleCase(id: "persistence-ld-preload",
                 positive: { $0.open("/etc/ld.so.preload", "O_WRONLY|O_CREAT|O_APPEND") },
                 // Every dynamic program's loader reads it.
                 negative: { $0.open("/etc/ld.so.preload") }),
        RuleCase(id: "persistence-ssh-authorized-keys",
                 positive: { $0.open("/home/user/.ssh/authorized_keys", "O_WRONLY|O_CREAT|O_APPEND") },
                 negative: { $0.open("/home/user/.ssh/known_hosts", "O_WRONLY|O_CREAT|O_APPEND") }),
        RuleCase(id: "cryptocurrency-mining",
                 positive: { $0.exec("/tmp/.x/xmrig", argv: ["xmrig", "-o", "stratum+tcp://pool.example:3333", "-u", "4Abc"]) },
                 negative: { $0.exec("/usr/bin/curl", argv: ["curl", "https://pool.example/stats"]) }),
        RuleCase(id: "sends-system-identity",
                 // The host name hex-encoded over DNS labels.
                 positive: { t in
                     t.report.canaries = [Canary(token: "ws-lnx-0417", file: "/etc/hostname", kind: "identity:hostname")]
                     t.dns("77732d6c6e782d.30343137.t.c2.example")
                 },
                 // Another machine's name is not this one's identity.
                 negative: { t in
                     t.report.canaries = [Canary(token: "ws-lnx-0417", file: "/etc/hostname", kind: "identity:hostname")]
                     t.dns("77732d6c6e782d.30343138.t.c2.example")
                 }),
        RuleCase(id: "exfiltrates-documents",
                 positive: { t in
                     t.report.canaries = [Canary(token: "Q4 planning: migrate build01 to the new cluster", file: "/home/user/Documents/meeting-notes.txt", kind: "document")]
                     t.http("POST", "http://drop.example/u", body: "d=UTQgcGxhbm5pbmc6IG1pZ3JhdGUgYnVpbGQwMSB0byB0aGUgbmV3IGNsdXN0ZXI=")
                 },
                 negative: { t in
                     t.report.canaries = [Canary(token: "Q4 planning: migrate build01 to the new cluster", file: "/home/user/Documents/meeting-notes.txt", kind: "document")]
                     t.http("POST", "http://drop.example/u", body: "d=Q4 planning")
                 }),
        RuleCase(id: "network-shell-confirmed",
                 positive: { t in
                     var o = ServiceRecord(connection: "c3", service: "shell", timeNs: 1)
                     o.lines = ["petri: probe sent (peer prompt), shell confirmed: the token came back joined; answer: uid=1000(user)"]
                     t.report.network.other.append(o)
                 },
                 // Probed, but only the probe came back (an echo): the record stays raw.
                 negative: { t in
                     var o = ServiceRecord(connection: "c3", service: "raw", timeNs: 1)
                     o.lines = ["petri: probe sent (peer silent), not confirmed; answer: echo petri01''23"]
                     t.report.network.other.append(o)
                 }),
        RuleCase(id: "tls-certificate-refused",
                 positive: { t in
                     var r = TLSRecord(connection: "c4", timeNs: 1)
                     r.sni = "update.example"; r.handshake = "failed"; r.alert = "unknown_ca"
                     t.report.network.tls.append(r)
                 },
                 // A client that accepted the certificate, and one that left without refusing it.
                 negative: { t in
                     var ok = TLSRecord(connection: "c4", timeNs: 1)
                     ok.sni = "update.example"; ok.handshake = "completed"
                     var left = TLSRecord(connection: "c5", timeNs: 2)
                     left.sni = "update.example"; left.handshake = "failed"; left.error = "connection closed during the handshake"
                     t.report.network.tls += [ok, left]
                 }),
        // MARK: discovery
        RuleCase(id: "system-information-discovery",
                 positive: { $0.sys("uname") },
                 negative: { $0.open("/etc/hostname") }),
        RuleCase(id: "user-discovery",
                 positive: { $0.open("/etc/passwd") },
                 negative: { $0.open("/etc/hosts") }),
        RuleCase(id: "network-configuration-discovery",
                 positive: { $0.exec("/usr/sbin/ip", argv: ["ip", "addr"]) },
                 negative: { $0.exec("/usr/bin/ipcs", argv: ["ipcs"]) }),
        RuleCase(id: "runs-shell-commands",
                 positive: { t in
                     var n = ProcessNode(pid: 300, ppid: 100, image: "bash", path: "/usr/bin/bash", argv: ["bash", "-c", "curl x | sh"], startNs: 5)
                     n.execs = ["/usr/bin/bash"]
                     t.report.processes.append(n)
                 },
                 // A script run as the sample: the shell has the script's path, no -c.
                 negative: { t in
                     t.report.processes[0].image = "dash"
                     t.report.processes[0].argv = ["/home/user/Downloads/install.sh"]
                 }),
        RuleCase(id: "process-discovery",
                 positive: { t in for p in 1...12 { t.open("/proc/\(p)/cmdline") } },
                 negative: { t in for _ in 1...12 { t.open("/proc/self/cmdline") } }),
        // MARK: IoT bots (iot.yaml)
        RuleCase(id: "telnet-credential-brute-force",
                 positive: { t in
                     for (i, c) in [("root", "xc3511"), ("admin", "admin"), ("support", "support"), ("root", "vizxv"), ("guest", "12345")].enumerated() {
                         t.connect("203.0.113.\(i + 1):\(i % 2 == 0 ? 23 : 2323)")
                         t.sys("sendto", ["fd": .int(3), "bytes": .int(Int64(c.0.count + 2)), "preview": .string(c.0 + "\\r\\n")])
                         t.sys("sendto", ["fd": .int(3), "bytes": .int(Int64(c.1.count + 2)), "preview": .string(c.1 + "\\r\\n")])
                     }
                 },
                 // A telnet client logging in to a few hosts: the same lines, too few hosts for a scan.
                 negative: { t in
                     for i in 1...3 {
                         t.connect("203.0.113.\(i):23")
                         t.sys("sendto", ["fd": .int(3), "bytes": .int(6), "preview": .string("root\\r\\n")])
                     }
                     for i in 1...8 { t.connect("203.0.113.\(i + 10):443") }
                 }),
        RuleCase(id: "watchdog-device-open",
                 positive: { $0.open("/dev/watchdog", "O_RDWR|O_CLOEXEC") },
                 // Reading the watchdog's sysfs status is not disabling it.
                 negative: { $0.open("/sys/class/watchdog/watchdog0/status") }),
        RuleCase(id: "kills-processes-found-in-proc",
                 positive: { t in
                     for p in [40, 41, 42] { t.open("/proc/\(p)/cmdline"); t.open("/proc/\(p)/exe") }
                     t.sys("kill", ["target_pid": .int(41), "signal": .string("SIGKILL")])
                 },
                 // A supervisor stopping the child it started: SIGTERM, no walk of /proc.
                 negative: { t in
                     t.open("/proc/self/status")
                     t.sys("kill", ["target_pid": .int(41), "signal": .string("SIGTERM")])
                 }),
    ]
}

@Suite struct BehaviourRuleTests {
    @Test(arguments: RuleCase.all)
    func positiveCaseMatches(_ c: RuleCase) {
        var t = Trace()
        c.positive(&t)
        let ids = BuiltIn.matchIDs(t.report)
        #expect(ids.contains(c.id), "positive trace for \(c.id) matched only \(ids.sorted())")
    }

    @Test(arguments: RuleCase.all)
    func negativeCaseDoesNotMatch(_ c: RuleCase) {
        var t = Trace()
        c.negative(&t)
        let ids = BuiltIn.matchIDs(t.report)
        #expect(!ids.contains(c.id), "negative trace for \(c.id) matched")
    }

    @Test func everyBuiltInRuleHasCases() {
        let covered = Set(RuleCase.all.map(\.id))
        let loaded = Set(BuiltIn.rules.rules.map(\.id))
        #expect(loaded.subtracting(covered).isEmpty, "rules without test cases: \(loaded.subtracting(covered).sorted())")
        #expect(covered.subtracting(loaded).isEmpty, "cases for unknown rules: \(covered.subtracting(loaded).sorted())")
    }

    @Test func everyRuleHasMetadata() {
        for r in BuiltIn.rules.rules {
            #expect(!r.title.isEmpty && !r.description.isEmpty, "\(r.id)")
            #expect((1...5).contains(r.severity), "\(r.id)")
            #expect(!r.attack.isEmpty, "\(r.id)")
            #expect(!r.mbc.isEmpty, "\(r.id)")
        }
    }
}
