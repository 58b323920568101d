import Foundation
import PetriTestSupport
@testable import PetriAnalysis
import Testing

/// The depth check in front of Yams (whose recursive composer overflowed the stack on a fuzzed
/// `[[[[...` profile): deep input is refused with a line number, real files pass.
@Suite struct YAMLNestingTests {
    @Test func deepFlowRefused() throws {
        let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        #expect(YAMLNesting.tooDeepLine(deep) == 1)
        #expect(throws: YAMLNesting.TooDeep.self) { try YAMLNesting.compose(deep) }
        let ok = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(YAMLNesting.tooDeepLine(ok) == nil)
        #expect(try YAMLNesting.compose(ok) != nil)
    }

    @Test func deepBlockRefused() {
        var text = ""
        for i in 0..<200 { text += String(repeating: " ", count: i) + "k\(i):\n" }
        text += String(repeating: " ", count: 200) + "v: 1\n"
        #expect(YAMLNesting.tooDeepLine(text) == 65, "block levels counted by indentation")
        let dashes = String(repeating: "- ", count: 100) + "x\n"
        #expect(YAMLNesting.tooDeepLine(dashes) == 1, "compact nested sequences")
    }

    @Test func textThatOnlyLooksNested() throws {
        let text = """
        a: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
        b: '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'
        c: x[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        d: [1, [2, {e: 3}]]
        """
        #expect(YAMLNesting.tooDeepLine(text) == nil)
        #expect(try YAMLNesting.compose(text)?.mapping?["d"] != nil)
    }

    @Test func shippedProfilesAndRulesPass() throws {
        let root = Repo.root
        var files: [String] = []
        for dir in ["profiles", "profiles/behaviours", "fixtures"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + dir)) ?? [] where name.hasSuffix(".yaml") {
                files.append(root + "/" + dir + "/" + name)
            }
        }
        #expect(files.count >= 3)
        for f in files {
            let text = try String(contentsOfFile: f, encoding: .utf8)
            #expect(YAMLNesting.tooDeepLine(text) == nil, "\(f)")
        }
    }
}
