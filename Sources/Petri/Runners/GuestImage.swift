import Foundation
import PetriGuest
import PetriModel

/// The guest image a run's sample meets (docs/guest.md): the profile's, built on first use and
/// validated on every use, for every runner (the Wine runner uses the image's Wine). nil: the host's
/// own system folders (`guest: host`).
public enum GuestImage {
    /// Finds (or builds, one line per step through `say`) the image; a failing build or check throws
    /// `GuestError`, which the CLI reports as set-up failing at `guest` (exit 1) before anything runs.
    public static func resolve(profile: Profile, say: (@Sendable (String) -> Void)?,
                               store: GuestStore = GuestStore()) throws -> GuestEntry? {
        guard let spec = profile.guest else { return nil }
        if let entry = store.entry(for: spec) { return entry }
        return try GuestBuilder(store: store, say: say).ensure(spec)
    }

    /// What the report says of it.
    public static func info(_ entry: GuestEntry) -> GuestInfo {
        GuestInfo(id: entry.id, suite: entry.stamp.spec.suite, architecture: entry.stamp.spec.architecture,
                  packagesDigest: entry.stamp.packagesDigest)
    }
}
