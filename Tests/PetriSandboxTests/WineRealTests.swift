// Real Wine runs of the tests/pe programs through the docs/wine.md recipe. Under CI=true a missing
// prerequisite (root, wine, mingw) fails these tests; elsewhere they are disabled.
#if os(Linux)
import Foundation
import Testing
import PetriModel
@testable import PetriSandbox
@testable import PetriWine

@Suite(.serialized, .enabled(if: WineTestHost.enabled, "needs root, wine and mingw-w64 (CI=true makes this a failure)"))
struct WineRealTests {
    @Test func templateIsBuiltOnceHeadlessAndDetachedFromTheHost() throws {
        let s = try WineTestHost.setup()
        let fm = FileManager.default
        let t = s.template
        // Progress: every step reported by the builder; the concurrent caller waited and found it cached.
        let steps = s.progress.compactMap { if case .step(let i, _, _) = $0 { return i }; return nil }
        #expect(steps == Array(1...WinePrefixTemplate.stepNames.count))
        #expect(s.concurrentProgress.contains(.waitingForLock))
        #expect(s.concurrentProgress.contains(.cached(path: t)))
        #expect(fm.fileExists(atPath: t + "/" + WinePrefixTemplate.markerName))
        #expect(!fm.fileExists(atPath: t + ".lock") || true)
        #expect((try? fm.contentsOfDirectory(atPath: WineTestHost.work + "/cache"))?.contains { $0.contains(".tmp-") } == false)
        // Detached from the host.
        #expect((try? fm.destinationOfSymbolicLink(atPath: t + "/dosdevices/z:")) == nil)
        #expect(!fm.fileExists(atPath: t + "/wineserver"))
        #expect(try String(contentsOfFile: t + "/.update-timestamp", encoding: .utf8) == "disable\n")
        for folder in ["Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos"] {
            let p = t + "/drive_c/users/user/" + folder
            let attrs = try fm.attributesOfItem(atPath: p)
            #expect(attrs[.type] as? FileAttributeType == .typeDirectory, "\(folder) must be a real folder")
        }
        // Headless.
        let user = try WineRegistryFile(text: String(contentsOfFile: t + "/user.reg", encoding: .utf8))
        #expect(user["Software\\Wine\\Drivers"]?.value(named: "Graphics")?.data == "null")
        // Ownership matches the sandbox's inside user (host 101000).
        var st = stat()
        for p in [t, t + "/user.reg", t + "/drive_c/users/user", t + "/drive_c/windows/system32"] {
            #expect(lstat(p, &st) == 0 && st.st_uid == WineTestHost.hostUID, "\(p) owner")
        }
        // Decoys.
        for rel in ["users/user/AppData/Roaming/Skype/user/main.db", "users/user/AppData/Roaming/Skype/user/contacts.xml",
                    "users/user/AppData/Roaming/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json"] {
            #expect(fm.fileExists(atPath: t + "/drive_c/" + rel), "decoy \(rel)")
        }
        // prepare() again is a cache hit.
        var again: [WinePrefixTemplate.Progress] = []
        let tpl = WinePrefixTemplate(configuration: .init(installation: s.installation, cacheRoot: WineTestHost.work + "/cache"))
        #expect(try tpl.prepare { again.append($0) } == t)
        #expect(again == [.cached(path: t)])
    }

    @Test func benignProgramRunsWithoutRegistryOrBehaviourNoise() throws {
        let r = try WineTestHost.run("benign")
        #expect(r.status == 0, "log tail: \(r.log.suffix(600))")
        #expect(r.stdout.contains("hello from petri benign"))
        // Registry: after the noise filter a trivial run changes nothing.
        let changes = try RegistryDiff().changes(templatePrefix: r.template, runPrefix: r.upper)
        #expect(changes.isEmpty, "unexpected registry changes: \(changes.prefix(10))")
        let p = WineDebugLogParser.parse(r.log, sampleImage: "benign.exe")
        #expect(p.samplePid != nil)
        let sample = p.events.filter { $0.runner == false }
        #expect(!sample.contains { $0.name == "CreateProcess" || $0.name == "RegSetValue" || $0.category == .network })
        #expect(!sample.contains { $0.category == .evasion }, "\(sample.filter { $0.category == .evasion }.map { "\($0.name) \($0.args)" })")
        #expect(Set(sample.map(\.name)).isSubset(of: ["LoadDll", "CreateFile", "RegOpenKey", "RegCreateKey"]), "\(Set(sample.map(\.name)))")
        #expect(p.events.contains { $0.runner == true && $0.name == "CreateProcess" })  // wineboot & co: runner
        print("wine benign run: \(String(format: "%.2f", r.seconds)) s wall, \(p.events.count) api events (\(sample.count) by the sample)")
    }

