// Anti-evasion: copies of Wine's ntdll.dll (and of the builtins that import from it by name) in
// which the Wine-only exports wine_get_version, wine_get_host_version and wine_get_build_id carry
// other names of equal length, so GetProcAddress(ntdll, "wine_get_version") returns NULL. The
// sandbox bind-mounts the patched files over Wine's PE dll directory (docs/wine.md).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Minimal PE reader/writer for the export name table and the import hint/name table.
public struct PEFile: Sendable {
    public var bytes: [UInt8]
    struct Section { var virtualAddress: UInt32; var virtualSize: UInt32; var rawOffset: UInt32; var rawSize: UInt32 }
    var sections: [Section] = []
    var dataDirectories: [(rva: UInt32, size: UInt32)] = []
    public private(set) var is64Bit = false
    /// COFF machine: 0x8664 x86-64, 0x14c i386, 0xaa64 arm64.
    public private(set) var machine: UInt16 = 0

    public enum FormatError: Error, CustomStringConvertible, Equatable {
        case notPE(String)
        case outOfBounds(String)
        case renameLengthMismatch(String, String)
        public var description: String {
            switch self {
            case .notPE(let s): return "not a PE file: \(s)"
            case .outOfBounds(let s): return "PE structure out of bounds: \(s)"
            case .renameLengthMismatch(let a, let b): return "replacement name \(b) must have the length of \(a)"
            }
        }
    }

    public init(bytes: [UInt8]) throws {
        self.bytes = bytes
        guard bytes.count > 0x40, bytes[0] == 0x4d, bytes[1] == 0x5a else { throw FormatError.notPE("no MZ header") }
        let pe = Int(try u32(0x3c))
        guard pe + 24 <= bytes.count, try u32(pe) == 0x0000_4550 else { throw FormatError.notPE("no PE signature") }
        machine = try u16(pe + 4)
        let nSections = Int(try u16(pe + 6))
        let optSize = Int(try u16(pe + 20))
        let opt = pe + 24
        let magic = try u16(opt)
        guard magic == 0x20b || magic == 0x10b else { throw FormatError.notPE("optional header magic \(magic)") }
        is64Bit = magic == 0x20b
        let nDirsOff = opt + (is64Bit ? 108 : 92)
        let nDirs = Int(try u32(nDirsOff))
        for i in 0..<min(nDirs, 16) {
            dataDirectories.append((try u32(nDirsOff + 4 + i * 8), try u32(nDirsOff + 8 + i * 8)))
        }
        let secTable = opt + optSize
        for i in 0..<nSections {
            let s = secTable + i * 40
            sections.append(Section(virtualAddress: try u32(s + 12), virtualSize: try u32(s + 8),
                                    rawOffset: try u32(s + 20), rawSize: try u32(s + 16)))
        }
    }

    func u16(_ o: Int) throws -> UInt16 {
        guard o >= 0, o + 2 <= bytes.count else { throw FormatError.outOfBounds("u16 at \(o)") }
        return UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8
    }
    func u32(_ o: Int) throws -> UInt32 {
        guard o >= 0, o + 4 <= bytes.count else { throw FormatError.outOfBounds("u32 at \(o)") }
        return UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
    }
    func u64(_ o: Int) throws -> UInt64 { UInt64(try u32(o)) | UInt64(try u32(o + 4)) << 32 }
    mutating func put16(_ o: Int, _ v: UInt16) { bytes[o] = UInt8(v & 0xff); bytes[o + 1] = UInt8(v >> 8) }
    mutating func put32(_ o: Int, _ v: UInt32) { for i in 0..<4 { bytes[o + i] = UInt8((v >> (8 * UInt32(i))) & 0xff) } }

    func offset(rva: UInt32) throws -> Int {
        for s in sections where rva >= s.virtualAddress && rva < s.virtualAddress + max(s.virtualSize, s.rawSize) {
            let o = Int(rva - s.virtualAddress) + Int(s.rawOffset)
            guard o < bytes.count else { break }
            return o
        }
        throw FormatError.outOfBounds("rva 0x\(String(rva, radix: 16))")
    }

    func cString(at o: Int) throws -> String {
        var e = o
        while e < bytes.count, bytes[e] != 0 { e += 1 }
        guard e < bytes.count else { throw FormatError.outOfBounds("string at \(o)") }
        return String(decoding: bytes[o..<e], as: UTF8.self)
    }

    /// Exported names in table order.
    public func exportNames() throws -> [String] {
        guard let dir = dataDirectories.first, dir.rva != 0 else { return [] }
        let e = try offset(rva: dir.rva)
        let n = Int(try u32(e + 24))
        let names = try offset(rva: try u32(e + 32))
        return try (0..<n).map { try cString(at: try offset(rva: try u32(names + 4 * $0))) }
    }

    /// Renames exports in place (equal lengths), then re-sorts the name and ordinal tables: the
    /// loader binary-searches them (strcmp order). Returns the names that were renamed.
    @discardableResult
    public mutating func renameExports(_ renames: [String: String]) throws -> [String] {
        for (a, b) in renames where a.utf8.count != b.utf8.count { throw FormatError.renameLengthMismatch(a, b) }
        guard let dir = dataDirectories.first, dir.rva != 0 else { return [] }
        let e = try offset(rva: dir.rva)
        let n = Int(try u32(e + 24))
        let namesOff = try offset(rva: try u32(e + 32))
        let ordsOff = try offset(rva: try u32(e + 36))
        var entries: [(rva: UInt32, ordinal: UInt16, name: [UInt8])] = []
        var renamed: [String] = []
        for i in 0..<n {
            let rva = try u32(namesOff + 4 * i)
            let o = try offset(rva: rva)
            let name = try cString(at: o)
            if let new = renames[name] {
                bytes.replaceSubrange(o..<(o + new.utf8.count), with: Array(new.utf8))
                renamed.append(name)
            }
            entries.append((rva, try u16(ordsOff + 2 * i), Array(try cString(at: o).utf8)))
        }
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        for (i, entry) in entries.enumerated() {
            put32(namesOff + 4 * i, entry.rva)
            put16(ordsOff + 2 * i, entry.ordinal)
        }
        return renamed
    }

