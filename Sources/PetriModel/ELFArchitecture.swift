/// The ELF architectures petri runs: natively (x86-64, i386) or under QEMU's user-mode emulator from
/// the guest image (docs/architectures.md). Class, byte order and machine must all match.
public enum ELFArchitecture: String, Sendable, CaseIterable {
    case x86_64 = "x86-64", i386, arm, aarch64, mips, mipsel

    public init?(is64: Bool, bigEndian: Bool, machine: UInt16) {
        switch (is64, bigEndian, machine) {
        case (true, false, 0x3e): self = .x86_64
        case (false, false, 0x03): self = .i386
        case (false, false, 0x28): self = .arm
        case (true, false, 0xb7): self = .aarch64
        case (false, true, 0x08): self = .mips
        case (false, false, 0x08): self = .mipsel
        default: return nil
        }
    }

    /// From the first bytes of a file (nil: not an ELF, or an architecture petri does not run).
    public init?(header b: [UInt8]) {
        guard b.count >= 20, b[0] == 0x7f, b[1] == 0x45, b[2] == 0x4c, b[3] == 0x46, b[4] == 1 || b[4] == 2, b[5] == 1 || b[5] == 2 else { return nil }
        let be = b[5] == 2
        let machine = be ? UInt16(b[18]) << 8 | UInt16(b[19]) : UInt16(b[18]) | UInt16(b[19]) << 8
        self.init(is64: b[4] == 2, bigEndian: be, machine: machine)
    }

    /// Whether the host's kernel runs it without an emulator.
    public var isNative: Bool { self == .x86_64 || self == .i386 }
}
