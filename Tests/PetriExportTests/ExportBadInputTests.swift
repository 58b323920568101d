import Foundation
import PetriModel
import Testing

/// Every export refuses what is not a petri report it can read: one line on stderr, exit 2.
@Suite("Exports: bad input is one line and exit 2")
struct ExportBadInputTests {
    static let exports: [[String]] = [["iocs"], ["stix"], ["misp"], ["html"], ["diff", "@", "%"], ["diff", "%", "@"], ["show"], ["rescore"], ["attack-layer"]]

    static func inputs() throws -> [(String, String)] {
        let dir = ExportFixtures.tempDir()
        let good = try Data(contentsOf: URL(fileURLWithPath: ExportFixtures.spSimPath))
        func put(_ name: String, _ d: Data) -> String { let p = dir + "/" + name; _ = FileManager.default.createFile(atPath: p, contents: d); return p }
        let newer = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"schema_version\" : \"1.1\"", with: "\"schema_version\" : \"9.0\"")
        return [
            (put("truncated.json", good.prefix(good.count / 2)), "invalid or truncated JSON"),
            (put("other.json", Data("{\"type\": \"bundle\", \"objects\": []}".utf8)), "not a petri report"),
            (put("newer.json", Data(newer.utf8)), "newer than this petri reads"),
            (put("broken.json", Data("{\"schema_version\": \"1.1\", \"tool\": {\"name\": \"petri\"}}".utf8)), "not a petri report"),
            (put("binary.json", Data([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), "not a petri report"),
            (dir + "/missing.json", "report not found"),
        ]
    }

    @Test(arguments: exports)
    func refused(_ export: [String]) throws {
        for (path, message) in try Self.inputs() {
            let args = ["report"] + export.map { $0 == "@" ? path : $0 == "%" ? ExportFixtures.spSimPath : $0 } + (export.count == 1 ? [path] : [])
            guard let r = try PetriBinary.run(args) else { return }
            #expect(r.code == 2, "\(args): exit \(r.code)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && r.stderr.contains(message), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args)")
        }
    }
}
