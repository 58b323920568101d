/// The argument keys of syscall events: the one list producers (the syscall decoders) and the
/// rule loader share. A decoder emits only keys from here (a test enumerates every key any decoder
/// can emit), and a rule may name every key here (RecordSource.event's fields read `all`).
public enum ArgKey {
    public static let path = "path"            // absolute path (resolved against cwd or dirfd)
    public static let rawPath = "raw_path"      // path as the sample passed it, when it differs
    public static let newPath = "new_path"      // rename/link destination, symlink link path
    public static let target = "target"         // symlink target as given
    public static let fd = "fd"
    public static let fdPath = "fd_path"        // what an fd argument refers to
    public static let flags = "flags"           // symbolic, e.g. O_WRONLY|O_CREAT|O_TRUNC
    public static let mode = "mode"             // octal string, e.g. 0755
    public static let argv = "argv"
    public static let env = "env"               // selected environment entries
    public static let family = "family"         // AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, ...
    public static let type = "type"             // SOCK_STREAM, SOCK_DGRAM, ...
    public static let proto = "protocol"
    public static let address = "address"       // "ip:port" ("[v6]:port") or unix path
    public static let ip = "ip"
    public static let port = "port"
    public static let prot = "prot"             // PROT_READ|PROT_EXEC
    public static let length = "length"
    public static let addr = "addr"             // hex address
    public static let signal = "signal"
    public static let targetPid = "target_pid"
    public static let targetTid = "target_tid"  // tgkill's thread
    public static let request = "request"       // ptrace request, prctl option name, ioctl request
    public static let name = "name"
    public static let durationNs = "duration_ns"
    public static let clock = "clock"           // clock_nanosleep's clock id
    public static let uid = "uid"
    public static let gid = "gid"
    public static let ruid = "ruid", euid = "euid", suid = "suid"   // setreuid / setresuid
    public static let rgid = "rgid", egid = "egid", sgid = "sgid"   // setregid / setresgid
    public static let cloneFlags = "clone_flags"
    public static let hostname = "hostname"
    public static let bytes = "bytes"           // bytes length of a send
    public static let preview = "preview"       // first bytes of a send, escaped
    public static let messages = "messages"     // sendmmsg's message count
    public static let call = "call"             // an i386 socketcall number petri does not unwrap
    public static let arg2 = "arg2"             // prctl's second argument, for options without a decoder
    public static let persona = "persona"       // personality's argument, hex
    public static let code = "code"             // exit_group's status
    public static let source = "source"         // mount source
    public static let fstype = "fstype"         // mount filesystem type
    public static let cmd = "cmd"               // bpf command
    public static let operation = "operation"   // seccomp operation
    public static let mountFd = "mount_fd"      // open_by_handle_at's mount fd
    public static let resource = "resource"     // setrlimit / prlimit64: RLIMIT_*
    public static let soft = "soft"             // rlimit values, decimal or "unlimited"
    public static let hard = "hard"
    public static let errno = "errno"

    /// Every key above: what a rule on syscall events may name.
    public static let all: [String] = [
        path, rawPath, newPath, target, fd, fdPath, flags, mode, argv, env, family, type, proto, address, ip, port,
        prot, length, addr, signal, targetPid, targetTid, request, name, durationNs, clock, uid, gid, ruid, euid, suid,
        rgid, egid, sgid, cloneFlags, hostname, bytes, preview, messages, call, arg2, persona, code, source, fstype,
        cmd, operation, mountFd, resource, soft, hard, errno,
    ]
}
