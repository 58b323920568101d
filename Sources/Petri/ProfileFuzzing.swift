import PetriAnalysis

/// What the profile harness (fuzz/net, FuzzProfile) feeds the loaders, shared with the regression
/// test that replays its crashers: any bytes as a sandbox profile and as a behaviour-rule file.
public enum ProfileFuzzing {
    public static func load(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? ProfileLoader.parse(text, path: "fuzz.yaml", profilesDirectory: "/nonexistent")
        let rules = RuleLoader.load(sources: [("fuzz.yaml", text)])
        _ = rules.diagnostics.map(\.description)
    }
}
