#if os(Linux)
import CSandbox
import Glibc
import PetriModel

/// Reads a blocked target's memory and registers into decoded arguments. Everything read from
/// memory is a record of what the supervisor saw (TOCTOU applies); no decision is made on it.
///
/// Two ways to use it. `decode(name:)` before the answer reads and renders in one go (syscalls whose
/// record needs structs, argv or sockaddrs). For syscalls with a `CaptureSpec` (paths, fd links),
/// `capture(_:)` reads the raw values while the task is blocked, `seal()` follows the answer, and
/// `decode(name:)` then renders from what was captured: after `seal()` nothing is read from the
/// sample or its /proc entries, so the record shows what the call saw, not what followed it.
final class SyscallDecoder {
    let hostTid: pid_t
    let arch: SyscallArch
    let args: [UInt64]
    /// Set once target memory was read: only then must NOTIF_ID_VALID confirm the reads.
    var touchedMemory = false
    /// Reusable read buffer (the notify thread's), so a path read allocates only its String.
    private let scratch: UnsafeMutableRawBufferPointer?
    private enum Key: Equatable { case string(UInt64, Int), cwd, fd(Int32) }
    private var captured: [(key: Key, value: String?)] = []
    private var capturing = false
    private var sealed = false

    init(hostTid: pid_t, arch: SyscallArch, args: [UInt64], scratch: UnsafeMutableRawBufferPointer? = nil) {
        self.hostTid = hostTid; self.arch = arch; self.args = args; self.scratch = scratch
    }

    var pointerSize: Int { arch == .x86_64 ? 8 : 4 }