    @Test func runKeyShowsInRegistryDiffAndTrace() throws {
        let r = try WineTestHost.run("runkey")
        #expect(r.status == 0)
        let changes = try RegistryDiff().changes(templatePrefix: r.template, runPrefix: r.upper)
        #expect(changes.contains(RegistryChange(kind: .valueSet, key: "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
                                                value: "PetriUpdater", data: "C:\\users\\user\\AppData\\Roaming\\updater.exe /silent", type: "REG_SZ")))
        #expect(changes.contains(RegistryChange(kind: .keyCreated, key: "HKCU\\Software\\PetriTest")))
        #expect(changes.count == 3, "\(changes)")
        // the section-skipping diff gives what parsing the whole real hives gives
        var full: [RegistryChange] = []
        for file in ["system.reg", "user.reg", "userdef.reg"] {
            guard let after = try? String(contentsOfFile: r.upper + "/" + file, encoding: .utf8) else { continue }
            full += RegistryDiff().changes(from: try WineRegistryFile(text: String(contentsOfFile: r.template + "/" + file, encoding: .utf8)),
                                           to: try WineRegistryFile(text: after))
        }
        #expect(changes == full)
        let p = WineDebugLogParser.parse(r.log, sampleImage: "runkey.exe")
        let set = p.events.first { $0.name == "RegSetValue" && $0.args["value"]?.stringValue == "PetriUpdater" }
        #expect(set?.runner == false)
        #expect(set?.args["key"]?.stringValue == "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")
    }

    @Test func dropperChildIsTheSamplesAndTheDropIsAFileChange() throws {
        let r = try WineTestHost.run("dropper")
        #expect(r.status == 0, "\(r.stdout)")
        let p = WineDebugLogParser.parse(r.log, sampleImage: "dropper.exe")
        let sp = try #require(p.samplePid)
        let child = try #require(p.processes.values.first { $0.image?.hasSuffix("updater.exe") == true })
        #expect(child.parentPid == sp && child.runner == false)
        #expect(child.commandLine == "\"C:\\users\\user\\AppData\\Roaming\\updater.exe\" child")
        #expect(p.events.contains { $0.pid == Int32(child.pid) && $0.name == "CreateFile" && $0.args["windows_path"]?.stringValue?.hasSuffix("petri-child.txt") == true })
        // The overlay's upper dir is the file record; paths map to Windows paths.
        let rel = "drive_c/users/user/AppData/Roaming/updater.exe"
        #expect(FileManager.default.fileExists(atPath: r.upper + "/" + rel))
        #expect(WinePathMapper().windowsPath(forPrefixRelativePath: rel) == "C:\\users\\user\\AppData\\Roaming\\updater.exe")
        #expect(FileManager.default.fileExists(atPath: r.upper + "/drive_c/users/user/AppData/Roaming/petri-child.txt"))
    }

    @Test func wininetAndURLDownloadAttemptsAreTraced() throws {
        let r = try WineTestHost.run("wininet")
        #expect(r.status == 2)  // no network in the namespace: both attempts fail
        let p = WineDebugLogParser.parse(r.log, sampleImage: "wininet.exe")
        let s = p.events.filter { $0.runner == false }
        #expect(s.contains { $0.name == "InternetOpenUrl" && $0.args["url"]?.stringValue == "http://payload.example/stage2.bin" })
        #expect(s.contains { $0.name == "ResolveHost" && $0.args[ArgKey.hostname]?.stringValue == "payload.example" })
        #expect(s.contains { $0.name == "connect" && $0.args[ArgKey.address]?.stringValue == "198.51.100.7:80" })
        let u = try WineTestHost.run("urldownload")
        let q = WineDebugLogParser.parse(u.log, sampleImage: "urldownload.exe")
        #expect(q.events.contains { $0.runner == false && $0.name == "URLDownloadToFile" && $0.args["url"]?.stringValue == "http://cdn.example/invoice.exe" })
    }

    @Test func thirtyTwoBitPEsNeedWine32() throws {
        let s = try WineTestHost.setup()
        let make = try WineTestHost.sh("make -s -C \(WineTestHost.repoRoot)/tests/pe OUT=\(s.peDir) x86")
        #expect(make.status == 0, "\(make.stderr)")
        let pe32 = try PEFile(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: s.peDir + "/x86/benign.exe"))))
        #expect(pe32.machine == 0x14c && !pe32.is64Bit)
        let pe64 = try PEFile(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: s.peDir + "/x64/benign.exe"))))
        #expect(pe64.machine == 0x8664 && pe64.is64Bit)
        #expect(try s.installation.loader(forMachine: pe64.machine) == s.installation.loader64)
        if s.installation.loader32 == nil {
            #expect(throws: WineInstallation.LookupError.wine32Missing) { try s.installation.loader(forMachine: pe32.machine) }
        } else {
            #expect(try s.installation.loader(forMachine: pe32.machine) == s.installation.loader32)
        }
    }

    @Test func messageBoxEndsAtTheTimeout() throws {
        let r = try WineTestHost.run("msgbox", timeout: 4)
        #expect(r.status == 137)  // killed at the timeout, not hanging
        #expect(r.seconds < 4 + 5)
        // user32 reads HKCU\Software\Wine inside the sample's process: marked, but not evasion.
        let p = WineDebugLogParser.parse(r.log, sampleImage: "msgbox.exe")
        let sample = p.events.filter { $0.runner == false }
        #expect(sample.contains { $0.args["wine_key"] == .bool(true) })
        #expect(!sample.contains { $0.category == .evasion })
    }

    @Test func relayShowsAntiDebugCallsOfTheSampleOnly() throws {
        let r = try WineTestHost.run("antidebug", apiTrace: .full, relayModules: ["antidebug.exe"])
        #expect(r.status == 0)
        let p = WineDebugLogParser.parse(r.log, sampleImage: "antidebug.exe")
        let names = Set(p.events.filter { $0.runner == false }.map(\.name))
        for n in ["IsDebuggerPresent", "CheckRemoteDebuggerPresent", "NtQueryInformationProcess", "GetProcAddress", "VirtualProtect"] {
            #expect(names.contains(n), "missing relay event \(n)")
        }
        #expect(p.events.contains { $0.name == "IsDebuggerPresent" && $0.category == .evasion })
        let relayLines = r.log.split(separator: "\n").filter { $0.contains(":Call ") }.count
        print("wine relay run: \(String(format: "%.2f", r.seconds)) s wall, \(relayLines) relay call lines")
    }

    @Test func patchedNtdllHidesWineExportsAndStillRuns() throws {
        let s = try WineTestHost.setup()
        _ = s
        let out = WineTestHost.work + "/ntdll-patched"
        let t0 = Date()
        let patched = try WineExportPatcher.patch(outputDirectory: out)
        print("wine ntdll patch: \(String(format: "%.2f", Date().timeIntervalSince(t0))) s, \(patched.map { ($0.original as NSString).lastPathComponent })")
        #expect(patched.contains { $0.original.hasSuffix("/ntdll.dll") && Set($0.renamed) == Set(WineExportPatcher.renames.keys) })
        #expect(patched.contains { $0.original.hasSuffix("/user32.dll") })  // imports wine_get_version by name
        let ntdll = try PEFile(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: out + "/ntdll.dll"))))
        let names = try ntdll.exportNames()
        #expect(!names.contains("wine_get_version") && names.contains("RtlpQueryVersion"))
        #expect(names == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        try WineTestHost.sh("chmod -R a+rX \(out)")
        let mounts = patched.map { ($0.patched, $0.original) }
        let detect = try WineTestHost.run("winedetect", apiTrace: .off, bindMounts: mounts)
        #expect(detect.stdout.contains("no wine_get_version"), "\(detect.stdout) \(detect.log.suffix(400))")
        #expect(detect.stdout.contains("host_version=absent build_id=absent"))
        #expect(detect.status == 0)
        let benign = try WineTestHost.run("benign", apiTrace: .off, bindMounts: mounts)
        #expect(benign.status == 0 && benign.stdout.contains("hello from petri benign"))
        // Unpatched, the same program sees Wine.
        let plain = try WineTestHost.run("winedetect", apiTrace: .full, relayModules: ["winedetect.exe"])
        #expect(plain.status == 1 && plain.stdout.contains("wine detected"))
        #expect(plain.stdout.contains("WINELOADER=set"))
        // The detection attempts are recorded as evasion (they have no syscall of their own).
        let p = WineDebugLogParser.parse(plain.log, sampleImage: "winedetect.exe")
        let sample = p.events.filter { $0.runner == false && $0.args["wine_detection"] == .bool(true) }
        #expect(Set(sample.filter { $0.name == "GetProcAddress" }.compactMap { $0.args[ArgKey.name]?.stringValue }) == Set(WineExportPatcher.renames.keys))
        #expect(sample.contains { $0.name == "GetEnvironmentVariableA" && $0.args[ArgKey.name]?.stringValue == "WINELOADER" })
        #expect(sample.contains { $0.name == "RegOpenKeyExA" && $0.args["strings"]?.listValue?.contains("Software\\Wine") == true })
        #expect(sample.allSatisfy { $0.category == .evasion })
    }
}
#endif
