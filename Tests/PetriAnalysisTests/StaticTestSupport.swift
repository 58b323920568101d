import Foundation
import PetriTestSupport
import Testing

/// Shared set-up for the static triage tests: repository paths, running tools, building the PE
/// and ELF test programs, and the CI rule (a missing prerequisite fails under CI=true).
enum StaticSupport {
    static let repoRoot: URL = URL(fileURLWithPath: Repo.root)

    static func path(_ relative: String) -> String { repoRoot.appendingPathComponent(relative).path }

    static var isCI: Bool { Prerequisites.isCI }

    /// true when `ok`; otherwise under CI=true records a failure, elsewhere notes the skip.
    static func require(_ ok: Bool, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if ok { return true }
        if isCI { Issue.record("missing prerequisite (CI=true): \(what)", sourceLocation: sourceLocation) }
        else { print("note: skipped, missing \(what)") }
        return false
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    static func run(_ tool: String, _ args: [String]) -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: which(tool) ?? tool)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        do { try p.run() } catch { return Output(status: -1, stdout: "", stderr: "\(error)") }
        // Read before waiting: a full pipe would block the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Output(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func tempDir(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "petri-static-\(name)-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// tests/pe/*.c built with mingw once per test process: name → path, or nil without mingw.
    static let peFixtures: [String: String]? = {
        guard which("x86_64-w64-mingw32-gcc") != nil else { return nil }
        let out = tempDir("pe")
        var built: [String: String] = [:]
        let builds: [(String, String, [String])] = [
            ("hello.exe", "hello.c", []),
            ("hello-stripped.exe", "hello.c", ["-s"]),
            ("antidebug.exe", "static_imports.c", []),
            ("exports.dll", "exports.c", ["-shared"]),
        ]
        for (name, source, flags) in builds {
            let dest = "\(out)/\(name)"
            let r = run("x86_64-w64-mingw32-gcc", ["-O1"] + flags + ["-o", dest, path("tests/pe/\(source)")])
            if r.status != 0 { print(r.stderr); return nil }
            built[name] = dest
        }
        return built
    }()

    /// Small Linux programs built with gcc once: name → path.
    static let elfFixtures: [String: String]? = {
        guard which("gcc") != nil else { return nil }
        let out = tempDir("elf")
        let src = "\(out)/hello.c"
        try? "#include <stdio.h>\nint main(void) { puts(\"PETRI_FIXTURE_MARKER elf\"); return 0; }\n"
            .write(toFile: src, atomically: true, encoding: .utf8)
        var built: [String: String] = [:]
        for (name, flags) in [("dynamic", ["-O1"]), ("stripped", ["-O1", "-s"]), ("static", ["-O1", "-static"])] {
            let dest = "\(out)/\(name)"
            let r = run("gcc", flags + ["-o", dest, src])
            if r.status != 0 { print(r.stderr); return nil }
            built[name] = dest
        }
        return built
    }()
}

/// Builds small PE images in memory: sections with chosen names, flags and contents, an import
/// table, an entry point, an overlay. For packer heuristics and for breaking headers on purpose.
struct SyntheticPE {
    struct Section {
        var name: String
        var characteristics: UInt32
        var data: [UInt8]
        var virtualSize: UInt32?
    }
    enum Import { case name(String), ordinal(UInt16) }

    var is64 = false
    var sections: [Section]
    var imports: [(dll: String, functions: [Import])] = []
    var entrySection = 0
    var entryOffset: UInt32 = 0
    var overlay: [UInt8] = []
    var isDll = false

    static let code: UInt32 = 0x6000_0020      // CNT_CODE | EXECUTE | READ
    static let data: UInt32 = 0xC000_0040      // INITIALIZED_DATA | READ | WRITE
    static let rwx: UInt32 = 0xE000_0020
    static let rdata: UInt32 = 0x4000_0040

    /// Offsets of interesting fields in the built image, so tests can corrupt them.
    struct Layout { var peOffset: Int; var optionalHeader: Int; var sectionTable: Int; var importRVA: UInt32; var sizeOfOptional: Int }

