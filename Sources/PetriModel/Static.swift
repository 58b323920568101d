/// Static facts about the sample (PetriAnalysis/Static fills this; see issue "Static triage and YARA").
public struct StaticInfo: Codable, Sendable, Equatable {
    /// Facts the behaviour engine can match on, e.g. "packed", "packer:upx", "wx_section", "imports:IsDebuggerPresent".
    public var facts: [String]
    public var warnings: [String]
    public init(facts: [String] = [], warnings: [String] = []) { self.facts = facts; self.warnings = warnings }
}
