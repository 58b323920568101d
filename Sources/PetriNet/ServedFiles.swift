// The harmless files the simulated internet serves for downloads, by what was asked for (issue 16,
// "both sides of a download"): a Linux program (ELF), a Windows program (HarmlessPE), a shell or
// Python script, a ZIP or a gzip'd tar holding the requester's harmless program and a script. Each
// one, when run, prints one line naming itself ("petri simulated payload (KIND): nothing to see")
// and exits 0; none reads, writes or connects anything. All are generated here: no binary in the
// repository, no build step, the same bytes every run (stable hashes).

/// A minimal static x86-64 Linux program: one PT_LOAD segment holding the code and the message;
/// write(1, message), exit(0). Position-independent (RIP-relative), no interpreter, no libc.
public enum HarmlessELF {
    public static let message = "petri simulated payload (elf): nothing to see\n"
    public static let bytes: [UInt8] = build(message: message)

    public static func build(message: String) -> [UInt8] {
        let msg = Array(message.utf8)
        let base: UInt64 = 0x40_0000
        let headers = 64 + 56
        var code: [UInt8] = []
        code += [0xB8] + le(UInt32(1))                                  // mov eax, 1 (write)
        code += [0xBF] + le(UInt32(1))                                  // mov edi, 1 (stdout)
        let leaEnd = code.count + 7
        let msgOffset = headers + 0x30                                  // message after the code
        code += [0x48, 0x8D, 0x35] + le(UInt32(msgOffset - (headers + leaEnd)))  // lea rsi, [rip+message]
        code += [0xBA] + le(UInt32(msg.count))                          // mov edx, length
        code += [0x0F, 0x05]                                            // syscall
        code += [0xB8] + le(UInt32(60))                                 // mov eax, 60 (exit)
        code += [0x31, 0xFF]                                            // xor edi, edi
        code += [0x0F, 0x05]                                            // syscall
        precondition(code.count <= 0x30)
        code += [UInt8](repeating: 0xCC, count: 0x30 - code.count)
        let fileSize = UInt64(headers + code.count + msg.count)
        var h: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)  // ELF64, LSB, SysV
        h += le(UInt16(2)) + le(UInt16(0x3E)) + le(UInt32(1))          // ET_EXEC, x86-64, version
        h += le(base + UInt64(headers)) + le(UInt64(64)) + le(UInt64(0))  // entry, phoff, shoff
        h += le(UInt32(0)) + le(UInt16(64)) + le(UInt16(56)) + le(UInt16(1))  // flags, ehsize, phentsize, phnum
        h += le(UInt16(64)) + le(UInt16(0)) + le(UInt16(0))             // shentsize, shnum, shstrndx
        // PT_LOAD, R+X, the whole file at the base.
        h += le(UInt32(1)) + le(UInt32(5)) + le(UInt64(0)) + le(base) + le(base)
        h += le(fileSize) + le(fileSize) + le(UInt64(0x1000))
        return h + code + msg
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
}

public enum HarmlessScripts {
    public static let shell = Array("#!/bin/sh\necho 'petri simulated payload: nothing to see'\nexit 0\n".utf8)
    public static let python = Array("#!/usr/bin/env python3\nprint('petri simulated payload (python): nothing to see')\n".utf8)
    public static let powershell = Array("Write-Output 'petri simulated payload (powershell): nothing to see'\r\n".utf8)
    public static let batch = Array("@echo petri simulated payload (batch): nothing to see\r\n".utf8)
}

/// ZIP (stored) and tar.gz (ustar, deflate stored blocks) writers for the served archives.
public enum HarmlessArchive {
    public struct Member: Sendable { public var name: String; public var bytes: [UInt8]; public var executable: Bool }

    /// What an archive holds for a requester: its platform's program and a script that runs it.
    public static func members(windows: Bool) -> [Member] {
        windows
            ? [Member(name: "setup.exe", bytes: HarmlessPE.bytes, executable: true),
               Member(name: "install.bat", bytes: HarmlessScripts.batch, executable: false)]
            : [Member(name: "payload", bytes: HarmlessELF.bytes, executable: true),
               Member(name: "install.sh", bytes: HarmlessScripts.shell, executable: true)]
    }

    public static func zip(_ members: [Member]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for m in members {
            let name = Array(m.name.utf8), crc = CRC32.checksum(m.bytes), offset = UInt32(out.count)
            let size = UInt32(m.bytes.count)
            // Local header: version 2.0, no flags, stored, DOS time 1980-01-01 00:00.
            out += le(UInt32(0x0403_4B50)) + le(UInt16(20)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0x21))
            out += le(crc) + le(size) + le(size) + le(UInt16(name.count)) + le(UInt16(0)) + name + m.bytes
            // Central header: made by Unix (3) so the mode in the external attributes counts.
            let mode: UInt32 = (m.executable ? 0o100755 : 0o100644) << 16
            central += le(UInt32(0x0201_4B50)) + le(UInt16(0x031E)) + le(UInt16(20)) + le(UInt16(0)) + le(UInt16(0))
            central += le(UInt16(0)) + le(UInt16(0x21)) + le(crc) + le(size) + le(size) + le(UInt16(name.count))
            central += le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(mode) + le(offset) + name
        }
        let cdOffset = UInt32(out.count)
        out += central
        out += le(UInt32(0x0605_4B50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(members.count)) + le(UInt16(members.count))
        out += le(UInt32(central.count)) + le(cdOffset) + le(UInt16(0))
        return out
    }

    public static func tar(_ members: [Member]) -> [UInt8] {
        var out: [UInt8] = []
        for m in members {
            var h = [UInt8](repeating: 0, count: 512)
            func put(_ s: String, _ at: Int) { for (i, b) in s.utf8.enumerated() { h[at + i] = b } }
            func octal(_ v: Int, _ width: Int) -> String {
                let s = String(v, radix: 8); return String(repeating: "0", count: width - 1 - s.count) + s
            }
            put(m.name, 0)
            put(octal(m.executable ? 0o755 : 0o644, 8), 100)
            put(octal(1000, 8), 108); put(octal(1000, 8), 116)
            put(octal(m.bytes.count, 12), 124); put(octal(0, 12), 136)
            put("        ", 148)
            h[156] = UInt8(ascii: "0")
            put("ustar", 257); put("00", 263)
            put("user", 265); put("user", 297)
            let sum = h.reduce(0) { $0 + Int($1) }
            put(octal(sum, 7), 148); h[155] = UInt8(ascii: " ")
            out += h + m.bytes
            out += [UInt8](repeating: 0, count: (512 - m.bytes.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    /// gzip of `data` with deflate stored blocks: every gunzip reads it; nothing is compressed.
    public static func gzip(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            out.append(i + n == data.count ? 1 : 0)
            out += le(UInt16(n)) + le(~UInt16(n))
            out += data[i..<(i + n)]
            i += n
        } while i < data.count
        return out + le(CRC32.checksum(data)) + le(UInt32(truncatingIfNeeded: data.count))
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    static func checksum(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
