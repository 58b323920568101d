import Foundation
import Petri
import PetriModel
import PetriSandbox
import PetriWine
import Testing

/// Per-run Windows decoys: seeded from profiles/decoys/windows with fresh canaries into a lower layer
/// above the shared Wine template (the real runs are in SpSimExeCaseTests).
@Suite struct WineDecoySeedTests {
    static let tree = TestPrograms.repoRoot + "/profiles/" + WineDecoySeed.profileDirectory

    @Test("every decoy credential store gets its own fresh token, named by its path under drive_c")
    func freshTokensPerRun() throws {
        let a = TestPrograms.tempDir("wineseed-a"), b = TestPrograms.tempDir("wineseed-b")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let first = try WineDecoySeed.seed(from: Self.tree, into: a)
        let second = try WineDecoySeed.seed(from: Self.tree, into: b)
        let driveC = WineLayout.standard.prefix + "/drive_c"
        let expected = ["/users/user/AppData/Roaming/Skype/user/main.db", "/users/user/AppData/Roaming/Skype/user/contacts.xml",
                        "/users/user/AppData/Roaming/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json",
                        "/users/user/Documents/Q3 budget.txt"].map { driveC + $0 }
        #expect(Set(expected).isSubset(of: Set(first.map(\.file))), "\(first.map(\.file))")
        #expect(Set(first.map(\.token)).isDisjoint(with: second.map(\.token)), "tokens are fresh per run")
        for c in first {
            let host = a + c.file.dropFirst(driveC.count)
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: host)), as: UTF8.self)
            #expect(text.contains(c.token) && !text.contains("{{CANARY}}"), "\(c.file)")
        }
        // The contact list a worm would spread to: at least the rule's threshold of 5, like the Linux decoys.
        let xml = try String(contentsOfFile: a + "/users/user/AppData/Roaming/Skype/user/contacts.xml", encoding: .utf8)
        #expect(xml.components(separatedBy: "skypename=\"").count - 1 >= 6)
    }

    @Test("a seeded decoy changed by the sample is 'modified', a new file 'created', an untouched one absent")
    func overlayKnowsEveryLowerLayer() throws {
        let dir = TestPrograms.tempDir("lowers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        for d in ["upper/x", "seed/x", "template/x"] { try fm.createDirectory(atPath: dir + "/" + d, withIntermediateDirectories: true) }
        try Data("token".utf8).write(to: URL(fileURLWithPath: dir + "/seed/x/decoy.txt"))
        try Data("t".utf8).write(to: URL(fileURLWithPath: dir + "/template/x/base.txt"))
        try Data("changed".utf8).write(to: URL(fileURLWithPath: dir + "/upper/x/decoy.txt"))
        try Data("changed".utf8).write(to: URL(fileURLWithPath: dir + "/upper/x/base.txt"))
        try Data("new".utf8).write(to: URL(fileURLWithPath: dir + "/upper/x/new.txt"))
        let c = OverlayCollector(layers: [(dir + "/upper", "/p", "\(dir)/seed:\(dir)/template")], artifactsDirectory: nil)
        let files = Dictionary(uniqueKeysWithValues: c.collectFileChanges().map { ($0.path, $0.change) })
        #expect(files["/p/x/decoy.txt"] == .modified)
        #expect(files["/p/x/base.txt"] == .modified)
        #expect(files["/p/x/new.txt"] == .created)
        #expect(files["/p/x"] == nil, "a directory of a lower layer is not created by the run")
    }
}
