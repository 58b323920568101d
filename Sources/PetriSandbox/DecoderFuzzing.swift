/// What the decoder harness (fuzz/FuzzDecoder.swift, built by fuzz/run-core.sh with this file) feeds
/// the pure parts of the syscall-argument decoder, shared with `FuzzCrasherTests.replay`: the bytes
/// a sample could put behind a pointer or in a register.
public enum DecoderFuzzing {
    public static func decode(_ b: [UInt8]) {
        if let sa = SyscallDecoder.parseSockaddr(b) { _ = sa.address.utf8.count }
        if b.count >= 16 { _ = SyscallDecoder.ipv6String(Array(b.prefix(16))) }
        _ = SyscallDecoder.preview(b)
        var i = 0
        while i + 8 <= b.count && i < 64 {
            var w: UInt64 = 0
            for k in 0..<8 { w |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            _ = Flags.openFlags(w); _ = Flags.prot(w); _ = Flags.mmapFlags(w); _ = Flags.cloneFlags(w)
            _ = Flags.family(w); _ = Flags.sockType(w); _ = Flags.ptraceRequest(w); _ = Flags.prctlOption(w)
            _ = Flags.mode(w); _ = Flags.signalName(Int32(truncatingIfNeeded: w))
            i += 8
        }
    }
}
