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

    /// Decodes `name`'s arguments with its spec (Syscalls/). Socketcall (i386) is unwrapped into the
    /// call it multiplexes.
    func decode(name: String) -> (name: String, args: [String: ArgValue]) {
        if name == "socketcall" { return decodeSocketcall() }
        return (name, decode(SyscallSpecs.spec(name)))
    }

    /// Decodes with `spec` (the supervisor's per-number table holds it: no name lookup per call).
    func decode(_ spec: SyscallSpec) -> [String: ArgValue] {
        var a = [String: ArgValue](minimumCapacity: 6)  // no regrowth while the usual 1-5 keys go in
        spec.decode(self, &a, spec.name)
        return a
    }

    /// The path in argument `idx`, absolute (resolved against the cwd or `dirfd`), under `key`;
    /// for `path`, also the raw path when it differs.
    func path(_ a: inout [String: ArgValue], _ idx: Int, dirfd: Int32 = -100, key: String = ArgKey.path) {
        if let raw = string(at: arg(idx)) {
            let abs = resolve(raw, dirfd: dirfd)
            a[key] = .string(abs)
            if abs != raw && key == ArgKey.path { a[ArgKey.rawPath] = .string(raw) }
        }
    }

    /// The fd in argument `idx` and, under `key`, what its /proc link names.
    func fd(_ a: inout [String: ArgValue], _ idx: Int, key: String) {
        a[ArgKey.fd] = .int(Int64(int32Arg(idx))); if let p = fdPath(int32Arg(idx)) { a[key] = .string(p) }
    }

    /// A little-endian 64-bit word of a struct read from the sample.
    static func le64(_ b: [UInt8], _ off: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(b[off + i]) << (8 * UInt64(i)) }
        return v
    }

    static func rlimitName(_ r: UInt64) -> String {
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
        guard let n = Self.socketcalls[call]?.argc else { return ("socketcall", [ArgKey.call: .int(Int64(bitPattern: call))]) }
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
#endif
