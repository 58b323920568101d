import Foundation
import PetriTestSupport
import PetriNet
import Testing

/// fuzz/crashers/{dns,http,tls}-*: inputs the net parsers must survive, replayed through the same
/// entry point as the libFuzzer harnesses (fuzz/run-net.sh).
@Suite struct NetFuzzCrasherTests {
    static let crashers: String = Repo.path("fuzz/crashers")

    @Test(arguments: ["dns", "http", "tls"])
    func replay(harness: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.crashers).filter { $0.hasPrefix(harness + "-") }.sorted()
        #expect(!names.isEmpty, "no \(harness) inputs in \(Self.crashers)")
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.crashers + "/" + name)))
            let started = Date()
            switch harness {
            case "dns": NetParserFuzzing.dns(bytes)
            case "http": NetParserFuzzing.http(bytes)
            default: NetParserFuzzing.tls(bytes)
            }
            #expect(Date().timeIntervalSince(started) < 5, "\(name) took too long")
        }
    }
}