    func build() -> (bytes: [UInt8], layout: Layout) {
        let peOffset = 0x80
        let optSize = is64 ? 240 : 224
        let tableOffset = peOffset + 24 + optSize
        var all = sections
        var importRVA: UInt32 = 0, importSize: UInt32 = 0
        let width = is64 ? 8 : 4

        func align(_ v: Int, _ a: Int) -> Int { (v + a - 1) / a * a }
        // Virtual layout of the caller's sections first, then .idata after them.
        var va = 0x1000
        var vas: [Int] = []
        for s in all {
            vas.append(va)
            va += align(max(Int(s.virtualSize ?? UInt32(s.data.count)), s.data.count, 1), 0x1000)
        }
        if !imports.isEmpty {
            importRVA = UInt32(va)
            var idata = [UInt8](repeating: 0, count: (imports.count + 1) * 20)
            var descriptors: [(ilt: Int, iat: Int, name: Int)] = []
            for (dll, funcs) in imports {
                let ilt = idata.count
                idata += [UInt8](repeating: 0, count: (funcs.count + 1) * width)
                let iat = idata.count
                idata += [UInt8](repeating: 0, count: (funcs.count + 1) * width)
                let name = idata.count
                idata += Array(dll.utf8) + [0]
                if idata.count % 2 == 1 { idata.append(0) }
                for (i, f) in funcs.enumerated() {
                    var value: UInt64
                    switch f {
                    case .ordinal(let o): value = (is64 ? 0x8000_0000_0000_0000 : 0x8000_0000) | UInt64(o)
                    case .name(let n):
                        value = UInt64(va + idata.count)
                        idata += [0, 0] + Array(n.utf8) + [0]
                        if idata.count % 2 == 1 { idata.append(0) }
                    }
                    for table in [ilt, iat] { put(&idata, table + i * width, value, width) }
                }
                descriptors.append((ilt, iat, name))
            }
            for (i, d) in descriptors.enumerated() {
                put(&idata, i * 20, UInt64(va + d.ilt), 4)
                put(&idata, i * 20 + 12, UInt64(va + d.name), 4)
                put(&idata, i * 20 + 16, UInt64(va + d.iat), 4)
            }
            importSize = UInt32((imports.count + 1) * 20)
            all.append(Section(name: ".idata", characteristics: SyntheticPE.data, data: idata))
            vas.append(va)
            va += align(idata.count, 0x1000)
        }
        let headersSize = align(tableOffset + all.count * 40, 0x200)
        var raw = headersSize
        var rawOffsets: [Int] = []
        for s in all { rawOffsets.append(raw); raw += align(s.data.count, 0x200) }
        var b = [UInt8](repeating: 0, count: raw)

        b[0] = 0x4d; b[1] = 0x5a
        put(&b, 0x3c, UInt64(peOffset), 4)
        b.replaceSubrange(peOffset..<(peOffset + 4), with: [0x50, 0x45, 0, 0])
        put(&b, peOffset + 4, is64 ? 0x8664 : 0x14c, 2)
        put(&b, peOffset + 6, UInt64(all.count), 2)
        put(&b, peOffset + 8, 0x5F5E_1000, 4)
        put(&b, peOffset + 20, UInt64(optSize), 2)
        put(&b, peOffset + 22, isDll ? 0x2022 : 0x0022, 2)
        let o = peOffset + 24
        put(&b, o, is64 ? 0x20b : 0x10b, 2)
        put(&b, o + 16, UInt64(vas.isEmpty ? 0 : vas[entrySection] + Int(entryOffset)), 4)
        if is64 { put(&b, o + 24, 0x1_4000_0000, 8) } else { put(&b, o + 28, 0x40_0000, 4) }
        put(&b, o + 32, 0x1000, 4)
        put(&b, o + 36, 0x200, 4)
        put(&b, o + 56, UInt64(va), 4)
        put(&b, o + 60, UInt64(headersSize), 4)
        put(&b, o + 68, 3, 2)
        let dirs = o + (is64 ? 112 : 96)
        put(&b, dirs - 4, 16, 4)
        put(&b, dirs + 8, UInt64(importRVA), 4)
        put(&b, dirs + 12, UInt64(importSize), 4)
        for (i, s) in all.enumerated() {
            let t = tableOffset + i * 40
            let name = Array(s.name.utf8.prefix(8))
            b.replaceSubrange(t..<(t + name.count), with: name)
            put(&b, t + 8, UInt64(s.virtualSize ?? UInt32(s.data.count)), 4)
            put(&b, t + 12, UInt64(vas[i]), 4)
            put(&b, t + 16, UInt64(align(s.data.count, 0x200)), 4)
            put(&b, t + 20, UInt64(s.data.isEmpty ? 0 : rawOffsets[i]), 4)
            put(&b, t + 36, UInt64(s.characteristics), 4)
            b.replaceSubrange(rawOffsets[i]..<(rawOffsets[i] + s.data.count), with: s.data)
        }
        return (b + overlay, Layout(peOffset: peOffset, optionalHeader: o, sectionTable: tableOffset, importRVA: importRVA,
                                    sizeOfOptional: optSize))
    }
}

func put(_ b: inout [UInt8], _ offset: Int, _ value: UInt64, _ width: Int) {
    for i in 0..<width { b[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
}

/// Deterministic pseudo-random bytes (xorshift), for high-entropy sections.
func noise(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var x = seed
    return (0..<count).map { _ in
        x ^= x << 13; x ^= x >> 7; x ^= x << 17
        return UInt8(truncatingIfNeeded: x >> 24)
    }
}
