import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// petri's PE parser against pefile and LIEF (tests/crosscheck/pe_crosscheck.py): sections,
/// entropy to 2 decimals, imports, entry point, imphash, on the mingw fixtures and on Wine's own
/// PE DLLs. PETRI_CROSSCHECK_ALL=1 checks every Wine DLL instead of every 8th.
@Suite("Static triage: cross-check with pefile and LIEF")
struct StaticCrosscheckTests {
    static let wineDir = "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"

    static func record(_ path: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { bytes -> [String: Any]? in
            let result = PEParser.parse(bytes)
            guard let pe = result.info else { return nil }
            let info = StaticTriage.inspect(bytes: bytes, yaraRules: nil)
            let r = ByteReader(bytes)
            // LIEF's entropy leaves out file-alignment padding: the first min(raw, virtual) bytes.
            let sections: [[String: Any]] = pe.sections.map { s in
                var unpadded = 0.0
                let start = s.rawOffset / 0x200 * 0x200
                let n = s.virtualSize == 0 ? s.rawSize : min(s.rawSize, s.virtualSize)
                unpadded = shannonEntropy(r.clipped(Int(start), Int(n)))
                return ["name": s.name, "virtual_address": s.virtualAddress, "virtual_size": s.virtualSize,
                        "raw_offset": s.rawOffset, "raw_size": s.rawSize, "entropy": s.entropy, "entropy_unpadded": unpadded]
            }
            let imports: [[String: Any]] = pe.imports.map { lib in
                ["dll": lib.dll, "functions": lib.functions.map { $0.name ?? "ord:\($0.ordinal ?? 0)" }]
            }
            let resources = info.pe?.resources ?? []
            return ["path": path, "entry_point": pe.entryPoint, "entry_section": pe.entrySection as Any,
                    "resources": [resources.count, resources.reduce(0) { $0 + Int($1.size) }],
                    "imphash": info.pe?.imphash as Any, "sections": sections, "imports": imports]
        }
    }

    static func runCrosscheck(_ files: [String]) throws -> StaticSupport.Output {
        let records = files.compactMap(record)
        #expect(records.count == files.count, "petri could not parse \(files.count - records.count) file(s)")
        let json = try JSONSerialization.data(withJSONObject: records, options: [.prettyPrinted])
        let out = StaticSupport.tempDir("crosscheck") + "/petri-\(UUID().uuidString.prefix(8)).json"
        try json.write(to: URL(fileURLWithPath: out))
        return StaticSupport.run("python3", [StaticSupport.path("tests/crosscheck/pe_crosscheck.py"), out])
    }

    static var pythonReady: Bool {
        StaticSupport.run("python3", ["-c", "import pefile, lief"]).status == 0
    }

    @Test func fixturesAgreeWithPefileAndLIEF() throws {
        guard StaticSupport.require(StaticSupport.peFixtures != nil, "x86_64-w64-mingw32-gcc"),
              StaticSupport.require(Self.pythonReady, "python3 modules pefile and lief (pip install pefile lief)") else { return }
        var files = Array(StaticSupport.peFixtures!.values).sorted()
        // Synthetic images too: PE32, ordinals, overlay.
        let dir = StaticSupport.tempDir("crosscheck-synthetic")
        var ordinals = StaticPETests.plain()
        ordinals.imports.append(("WS2_32.dll", [.ordinal(115), .ordinal(3), .ordinal(9999)]))
        ordinals.overlay = Array(repeating: 7, count: 999)
        for (name, pe) in [("plain32.exe", StaticPETests.plain()), ("plain64.exe", StaticPETests.plain(is64: true)),
                           ("upxlike.exe", StaticPETests.upxLike()), ("ordinals.exe", ordinals)] {
            let path = "\(dir)/\(name)"
            try Data(pe.build().bytes).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let r = try Self.runCrosscheck(files)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test func wineDLLsAgreeWithPefileAndLIEF() throws {
        let dlls = ((try? FileManager.default.contentsOfDirectory(atPath: Self.wineDir)) ?? [])
            .filter { $0.hasSuffix(".dll") || $0.hasSuffix(".exe") }.sorted()
        guard StaticSupport.require(!dlls.isEmpty, "Wine PE DLLs in \(Self.wineDir) (apt wine64)"),
              StaticSupport.require(Self.pythonReady, "python3 modules pefile and lief") else { return }
        let all = ProcessInfo.processInfo.environment["PETRI_CROSSCHECK_ALL"] == "1"
        let chosen = dlls.enumerated().filter { all || $0.offset % 8 == 0 }.map { "\(Self.wineDir)/\($0.element)" }
        let r = try Self.runCrosscheck(chosen)
        #expect(r.status == 0, "\(r.stdout.prefix(4000))\(r.stderr)")
        print(r.stdout.split(separator: "\n").last ?? "")
    }
}
