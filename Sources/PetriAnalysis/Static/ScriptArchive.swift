import Foundation
import PetriModel

/// Scripts: the interpreter from the shebang, through `/usr/bin/env` to the real name.
enum ScriptInspector {
    static func inspect(_ bytes: UnsafeRawBufferPointer, interpreter: String?) -> ScriptInfo {
        let head = bytes.prefix(4096)
        var name = interpreter
        if let interp = interpreter, interp.hasSuffix("/env") {
            // "#!/usr/bin/env -S python3 -u" → python3
            let line = head.prefix { $0 != 0x0a }
            let words = String(decoding: line.dropFirst(2), as: UTF8.self).split(separator: " ").map(String.init)
            name = words.dropFirst().first { !$0.hasPrefix("-") } ?? interp
        }
        let base = name.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? ""
        let language: String
        switch base {
        case let b where ["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"].contains(b): language = "shell"
        case let b where b.hasPrefix("python"): language = "python"
        case let b where b.hasPrefix("perl"): language = "perl"
        case let b where b.hasPrefix("ruby"): language = "ruby"
        case let b where b.hasPrefix("php"): language = "php"
        case "node", "nodejs", "deno", "bun": language = "javascript"
        case "pwsh", "powershell": language = "powershell"
        case "lua", "luajit": language = "lua"
        case "awk", "gawk", "mawk": language = "awk"
        default: language = "unknown"
        }
        var lines = 0
        for b in bytes where b == 0x0a { lines &+= 1 }
        if let last = bytes.last, last != 0x0a { lines &+= 1 }
        return ScriptInfo(interpreter: name, language: language, lines: lines)
    }
}

/// Archives: member names from the zip central directory or tar headers (compressed formats
/// have no cheap directory and report the format only). Capped and bounds-checked.
enum ArchiveInspector {
    static let maxEntries = 1000

    static func inspect(_ bytes: UnsafeRawBufferPointer, format detail: String) -> (ArchiveInfo, [String]) {
        let r = ByteReader(bytes)
        switch detail {
        case "zip archive": return zip(r)
        case "tar archive": return tar(r)
        default:
            let format = detail.replacingOccurrences(of: " archive", with: "")
            return (ArchiveInfo(format: format), [])
        }
    }

    static func zip(_ r: ByteReader) -> (ArchiveInfo, [String]) {
        var info = ArchiveInfo(format: "zip")
        // End of central directory: 22 bytes plus a comment of at most 65535.
        let lowest = max(0, r.count - 22 - 0xffff)
        var eocd: Int?
        var i = r.count - 22
        while i >= lowest {
            if r.u32(i) == 0x0605_4b50 { eocd = i; break }
            i -= 1
        }
        guard let e = eocd, let total = r.u16(e + 10), let cdOffset = r.u32(e + 16) else {
            return (info, ["zip: no end of central directory record"])
        }
        var o = Int(cdOffset)
        var warnings: [String] = []
        for n in 0..<Int(total) {
            if n == maxEntries { info.entriesTruncated = true; break }
            guard r.u32(o) == 0x0201_4b50, let nameLength = r.u16(o + 28), let extra = r.u16(o + 30), let comment = r.u16(o + 32) else {
                warnings.append("zip: central directory entry \(n) at \(hex(o)) is damaged"); break
            }
            let name = r.clipped(o + 46, Int(nameLength))
            info.entries.append(String(decoding: name, as: UTF8.self))
            o += 46 + Int(nameLength) + Int(extra) + Int(comment)
        }
        return (info, warnings)
    }

    static func tar(_ r: ByteReader) -> (ArchiveInfo, [String]) {
        var info = ArchiveInfo(format: "tar")
        var o = 0
        var warnings: [String] = []
        while r.has(o, 512) {
            if info.entries.count == maxEntries { info.entriesTruncated = true; break }
            guard r.u8(o) != 0 else { break }
            let name = r.cString(o, max: 100) ?? ""
            let sizeField = String(decoding: r.clipped(o + 124, 12), as: UTF8.self)
                .trimmingCharacters(in: .init(charactersIn: " \0"))
            guard let size = Int(sizeField, radix: 8), size >= 0 else {
                warnings.append("tar: bad size field for \(name)"); break
            }
            info.entries.append(name)
            // Header plus data rounded up to 512; a size near Int.max stops the walk, not the process.
            guard let blocks = add(size, 511).map({ $0 / 512 }), let next = add(o, 512).flatMap({ a in mul(blocks, 512).flatMap { add(a, $0) } }) else {
                warnings.append("tar: absurd size for \(name)"); break
            }
            o = next
        }
        return (info, warnings)
    }
}
