#if os(Linux)
import Foundation
import Glibc

/// The guest's `sudo` (docs/guest.md, sudo): a lower layer above the image's /usr holds it as
/// `bin/sudo`. Run as the user, it asks the sudo broker (Shims/CSandbox/sudo.c) to run the command as
/// the sandbox's uid 0 and exits with its status; run as root it execs the command itself. It
/// behaves like a workstation's sudo with a passwordless rule for the user (`sudo -n`, `-u root`,
/// `-i`, `-s`, `-E`, `-l`, `-v`, `-k`, `-V`, `VAR=value`); another target user is refused as
/// sudo refuses what it cannot do. Python (the image's python3), as fd passing needs sendmsg.
enum SudoShim {
    static let version = "1"

    /// The layer's folder (cached per version), owned by the namespace's root like the image.
    static func layer(hostRoot: UInt32) throws -> String {
        let dir = EtcCache.cacheRoot() + "/usr-sudo/\(version)-\(hostRoot)"
        let fm = FileManager.default
        if fm.fileExists(atPath: dir + "/bin/sudo") { return dir }
        let tmp = dir + ".tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        try fm.createDirectory(atPath: tmp + "/bin", withIntermediateDirectories: true)
        try script(socket: Run.sudoSocketName).write(toFile: tmp + "/bin/sudo", atomically: false, encoding: .utf8)
        for (p, mode) in [(tmp, 0o755), (tmp + "/bin", 0o755), (tmp + "/bin/sudo", 0o755)] {
            chown(p, hostRoot, hostRoot)
            chmod(p, mode_t(mode))
        }
        try fm.createDirectory(atPath: (dir as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if rename(tmp, dir) != 0 {
            try? fm.removeItem(atPath: tmp)
            if !fm.fileExists(atPath: dir + "/bin/sudo") { throw SandboxError.host(operation: "rename \(dir)", errno: errno) }
        }
        return dir
    }

    static func script(socket: String) -> String {
        #"""
        #!/usr/bin/python3 -IS
        import os, pwd, socket, struct, sys

        SOCKET = "\0SOCKETNAME"
        SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        KEEP = ("TERM", "DISPLAY", "COLORTERM", "LANG", "LANGUAGE", "LINGUAS", "XAUTHORITY", "TZ", "PS1", "PS2", "COLORS", "LS_COLORS")

        def err(msg, code=1):
            sys.stderr.write("sudo: " + msg + "\n")
            sys.exit(code)

        def usage(code=1):
            sys.stderr.write("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n"
                             "usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]\n"
                             "usage: sudo [-ABbEHkNnPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]\n")
            sys.exit(code)

        def which(cmd):
            if "/" in cmd:
                return cmd if os.path.isfile(cmd) and os.access(cmd, os.X_OK) else None
            for d in SECURE_PATH.split(":"):
                p = os.path.join(d, cmd)
                if os.path.isfile(p) and os.access(p, os.X_OK):
                    return p
            return None

        def main(argv):
            uid = os.getuid()
            try:
                me = pwd.getpwuid(uid)
                name, gid = me.pw_name, me.pw_gid
            except KeyError:
                name, gid = str(uid), os.getgid()
            host = socket.gethostname()
            target, mode, login, shell, keep_env, chdir, background = "root", "run", False, False, False, None, False
            valued = {"u": "user", "g": "group", "C": "C", "D": "chdir", "h": "host", "p": "prompt", "R": "R", "T": "T", "U": "U"}
            longs = {"user": "u", "group": "g", "close-from": "C", "chdir": "D", "host": "h", "prompt": "p", "chroot": "R",
                     "command-timeout": "T", "other-user": "U"}
            flags = {"non-interactive": "n", "login": "i", "shell": "s", "preserve-env": "E", "list": "l", "validate": "v",
                     "reset-timestamp": "k", "remove-timestamp": "K", "version": "V", "help": "h", "stdin": "S", "background": "b",
                     "set-home": "H", "askpass": "A", "bell": "B", "preserve-groups": "P", "no-update": "N", "edit": "e"}
            opts = []
            i = 1
            while i < len(argv):
                a = argv[i]
                if a == "--":
                    i += 1
                    break
                if not a.startswith("-") or a == "-":
                    break
                if a.startswith("--"):
                    key, eq, val = a[2:].partition("=")
                    if key in longs:
                        if not eq:
                            i += 1
                            if i >= len(argv): usage()
                            val = argv[i]
                        opts.append((longs[key], val))
                    elif key in flags:
                        opts.append((flags[key], None))
                    else:
                        sys.stderr.write("sudo: unrecognized option '%s'\n" % a)
                        usage()
                else:
                    j = 1
                    while j < len(a):
                        c = a[j]
                        if c in valued:
                            val = a[j + 1:]
                            if not val:
                                i += 1
                                if i >= len(argv): usage()
                                val = argv[i]
                            opts.append((c, val))
                            break
                        opts.append((c, None))
                        j += 1
                i += 1
            rest = argv[i:]
            for c, val in opts:
                if c == "u": target = val
                elif c == "D": chdir = val
                elif c == "i": login = True
                elif c == "s": shell = True
                elif c == "E": keep_env = True
                elif c == "b": background = True
                elif c == "h" and val is None: usage(0)
                elif c in ("l", "v", "k", "K", "V", "e"): mode = c
            if mode == "V":
                sys.stdout.write("Sudo version 1.9.13p3\nSudoers policy plugin version 1.9.13p3\nSudoers file grammar version 50\n"
                                 "Sudoers I/O plugin version 1.9.13p3\nSudoers audit plugin version 1.9.13p3\n")
                return 0
            if mode in ("k", "K", "v") and not rest:
                return 0
            if mode == "e":
                err("sudoedit is not permitted here")
            if mode == "l":
                if rest:
                    p = which(rest[0])
                    if not p: return 1
                    print(" ".join([p] + rest[1:]))
                    return 0
                print("Matching Defaults entries for %s on %s:\n    env_reset, mail_badpass,\n"
                      "    secure_path=/usr/local/sbin\\:/usr/local/bin\\:/usr/sbin\\:/usr/bin\\:/sbin\\:/bin, use_pty\n\n"
                      "User %s may run the following commands on %s:\n    (ALL : ALL) ALL\n    (ALL : ALL) NOPASSWD: ALL" % (name, host, name, host))
                return 0
            if target not in ("root", "#0", "0"):
                try:
                    t = pwd.getpwnam(target[1:] if target.startswith("#") else target) if not target.lstrip("#").isdigit() else pwd.getpwuid(int(target.lstrip("#")))
                except (KeyError, ValueError):
                    err("unknown user %s" % target)
                if t.pw_uid != uid:
                    err("unable to change to runas uid: Operation not permitted")
            env = {}
            src = os.environ
            for k, v in src.items():
                if keep_env or k in KEEP or k.startswith("LC_"):
                    env[k] = v
            while rest and "=" in rest[0] and not rest[0].startswith("="):
                k, _, v = rest.pop(0).partition("=")
                env[k] = v
            env.update({"PATH": SECURE_PATH, "HOME": "/root", "LOGNAME": "root", "USER": "root", "SHELL": "/bin/bash",
                        "MAIL": "/var/mail/root", "SUDO_USER": name, "SUDO_UID": str(uid), "SUDO_GID": str(gid)})
            if login:
                path, args = "/bin/bash", (["-bash", "-c", " ".join(rest)] if rest else ["-bash"])
                chdir = chdir or "/root"
            elif shell:
                sh = os.environ.get("SHELL", "/bin/bash") if keep_env else "/bin/bash"
                path, args = sh, ([sh, "-c", " ".join(rest)] if rest else [sh])
            else:
                if not rest: usage()
                path = which(rest[0])
                if not path: err("%s: command not found" % rest[0])
                args = rest
            env["SUDO_COMMAND"] = " ".join([path] + args[1:])[:4096]
            if uid == 0:
                if chdir: os.chdir(chdir)
                os.execve(path, args, env)
            try:
                cwd = os.open(chdir or ".", os.O_RDONLY | os.O_DIRECTORY)
            except OSError as e:
                if chdir: err("unable to change directory to %s: %s" % (chdir, e.strerror))
                cwd = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
            fds = []
            for fd in (0, 1, 2):
                try:
                    os.fstat(fd)
                    fds.append(fd)
                except OSError:
                    fds.append(os.open(os.devnull, os.O_RDWR))
            if background and os.fork() != 0:
                return 0
            def b(s):
                return s.encode("utf-8", "surrogateescape") + b"\0"
            envl = ["%s=%s" % kv for kv in env.items()]
            payload = b"PSU1" + struct.pack("<II", len(args), len(envl)) + b"".join(b(x) for x in [path] + args + envl)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                s.connect(SOCKET)
                socket.send_fds(s, [payload], fds + [cwd])
                data = s.recv(4)
            except OSError as e:
                err("unable to execute %s: %s" % (path, e.strerror or e))
            if len(data) != 4:
                err("unable to execute %s: Input/output error" % path)
            status = struct.unpack("<i", data)[0]
            if status < 0:
                err("unable to execute %s: %s" % (path, os.strerror(-status)))
            if status & 0x7f:
                return 128 + (status & 0x7f)
            return (status >> 8) & 0xff

        sys.exit(main(sys.argv))

        """#.replacingOccurrences(of: "SOCKETNAME", with: socket)
    }
}
#endif
