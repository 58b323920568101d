import Foundation
import NIOCore
import Testing
@testable import PetriNet

/// Wine runs: `.exe` downloads get a harmless PE (HarmlessPE), so a dropper that checks for "MZ" and
/// runs what it fetched runs something; a Linux run gets the ELF for untyped programs, and a configured payload
/// file wins over both. (That the PE really runs under Wine: SpSimExeCaseTests.)
@Suite struct WindowsPayloadTests {
    func head(_ path: String) -> HTTPRequestHead {
        HTTPRequestHead(method: "GET", target: path, version: "HTTP/1.1", headers: [("Host", "update.example")])
    }

    func body(_ r: HTTPResponder.Response) -> [UInt8] { Array(r.body.bytes.readableBytesView) }

    @Test func wineRunsGetThePEForProgramDownloads() {
        var policy = HTTPPolicy()
        policy.windowsPayload = true
        let r = HTTPResponder(policy: policy)
        for path in ["/stage2.exe", "/x/SETUP.EXE", "/photo.scr"] {
            let resp = r.respond(to: head(path))
            #expect(resp.label == "payload:builtin-pe", "\(path)")
            #expect(body(resp) == HarmlessPE.bytes)
            #expect(resp.contentType == "application/octet-stream")
        }
        // A name without a platform gets the requester's (Windows) program; scripts stay scripts; pages stay pages.
        #expect(r.respond(to: head("/stage2.bin")).label == "payload:builtin-pe")
        #expect(r.respond(to: head("/stage2.sh")).label == "payload:builtin")
        #expect(r.respond(to: head("/index.html")).label == "default-html")
    }

    @Test func linuxRunsGetTheELFForUntypedPrograms() {
        let r = HTTPResponder(policy: HTTPPolicy())
        // An .exe is a Windows program whoever asks (a worm fetching a Windows stage for its next victim).
        #expect(r.respond(to: head("/stage2.exe")).label == "payload:builtin-pe")
        let resp = r.respond(to: head("/stage2.bin"))
        #expect(resp.label == "payload:builtin-elf")
        #expect(body(resp) == HarmlessELF.bytes)
    }

    @Test func aPayloadFileWins() throws {
        let f = FileManager.default.temporaryDirectory.appendingPathComponent("petri-payload-\(UUID().uuidString).exe")
        try Data("MZ custom".utf8).write(to: f)
        defer { try? FileManager.default.removeItem(at: f) }
        var policy = HTTPPolicy(payloadFile: f)
        policy.windowsPayload = true
        let resp = HTTPResponder(policy: policy).respond(to: head("/stage2.exe"))
        #expect(resp.label == "payload:" + f.lastPathComponent)
        #expect(body(resp) == Array("MZ custom".utf8))
    }

    /// The structure a PE loader walks: headers, the one section, entry point, imports.
    @Test func harmlessPEIsAWellFormedConsoleProgram() throws {
        let b = HarmlessPE.bytes
        func u16(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        func cstring(_ o: Int) -> String { String(decoding: b[o...].prefix { $0 != 0 }, as: UTF8.self) }
        #expect(b.count == 1024)
        #expect(b[0] == 0x4D && b[1] == 0x5A)
        let pe = u32(0x3C)
        #expect(Array(b[pe..<(pe + 4)]) == [0x50, 0x45, 0, 0])
        let coff = pe + 4, opt = coff + 20
        #expect(u16(coff) == 0x8664)                 // AMD64
        #expect(u16(coff + 2) == 1)                  // one section
        #expect(u16(coff + 16) == 240)               // PE32+ optional header size
        #expect(u16(opt) == 0x20B)
        #expect(u16(opt + 68) == 3)                  // console subsystem
        let entry = u32(opt + 16)
        let section = opt + 240
        #expect(cstring(section) == ".text")
        let (vsize, rva, rawSize, rawPtr) = (u32(section + 8), u32(section + 12), u32(section + 16), u32(section + 20))
        #expect(rva == 0x1000 && entry == rva && rawPtr == 0x200 && vsize <= rawSize && rawPtr + rawSize == b.count)
        #expect(u32(opt + 56) == 0x2000)             // SizeOfImage
        func file(_ r: Int) -> Int { r - rva + rawPtr }
        // Import directory -> KERNEL32.dll with its three functions, ILT and IAT alike.
        let importRVA = u32(opt + 112 + 8)
        let desc = file(importRVA)
        #expect(cstring(file(u32(desc + 12))).uppercased() == "KERNEL32.DLL")
        var names: [String] = []
        var ilt = file(u32(desc)), iat = file(u32(desc + 16))
        while u32(ilt) != 0 {
            #expect(u32(ilt) == u32(iat))
            names.append(cstring(file(u32(ilt)) + 2))
            ilt += 8; iat += 8
        }
        #expect(names == ["GetStdHandle", "WriteFile", "ExitProcess"])
        #expect(u32(desc + 20) == 0 && u32(desc + 32) == 0)   // terminating descriptor
        let text = String(decoding: b, as: UTF8.self)
        #expect(text.contains(HarmlessPE.message))
    }
}
