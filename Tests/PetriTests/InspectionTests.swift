import Foundation
import Petri
import PetriModel
import PetriTestSupport
import Testing

/// `petri inspect`'s library side: path checks, YARA folders, the JSON.
@Suite struct InspectionTests {
    static func folder(rules: String) throws -> (dir: String, profiles: String, sample: String) {
        let d = TempFolders.make("inspect")
        // A profiles folder without yara/: only the extra folders count.
        try FileManager.default.createDirectory(atPath: d + "/profiles", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: d + "/extra", withIntermediateDirectories: true)
        try rules.write(toFile: d + "/extra/x.yar", atomically: true, encoding: .utf8)
        try "#!/bin/sh\necho marker-one-two-three\n".write(toFile: d + "/sample.sh", atomically: true, encoding: .utf8)
        return (d, d + "/profiles", d + "/sample.sh")
    }

    @Test func extraYaraFolderMatches() throws {
        let f = try Self.folder(rules: "rule marker_seen { strings: $a = \"marker-one-two-three\" condition: $a }\n")
        let info = try Inspection.inspect(path: f.sample, extraYaraDirectories: [f.dir + "/extra", f.dir + "/absent"], profilesDirectory: f.profiles)
        #expect(info.yara.map(\.rule) == ["marker_seen"])
        let none = try Inspection.inspect(path: f.sample, profilesDirectory: f.profiles)
        #expect(none.yara.isEmpty)
    }

    @Test func rulesThatDoNotCompileAreBadInput() throws {
        let f = try Self.folder(rules: "rule broken { condition: }\n")
        #expect { try Inspection.inspect(path: f.sample, extraYaraDirectories: [f.dir + "/extra"], profilesDirectory: f.profiles) } throws: { e in
            guard case PetriError.badInput(let m) = e else { return false }
            return m.hasPrefix("YARA rules do not compile: ")
        }
        #expect(try Inspection.yaraRules(directories: [f.dir + "/absent"]) == nil)
    }

    @Test func pathsThatAreNotAFileAreBadInput() throws {
        let f = try Self.folder(rules: "")
        for (path, start) in [(f.dir, "is a directory, not a file: "), (f.dir + "/nope", "file not found: ")] {
            #expect { try Inspection.inspect(path: path, profilesDirectory: f.profiles) } throws: { e in
                guard case PetriError.badInput(let m) = e else { return false }
                return m.hasPrefix(start)
            }
        }
    }

    @Test func jsonIsSortedAndRoundTrips() throws {
        let f = try Self.folder(rules: "")
        let info = try Inspection.inspect(path: f.sample, profilesDirectory: f.profiles)
        let data = try Inspection.json(info)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\n") && !text.contains("\\/"))
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        let order = keys.compactMap { k in text.range(of: "\n  \"\(k)\"")?.lowerBound }
        #expect(order.count == keys.count && order == order.sorted())
        let back = try JSONDecoder().decode(StaticInfo.self, from: data)
        #expect(back.hashes?.sha256 == info.hashes?.sha256 && back.fileType == info.fileType)
    }
}
