#if os(Linux)
import PetriModel

/// Sockets: creation, connect/bind/listen, sends (the destination and the first bytes), and i386's
/// socketcall, recorded as the call it multiplexes.
enum NetworkSyscalls {
    typealias Spec = SyscallSpec
    static let sockaddrKeys = [ArgKey.family, ArgKey.address, ArgKey.ip, ArgKey.port]
    static let sendKeys = [ArgKey.fd, ArgKey.fdPath, ArgKey.bytes, ArgKey.preview] + sockaddrKeys

    static let specs: [SyscallSpec] = [
        Spec.each(["socket"], .notified, .network, capture: Spec.registers, keys: [ArgKey.family, ArgKey.type, ArgKey.proto]) { d, a, _ in
            a[ArgKey.family] = .string(Flags.family(d.arg(0))); a[ArgKey.type] = .string(Flags.sockType(d.arg(1)))
            a[ArgKey.proto] = .int(Int64(d.int32Arg(2)))
        },
        // The sockaddr is behind a pointer: decoded before the answer (it feeds the network record).
        Spec.each(["connect", "bind"], .notified, .network, effect: .network, capture: nil,
                  keys: [ArgKey.fd, ArgKey.fdPath] + sockaddrKeys) { d, a, _ in
            a[ArgKey.fd] = .int(Int64(d.int32Arg(0)))
            d.addSockaddr(&a, addr: d.arg(1), len: d.arg(2))
            d.addSocketKind(&a, fd: d.int32Arg(0))
        },
        Spec.each(["listen"], .notified, .network, capture: Spec.fdAt(0), keys: [ArgKey.fd, ArgKey.fdPath]) { d, a, _ in
            a[ArgKey.fd] = .int(Int64(d.int32Arg(0)))
            d.addSocketKind(&a, fd: d.int32Arg(0))
        },
        Spec.each(["sendto"], .notified, .network, effect: .network, capture: nil, keys: sendKeys) { d, a, _ in
            a[ArgKey.fd] = .int(Int64(d.int32Arg(0)))
            a[ArgKey.bytes] = .int(Int64(bitPattern: d.arg(2)))
            if let b = d.bytes(at: d.arg(1), count: Int(min(d.arg(2), 256))) { a[ArgKey.preview] = .string(SyscallDecoder.preview(b)) }
            if d.arg(4) != 0 { d.addSockaddr(&a, addr: d.arg(4), len: d.arg(5)) }
            d.addSocketKind(&a, fd: d.int32Arg(0))
        },
        Spec.each(["sendmsg"], .notified, .network, effect: .network, capture: nil, keys: sendKeys) { d, a, _ in
            a[ArgKey.fd] = .int(Int64(d.int32Arg(0)))
            d.decodeMsghdr(&a, addr: d.arg(1))
            d.addSocketKind(&a, fd: d.int32Arg(0))
        },
        Spec.each(["sendmmsg"], .notified, .network, effect: .network, capture: nil, keys: sendKeys + [ArgKey.messages]) { d, a, _ in
            a[ArgKey.fd] = .int(Int64(d.int32Arg(0)))
            d.decodeMsghdr(&a, addr: d.arg(1))
            a[ArgKey.messages] = .int(Int64(bitPattern: d.arg(2)))
            d.addSocketKind(&a, fd: d.int32Arg(0))
        },
        // Unwrapped by SyscallDecoder.decodeSocketcall into the call it multiplexes (whose spec then
        // decodes); `call` is emitted only for a call number petri does not unwrap.
        Spec.each(["socketcall"], .notified, .network, rule: .socketcall, capture: nil, keys: [ArgKey.call]),
        // Reached through socketcall only (not in the filter): recorded, nothing decoded.
        Spec.each(["socketpair", "accept", "accept4"], .allowed, .network, capture: nil),
    ].flatMap { $0 }
}
#endif
