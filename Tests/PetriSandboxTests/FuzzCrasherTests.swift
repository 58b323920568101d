import Foundation
import Petri
import PetriModel
import PetriSandbox
import Testing

/// fuzz/crashers/{decoder,report,profile}-*: inputs the syscall decoder, the report reader and the
/// profile/rule loaders must survive, replayed through the harnesses' own entry points.
@Suite struct FuzzCrasherTests {
    @Test(arguments: ["decoder", "report", "profile"])
    func replay(harness: String) throws {
        let dir = TestPrograms.repoRoot + "/fuzz/crashers"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(harness + "-") }.sorted()
        #expect(!names.isEmpty, "no \(harness) inputs in \(dir)")
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            let started = Date()
            switch harness {
            case "decoder": DecoderFuzzing.decode([UInt8](data))
            case "report":
                // what fuzz/FuzzReport.swift does; a malformed report is an error, never a crash
                if let r = try? ReportJSON.decode(data), let again = try? ReportJSON.encode(r) { _ = try? ReportJSON.decode(again) }
            default: ProfileFuzzing.load([UInt8](data))
            }
            #expect(Date().timeIntervalSince(started) < 5, "\(name) took too long")
        }
    }
}
