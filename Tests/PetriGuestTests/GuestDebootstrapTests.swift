import Foundation
import PetriGuest
import Testing

/// Real debootstrap, offline: the suite's signed index that `make guest` kept in the store serves as a
/// file:// mirror (the tests run in a network namespace with only lo).
@Suite("Guest build with the real debootstrap")
struct GuestDebootstrapTests {
    static var index: String? {
        let spec = GuestSpec()
        let dir = GuestStore().directory + "/.index/\(spec.suite)_\(spec.architecture)"
        if FileManager.default.fileExists(atPath: dir + "/dists/\(spec.suite)/Release") { return dir }
        Issue.record("no offline index at \(dir): run `make guest` (CI=\(ProcessInfo.processInfo.environment["CI"] ?? "unset"))")
        return nil
    }

    @Test func unknownPackageIsOneLineAndNothingIsLeft() throws {
        guard let index = Self.index else { return }
        let store = GuestTest.tempStore("bogus")
        let spec = GuestSpec(packages: ["bash", "petri-no-such-package"], mirror: "file://" + index)
        do {
            _ = try GuestBuilder(store: store).ensure(spec)
            Issue.record("a package list with an unknown package built an image")
        } catch let e as GuestError {
            #expect(e.description == "sandbox setup failed at guest: debootstrap: Couldn't find these debs: petri-no-such-package")
        }
        #expect(GuestTest.leftovers(store) == [])
    }

    @Test func unreachableMirrorIsOneLineAndNothingIsLeft() throws {
        let store = GuestTest.tempStore("nomirror")
        let spec = GuestSpec(packages: ["bash"], mirror: "http://deb.petri.invalid/debian")
        do {
            _ = try GuestBuilder(store: store).ensure(spec)
            Issue.record("an unreachable mirror built an image")
        } catch let e as GuestError {
            #expect(e.description.hasPrefix("sandbox setup failed at guest: debootstrap: "))
            #expect(e.description.contains("Release") || e.description.contains("deb.petri.invalid"), "\(e.description)")
            #expect(!e.description.contains("\n"))
        }
        #expect(GuestTest.leftovers(store) == [])
    }
}
