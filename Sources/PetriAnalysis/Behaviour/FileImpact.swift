import Foundation
import PetriModel

/// What one process tree did to the user's files, summarised for ransomware rules (`source: impact`):
/// how many user files it touched and how many it replaced by an encrypted-looking copy, whatever
/// their number. A victim is a user file the tree read or wrote and then either renamed to a name
/// derived from it with a new extension (`report.docx` → `report.docx.locked`, `report.locked`) or
/// deleted beside a written file of such a name (`report.docx.enc` created, `report.docx` unlinked),
/// the new extension not a compression, backup or temporary one nor a well-known document or media
/// format (a converter's `a.png` → `a.jpg`). In place (`O_RDWR` then rename), by copy (create + unlink),
/// with one process or a shell loop of `openssl`/`gpg`/`rm` children alike.
///
/// Look-alikes that do not count: `gzip`/`xz` in place (compression extensions), `sed -i` and editors
/// (a temporary file renamed over the original: not derived from it), `cp x x.bak`, `mv x.tmp x.json`
/// (a temporary source), tar/zip backups (one archive, the originals left), builds (new files only).
public enum FileImpact {
    /// Where the user's files are.
    static let userPrefixes = ["/home/", "/root/", "/srv/", "/mnt/", "/media/"]

    /// New extensions that are not encryption: compression, archives, backups, temporary names,
    /// signatures, and well-known document, image, audio and video formats (conversions).
    static let benignExtensions: Set<String> = [
        "gz", "tgz", "bz2", "tbz", "tbz2", "xz", "txz", "zst", "zstd", "lz", "lz4", "lzma", "lzo", "z", "zip", "7z", "rar", "tar", "cpio",
        "bak", "backup", "old", "orig", "save", "sav", "prev", "tmp", "temp", "swp", "swo", "part", "partial", "new", "dpkg-old", "dpkg-new",
        "dpkg-dist", "rpmnew", "rpmsave", "sig", "sha256", "md5", "lock", "log", "1", "2", "3",
        "txt", "md", "rst", "csv", "tsv", "json", "xml", "yaml", "yml", "html", "htm", "pdf", "ps", "rtf", "odt", "ods", "odp",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "epub",
        "jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "heic", "svg", "ico",
        "mp3", "ogg", "oga", "opus", "flac", "wav", "m4a", "aac", "mp4", "m4v", "mkv", "webm", "avi", "mov",
        "o", "so", "a", "pyc", "class",
    ]
    /// A source with one of these extensions is a temporary file being put in place (atomic writes).
    static let temporarySources: Set<String> = ["tmp", "temp", "part", "partial", "new", "swp", "crdownload", "download", "dpkg-new"]
    /// Ransom-note names (README-RESTORE.txt, HOW_TO_DECRYPT.html, !!!READ_ME!!!.txt, ...).
    static let noteName = try! NSRegularExpression(
        pattern: #"(readme|read[_ -]?me|decrypt|restore|recover|how[_ -]?to|instruction|ransom|unlock|your[_ -]?files|help[_ -]?(me|files|decrypt))[^/]*\.(txt|html?|hta|rtf|url)$"#,
        options: [.caseInsensitive])

    struct Tree {
        var touched: Set<String> = []
        var read: Set<String> = []
        var wrote: Set<String> = []
        var created: [String] = []
        var renamed: [(String, String)] = []
        var unlinked: Set<String> = []
        var firstSeq: UInt64?
    }

    public struct Summary: Equatable, Sendable {
        public var root: Int32
        public var touched: Int
        public var victims: [String]
        public var extensions: [String]
        public var notes: [String]
        /// victims / files touched (outputs and notes left out), as a percentage.
        public var sharePercent: Int
    }

    static func isUser(_ p: String) -> Bool { userPrefixes.contains { p.hasPrefix($0) } }
    static func base(_ p: String) -> Substring { p.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(p) }
    static func dir(_ p: String) -> Substring { p.lastIndex(of: "/").map { p[..<$0] } ?? "" }
    static func ext(_ name: Substring) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// The new extension when `y` is `x` with an extension appended or its extension replaced, in the
    /// same folder; nil when `y` is not derived from `x` that way.
    static func newExtension(from x: String, to y: String) -> String? {
        guard dir(x) == dir(y) else { return nil }
        let bx = base(x), by = base(y)
        guard by.count > 1, by != bx else { return nil }
        if by.hasPrefix(bx + "."), let e = ext(by) { return e }
        if let ex = ext(bx) {
            let stem = bx.dropLast(ex.count + 1)
            if !stem.isEmpty, by.hasPrefix(stem + "."), let ey = ext(by), ey != ex, by.dropFirst(stem.count + 1).count == ey.count { return ey }
        }
        return nil
    }

