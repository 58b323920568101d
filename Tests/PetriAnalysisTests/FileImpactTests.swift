import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// mass-file-rewrite (T1486) decided by share and structure, not by a count (issue 15): a few
/// documents encrypted is ransomware; many files compressed, edited in place or built is not.
@Suite struct FileImpactTests {
    static func ids(_ t: Trace) -> Set<String> { Set(BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report).map(\.id)) }
    static let docs = "/home/user/Documents"
    static func names(_ n: Int) -> [String] {
        let kinds = ["docx", "pdf", "xlsx", "txt", "jpg", "odt"]
        return (0..<n).map { "\(docs)/file-\($0).\(kinds[$0 % kinds.count])" }
    }

    /// In place: read+write each document, rename it to <name>.<ext>.
    static func inPlace(_ files: [String], ext: String, t: inout Trace, pid: Int32? = nil) {
        for f in files {
            t.open(f, "O_RDWR|O_CLOEXEC", pid: pid)
            t.sys("rename", ["path": .string(f), "new_path": .string(f + "." + ext)], pid: pid)
        }
    }

    /// By copy: read each, write <name>.<ext>, unlink the original.
    static func byCopy(_ files: [String], ext: String, t: inout Trace, writer: Int32? = nil, remover: Int32? = nil) {
        for f in files {
            t.open(f, pid: writer)
            t.open(f + "." + ext, "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC", pid: writer)
            t.sys("unlink", ["path": .string(f)], pid: remover ?? writer)
        }
    }

    @Test func fewDocumentsEncryptedInPlaceOrByCopyIsRansomware() {
        // Four documents, all of them: no count threshold to reach.
        var a = Trace(); Self.inPlace(Self.names(4), ext: "locked", t: &a)
        #expect(Self.ids(a).contains("mass-file-rewrite"))
        var b = Trace(); Self.byCopy(Self.names(4), ext: "enc", t: &b)
        #expect(Self.ids(b).contains("mass-file-rewrite"))
        // Replaced extension (report.docx -> report.crypt) and a 300-file run alike.
        var c = Trace()
        for f in Self.names(5) {
            c.open(f, "O_RDWR")
            let stem = f.split(separator: ".").dropLast().joined(separator: ".")
            c.sys("renameat2", ["path": .string(f), "new_path": .string(stem + ".crypt")])
        }
        #expect(Self.ids(c).contains("mass-file-rewrite"))
        var d = Trace(); Self.inPlace(Self.names(300), ext: "8k2jx", t: &d)
        let m = BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(d.report).first { $0.id == "mass-file-rewrite" }
        #expect(m?.evidence.fields?["files"] == "300" && m?.evidence.fields?["share_percent"] == "100", "\(String(describing: m?.evidence.fields))")
    }

    /// A shell loop: `openssl enc -in f -out f.enc` children and `rm f` children of one script.
    @Test func shellLoopOfChildrenCountsAsOneTree() {
        var t = Trace(sampleName: "crypt.sh")
        var pid: Int32 = 300
        for f in Self.names(6) {
            pid += 1; t.child(pid, image: "openssl")
            t.open(f, pid: pid); t.open(f + ".enc", "O_WRONLY|O_CREAT|O_TRUNC", pid: pid)
            pid += 1; t.child(pid, image: "rm")
            t.sys("unlinkat", ["path": .string(f), "flags": .string("0")], pid: pid)
        }
        #expect(Self.ids(t).contains("mass-file-rewrite"))
    }

    /// Three encrypted among many files read: the share is low, a ransom note makes it count.
    @Test func partialEncryptionNeedsANote() {
        var t = Trace()
        for f in Self.names(40) { t.open(f) }
        Self.inPlace(Array(Self.names(40).prefix(3)), ext: "locked", t: &t)
        #expect(!Self.ids(t).contains("mass-file-rewrite"))
        t.open(Self.docs + "/HOW_TO_DECRYPT.html", "O_WRONLY|O_CREAT|O_TRUNC")
        #expect(Self.ids(t).contains("mass-file-rewrite"))
    }

    @Test func benignLookAlikesDoNotCount() {
        // gzip/xz in place: x -> x.gz, original deleted.
        var gz = Trace(); Self.byCopy(Self.names(50), ext: "gz", t: &gz)
        #expect(!Self.ids(gz).contains("mass-file-rewrite"))
        var xz = Trace(); Self.byCopy(Self.names(50), ext: "xz", t: &xz)
        #expect(!Self.ids(xz).contains("mass-file-rewrite"))
        // tar/zip backup of the documents: every file read, one archive written, originals kept.
        var tar = Trace()
        for f in Self.names(50) { tar.open(f) }
        tar.open("/home/user/backup-2026-12-04.tar.gz", "O_WRONLY|O_CREAT|O_TRUNC")
        #expect(!Self.ids(tar).contains("mass-file-rewrite"))
        // sed -i over many files: a temporary file written and renamed over each original.
        var sed = Trace()
        for (i, f) in Self.names(50).enumerated() {
            sed.open(f)
            let tmp = Self.docs + "/sed\(String(format: "%06X", i * 7919))"
            sed.open(tmp, "O_RDWR|O_CREAT|O_EXCL")
            sed.sys("rename", ["path": .string(tmp), "new_path": .string(f)])
        }
        #expect(!Self.ids(sed).contains("mass-file-rewrite"))
        // An editor's backups (x -> x~, x.bak) and atomic writes (x.json.tmp -> x.json).
        var ed = Trace()
        for f in Self.names(30) {
            ed.open(f, "O_RDWR"); ed.sys("rename", ["path": .string(f), "new_path": .string(f + ".bak")])
            ed.open(f + ".tmp", "O_WRONLY|O_CREAT"); ed.sys("rename", ["path": .string(f + ".tmp"), "new_path": .string(f + ".json")])
        }
        #expect(!Self.ids(ed).contains("mass-file-rewrite"))
        // A converter: photo.png -> photo.jpg, original removed.
        var conv = Trace()
        for i in 0..<30 {
            let png = "/home/user/Pictures/photo-\(i).png"
            conv.open(png); conv.open("/home/user/Pictures/photo-\(i).jpg", "O_WRONLY|O_CREAT|O_TRUNC"); conv.sys("unlink", ["path": .string(png)])
        }
        #expect(!Self.ids(conv).contains("mass-file-rewrite"))
        // A build in the user's tree: many new files, temporaries deleted, nothing replaced.
        var build = Trace()
        for i in 0..<60 {
            let src = "/home/user/src/app/m\(i).c"
            build.open(src)
            build.open("/home/user/src/app/m\(i).o.tmp", "O_WRONLY|O_CREAT|O_TRUNC")
            build.sys("rename", ["path": .string("/home/user/src/app/m\(i).o.tmp"), "new_path": .string("/home/user/src/app/m\(i).o")])
            build.open("/home/user/src/app/m\(i).d", "O_WRONLY|O_CREAT|O_TRUNC")
            build.sys("unlink", ["path": .string("/home/user/src/app/m\(i).d")])
        }
        #expect(!Self.ids(build).contains("mass-file-rewrite"))
        // Renamed without being read or written (a batch renamer) does not count.
        var ren = Trace()
        for f in Self.names(20) { ren.sys("rename", ["path": .string(f), "new_path": .string(f + ".2026")]) }
        #expect(!Self.ids(ren).contains("mass-file-rewrite"))
    }

    @Test func summaryFields() {
        var t = Trace()
        Self.inPlace(Self.names(4), ext: "locked", t: &t)
        t.open(Self.docs + "/README-RESTORE.txt", "O_WRONLY|O_CREAT|O_TRUNC")
        let store = RecordStore(report: t.report)
        let r = try? #require(store.records(.impact).first)
        #expect(r?["victims"] == .int(4) && r?["share"] == .int(100) && r?["note"] == .bool(true))
        #expect(r?["extensions"] == .list(["locked"]))
        #expect(r?["notes"] == .list([Self.docs + "/README-RESTORE.txt"]))
    }
}
