import Foundation
import PetriModel
@testable import PetriAnalysis

/// Positive and near-miss negative traces for the discovery and defence-evasion rules written for the
/// technique (issue 15): each negative is the ordinary look-alike the rule must stay quiet on.
extension RuleCase {
    static let discoveryEvasion: [RuleCase] = [
        // MARK: discovery
        RuleCase(id: "device-driver-discovery",
                 positive: { $0.exec("/usr/bin/kmod", argv: ["kmod", "list"]) },
                 negative: { $0.exec("/usr/bin/kmod", argv: ["kmod", "--version"]) }),
        RuleCase(id: "system-service-discovery",
                 positive: { $0.exec("/usr/bin/systemctl", argv: ["systemctl", "--type=service"]) },
                 // Starting one service is not listing them.
                 negative: { $0.exec("/usr/bin/systemctl", argv: ["systemctl", "restart", "nginx"]) }),
        RuleCase(id: "permission-groups-discovery",
                 positive: { t in t.sys("openat", ["path": .string("/etc/group"), "flags": .string("O_RDONLY")], image: "cat") },
                 // ls -l resolves group names through libc: not reading the file by hand.
                 negative: { t in t.sys("openat", ["path": .string("/etc/group"), "flags": .string("O_RDONLY|O_CLOEXEC")], image: "ls") }),
        RuleCase(id: "domain-account-discovery",
                 positive: { $0.exec("/usr/bin/rpcclient", argv: ["rpcclient", "-U", "", "-c", "enumdomusers", "dc.corp.test"]) },
                 negative: { $0.exec("/usr/bin/net", argv: ["net", "usershare", "info"]) }),
        RuleCase(id: "internet-connection-discovery",
                 positive: { $0.exec("/usr/bin/ping", argv: ["ping", "-c", "1", "example.test"]) },
                 negative: { $0.exec("/usr/bin/pinky", argv: ["pinky"]) }),
        RuleCase(id: "remote-system-discovery",
                 positive: { t in for i in 1...6 { t.exec("/usr/bin/ping", argv: ["ping", "-c", "1", "198.51.100.\(i)"]) } },
                 // One host pinged again and again is a connectivity check, not a sweep.
                 negative: { t in for _ in 1...6 { t.exec("/usr/bin/ping", argv: ["ping", "-c", "1", "198.51.100.1"]) } }),
        RuleCase(id: "system-network-connections-discovery",
                 positive: { $0.open("/proc/self/net/tcp") },
                 // A recursive walk passes /proc/sys/net: not the socket table.
                 negative: { $0.open("/proc/sys/net/unix", "O_RDONLY|O_DIRECTORY") }),
        RuleCase(id: "software-discovery",
                 positive: { $0.exec("/usr/bin/dpkg", argv: ["dpkg", "-l"]) },
                 negative: { $0.exec("/usr/bin/dpkg", argv: ["dpkg", "--print-architecture"]) }),
        RuleCase(id: "security-software-discovery",
                 positive: { $0.exec("/usr/bin/grep", argv: ["grep", "-E", "falcond|osqueryd|auditbeat"]) },
                 negative: { $0.exec("/usr/bin/grep", argv: ["grep", "-E", "nginx|postgres"]) }),
        RuleCase(id: "file-and-directory-discovery",
                 positive: { $0.exec("/usr/bin/find", argv: ["find", "/", "-perm", "-4000", "-type", "f"]) },
                 // A build looking for its own object files in the working directory.
                 negative: { $0.exec("/usr/bin/find", argv: ["find", ".", "-name", "*.o", "-delete"]) }),
        RuleCase(id: "browser-bookmark-discovery",
                 positive: { $0.exec("/usr/bin/find", argv: ["find", "/", "-path", "*.mozilla/firefox/*/places.sqlite"]) },
                 negative: { $0.open("/home/user/.mozilla/firefox/k3v9x2qa.default-release/prefs.js") }),
        RuleCase(id: "password-policy-discovery",
                 positive: { t in t.sys("openat", ["path": .string("/etc/login.defs"), "flags": .string("O_RDONLY")], image: "cat") },
                 // useradd reads login.defs because it applies it.
                 negative: { t in t.sys("openat", ["path": .string("/etc/login.defs"), "flags": .string("O_RDONLY|O_CLOEXEC")], image: "useradd") }),
        RuleCase(id: "system-time-discovery",
                 positive: { $0.exec("/usr/bin/timedatectl", argv: ["timedatectl"]) },
                 negative: { $0.exec("/usr/bin/date", argv: ["date", "+%Y"]) }),
        RuleCase(id: "system-location-discovery",
                 positive: { $0.dns("ipinfo.io") },
                 negative: { $0.dns("info.example.com") }),
        RuleCase(id: "system-language-discovery",
                 positive: { $0.exec("/usr/bin/locale", argv: ["locale"]) },
                 negative: { $0.exec("/usr/bin/localedef", argv: ["localedef", "--help"]) }),
        RuleCase(id: "network-share-discovery",
                 positive: { $0.exec("/usr/bin/findmnt", argv: ["findmnt", "-t", "nfs"]) },
                 negative: { $0.exec("/usr/bin/findmnt", argv: ["findmnt", "-t", "ext4"]) }),
        RuleCase(id: "network-sniffing",
                 positive: { $0.sys("socket", ["family": .string("AF_PACKET"), "type": .string("SOCK_RAW"), "protocol": .int(768)]) },
                 negative: { $0.sys("socket", ["family": .string("AF_INET"), "type": .string("SOCK_DGRAM"), "protocol": .int(0)]) }),
        RuleCase(id: "discovery-survey",
                 positive: { t in
                     for tool in ["uname", "hostname", "whoami", "id", "ip", "ss", "ps", "lscpu"] { t.exec("/usr/bin/\(tool)", argv: [tool]) }
                 },
                 // An installer's few checks, the same one repeated.
                 negative: { t in
                     for tool in ["uname", "uname", "id", "id", "uname", "ps", "ls", "cat"] { t.exec("/usr/bin/\(tool)", argv: [tool]) }
                 }),
        // MARK: defence evasion
        RuleCase(id: "renamed-system-utility",
                 positive: { t in
                     t.sys("openat", ["path": .string("/bin/sh"), "flags": .string("O_RDONLY")], image: "cp")
                     t.file("/tmp/crond", type: .elf)
                     t.exec("/tmp/crond")
                 },
                 // A program built in /tmp and run: no system program was copied.
                 negative: { t in
                     t.sys("openat", ["path": .string("/tmp/main.c"), "flags": .string("O_RDONLY")], image: "cp")
                     t.file("/tmp/crond", type: .elf)
                     t.exec("/tmp/crond")
                 }),
        RuleCase(id: "masquerade-space-after-name",
                 positive: { $0.exec("/tmp/work/init ") },
                 negative: { $0.exec("/tmp/work/init") }),
        RuleCase(id: "masquerade-double-extension",
                 positive: { $0.exec("/tmp/report.pdf.sh") },
                 negative: { $0.exec("/tmp/report-pdf.sh") }),
        RuleCase(id: "masquerade-file-type",
                 positive: { $0.file("/tmp/image.png", type: .script) },
                 negative: { $0.file("/tmp/image.png", type: .data) }),
        RuleCase(id: "hides-process-bind-mount",
                 positive: { $0.sys("mount", ["source": .string("/proc/12"), "path": .string("/proc/42")], action: .denied) },
                 negative: { $0.sys("mount", ["source": .string("tmpfs"), "path": .string("/mnt/scratch")], action: .denied) }),
        RuleCase(id: "disables-shell-history",
                 positive: { $0.sys("execve", ["path": .string("/usr/bin/whoami"), "argv": .list(["whoami"]),
                                                "env": .list(["PATH=/usr/bin:/bin", "HISTFILE=/dev/null"])]) },
                 negative: { $0.sys("execve", ["path": .string("/usr/bin/whoami"), "argv": .list(["whoami"]),
                                                "env": .list(["PATH=/usr/bin:/bin", "HISTFILE=/home/user/.bash_history"])]) }),
        RuleCase(id: "timestomping",
                 positive: { $0.exec("/usr/bin/touch", argv: ["touch", "-acmr", "/bin/sh", "/tmp/x"]) },
                 negative: { $0.exec("/usr/bin/touch", argv: ["touch", "-c", "/tmp/x"]) }),
        RuleCase(id: "sets-system-clock",
                 positive: { $0.sys("clock_settime", [:], action: .denied) },
                 negative: { $0.exec("/usr/bin/date", argv: ["date", "+%m%d%H%M%Y"]) }),
        RuleCase(id: "file-permission-modification",
                 positive: { $0.exec("/usr/bin/chattr", argv: ["chattr", "+i", "/home/user/.ssh/authorized_keys"]) },
                 // Making one's own script executable is ordinary.
                 negative: { $0.exec("/usr/bin/chmod", argv: ["chmod", "755", "/home/user/Downloads/install.sh"]) }),
        RuleCase(id: "disables-security-tools",
                 positive: { $0.exec("/usr/bin/sudo", argv: ["sudo", "systemctl", "stop", "falcon-sensor.service"]) },
                 negative: { $0.exec("/usr/bin/systemctl", argv: ["systemctl", "stop", "nginx.service"]) }),
        RuleCase(id: "disables-firewall",
                 positive: { $0.exec("/usr/sbin/iptables", argv: ["iptables", "-F"]) },
                 // xargs -P (parallel jobs) is not an iptables policy.
                 negative: { t in
                     t.exec("/usr/sbin/iptables", argv: ["iptables", "-L", "-n"])
                     t.exec("/usr/bin/xargs", argv: ["xargs", "-P", "4", "-n", "1", "gzip"])
                 }),
        RuleCase(id: "tampers-with-logging-config",
                 positive: { $0.exec("/usr/bin/sed", argv: ["sed", "-i", "s/Storage=auto/Storage=none/", "/etc/systemd/journald.conf"]) },
                 negative: { $0.exec("/usr/bin/sed", argv: ["sed", "-n", "1p", "/etc/systemd/journald.conf"]) }),
        RuleCase(id: "impairs-kernel-defences",
                 positive: { $0.open("/proc/sys/kernel/randomize_va_space", "O_WRONLY|O_CREAT|O_TRUNC") },
                 negative: { $0.open("/proc/sys/kernel/randomize_va_space") }),
        RuleCase(id: "clears-logs-by-command",
                 positive: { $0.exec("/usr/bin/journalctl", argv: ["journalctl", "--vacuum-time=1s"]) },
                 negative: { $0.exec("/usr/bin/journalctl", argv: ["journalctl", "-n", "20"]) }),
        RuleCase(id: "decodes-data",
                 positive: { $0.exec("/usr/bin/base64", argv: ["base64", "-d"]) },
                 // Encoding, and xargs -d (a delimiter), are not decoding.
                 negative: { t in
                     t.exec("/usr/bin/base64", argv: ["base64", "-w", "0"])
                     t.exec("/usr/bin/xargs", argv: ["xargs", "-d", "\n", "rm"])
                 }),
        RuleCase(id: "decodes-and-runs",
                 positive: { $0.exec("/usr/bin/python3", argv: ["python3", "-c", "import base64;exec(base64.b64decode('cHJpbnQoMSk='))"]) },
                 negative: { $0.exec("/usr/bin/python3", argv: ["python3", "-c", "import base64;print(base64.b64decode('cHJpbnQoMSk='))"]) }),
        RuleCase(id: "compiles-after-delivery",
                 positive: { t in t.exec("/usr/bin/gcc", argv: ["gcc", "-o", "/tmp/x", "/tmp/x.c"]); t.file("/tmp/x", type: .elf); t.exec("/tmp/x") },
                 // Built but never run.
                 negative: { t in t.exec("/usr/bin/gcc", argv: ["gcc", "-o", "/tmp/x", "/tmp/x.c"]); t.file("/tmp/x", type: .elf) }),
        RuleCase(id: "installs-root-certificate",
                 positive: { $0.open("/usr/local/share/ca-certificates/corp-root.crt", "O_WRONLY|O_CREAT|O_EXCL") },
                 negative: { $0.open("/etc/ssl/certs/ca-certificates.crt") }),
        RuleCase(id: "secure-deletion",
                 positive: { $0.exec("/usr/bin/shred", argv: ["shred", "-u", "/tmp/x"]) },
                 negative: { $0.exec("/usr/bin/rm", argv: ["rm", "-f", "/tmp/x"]) }),
    ]
}