    func arg(_ i: Int) -> UInt64 { arch == .x86_64 ? args[i] : args[i] & 0xffff_ffff }
    func int32Arg(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: args[i]) }

    // MARK: capture before the answer, render after it

    /// Reads what `decode(name:)` will need for a syscall described by `spec`.
    func capture(_ spec: CaptureSpec) {
        capturing = true
        defer { capturing = false }
        for p in spec.paths {
            if let raw = string(at: arg(p.arg)), !raw.hasPrefix("/") { _ = base(dirfd: p.dirfd.map(int32Arg) ?? -100) }
        }
        if let f = spec.fd { _ = fdPath(int32Arg(f)) }
    }

    /// From now on only captured values are used; nothing else is read.
    func seal() { sealed = true }

    private func remembered(_ key: Key, _ read: () -> String?) -> String? {
        if let hit = captured.first(where: { $0.key == key }) { return hit.value }
        if sealed { return nil }
        let v = read()
        if capturing { captured.append((key, v)) }
        return v
    }

    // MARK: memory

    func string(at addr: UInt64, cap: Int = 4096) -> String? {
        if addr == 0 { return nil }
        return remembered(.string(addr, cap)) { readString(at: addr, cap: cap) }
    }

    private func readString(at addr: UInt64, cap: Int) -> String? {
        touchedMemory = true
        func read(_ buf: UnsafeMutableRawBufferPointer) -> String? {
            var len = 0, truncated: Int32 = 0
            let p = buf.baseAddress!.assumingMemoryBound(to: CChar.self)
            if sbx_read_string(hostTid, addr, p, cap, &len, &truncated) != 0 { return nil }
            let s = ByteText.display(UnsafeRawBufferPointer(start: buf.baseAddress, count: len))
            return truncated != 0 ? s + "…" : s
        }
        if let scratch, scratch.count >= cap { return read(scratch) }
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: cap, alignment: 1)
        defer { buf.deallocate() }
        return read(buf)
    }

    func bytes(at addr: UInt64, count: Int) -> [UInt8]? {
        if addr == 0 || count <= 0 || sealed { return nil }
        touchedMemory = true
        var buf = [UInt8](repeating: 0, count: count)
        var got = 0
        let e = buf.withUnsafeMutableBytes { sbx_read_memory(hostTid, addr, $0.baseAddress, count, &got) }
        if e != 0 || got == 0 { return nil }
        return Array(buf.prefix(got))
    }

    func pointer(at addr: UInt64) -> UInt64? {
        guard let b = bytes(at: addr, count: pointerSize), b.count == pointerSize else { return nil }
        var v: UInt64 = 0
        for (i, byte) in b.enumerated() { v |= UInt64(byte) << (8 * UInt64(i)) }
        return v
    }

    func stringArray(at addr: UInt64, max: Int, keep: ((String) -> Bool)? = nil) -> [String] {
        var out: [String] = []
        if addr == 0 { return out }
        var i = 0
        while i < max {
            guard let p = pointer(at: addr + UInt64(i * pointerSize)), p != 0 else { break }
            if let s = string(at: p, cap: 4096) {
                if keep == nil || keep!(s) { out.append(s) }
            }
            i += 1
        }
        return out
    }

    // MARK: paths

    static func readlink(_ path: String) -> String? {
        var buf = [CChar](repeating: 0, count: 4097)
        let n = Glibc.readlink(path, &buf, 4096)
        if n < 0 { return nil }
        return buf.withUnsafeBytes { ByteText.display(UnsafeRawBufferPointer(rebasing: $0.prefix(n))) }
    }

    func cwd() -> String? { remembered(.cwd) { Self.readlink("/proc/\(hostTid)/cwd") } }

    func fdPath(_ fd: Int32) -> String? { fd < 0 ? nil : remembered(.fd(fd)) { Self.readlink("/proc/\(hostTid)/fd/\(fd)") } }

    /// What a relative path is resolved against: the cwd (AT_FDCWD) or the directory fd's link.
    func base(dirfd: Int32) -> String? { dirfd == -100 ? cwd() : fdPath(dirfd) }

    /// Absolute path for a (dirfd, path) pair, resolved against cwd or dirfd; "." and ".." folded.
    func resolve(_ raw: String, dirfd: Int32 = -100) -> String {
        if raw.hasPrefix("/") { return Self.normalize(raw) }
        guard let b = base(dirfd: dirfd) else { return raw }
        if raw.isEmpty { return b }
        return Self.normalize(b + "/" + raw)
    }

    static func normalize(_ path: String) -> String {
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for comp in path.split(separator: "/", omittingEmptySubsequences: true) {
            if comp == "." { continue }
            if comp == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(comp)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// True when `normalize` would return `path` unchanged: absolute, no empty, "." or ".." component,
    /// no trailing slash (the common case, checked without splitting).
    static func isNormal(_ path: String) -> Bool {
        var utf8 = path.utf8.makeIterator()
        guard utf8.next() == 0x2f else { return false }
        var compLen = 0, dots = 0
        while let c = utf8.next() {
            if c == 0x2f {
                if compLen == 0 || dots == compLen && compLen <= 2 { return false }
                compLen = 0; dots = 0
            } else {
                compLen += 1
                if c == 0x2e { dots += 1 }
            }
        }
        if path.utf8.count == 1 { return true }
        return compLen > 0 && !(dots == compLen && compLen <= 2)
    }

    // MARK: sockaddr

    struct SockAddr { var family: String; var address: String; var ip: String?; var port: Int? }

    func sockaddr(at addr: UInt64, length: UInt64) -> SockAddr? {
        let len = Int(min(length, 128))
        guard len >= 2, let b = bytes(at: addr, count: len), b.count >= 2 else { return nil }
        return Self.parseSockaddr(b)
    }

    static func parseSockaddr(_ b: [UInt8]) -> SockAddr? {
        guard b.count >= 2 else { return nil }
        let fam = UInt64(b[0]) | UInt64(b[1]) << 8
        switch fam {
        case 2 where b.count >= 8:
            let port = Int(b[2]) << 8 | Int(b[3])
            let ip = "\(b[4]).\(b[5]).\(b[6]).\(b[7])"
            return SockAddr(family: "AF_INET", address: "\(ip):\(port)", ip: ip, port: port)
        case 10 where b.count >= 24:
            let port = Int(b[2]) << 8 | Int(b[3])
            let ip = ipv6String(Array(b[8..<24]))
            return SockAddr(family: "AF_INET6", address: "[\(ip)]:\(port)", ip: ip, port: port)
        case 1:
            let raw = Array(b.dropFirst(2))
            if raw.first == 0 {
                let name = raw.dropFirst().prefix(while: { $0 != 0 })
                return SockAddr(family: "AF_UNIX", address: "@" + String(decoding: name, as: UTF8.self))
            }
            let name = raw.prefix(while: { $0 != 0 })
            return SockAddr(family: "AF_UNIX", address: String(decoding: name, as: UTF8.self))
        case 16:
            return SockAddr(family: "AF_NETLINK", address: "netlink")
        default:
            return SockAddr(family: Flags.family(fam), address: Flags.family(fam))
        }
    }

    static func ipv6String(_ b: [UInt8]) -> String {
        // v4-mapped
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {
            return "::ffff:\(b[12]).\(b[13]).\(b[14]).\(b[15])"
        }
        var groups: [UInt16] = []
        for i in stride(from: 0, to: 16, by: 2) { groups.append(UInt16(b[i]) << 8 | UInt16(b[i + 1])) }
        // longest run of zeros → "::"
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLen && j - i > 1 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        func hex(_ g: ArraySlice<UInt16>) -> String { g.map { String($0, radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(groups[0..<8]) }
        return hex(groups[0..<bestStart]) + "::" + hex(groups[(bestStart + bestLen)..<8])
    }

    static func preview(_ b: [UInt8]) -> String {
        var s = ""
        for c in b {
            if c >= 0x20 && c < 0x7f && c != 0x5c { s.append(Character(UnicodeScalar(c))) }
            else if c == 0x5c { s += "\\\\" }
            else if c == 0x0a { s += "\\n" }
            else if c == 0x0d { s += "\\r" }
            else { s += "\\x" + (c < 16 ? "0" : "") + String(c, radix: 16) }
        }
        return s
    }

    // MARK: decode

    static let keptEnv: Set<String> = ["PATH", "HOME", "USER", "SHELL", "PWD", "LANG", "TERM", "DISPLAY", "TMPDIR"]

    /// Decodes `name`'s arguments. Socketcall (i386) is unwrapped into the call it multiplexes.
    func decode(name: String) -> (name: String, args: [String: ArgValue]) {
        var a = [String: ArgValue](minimumCapacity: 6)  // no regrowth while the usual 1-5 keys go in
        func path(_ idx: Int, dirfd: Int32 = -100, key: String = ArgKey.path) {
            if let raw = string(at: arg(idx)) {
                let abs = resolve(raw, dirfd: dirfd)
                a[key] = .string(abs)
                if abs != raw && key == ArgKey.path { a[ArgKey.rawPath] = .string(raw) }
            }
        }
        switch name {
        case "open", "creat":
            path(0)
            if name == "open" { a[ArgKey.flags] = .string(Flags.openFlags(arg(1))); a[ArgKey.mode] = .string(Flags.mode(arg(2))) }
            else { a[ArgKey.flags] = .string("O_WRONLY|O_CREAT|O_TRUNC"); a[ArgKey.mode] = .string(Flags.mode(arg(1))) }
        case "openat":
            path(1, dirfd: int32Arg(0))
            a[ArgKey.flags] = .string(Flags.openFlags(arg(2)))
            if arg(2) & 0o100 != 0 { a[ArgKey.mode] = .string(Flags.mode(arg(3))) }
        case "openat2":
            path(1, dirfd: int32Arg(0))
            if let how = bytes(at: arg(2), count: 24), how.count >= 16 {
                var f: UInt64 = 0, m: UInt64 = 0
                for i in 0..<8 { f |= UInt64(how[i]) << (8 * UInt64(i)); m |= UInt64(how[8 + i]) << (8 * UInt64(i)) }
                a[ArgKey.flags] = .string(Flags.openFlags(f))
                if f & 0o100 != 0 { a[ArgKey.mode] = .string(Flags.mode(m)) }
            }
        case "execve":
            path(0)
            a[ArgKey.argv] = .list(stringArray(at: arg(1), max: 256))
            let env = stringArray(at: arg(2), max: 512) { s in
                let key = s.split(separator: "=", maxSplits: 1).first.map(String.init) ?? s
                return key.hasPrefix("LD_") || Self.keptEnv.contains(key)
            }
            if !env.isEmpty { a[ArgKey.env] = .list(env) }
        case "execveat":
            let fd = int32Arg(0)
            let raw = string(at: arg(1)) ?? ""
            if raw.isEmpty { a[ArgKey.fd] = .int(Int64(fd)); if let p = fdPath(fd) { a[ArgKey.fdPath] = .string(p); a[ArgKey.path] = .string(p) } }
            else { a[ArgKey.path] = .string(resolve(raw, dirfd: fd)) }
            a[ArgKey.argv] = .list(stringArray(at: arg(2), max: 256))
        case "unlink", "rmdir", "chdir", "truncate", "truncate64", "uselib", "acct", "swapon", "swapoff", "chroot":
            path(0)
        case "mkdir": path(0); a[ArgKey.mode] = .string(Flags.mode(arg(1)))
        case "mkdirat": path(1, dirfd: int32Arg(0)); a[ArgKey.mode] = .string(Flags.mode(arg(2)))
        case "unlinkat": path(1, dirfd: int32Arg(0)); if arg(2) & 0x200 != 0 { a[ArgKey.flags] = .string("AT_REMOVEDIR") }
        case "rename", "link":
            path(0); path(1, key: ArgKey.newPath)
        case "renameat", "renameat2", "linkat":
            path(1, dirfd: int32Arg(0)); path(3, dirfd: int32Arg(2), key: ArgKey.newPath)
        case "symlink":
            if let t = string(at: arg(0)) { a[ArgKey.target] = .string(t) }
            path(1, key: ArgKey.newPath)
        case "symlinkat":
            if let t = string(at: arg(0)) { a[ArgKey.target] = .string(t) }
            path(2, dirfd: int32Arg(1), key: ArgKey.newPath)
        case "chmod": path(0); a[ArgKey.mode] = .string(Flags.mode(arg(1)))
        case "fchmodat": path(1, dirfd: int32Arg(0)); a[ArgKey.mode] = .string(Flags.mode(arg(2)))
        case "fchmod":
            a[ArgKey.fd] = .int(Int64(int32Arg(0))); if let p = fdPath(int32Arg(0)) { a[ArgKey.path] = .string(p) }
            a[ArgKey.mode] = .string(Flags.mode(arg(1)))
        case "chown", "lchown", "chown32", "lchown32":
            path(0); a[ArgKey.uid] = .int(Int64(int32Arg(1))); a[ArgKey.gid] = .int(Int64(int32Arg(2)))
        case "fchownat":
            path(1, dirfd: int32Arg(0)); a[ArgKey.uid] = .int(Int64(int32Arg(2))); a[ArgKey.gid] = .int(Int64(int32Arg(3)))
        case "fchown", "fchown32", "ftruncate", "fchdir":
            a[ArgKey.fd] = .int(Int64(int32Arg(0))); if let p = fdPath(int32Arg(0)) { a[ArgKey.path] = .string(p) }
        case "socket":
            a[ArgKey.family] = .string(Flags.family(arg(0))); a[ArgKey.type] = .string(Flags.sockType(arg(1)))
            a[ArgKey.proto] = .int(Int64(int32Arg(2)))
        case "connect", "bind":
            a[ArgKey.fd] = .int(Int64(int32Arg(0)))
            addSockaddr(&a, addr: arg(1), len: arg(2))
            addSocketKind(&a, fd: int32Arg(0))
        case "listen":
            a[ArgKey.fd] = .int(Int64(int32Arg(0)))
            addSocketKind(&a, fd: int32Arg(0))
        case "sendto":
            a[ArgKey.fd] = .int(Int64(int32Arg(0)))
            a[ArgKey.bytes] = .int(Int64(bitPattern: arg(2)))
            if let b = bytes(at: arg(1), count: Int(min(arg(2), 256))) { a[ArgKey.preview] = .string(Self.preview(b)) }
            if arg(4) != 0 { addSockaddr(&a, addr: arg(4), len: arg(5)) }
            addSocketKind(&a, fd: int32Arg(0))
        case "sendmsg":
            a[ArgKey.fd] = .int(Int64(int32Arg(0)))
            decodeMsghdr(&a, addr: arg(1))
            addSocketKind(&a, fd: int32Arg(0))
        case "sendmmsg":
            a[ArgKey.fd] = .int(Int64(int32Arg(0)))
            decodeMsghdr(&a, addr: arg(1))
            a["messages"] = .int(Int64(bitPattern: arg(2)))
            addSocketKind(&a, fd: int32Arg(0))
        case "socketcall":
            return decodeSocketcall()
        case "clone", "unshare":
            a[ArgKey.cloneFlags] = .string(Flags.cloneFlags(arg(0)))
        case "kill", "tkill":
            a[ArgKey.targetPid] = .int(Int64(int32Arg(0))); a[ArgKey.signal] = .string(Flags.signalName(int32Arg(1)))
        case "tgkill":
            a[ArgKey.targetPid] = .int(Int64(int32Arg(0))); a["target_tid"] = .int(Int64(int32Arg(1)))
            a[ArgKey.signal] = .string(Flags.signalName(int32Arg(2)))
        case "ioctl":
            a[ArgKey.fd] = .int(Int64(int32Arg(0)))
            let req = arg(1) & 0xffff_ffff
            a[ArgKey.request] = .string(SyscallCatalog.deniedIoctls.first { $0.request == req }?.name ?? "0x" + String(req, radix: 16))
        case "ptrace":
            a[ArgKey.request] = .string(Flags.ptraceRequest(arg(0)))
            if arg(0) != 0 { a[ArgKey.targetPid] = .int(Int64(int32Arg(1))) }
        case "prctl":
            a[ArgKey.request] = .string(Flags.prctlOption(arg(0)))
            if arg(0) == 15, let n = string(at: arg(1), cap: 17) { a[ArgKey.name] = .string(n) }
            else { a["arg2"] = .int(Int64(bitPattern: arg(1))) }
        case "personality":
            a["persona"] = .string("0x" + String(arg(0), radix: 16))
        case "mmap", "mmap2":
            a[ArgKey.addr] = .string("0x" + String(arg(0), radix: 16)); a[ArgKey.length] = .int(Int64(bitPattern: arg(1)))
            a[ArgKey.prot] = .string(Flags.prot(arg(2))); a[ArgKey.flags] = .string(Flags.mmapFlags(arg(3)))
            let fd = int32Arg(4)
            if fd >= 0 { a[ArgKey.fd] = .int(Int64(fd)); if let p = fdPath(fd) { a[ArgKey.fdPath] = .string(p) } }
        case "mprotect", "pkey_mprotect":
            a[ArgKey.addr] = .string("0x" + String(arg(0), radix: 16)); a[ArgKey.length] = .int(Int64(bitPattern: arg(1)))
            a[ArgKey.prot] = .string(Flags.prot(arg(2)))
        case "memfd_create":
            if let n = string(at: arg(0), cap: 256) { a[ArgKey.name] = .string(n) }
            a[ArgKey.flags] = .string(Flags.render(arg(1), [(1, "MFD_CLOEXEC"), (2, "MFD_ALLOW_SEALING"), (4, "MFD_HUGETLB"), (8, "MFD_NOEXEC_SEAL"), (16, "MFD_EXEC")]))
        case "nanosleep":
            if let ns = timespec(at: arg(0)) { a[ArgKey.durationNs] = .int(ns) }
        case "clock_nanosleep", "clock_nanosleep_time64":
            a["clock"] = .int(Int64(int32Arg(0)))
            if arg(1) & 1 != 0 { a[ArgKey.flags] = .string("TIMER_ABSTIME") }
            if let ns = timespec(at: arg(2), time64: name.hasSuffix("time64")) { a[ArgKey.durationNs] = .int(ns) }
        case "sethostname", "setdomainname":
            if let b = bytes(at: arg(0), count: Int(min(arg(1), 256))) { a[ArgKey.hostname] = .string(String(decoding: b, as: UTF8.self)) }
        case "setuid", "setuid32", "setfsuid": a[ArgKey.uid] = .int(Int64(int32Arg(0)))
        case "setgid", "setgid32", "setfsgid": a[ArgKey.gid] = .int(Int64(int32Arg(0)))
        case "setreuid", "setreuid32", "setresuid", "setresuid32":
            a["ruid"] = .int(Int64(int32Arg(0))); a["euid"] = .int(Int64(int32Arg(1)))
            if name.hasPrefix("setres") { a["suid"] = .int(Int64(int32Arg(2))) }
        case "setregid", "setregid32", "setresgid", "setresgid32":
            a["rgid"] = .int(Int64(int32Arg(0))); a["egid"] = .int(Int64(int32Arg(1)))
            if name.hasPrefix("setres") { a["sgid"] = .int(Int64(int32Arg(2))) }
        case "exit_group": a["code"] = .int(Int64(int32Arg(0)))
        case "mount":
            if let s = string(at: arg(0), cap: 256) { a["source"] = .string(s) }
            path(1)
            if let t = string(at: arg(2), cap: 64) { a["fstype"] = .string(t) }
        case "umount", "umount2": path(0)
        case "pivot_root": path(0); path(1, key: ArgKey.newPath)
        case "setns": a[ArgKey.fd] = .int(Int64(int32Arg(0))); if let p = fdPath(int32Arg(0)) { a[ArgKey.fdPath] = .string(p) }
        case "init_module", "delete_module":
            if name == "delete_module", let n = string(at: arg(0), cap: 64) { a[ArgKey.name] = .string(n) }
        case "finit_module", "kexec_file_load":
            a[ArgKey.fd] = .int(Int64(int32Arg(0))); if let p = fdPath(int32Arg(0)) { a[ArgKey.path] = .string(p) }
        case "bpf": a["cmd"] = .int(Int64(int32Arg(0)))
        case "seccomp": a["operation"] = .int(Int64(int32Arg(0)))
        case "process_vm_writev", "process_vm_readv": a[ArgKey.targetPid] = .int(Int64(int32Arg(0)))
        case "open_by_handle_at", "name_to_handle_at":
            if name == "name_to_handle_at" { path(1, dirfd: int32Arg(0)) } else { a["mount_fd"] = .int(Int64(int32Arg(0))) }
        case "setrlimit", "prlimit64":
            let res = name == "setrlimit" ? arg(0) : arg(1)
            a["resource"] = .string(rlimitName(res))
            if name == "prlimit64" { a[ArgKey.targetPid] = .int(Int64(int32Arg(0))) }
            let ptr = name == "setrlimit" ? arg(1) : arg(2)
            if ptr != 0, let b = bytes(at: ptr, count: 16), b.count == 16 {
                var cur: UInt64 = 0, max: UInt64 = 0
                for i in 0..<8 { cur |= UInt64(b[i]) << (8 * UInt64(i)); max |= UInt64(b[8 + i]) << (8 * UInt64(i)) }
                a["soft"] = .string(cur == UInt64.max ? "unlimited" : String(cur))
                a["hard"] = .string(max == UInt64.max ? "unlimited" : String(max))
            }
        default:
            break
        }
        return (name, a)
    }

    func rlimitName(_ r: UInt64) -> String {
        let n = [0: "RLIMIT_CPU", 1: "RLIMIT_FSIZE", 2: "RLIMIT_DATA", 3: "RLIMIT_STACK", 4: "RLIMIT_CORE", 5: "RLIMIT_RSS",
                 6: "RLIMIT_NPROC", 7: "RLIMIT_NOFILE", 8: "RLIMIT_MEMLOCK", 9: "RLIMIT_AS"]
        return (r < 64 ? n[Int(r)] : nil) ?? "RLIMIT_\(r)"
    }

    func timespec(at addr: UInt64, time64: Bool = false) -> Int64? {
        let wide = arch == .x86_64 || time64
        let size = wide ? 16 : 8
        guard let b = bytes(at: addr, count: size), b.count == size else { return nil }
        func le(_ off: Int, _ n: Int) -> Int64 {
            var v: UInt64 = 0
            for i in 0..<n { v |= UInt64(b[off + i]) << (8 * UInt64(i)) }
            return n == 4 ? Int64(Int32(truncatingIfNeeded: v)) : Int64(bitPattern: v)
        }
        let sec = wide ? le(0, 8) : le(0, 4)
        let nsec = wide ? le(8, 8) : le(4, 4)
        let (m, o) = sec.multipliedReportingOverflow(by: 1_000_000_000)
        if o { return Int64.max }
        let (s, o2) = m.addingReportingOverflow(nsec)
        return o2 ? Int64.max : s
    }

    func addSockaddr(_ a: inout [String: ArgValue], addr: UInt64, len: UInt64) {
        guard let sa = sockaddr(at: addr, length: len) else { return }
        a[ArgKey.family] = .string(sa.family)
        a[ArgKey.address] = .string(sa.address)
        if let ip = sa.ip { a[ArgKey.ip] = .string(ip) }
        if let p = sa.port { a[ArgKey.port] = .int(Int64(p)) }
    }

    /// socket:[inode] → protocol from /proc/PID/net (cheap: only the fd link, the type via getsockopt isn't reachable).
    func addSocketKind(_ a: inout [String: ArgValue], fd: Int32) {
        if let p = fdPath(fd) { a[ArgKey.fdPath] = .string(p) }
    }

    func decodeMsghdr(_ a: inout [String: ArgValue], addr: UInt64) {
        let ps = pointerSize
        let size = ps == 8 ? 56 : 28
        guard let b = bytes(at: addr, count: size), b.count == size else { return }
        func word(_ off: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<ps { v |= UInt64(b[off + i]) << (8 * UInt64(i)) }
            return v
        }
        let name = word(0)
        let namelen = word(ps) & 0xffff_ffff
        let iov = ps == 8 ? word(16) : word(8)
        let iovlen = ps == 8 ? word(24) : word(12)
        if name != 0 { addSockaddr(&a, addr: name, len: namelen) }
        if iov != 0 && iovlen > 0, let iv = bytes(at: iov, count: 2 * ps), iv.count == 2 * ps {
            var base: UInt64 = 0, len: UInt64 = 0
            for i in 0..<ps { base |= UInt64(iv[i]) << (8 * UInt64(i)); len |= UInt64(iv[ps + i]) << (8 * UInt64(i)) }
            a[ArgKey.bytes] = .int(Int64(bitPattern: len))
            if let data = bytes(at: base, count: Int(min(len, 256))) { a[ArgKey.preview] = .string(Self.preview(data)) }
        }
    }

    /// i386 socketcall's call numbers (argument 0) → the call's name and its argument count.
    static let socketcalls: [UInt64: (name: String, argc: Int)] = [
        1: ("socket", 3), 2: ("bind", 3), 3: ("connect", 3), 4: ("listen", 2), 5: ("accept", 3), 8: ("socketpair", 4),
        9: ("send", 4), 11: ("sendto", 6), 16: ("sendmsg", 3), 20: ("sendmmsg", 4),
    ]

    /// The name a socketcall is recorded under (send is recorded as sendto), from its register only.
    static func socketcallName(_ call: UInt64) -> String {
        guard let n = socketcalls[call]?.name else { return "socketcall" }
        return n == "send" ? "sendto" : n
    }

    /// i386 socketcall(call, args*): unwrap into the multiplexed call's name and arguments.
    func decodeSocketcall() -> (name: String, args: [String: ArgValue]) {
        let call = arg(0)
        guard let n = Self.socketcalls[call]?.argc else { return ("socketcall", ["call": .int(Int64(call))]) }
        let recorded = Self.socketcallName(call)
        guard let raw = bytes(at: arg(1), count: 4 * n), raw.count == 4 * n else { return (recorded, [:]) }
        var inner = [UInt64](repeating: 0, count: 6)
        for i in 0..<n {
            inner[i] = UInt64(raw[4 * i]) | UInt64(raw[4 * i + 1]) << 8 | UInt64(raw[4 * i + 2]) << 16 | UInt64(raw[4 * i + 3]) << 24
        }
        let d = SyscallDecoder(hostTid: hostTid, arch: arch, args: inner, scratch: scratch)
        defer { touchedMemory = true }
        return (recorded, d.decode(name: recorded).args)
    }
}

/// What a syscall's record reads from the sample when that is only paths and fd links: the
/// supervisor reads these before answering and renders the record after. Syscalls without a spec
/// (argv, sockaddrs, structs) are decoded in full before the answer.
struct CaptureSpec: Sendable, Equatable {
    struct PathArg: Sendable, Equatable { var arg: Int; var dirfd: Int? }
    var paths: [PathArg] = []
    /// An fd argument whose /proc link the record shows.
    var fd: Int? = nil

    /// Must match what `SyscallDecoder.decode(name:)` reads for `name` (a test checks they agree).
    static func of(_ name: String) -> CaptureSpec? {
        func path(_ arg: Int, dirfd: Int? = nil) -> PathArg { PathArg(arg: arg, dirfd: dirfd) }
        switch name {
        case "open", "creat", "unlink", "rmdir", "chdir", "truncate", "truncate64", "uselib", "acct", "swapon", "swapoff",
             "chroot", "mkdir", "chmod", "chown", "lchown", "chown32", "lchown32", "umount", "umount2":
            return CaptureSpec(paths: [path(0)])
        case "openat", "mkdirat", "unlinkat", "fchmodat", "fchownat", "name_to_handle_at":
            return CaptureSpec(paths: [path(1, dirfd: 0)])
        case "rename", "link", "pivot_root":
            return CaptureSpec(paths: [path(0), path(1)])
        case "renameat", "renameat2", "linkat":
            return CaptureSpec(paths: [path(1, dirfd: 0), path(3, dirfd: 2)])
        case "fchmod", "fchown", "fchown32", "ftruncate", "fchdir", "listen", "setns", "finit_module", "kexec_file_load":
            return CaptureSpec(fd: 0)
        case "mmap", "mmap2":
            return CaptureSpec(fd: 4)
        case "socket", "clone", "unshare", "kill", "tkill", "tgkill", "ioctl", "ptrace", "personality", "mprotect",
             "pkey_mprotect", "setuid", "setuid32", "setfsuid", "setgid", "setgid32", "setfsgid", "setreuid", "setreuid32",
             "setresuid", "setresuid32", "setregid", "setregid32", "setresgid", "setresgid32", "exit_group", "init_module",
             "bpf", "seccomp", "process_vm_writev", "process_vm_readv", "open_by_handle_at", "uname", "fork", "vfork",
             "clone3", "setgroups", "setgroups32":
            return CaptureSpec()
        default:
            return nil
        }
    }
}
#endif
