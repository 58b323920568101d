// The harmless Windows program the simulated internet serves for `.exe`-like downloads in Wine runs,
// so a dropper that downloads and runs its next stage runs something real: a minimal x86-64 console
// PE, generated here (no build step, no binary in the repository), that writes one line to stdout
// and exits with code 0.

/// A minimal valid PE32+ console program: one read-only code section holding the code, the import
/// table (kernel32 GetStdHandle, WriteFile, ExitProcess) and the message. Position-independent
/// (RIP-relative addressing only), so it needs no relocations.
public enum HarmlessPE {
    public static let message = "petri simulated payload: nothing to see\r\n"
    public static let bytes: [UInt8] = build(message: message)

    static let imageBase: UInt64 = 0x1_4000_0000
    static let sectionRVA: UInt32 = 0x1000
    static let fileAlignment: UInt32 = 0x200

    public static func build(message: String) -> [UInt8] {
        let msg = Array(message.utf8)
        let imports = ["GetStdHandle", "WriteFile", "ExitProcess"]

        // Section layout (offsets from the section start): code at 0, then the import data.
        let codeSize = 0x60
        var off = codeSize
        let descriptorOff = off; off += 20 * 2                 // one IMAGE_IMPORT_DESCRIPTOR + terminator
        let iltOff = off; off += 8 * (imports.count + 1)       // import lookup table
        let iatOff = off; off += 8 * (imports.count + 1)       // import address table
        var hintOffs: [Int] = []
        for name in imports {                                   // IMAGE_IMPORT_BY_NAME, 2-aligned
            hintOffs.append(off); off += 2 + name.utf8.count + 1; off += off & 1
        }
        let dllOff = off; off += "KERNEL32.dll".utf8.count + 1
        off = (off + 15) & ~15
        let msgOff = off; off += msg.count
        let sectionSize = off
        precondition(sectionSize <= Int(fileAlignment) * 8, "message too long")
        let rawSize = (UInt32(sectionSize) + fileAlignment - 1) / fileAlignment * fileAlignment
        func rva(_ o: Int) -> UInt32 { sectionRVA + UInt32(o) }

        // Code: GetStdHandle(STD_OUTPUT_HANDLE); WriteFile(h, msg, len, &written, NULL); ExitProcess(0).
        var code: [UInt8] = []
        // An instruction ending in a RIP-relative disp32 to a section offset.
        func ripRelative(_ opcode: [UInt8], to target: Int) {
            let end = code.count + opcode.count + 4
            code += opcode + le(UInt32(bitPattern: Int32(target - end)))
        }
        code += [0x48, 0x83, 0xEC, 0x38]                              // sub rsp, 0x38
        code += [0xB9] + le(UInt32(bitPattern: -11))                  // mov ecx, STD_OUTPUT_HANDLE
        ripRelative([0xFF, 0x15], to: iatOff)                         // call [GetStdHandle]
        code += [0x48, 0x89, 0xC1]                                    // mov rcx, rax
        ripRelative([0x48, 0x8D, 0x15], to: msgOff)                   // lea rdx, [message]
        code += [0x41, 0xB8] + le(UInt32(msg.count))                  // mov r8d, length
        code += [0x4C, 0x8D, 0x4C, 0x24, 0x28]                        // lea r9, [rsp+0x28] (bytes written)
        code += [0x48, 0xC7, 0x44, 0x24, 0x20, 0, 0, 0, 0]            // mov qword [rsp+0x20], 0 (no overlapped)
        ripRelative([0xFF, 0x15], to: iatOff + 8)                     // call [WriteFile]
        code += [0x31, 0xC9]                                          // xor ecx, ecx
        ripRelative([0xFF, 0x15], to: iatOff + 16)                    // call [ExitProcess]
        code += [0xCC]                                                // int3
        precondition(code.count <= codeSize)

        var section = [UInt8](repeating: 0, count: Int(rawSize))
        func put(_ b: [UInt8], at o: Int) { section.replaceSubrange(o..<(o + b.count), with: b) }
        put(code, at: 0)
        // Import descriptor: OriginalFirstThunk, TimeDateStamp, ForwarderChain, Name, FirstThunk.
        put(le(rva(iltOff)) + le(UInt32(0)) + le(UInt32(0)) + le(rva(dllOff)) + le(rva(iatOff)), at: descriptorOff)
        for (i, h) in hintOffs.enumerated() {
            put(le(UInt64(rva(h))), at: iltOff + 8 * i)
            put(le(UInt64(rva(h))), at: iatOff + 8 * i)
            put([0, 0] + Array(imports[i].utf8) + [0], at: h)
        }
        put(Array("KERNEL32.dll".utf8) + [0], at: dllOff)
        put(msg, at: msgOff)

        let sizeOfImage = sectionRVA + (UInt32(sectionSize) + 0xFFF) / 0x1000 * 0x1000
        var h: [UInt8] = []
        // DOS header: "MZ", e_lfanew = 0x40.
        h += [0x4D, 0x5A] + [UInt8](repeating: 0, count: 58) + le(UInt32(0x40))
        h += Array("PE".utf8) + [0, 0]
        // COFF: AMD64, 1 section, optional header 240 bytes, EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE.
        h += le(UInt16(0x8664)) + le(UInt16(1)) + le(UInt32(0)) + le(UInt32(0)) + le(UInt32(0)) + le(UInt16(240)) + le(UInt16(0x0022))
        // Optional header (PE32+).
        h += le(UInt16(0x20B)) + [0, 0]
        h += le(rawSize) + le(UInt32(0)) + le(UInt32(0))              // SizeOfCode, InitializedData, UninitializedData
        h += le(sectionRVA) + le(sectionRVA)                          // AddressOfEntryPoint, BaseOfCode
        h += le(imageBase)
        h += le(UInt32(0x1000)) + le(fileAlignment)
        h += le(UInt16(6)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(6)) + le(UInt16(0))  // OS, image, subsystem versions
        h += le(UInt32(0)) + le(sizeOfImage) + le(fileAlignment) + le(UInt32(0))  // Win32VersionValue, SizeOfImage, SizeOfHeaders, CheckSum
        h += le(UInt16(3)) + le(UInt16(0x8100))                       // console; NX_COMPAT | TERMINAL_SERVER_AWARE
        h += le(UInt64(0x10_0000)) + le(UInt64(0x1000)) + le(UInt64(0x10_0000)) + le(UInt64(0x1000))
        h += le(UInt32(0)) + le(UInt32(16))                           // LoaderFlags, NumberOfRvaAndSizes
        for dir in 0..<16 {
            switch dir {
            case 1: h += le(rva(descriptorOff)) + le(UInt32(40))                          // import table
            case 12: h += le(rva(iatOff)) + le(UInt32(8 * (imports.count + 1)))          // IAT
            default: h += le(UInt64(0))
            }
        }
        // Section header: .text, code | initialized data | execute | read.
        h += Array(".text".utf8) + [0, 0, 0]
        h += le(UInt32(sectionSize)) + le(sectionRVA) + le(rawSize) + le(fileAlignment)
        h += le(UInt32(0)) + le(UInt32(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0x6000_0060))
        h += [UInt8](repeating: 0, count: Int(fileAlignment) - h.count)
        return h + section
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
}
