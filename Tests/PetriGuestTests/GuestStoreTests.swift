import Foundation
import PetriGuest
import PetriModel
import Testing

@Suite("Guest spec and package inventory")
struct GuestSpecTests {
    @Test func idDependsOnContentNotOrder() {
        let a = GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["curl", "bash", "curl"])
        let b = GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "curl"], mirror: "http://mirror.example/debian")
        #expect(a.id == b.id)
        #expect(a.packages == ["bash", "curl"])
        #expect(a.id.count == 16 && a.id.allSatisfy { $0.isHexDigit })
        #expect(GuestSpec(suite: "trixie", architecture: "amd64", packages: ["bash", "curl"]).id != a.id)
        #expect(GuestSpec(suite: "bookworm", architecture: "arm64", packages: ["bash", "curl"]).id != a.id)
        #expect(GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "curl", "wget"]).id != a.id)
        #expect(GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "curl"], wine: false).id != a.id)
    }

    @Test func wineStageIsForAmd64ImagesAndOldStampsHaveNone() throws {
        #expect(GuestSpec(architecture: "amd64").wine)
        #expect(!GuestSpec(architecture: "arm64").wine, "wine32:i386 needs an x86 host")
        #expect(!GuestSpec(architecture: "amd64", wine: false).wine)
        let old = #"{"suite":"bookworm","architecture":"amd64","packages":["bash"],"mirror":"http://deb.debian.org/debian"}"#
        let decoded = try JSONDecoder().decode(GuestSpec.self, from: Data(old.utf8))
        #expect(!decoded.wine)
        let round = try JSONDecoder().decode(GuestSpec.self, from: JSONEncoder().encode(GuestSpec(architecture: "amd64")))
        #expect(round.wine && round == GuestSpec(architecture: "amd64"))
    }

    @Test func packageNamesThatCouldReachTheCommandLineAreRefused() {
        for ok in ["bash", "netcat-openbsd", "libc6:i386", "g++", "python3.11"] { #expect(GuestSpec.isValidPackageName(ok), "\(ok)") }
        for bad in ["", "a", "--foreign", "bash,curl", "Bash", "x y", "a:b:c", "../x", "pkg:"] { #expect(!GuestSpec.isValidPackageName(bad), "\(bad)") }
    }

    @Test func inventoryListsInstalledPackagesOnly() {
        let inv = PackageInventory.parse(GuestTest.status)
        #expect(inv.lines == ["bash:amd64=5.2.15-2+b7", "coreutils:amd64=9.1-1"])
        #expect(inv.digest == PackageInventory.parse(GuestTest.status).digest)
        #expect(inv.digest != PackageInventory.parse(GuestTest.status.replacingOccurrences(of: "9.1-1", with: "9.1-2")).digest)
    }
}

@Suite("Guest store: stamp, corrupted entries, lock, failing steps")
struct GuestStoreTests {
    let spec = GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "coreutils"], wine: false)

    /// Each test gets its own stand-in (a shared path would be rewritten under a parallel test).
    func builder(_ tag: String, seconds: Double = 0, fail: String? = nil) throws -> (GuestStore, GuestBuilder, String) {
        let store = GuestTest.tempStore(tag)
        let tools = store.directory + "-tools"
        try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
        let counter = tools + "/runs"
        var b = GuestBuilder(store: store)
        b.debootstrapPath = try GuestTest.fakeDebootstrap(in: tools, counter: counter, seconds: seconds, fail: fail)
        return (store, b, counter)
    }

    @Test func buildWritesAStampThatNamesTheEntry() throws {
        let (store, b, counter) = try builder("stamp")
        let e = try b.ensure(spec)
        #expect(e.id == spec.id)
        #expect(e.path == store.directory + "/" + spec.id)
        #expect(e.stamp.id == spec.id && e.stamp.spec == spec)
        #expect(e.stamp.packages == ["bash:amd64=5.2.15-2+b7", "coreutils:amd64=9.1-1"])
        #expect(e.stamp.packagesDigest == PackageInventory.parse(GuestTest.status).digest)
        #expect(FileManager.default.fileExists(atPath: e.root + "/usr/bin/bash"))
        #expect(GuestTest.leftovers(store) == [spec.id])
        // A second ensure uses the stamped entry.
        _ = try b.ensure(spec)
        #expect(GuestTest.runs(counter) == 1)
    }

    @Test func entryWithoutAValidStampIsRebuiltNotUsed() throws {
        let (store, b, counter) = try builder("corrupt")
        let e = try b.ensure(spec)
        let stamp = e.path + "/stamp.json"
        let good = try Data(contentsOf: URL(fileURLWithPath: stamp))
        let corruptions: [(String, () throws -> Void)] = [
            ("no stamp", { try FileManager.default.removeItem(atPath: stamp) }),
            ("truncated stamp", { try good.prefix(40).write(to: URL(fileURLWithPath: stamp)) }),
            ("stamp of another id", {
                try String(decoding: good, as: UTF8.self).replacingOccurrences(of: spec.id, with: "0123456789abcdef").write(toFile: stamp, atomically: true, encoding: .utf8)
            }),
            ("status changed", { try "Package: x\n".write(toFile: e.root + "/var/lib/dpkg/status", atomically: true, encoding: .utf8) }),
            ("essential file gone", { try FileManager.default.removeItem(atPath: e.root + "/usr/bin/python3") }),
        ]
        for (n, (what, corrupt)) in corruptions.enumerated() {
            try corrupt()
            guard case .invalid = store.status(id: spec.id) else { Issue.record("\(what): still valid"); continue }
            #expect(store.entry(for: spec) == nil, "\(what)")
            let rebuilt = try b.ensure(spec)
            #expect(GuestTest.runs(counter) == n + 2, "\(what): not rebuilt")
            #expect(FileManager.default.fileExists(atPath: rebuilt.root + "/usr/bin/python3"), "\(what)")
            #expect(GuestTest.leftovers(store) == [spec.id], "\(what)")
        }
    }

    @Test func partlyDeletedPackageFilesAreFoundByTheThoroughCheck() throws {
        let (store, b, _) = try builder("thorough")
        let e = try b.ensure(spec)
        try FileManager.default.removeItem(atPath: e.root + "/usr/bin/env")
        // usr/bin/env is an essential file too; a listed non-essential one is found only thoroughly.
        try "/.\n/usr/share/doc/bash/README\n".write(toFile: e.root + "/var/lib/dpkg/info/bash.list", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: e.root + "/usr/bin", withIntermediateDirectories: true)
        try "x".write(toFile: e.root + "/usr/bin/env", atomically: true, encoding: .utf8)
        guard case .valid = store.status(id: spec.id) else { Issue.record("quick check should pass"); return }
        guard case .invalid(let why) = store.status(id: spec.id, thorough: true) else { Issue.record("thorough check passed"); return }
        #expect(why.contains("usr/share/doc/bash/README"))
    }

    @Test func twoFirstRunsAtOnceBuildOnce() async throws {
        let (store, b, counter) = try builder("lock", seconds: 1)
        let spec = self.spec
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<3 { group.addTask { try b.ensure(spec).id } }
            var out: [String] = []
            for try await id in group { out.append(id) }
            return out
        }
        #expect(ids == [spec.id, spec.id, spec.id])
        #expect(GuestTest.runs(counter) == 1)
        #expect(GuestTest.leftovers(store) == [spec.id])
    }

    @Test func failingStepIsOneLineAndLeavesNothing() throws {
        let (store, b, _) = try builder("fail", fail: "Couldn't find these debs: petri-no-such-package")
        do {
            _ = try b.ensure(spec)
            Issue.record("a failing debootstrap built an image")
        } catch let e as GuestError {
            #expect(e.description == "sandbox setup failed at guest: debootstrap: Couldn't find these debs: petri-no-such-package")
            #expect(!e.description.contains("\n"))
        }
        #expect(GuestTest.leftovers(store) == [])
        #expect(store.entry(for: spec) == nil)
    }

    @Test func missingDebootstrapIsOneLine() throws {
        let store = GuestTest.tempStore("nodebootstrap")
        var b = GuestBuilder(store: store)
        b.debootstrapPath = store.directory + "/no-such-debootstrap"
        #expect(throws: GuestError.self) { try b.ensure(spec) }
        #expect(GuestTest.leftovers(store) == [])
    }

    @Test func staleTemporaryOfAKilledBuildIsSwept() throws {
        let (store, b, _) = try builder("stale")
        // A build whose process is gone (the highest pid, unused on this machine) left its folder.
        let stale = store.directory + "/.tmp-\(spec.id)-4194303-deadbeef"
        try FileManager.default.createDirectory(atPath: stale + "/root/usr", withIntermediateDirectories: true)
        _ = try b.ensure(spec)
        #expect(GuestTest.leftovers(store) == [spec.id])
    }

    /// A stand-in for the Wine stage: writes the files a Wine image must hold unless `skip` names one,
    /// or fails like apt-get.
    func wineStage(_ tools: String, skip: String? = nil, fail: Bool = false) throws -> String {
        let path = tools + "/fake-wine-stage"
        let files = GuestStore.wineFiles.filter { $0 != skip }.map { "mkdir -p \"$1/$(dirname \($0))\"; echo x > \"$1/\($0)\"; chmod 755 \"$1/\($0)\"" }
        let body = fail ? "echo 'E: Unable to locate package wine32:i386'; exit 100" : files.joined(separator: "\n")
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func wineStageRunsAfterDebootstrapAndItsFilesAreChecked() throws {
        let wine = GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "coreutils"])
        let (store, b0, _) = try builder("wine")
        var b = b0
        b.wineStagePath = try wineStage(store.directory + "-tools")
        let e = try b.ensure(wine)
        #expect(e.stamp.spec.wine)
        #expect(FileManager.default.isExecutableFile(atPath: e.root + "/usr/lib/wine/wine"))
        // The 32-bit loader gone: the entry is invalid, rebuilt rather than used.
        try FileManager.default.removeItem(atPath: e.root + "/usr/lib/wine/wine")
        guard case .invalid(let why) = store.status(id: wine.id) else { Issue.record("an image without wine32's loader was valid"); return }
        #expect(why == "usr/lib/wine/wine missing")
    }

    @Test func failingWineStageIsOneLineAndLeavesNothing() throws {
        let wine = GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "coreutils"])
        let (store, b0, _) = try builder("winefail")
        var b = b0
        b.wineStagePath = try wineStage(store.directory + "-tools", fail: true)
        do {
            _ = try b.ensure(wine)
            Issue.record("a failing Wine stage built an image")
        } catch let e as GuestError {
            #expect(e.description == "sandbox setup failed at guest: wine: Unable to locate package wine32:i386")
        }
        #expect(GuestTest.leftovers(store) == [])
    }

    @Test func wineStageMissingAFileDoesNotInstall() throws {
        let wine = GuestSpec(suite: "bookworm", architecture: "amd64", packages: ["bash", "coreutils"])
        let (store, b0, _) = try builder("winepart")
        var b = b0
        b.wineStagePath = try wineStage(store.directory + "-tools", skip: "usr/lib/i386-linux-gnu/wine/i386-windows/ntdll.dll")
        do {
            _ = try b.ensure(wine)
            Issue.record("an image without the 32-bit ntdll was installed")
        } catch let e as GuestError {
            #expect(e.description == "sandbox setup failed at guest: wine: usr/lib/i386-linux-gnu/wine/i386-windows/ntdll.dll is missing after the install")
        }
        #expect(GuestTest.leftovers(store) == [])
    }

    @Test func removeDeletesUnderTheLock() throws {
        let (store, b, _) = try builder("remove")
        _ = try b.ensure(spec)
        try store.remove(id: spec.id)
        guard case .missing = store.status(id: spec.id) else { Issue.record("still present"); return }
        #expect(GuestTest.leftovers(store) == [])
    }
}
