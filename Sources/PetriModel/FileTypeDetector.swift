import Foundation

/// Type by magic, never by extension: the sample (PetriAnalysis reads it) and files it drops
/// (the sandbox's overlay collector) are typed by the same rules.
public enum FileTypeDetector {
    public struct Result: Sendable, Equatable {
        public var type: FileType
        public var detail: String
        /// For scripts: the interpreter from the shebang line.
        public var interpreter: String?
        /// For PE: true when the optional header is PE32 (32-bit).
        public var is32Bit: Bool?
        /// For ELF: the architecture, when it is one petri runs (natively or emulated).
        public var architecture: ELFArchitecture?

        public init(type: FileType, detail: String, interpreter: String? = nil, is32Bit: Bool? = nil, architecture: ELFArchitecture? = nil) {
            self.type = type; self.detail = detail; self.interpreter = interpreter; self.is32Bit = is32Bit
            self.architecture = architecture
        }
    }

    public static func detect(head: Data) -> Result {
        let b = [UInt8](head)
        if b.isEmpty { return Result(type: .empty, detail: "empty") }
        if b.count >= 20, b[0] == 0x7f, b[1] == 0x45, b[2] == 0x4c, b[3] == 0x46 {
            let cls = b[4] == 2 ? "64-bit" : (b[4] == 1 ? "32-bit" : "unknown-class")
            let le = b[5] != 2
            let machine = le ? UInt16(b[18]) | UInt16(b[19]) << 8 : UInt16(b[19]) | UInt16(b[18]) << 8
            let etype = le ? UInt16(b[16]) | UInt16(b[17]) << 8 : UInt16(b[17]) | UInt16(b[16]) << 8
            let m: String = switch machine {
            case 0x3e: "x86-64"
            case 0x03: "i386"
            case 0xb7: le ? "aarch64" : "aarch64 big-endian"
            case 0x28: le ? "arm" : "arm big-endian"
            case 0x08: le ? "mipsel" : "mips"
            default: "machine 0x\(String(machine, radix: 16))"
            }
            let t: String = switch etype { case 2: "executable"; case 3: "shared object"; case 1: "relocatable"; case 4: "core"; default: "type \(etype)" }
            return Result(type: .elf, detail: "ELF \(cls) \(m) \(t)", architecture: ELFArchitecture(header: b))
        }
        if b.count >= 64, b[0] == 0x4d, b[1] == 0x5a {
            let peOff = Int(b[60]) | Int(b[61]) << 8 | Int(b[62]) << 16 | Int(b[63]) << 24
            if peOff >= 0, peOff + 26 <= b.count, b[peOff] == 0x50, b[peOff + 1] == 0x45, b[peOff + 2] == 0, b[peOff + 3] == 0 {
                let magic = UInt16(b[peOff + 24]) | UInt16(b[peOff + 25]) << 8
                let is32 = magic == 0x10b
                let machine = UInt16(b[peOff + 4]) | UInt16(b[peOff + 5]) << 8
                let isDll = b[peOff + 23] & 0x20 != 0   // IMAGE_FILE_DLL (0x2000)
                let m: String = switch machine {
                case 0x14c: "i386"
                case 0x8664: "x86-64"
                case 0xaa64: "arm64"
                case 0x1c0: "arm"
                case 0x1c4: "armnt"
                default: "machine 0x\(String(machine, radix: 16))"
                }
                return Result(type: .pe, detail: "\(is32 ? "PE32" : "PE32+") \(isDll ? "DLL" : "executable") (\(m))", is32Bit: is32)
            }
            return Result(type: .pe, detail: "MZ executable (no PE header in first 4 KiB)")
        }
        if b.count >= 2, b[0] == 0x23, b[1] == 0x21 {
            let line = b.prefix(while: { $0 != 0x0a }).dropFirst(2)
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let interp = text.split(separator: " ").first.map(String.init) ?? ""
            return Result(type: .script, detail: "script (\(text))", interpreter: interp)
        }
        if b.count >= 4, (b[0] == 0x50 && b[1] == 0x4b && b[2] == 0x03 && b[3] == 0x04) { return Result(type: .archive, detail: "zip archive") }
        if b.count >= 3, b[0] == 0x1f, b[1] == 0x8b { return Result(type: .archive, detail: "gzip") }
        if b.count >= 262, b[257] == 0x75, b[258] == 0x73, b[259] == 0x74, b[260] == 0x61, b[261] == 0x72 { return Result(type: .archive, detail: "tar archive") }
        if b.count >= 6, b[0] == 0xfd, b[1] == 0x37, b[2] == 0x7a, b[3] == 0x58 { return Result(type: .archive, detail: "xz") }
        if b.count >= 3, b[0] == 0x42, b[1] == 0x5a, b[2] == 0x68 { return Result(type: .archive, detail: "bzip2") }
        if b.count >= 6, b[0] == 0x37, b[1] == 0x7a, b[2] == 0xbc, b[3] == 0xaf { return Result(type: .archive, detail: "7z archive") }
        return Result(type: .data, detail: "data")
    }
}
