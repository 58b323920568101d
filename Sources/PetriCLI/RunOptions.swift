import ArgumentParser
import Petri

/// What `analyze` and `corpus` share: which profile runs the sample, and for how long.
struct RunOptions: ParsableArguments {
    @Option(help: "Profile name (profiles/NAME.yaml) or path to a profile YAML file.")
    var profile: String?

    @Option(help: "Wall-clock timeout per sample, e.g. 30s, 500ms, 2m (default from the profile; corpus: overrides the expectations).")
    var timeout: String?

    @Option(name: .customLong("sigma"), help: ArgumentHelp("Folder (or file) of Sigma rules to evaluate beside the profile's rules; repeatable.", valueName: "dir"))
    var sigma: [String] = []

    var timeoutSeconds: Double? { timeout.flatMap(ProfileLoader.parseDuration) }

    func validate() throws {
        if let t = timeout, ProfileLoader.parseDuration(t) == nil {
            throw ValidationError("--timeout '\(t)' is not a duration (e.g. 30s, 500ms, 2m)")
        }
    }
}
