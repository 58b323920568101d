import Foundation
import PetriAnalysis
import PetriModel
import PetriSandbox

/// Per-run Windows decoys for Wine runs. The template prefix is shared by every run, so its decoy
/// credential stores can carry no per-run token; the profile's `decoys/windows` tree (paths relative
/// to drive_c, e.g. `users/user/AppData/Roaming/Skype/user/main.db`) is seeded with fresh canaries for
/// each run into a lower layer above the template, shadowing the template's decoys at the same paths.
public enum WineDecoySeed {
    /// Where a profile keeps the tree, relative to its profiles directory.
    public static let profileDirectory = "decoys/windows"

    /// Seeds `hostDirectory` (which becomes drive_c's per-run layer) from `templateDirectory`; the
    /// canaries name the decoy files by their path inside the sandbox (under the prefix's drive_c).
    public static func seed(from templateDirectory: String, into hostDirectory: String,
                            token: () -> String = DecoySeeder.randomToken) throws -> [Canary] {
        try DecoySeeder(templateDirectory: templateDirectory, guestHome: WineLayout.sandboxPrefix + "/drive_c")
            .seed(into: hostDirectory, token: token)
    }
}