    static func dropExtension(_ p: String) -> String {
        guard let e = ext(base(p)) else { return p }
        return String(p.dropLast(e.count + 1))
    }

    static func counts(_ e: String?) -> Bool { e.map { !benignExtensions.contains($0) && !$0.isEmpty && $0.count <= 24 } ?? false }

    /// One summary per process tree that touched user files (trees keyed by their top-most ancestor).
    public static func summarise(_ report: Report, root: (Int32) -> Int32) -> [Summary] {
        var trees: [Int32: Tree] = [:]
        let outcomes = EventOutcome.all(report)
        for e in report.events where e.kind == .syscall && e.runner != true {
            if outcomes[e.seq] == .failed { continue }
            guard let p = e.args[ArgKey.path]?.stringValue else { continue }
            let name = e.name
            let r = root(e.pid)
            switch name {
            case "open", "openat", "openat2", "creat":
                guard isUser(p) else { continue }
                let flags = e.args[ArgKey.flags]?.stringValue ?? (name == "creat" ? "O_WRONLY|O_CREAT|O_TRUNC" : "O_RDONLY")
                if flags.contains("O_DIRECTORY") || flags.contains("O_PATH") { continue }
                var t = trees[r, default: Tree()]
                t.firstSeq = t.firstSeq ?? e.seq
                t.touched.insert(p)
                let writes = flags.contains("O_WRONLY") || flags.contains("O_RDWR") || flags.contains("O_CREAT") || flags.contains("O_TRUNC")
                if writes { t.wrote.insert(p) }
                if !flags.contains("O_WRONLY") { t.read.insert(p) }
                if flags.contains("O_CREAT") { t.created.append(p) }
                trees[r] = t
            case "rename", "renameat", "renameat2":
                guard let q = e.args[ArgKey.newPath]?.stringValue, isUser(p) || isUser(q) else { continue }
                var t = trees[r, default: Tree()]
                t.firstSeq = t.firstSeq ?? e.seq
                t.touched.insert(p)
                t.renamed.append((p, q))
                trees[r] = t
            case "unlink", "unlinkat":
                guard isUser(p), !(e.args[ArgKey.flags]?.stringValue ?? "").contains("AT_REMOVEDIR") else { continue }
                var t = trees[r, default: Tree()]
                t.firstSeq = t.firstSeq ?? e.seq
                t.touched.insert(p)
                t.unlinked.insert(p)
                trees[r] = t
            default: continue
            }
        }
        var out: [Summary] = []
        for (r, t) in trees.sorted(by: { ($0.value.firstSeq ?? 0) < ($1.value.firstSeq ?? 0) }) {
            var victims: [String] = [], seen: Set<String> = [], outputs: Set<String> = [], exts: [String] = []
            func add(_ x: String, _ y: String, _ e: String) {
                outputs.insert(y)
                guard seen.insert(x).inserted else { return }
                victims.append(x)
                if !exts.contains(e) { exts.append(e) }
            }
            for (x, y) in t.renamed {
                guard t.read.contains(x) || t.wrote.contains(x), !temporarySources.contains(ext(base(x)) ?? ""),
                      let e = newExtension(from: x, to: y), counts(e), t.wrote.contains(x) || t.wrote.contains(y) else { continue }
                add(x, y, e)
            }
            if !t.unlinked.isEmpty {
                // Written new files by their path without the last extension: `x.enc` (appended) is
                // found under `x`, `x-stem.enc` (replaced) under x's own path without its extension.
                var byStem: [String: [String]] = [:]
                for y in t.created where t.wrote.contains(y) { byStem[dropExtension(y), default: []].append(y) }
                for x in t.unlinked.sorted() where t.read.contains(x) && !temporarySources.contains(ext(base(x)) ?? "") {
                    for y in (byStem[x] ?? []) + (byStem[dropExtension(x)] ?? []) where y != x {
                        if let e = newExtension(from: x, to: y), counts(e) { add(x, y, e); break }
                    }
                }
            }
            let notes = Set(t.created.filter { y in
                !outputs.contains(y) && noteName.firstMatch(in: y, range: NSRange(y.startIndex..., in: y)) != nil
                    && !(base(y).lowercased() == "readme.md")
            }).sorted()
            let inputs = t.touched.subtracting(outputs).subtracting(notes)
            let share = inputs.isEmpty ? 0 : victims.count * 100 / inputs.count
            out.append(Summary(root: r, touched: inputs.count, victims: victims, extensions: exts, notes: notes, sharePercent: share))
        }
        return out
    }
}
