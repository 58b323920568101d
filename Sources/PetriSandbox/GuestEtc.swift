#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

extension Run {
    func writeEtc(_ etc: String) throws {
        let p = policy
        func w(_ name: String, _ text: String, _ mode: Int = 0o644) throws {
            try text.write(toFile: etc + "/" + name, atomically: false, encoding: .utf8)
            try SandboxHost.chmod(etc + "/" + name, mode_t(mode))
        }
        try w("passwd", """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            bin:x:2:2:bin:/bin:/usr/sbin/nologin
            sys:x:3:3:sys:/dev:/usr/sbin/nologin
            www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            \(p.userName):x:\(p.uid):\(p.gid):\(p.userFullName),,,:\(p.home):/bin/bash

            """)
        try w("group", """
            root:x:0:
            daemon:x:1:
            bin:x:2:
            sys:x:3:
            adm:x:4:
            tty:x:5:
            sudo:x:27:\(p.userName)
            audio:x:29:\(p.userName)
            www-data:x:33:
            users:x:100:\(p.userName)
            \(Self.guestGroupLines(request.guestRoot, ["crontab"]))nogroup:x:65534:
            \(p.userName):x:\(p.gid):

            """)
        try w("hostname", p.hostname + "\n")
        // Every installed system has one (systemd and dbus write it at first boot); its absence is a
        // sandbox tell. Derived from the profile's identity: the same machine for the same profile.
        try w("machine-id", Self.machineID(p) + "\n", 0o444)
        try w("hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t\(p.hostname).\(p.domainname)\t\(p.hostname)\n::1\tlocalhost ip6-localhost ip6-loopback\n")
        try w("resolv.conf", "search \(p.domainname)\nnameserver \(p.resolverAddress)\n")
        try w("nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n")
        try w("shells", "/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n")
        let fm = FileManager.default
        // The guest image's /etc is the guest's own: all of it but the identity written above. The
        // host's: what ordinary programs read, copied (never bound) so nothing host-specific leaks.
        let source = (request.guestRoot ?? "") + "/etc/"
        let names = request.guestRoot == nil ? Self.hostEtcNames
            : ((try? fm.contentsOfDirectory(atPath: source)) ?? []).filter { !Self.identityEtcNames.contains($0) }.sorted()
        for name in names {
            let src = source + name
            var st = stat()
            guard lstat(src, &st) == 0 else { continue }
            let dst = etc + "/" + name
            if st.st_mode & S_IFMT == S_IFLNK {
                if let t = try? fm.destinationOfSymbolicLink(atPath: src) { try? fm.createSymbolicLink(atPath: dst, withDestinationPath: t) }
            } else if st.st_mode & S_IFMT == S_IFDIR {
                try? fm.createDirectory(atPath: dst, withIntermediateDirectories: true)
                if let items = fm.enumerator(atPath: src) {
                    while let rel = items.nextObject() as? String {
                        let s = src + "/" + rel, d = dst + "/" + rel
                        var ist = stat()
                        guard lstat(s, &ist) == 0 else { continue }
                        if ist.st_mode & S_IFMT == S_IFLNK, let t = try? fm.destinationOfSymbolicLink(atPath: s) {
                            try? fm.createSymbolicLink(atPath: d, withDestinationPath: t)
                        } else if ist.st_mode & S_IFMT == S_IFDIR {
                            try? fm.createDirectory(atPath: d, withIntermediateDirectories: true)
                        } else if ist.st_mode & S_IFMT == S_IFREG, ist.st_size < 4 << 20 {
                            try? fm.copyItem(atPath: s, toPath: d)
                        }
                    }
                }
            } else if st.st_mode & S_IFMT == S_IFREG {
                try? fm.copyItem(atPath: src, toPath: dst)
            }
        }
        if request.guestRoot != nil {
            try? fm.createDirectory(atPath: etc + "/sudoers.d", withIntermediateDirectories: true)
            try w("sudoers.d/90-" + p.userName, Self.sudoersRule(p), 0o440)
        }
    }

    /// The image's lines for these system groups (their numbers are the packages' choice), each
    /// ending in a newline; empty without an image.
    static func guestGroupLines(_ guestRoot: String?, _ names: Set<String>) -> String {
        guard let g = guestRoot, let text = try? String(contentsOfFile: g + "/etc/group", encoding: .utf8) else { return "" }
        return text.split(separator: "\n").filter { line in
            let f = line.split(separator: ":", omittingEmptySubsequences: false)
            return f.count >= 3 && names.contains(String(f[0])) && UInt32(f[2]) != nil
        }.map { $0 + "\n" }.joined()
    }

    static func guestGroupID(_ guestRoot: String?, _ name: String) -> UInt32? {
        guestGroupLines(guestRoot, [name]).split(separator: ":").dropFirst(2).first.flatMap { UInt32($0) }
    }

