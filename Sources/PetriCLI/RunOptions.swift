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

    @Option(name: .customLong("yara"), help: ArgumentHelp("Extra folder of YARA rules compiled beside the profile's yara/; repeatable.", valueName: "dir"))
    var yara: [String] = []

    @Flag(name: .customLong("as-root"), help: "Run the sample as root inside the sandbox (uid 0 of its own user namespace, no capabilities): it owns the guest's /etc, /usr, /var, whose changes are recorded (default from the profile's sandbox.as_root).")
    var asRoot = false

    var timeoutSeconds: Double? { timeout.flatMap(ProfileLoader.parseDuration) }

    /// The profile with these options applied.
    func apply(to profile: inout Profile) {
        profile.sigmaDirectories += sigma
        profile.yaraDirectories += yara
        if asRoot { profile.policy.asRoot = true }
    }

    func validate() throws {
        if let t = timeout, ProfileLoader.parseDuration(t) == nil {
            throw ValidationError("--timeout '\(t)' is not a duration (e.g. 30s, 500ms, 2m)")
        }
    }
}
