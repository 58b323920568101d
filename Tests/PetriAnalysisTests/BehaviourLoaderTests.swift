import Foundation
import Testing
import PetriModel
@testable import PetriAnalysis

@Suite struct BehaviourLoaderTests {
    @Test func builtInRulesLoadWithoutProblems() {
        let r = BuiltIn.result
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(r.ruleSet.rules.count >= 30)
    }
}