    /// The per-identity layer above the image's /var: the user's crontab in cron's spool, as
    /// `crontab -e` leaves it (owner the user, group crontab, 0600). The spool folder is 1733 rather
    /// than Debian's 1730: crontab(1) is set-gid crontab, which no_new_privs makes inert, and the
    /// user must still be able to list and replace their own crontab.
    func writeVar(_ dir: String, guestRoot: String) throws {
        let p = policy
        let fm = FileManager.default
        let spool = dir + "/spool/cron/crontabs"
        try fm.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let crontabGid = Self.guestGroupID(guestRoot, "crontab").map { p.hostIdBase + $0 } ?? p.hostIdBase
        for (path, mode, gid) in [(dir, 0o755, p.hostIdBase), (dir + "/spool", 0o755, p.hostIdBase), (dir + "/spool/cron", 0o755, p.hostIdBase),
                                  (spool, 0o1733, crontabGid)] {
            chown(path, p.hostIdBase, gid)
            chmod(path, mode_t(mode))
        }
        let file = spool + "/" + p.userName
        try Self.userCrontab(p).write(toFile: file, atomically: false, encoding: .utf8)
        chown(file, p.hostUid, crontabGid)
        chmod(file, 0o600)
    }

    /// A workstation user's crontab: a nightly backup of the documents and a weekly cleanup of the
    /// downloads (benign), with the header crontab(1) writes.
    static func userCrontab(_ p: SandboxPolicy) -> String {
        """
        # DO NOT EDIT THIS FILE - edit the master and reinstall.
        # (/tmp/crontab.Xq81Zc installed on Tue Oct 14 09:12:40 2025)
        # (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)
        # Edit this file to introduce tasks to be run by cron.
        #
        # m h  dom mon dow   command
        30 12 * * 1-5 tar -czf \(p.home)/.cache/documents-backup.tar.gz -C \(p.home) Documents 2>/dev/null
        0 9 * * 1 find \(p.home)/Downloads -name '*.part' -mtime +7 -delete

        """
    }

    /// The user's passwordless sudo rule (what `sudo -l` shows; docs/guest.md, Samples that need root).
    static func sudoersRule(_ p: SandboxPolicy) -> String {
        "# Added by the installer for the first user.\n\(p.userName) ALL=(ALL:ALL) NOPASSWD: ALL\n"
    }

    /// 32 lowercase hex digits (machine-id(5)) from the profile's host and user identity.
    static func machineID(_ p: SandboxPolicy) -> String {
        let key = Array([p.hostname, p.domainname, p.userName, p.userFullName].joined(separator: "\u{1}").utf8)
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return h
        }
        return [fnv(0xcbf29ce484222325), fnv(0x84222325cbf29ce4)].map { v in
            let hex = String(v, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    static let hostEtcNames = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "alternatives", "os-release",
                               "debian_version", "profile", "profile.d", "bash.bashrc", "inputrc", "issue", "host.conf", "protocols",
                               "services", "networks", "ssl", "ca-certificates.conf", "mime.types", "login.defs", "environment", "python3",
                               "python3.11", "perl", "magic", "mailcap", "gai.conf", "locale.alias", "manpath.config", "skel", "wgetrc", "xdg"]
    /// Written per profile above, or per run; never taken from the image.
    static let identityEtcNames: Set<String> = ["passwd", "group", "shadow", "gshadow", "passwd-", "group-", "shadow-", "gshadow-",
                                                "hostname", "hosts", "resolv.conf", "nsswitch.conf", "shells", "machine-id", "subuid", "subgid"]
}

/// The sanitized /etc depends only on the policy's identity fields: built once into a cache folder
/// (atomically, by rename) and bound read-only into every run.
enum EtcCache {
    static let version = "4"  // 3: machine-id; 4: the image's crontab group, sudoers.d for the user
    static let lock = NSLock()

    /// `kind`: the folder it is for (etc, var), `marker`: the file whose presence means it is complete.
    static func directory(for p: SandboxPolicy, guestRoot: String? = nil, kind: String = "etc", marker: String = "passwd",
                          build: (String) throws -> Void) throws -> String {
        let key = [version, p.hostname, p.domainname, p.userName, p.userFullName, "\(p.uid)", "\(p.gid)", p.home, p.resolverAddress,
                   "\(p.hostIdBase)"]
            .joined(separator: "\u{1}") + (guestRoot.map { "\u{1}guest:" + $0 } ?? "")
        var h: UInt64 = 0xcbf29ce484222325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let base = cacheRoot() + "/" + kind
        let dir = base + "/" + String(h, radix: 16)
        lock.lock(); defer { lock.unlock() }
        if FileManager.default.fileExists(atPath: dir + "/" + marker) { return dir }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let tmp = base + "/.tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        do {
            try SandboxHost.chmod(tmp, 0o755)
            try build(tmp)
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        if rename(tmp, dir) != 0 {
            try? FileManager.default.removeItem(atPath: tmp)
            if !FileManager.default.fileExists(atPath: dir + "/" + marker) { throw SandboxError.host(operation: "rename \(dir)", errno: errno) }
        }
        return dir
    }

    static func cacheRoot() -> String {
        let env = ProcessInfo.processInfo.environment
        if let c = env["PETRI_CACHE"], !c.isEmpty { return c }
        // The sandbox's own root (an unprivileged host uid) must be able to traverse the path.
        if getuid() == 0 { return "/var/cache/petri" }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/petri" }
        return (env["HOME"] ?? "/tmp") + "/.cache/petri"
    }
}
#endif