    /// Renames by-name imports from `dll` (case-insensitive) in the hint/name table. Returns them.
    @discardableResult
    public mutating func renameImports(from dll: String, _ renames: [String: String]) throws -> [String] {
        guard dataDirectories.count > 1, dataDirectories[1].rva != 0 else { return [] }
        var d = try offset(rva: dataDirectories[1].rva)
        var renamed: [String] = []
        while true {
            let lookup = try u32(d), nameRVA = try u32(d + 12), iat = try u32(d + 16)
            if lookup == 0 && nameRVA == 0 && iat == 0 { break }
            let dllName = try cString(at: try offset(rva: nameRVA))
            if dllName.caseInsensitiveCompare(dll) == .orderedSame {
                var t = try offset(rva: lookup != 0 ? lookup : iat)
                let step = is64Bit ? 8 : 4
                while true {
                    let entry = is64Bit ? try u64(t) : UInt64(try u32(t))
                    if entry == 0 { break }
                    let byOrdinal = is64Bit ? entry & (1 << 63) != 0 : entry & (1 << 31) != 0
                    if !byOrdinal {
                        let o = try offset(rva: UInt32(entry & 0x7fff_ffff)) + 2
                        let name = try cString(at: o)
                        if let new = renames[name] {
                            guard new.utf8.count == name.utf8.count else { throw FormatError.renameLengthMismatch(name, new) }
                            bytes.replaceSubrange(o..<(o + new.utf8.count), with: Array(new.utf8))
                            renamed.append(name)
                        }
                    }
                    t += step
                }
            }
            d += 20
        }
        return renamed
    }
}

public enum WineExportPatcher {
    /// Wine-only exports and their replacements (same length, Windows-looking, absent from ntdll).
    public static let renames: [String: String] = [
        "wine_get_version": "RtlpQueryVersion",
        "wine_get_host_version": "RtlpQueryHostVersionA",
        "wine_get_build_id": "RtlpQueryBuildNum",
    ]

    /// Wine's PE builtin directory for an architecture (Debian layout).
    public static func defaultDllDirectory(arch: String = "x86_64") -> String {
        "/usr/lib/\(arch)-linux-gnu/wine/\(arch)-windows"
    }

    public struct PatchedFile: Sendable, Equatable {
        /// The original file (bind-mount target in the sandbox).
        public var original: String
        /// The patched copy (bind-mount source).
        public var patched: String
        public var renamed: [String]
        public init(original: String, patched: String, renamed: [String]) {
            self.original = original; self.patched = patched; self.renamed = renamed
        }
    }

    /// Writes patched copies of ntdll.dll and of every builtin in `dllDirectory` that imports a
    /// renamed export by name (in Wine 8.0: user32.dll) into `outputDirectory`; returns the
    /// bind mounts to make. Idempotent: existing outputs are rewritten.
    /// `root`: the host folder `dllDirectory` is in (a guest image's root; "" for the host); the
    /// originals are named by their path under it (the sandbox's path).
    public static func patch(dllDirectory: String = defaultDllDirectory(), root: String = "", outputDirectory: String) throws -> [PatchedFile] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var out: [PatchedFile] = []
        let needle = Array("wine_get_".utf8)
        let files = try fm.contentsOfDirectory(atPath: root + dllDirectory).filter { $0.hasSuffix(".dll") || $0.hasSuffix(".exe") || $0.hasSuffix(".drv") || $0.hasSuffix(".sys") }.sorted()
        for name in files {
            let path = dllDirectory + "/" + name
            guard let data = fm.contents(atPath: root + path), contains(data, needle) else { continue }
            var pe = try PEFile(bytes: [UInt8](data))
            let renamed = name.lowercased() == "ntdll.dll" ? try pe.renameExports(renames) : try pe.renameImports(from: "ntdll.dll", renames)
            guard !renamed.isEmpty else { continue }
            let dst = outputDirectory + "/" + name
            try Data(pe.bytes).write(to: URL(fileURLWithPath: dst), options: .atomic)
            out.append(PatchedFile(original: path, patched: dst, renamed: renamed))
        }
        return out
    }

    static func contains(_ hay: Data, _ needle: [UInt8]) -> Bool {
        hay.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                // memchr for the first byte, memcmp for the rest (memmem is not exported to Swift).
                guard let hb = h.baseAddress, let nb = n.baseAddress, n.count > 0, h.count >= n.count else { return false }
                var pos = 0
                let first = Int32(n[0])
                while pos + n.count <= h.count {
                    guard let hit = memchr(hb + pos, first, h.count - n.count + 1 - pos) else { return false }
                    let idx = hb.distance(to: UnsafeRawPointer(hit))
                    if memcmp(hb + idx, nb, n.count) == 0 { return true }
                    pos = idx + 1
                }
                return false
            }
        }
    }
}
