import Foundation
import PetriAnalysis
import PetriModel
import PetriSandbox
import PetriWine

/// Per-run Windows decoys for Wine runs. The template prefix is shared by every run, so its decoy
/// credential stores can carry no per-run token; the profile's `decoys/windows` tree (paths relative
/// to drive_c, e.g. `users/user/AppData/Roaming/Skype/user/main.db`) is seeded with fresh canaries for
/// each run into a lower layer above the template, shadowing the template's decoys at the same paths.
public enum WineDecoySeed {
    /// Where a profile keeps the tree, relative to its profiles directory.
    public static let profileDirectory = "decoys/windows"

    /// Seeds `hostDirectory` (which becomes drive_c's per-run layer) from `templateDirectory`; the
    /// canaries name the decoy files by their path inside the sandbox (under the prefix's drive_c).
    /// The tree is written for the default user (`users/user/...`): under another user its files go
    /// to that user's profile folder, where Wine looks for them.
    public static func seed(from templateDirectory: String, into hostDirectory: String, layout: WineLayout = .standard,
                            token: () -> String = DecoySeeder.randomToken) throws -> [Canary] {
        let standardUser = WineLayout.standard.user
        let fm = FileManager.default
        var template = templateDirectory
        var staging: String? = nil
        defer { if let s = staging { try? fm.removeItem(atPath: s) } }
        if layout.user != standardUser, fm.fileExists(atPath: templateDirectory + "/users/" + standardUser) {
            let s = hostDirectory + ".template-\(getpid())"
            try? fm.removeItem(atPath: s)
            try fm.createDirectory(atPath: s, withIntermediateDirectories: true)
            for entry in try fm.contentsOfDirectory(atPath: templateDirectory) {
                try fm.copyItem(atPath: templateDirectory + "/" + entry, toPath: s + "/" + entry)
            }
            try fm.moveItem(atPath: s + "/users/" + standardUser, toPath: s + "/users/" + layout.user)
            staging = s
            template = s
        }
        return try DecoySeeder(templateDirectory: template, guestHome: layout.driveC).seed(into: hostDirectory, token: token)
    }
}
