import Foundation
import PetriTestSupport
import Testing

/// `petri analyze` with a guest image that cannot be built (issue 20's faults): petri's set-up failed
/// (exit 1, one line naming the guest step), nothing half-built in the cache, no report claiming the
/// sample ran.
@Suite("the guest image at analyze time")
struct CLIGuestTests {
    @Test("an image that cannot be built (a mirror that does not exist) ends analyze with one line `sandbox setup failed at guest:` and exit 1; no report, nothing left in the cache")
    func unbuildableImage() throws {
        guard Prerequisites.require(Prerequisites.which("debootstrap") != nil, "debootstrap (apt-get install debootstrap)") else { return }
        let dir = CLI.tempDir()
        let cache = dir + "/cache"
        let profile = dir + "/broken-guest.yaml"
        try """
            name: broken-guest
            guest:
              mirror: file:///nonexistent-petri-mirror/debian
              packages: [bash, coreutils]
            """.write(toFile: profile, atomically: true, encoding: .utf8)
        let sample = dir + "/s.sh"
        try "#!/bin/sh\necho ran\n".write(toFile: sample, atomically: true, encoding: .utf8)
        chmod(sample, 0o755)
        guard let r = try CLI.run(["analyze", sample, "--profile", profile, "--out", dir + "/report.json", "--artifacts", dir + "/art", "--quiet"],
                                  environment: ["PETRI_GUEST_CACHE": cache]) else { return }
        #expect(r.code == 1, "exit \(r.code): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("petri: guest:") }
        #expect(lines.count == 1, "one error line (besides the step lines): \(r.stderr)")
        #expect(lines.first?.hasPrefix("petri: sandbox setup failed at guest: ") == true, "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/report.json"), "a report was written for a sample that never ran")
        // .debs is the package cache kept between builds (GuestBuilder); from a mirror that does not exist it holds no file.
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { !$0.hasPrefix(".lock-") && $0 != ".index" && $0 != ".debs" }
        #expect(left.isEmpty, "left in the cache: \(left)")
        let debs = FileManager.default.enumerator(atPath: cache + "/.debs")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".deb") } ?? []
        #expect(debs.isEmpty, "packages kept from a mirror that does not exist: \(debs)")
    }

    @Test("guest.wine is true or false; anything else is one line and exit 2 before anything is built")
    func wineKeyIsABoolean() throws {
        let dir = CLI.tempDir()
        let profile = dir + "/wine-key.yaml"
        try "name: wine-key\nguest:\n  wine: sometimes\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let sample = dir + "/s.sh"
        try "#!/bin/sh\necho ran\n".write(toFile: sample, atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["analyze", sample, "--profile", profile, "--out", dir + "/report.json", "--quiet"],
                                  environment: ["PETRI_GUEST_CACHE": dir + "/cache"]) else { return }
        #expect(r.code == 2, "exit \(r.code): \(r.stderr)")
        #expect(r.stderr.contains("guest.wine must be true or false"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/cache/.index"), "nothing was built")
    }
}
