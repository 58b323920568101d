import Testing
import PetriModel
@testable import PetriSandbox
@testable import PetriWine

private let templateUser = #"""
WINE REGISTRY Version 2
;; All keys relative to REGISTRY\\User\\S-1-5-21-0-0-0-1000

#arch=win64

[Control Panel\\Desktop] 1795730407
#time=1dd7df17fb944f2
"Wallpaper"=""
@="default"

[Software\\Microsoft\\Windows\\CurrentVersion\\Run] 1795730407
#time=1dd7df17fb944f2

[Software\\Old] 1795730407
"Gone"="soon"

[Software\\Wine\\Fonts] 1795730442
"Cache"="a"

[Software\\Keep] 1795730407
"Path"=str(2):"%SystemRoot%\\system32"
"Bin"=hex:01,02,03,\
  04,05
"Multi"=str(7):"one\0two\0"
"Quoted"="say \"hi\" \\ done\\"
"Unicode"="caf\x00e9"
"Q"=hex(b):01,00,00,00,00,00,00,00
"Exp"=hex(2):25,00,54,00,45,00,4d,00,50,00,25,00,00,00
"Drop"=dword:00000001
"""#

private let runUser = #"""
WINE REGISTRY Version 2
;; All keys relative to REGISTRY\\User\\S-1-5-21-0-0-0-1000

#arch=win64

[Control Panel\\Desktop] 1795730999
#time=1dd7df1d09a5d48
"Wallpaper"="C:\\users\\user\\evil.bmp"
@="default"

[Software\\Microsoft\\Windows\\CurrentVersion\\Run] 1795730543
#time=1dd7df1d09a5d48
"PetriUpdater"="C:\\users\\user\\AppData\\Roaming\\updater.exe /silent"

[Software\\PetriTest] 1795730543
#time=1dd7df1d09a5ec4
"Installed"=dword:00000001

[Software\\Wine\\Fonts] 1795730999
"Cache"="b"

[Software\\Keep] 1795730407
"Path"=str(2):"%SystemRoot%\\system32"
"Bin"=hex:01,02,03,\
  04,05
"Multi"=str(7):"one\0two\0"
"Quoted"="say \"hi\" \\ done\\"
"Unicode"="caf\x00e9"
"Q"=hex(b):01,00,00,00,00,00,00,00
"Exp"=hex(2):25,00,54,00,45,00,4d,00,50,00,25,00,00,00
"""#

@Suite struct WineRegistryTests {
    @Test func parsesValueForms() throws {
        let f = try WineRegistryFile(text: templateUser)
        #expect(f.root == "HKCU")
        let keep = try #require(f["software\\keep"])  // case-insensitive lookup
        #expect(keep.value(named: "Path")?.type == "REG_EXPAND_SZ")
        #expect(keep.value(named: "Path")?.data == "%SystemRoot%\\system32")
        #expect(keep.value(named: "Bin")?.data == "01 02 03 04 05")
        #expect(keep.value(named: "Bin")?.type == "REG_BINARY")
        #expect(keep.value(named: "Multi")?.data == "one\ntwo")
        #expect(keep.value(named: "Multi")?.type == "REG_MULTI_SZ")
        #expect(keep.value(named: "Quoted")?.data == "say \"hi\" \\ done\\")
        #expect(keep.value(named: "Unicode")?.data == "café")
        #expect(keep.value(named: "Q")?.data == "0x0000000000000001")
        #expect(keep.value(named: "Exp")?.data == "%TEMP%")
        #expect(keep.value(named: "Exp")?.type == "REG_EXPAND_SZ")
        #expect(keep.value(named: "Drop")?.data == "0x00000001")
        #expect(f["Control Panel\\Desktop"]?.value(named: "")?.data == "default")
        #expect(f["Control Panel\\Desktop"]?.timestamp == 1795730407)
    }

    @Test func rejectsNonRegistry() {
        #expect(throws: WineRegistryFile.ParseError.self) { try WineRegistryFile(text: "REGEDIT4\n[HKEY_CURRENT_USER\\x]\n") }
        #expect(throws: WineRegistryFile.ParseError.self) { try WineRegistryFile(text: "WINE REGISTRY Version 2\n\"orphan\"=\"value\"\n") }
    }

    @Test func systemAndDefaultRoots() throws {
        #expect(try WineRegistryFile(text: "WINE REGISTRY Version 2\n;; All keys relative to \\\\Machine\n").root == "HKLM")
        #expect(try WineRegistryFile(text: "WINE REGISTRY Version 2\n;; All keys relative to \\\\User\\\\.Default\n").root == "HKU\\.Default")
    }

    @Test func diffReportsCreatedSetAndDeleted() throws {
        let changes = RegistryDiff().changes(from: try WineRegistryFile(text: templateUser), to: try WineRegistryFile(text: runUser))
        let run = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
        #expect(changes.contains(RegistryChange(kind: .valueSet, key: run, value: "PetriUpdater",
                                                data: "C:\\users\\user\\AppData\\Roaming\\updater.exe /silent", type: "REG_SZ")))
        #expect(changes.contains(RegistryChange(kind: .keyCreated, key: "HKCU\\Software\\PetriTest")))
        #expect(changes.contains(RegistryChange(kind: .valueSet, key: "HKCU\\Software\\PetriTest", value: "Installed", data: "0x00000001", type: "REG_DWORD")))
        #expect(changes.contains(RegistryChange(kind: .keyDeleted, key: "HKCU\\Software\\Old")))
        #expect(changes.contains(RegistryChange(kind: .valueDeleted, key: "HKCU\\Software\\Keep", value: "Drop", data: "0x00000001", type: "REG_DWORD")))
        #expect(changes.contains(RegistryChange(kind: .valueSet, key: "HKCU\\Control Panel\\Desktop", value: "Wallpaper",
                                                data: "C:\\users\\user\\evil.bmp", type: "REG_SZ")))
        // Timestamp-only changes and ignored Wine bookkeeping are not changes.
        #expect(!changes.contains { $0.key.hasPrefix("HKCU\\Software\\Wine") })
        #expect(changes.count == 6)
        let events = RegistryDiff.events(for: changes, firstSeq: 10, timeNs: 5)
        #expect(events.first?.kind == .registry && events.first?.seq == 10)
    }
}

/// The section-skipping diff (`changes(before:after:)`) must give exactly what the full parse gives.
@Suite struct WineRegistrySectionDiffTests {
    static func both(_ before: String, _ after: String) throws -> (fast: [RegistryChange], full: [RegistryChange]) {
        let d = RegistryDiff()
        let fast = try d.changes(before: Array(before.utf8), after: Array(after.utf8))
        let full = d.changes(from: try WineRegistryFile(text: before), to: try WineRegistryFile(text: after))
        return (fast, full)
    }

    @Test func sameAsFullParseOnTheFixture() throws {
        let (fast, full) = try Self.both(templateUser, runUser)
        #expect(fast == full)
        #expect(fast.count == 6)
        // and backwards (keys created become deleted)
        let (fast2, full2) = try Self.both(runUser, templateUser)
        #expect(fast2 == full2)
    }

    @Test func onlyDifferingSectionsAreParsed() throws {
        let head = "WINE REGISTRY Version 2\n;; All keys relative to \\\\Machine\n\n#arch=win64\n\n"
        let same = (0..<50).map { "[Software\\\\K\($0)] 1795730407\n#time=1dd7df17fb944f2\n\"V\"=dword:0000000\($0 % 10)\n\n" }.joined()
        let before = head + same + "[Software\\\\Changed] 1\n#time=1\n\"A\"=\"x\"\n\n[Software\\\\Gone] 1\n\"B\"=\"y\"\n"
        // a new #time and header timestamp alone, a changed value, a deleted key, a new key
        let after = head + same.replacingOccurrences(of: "#time=1dd7df17fb944f2", with: "#time=1dd7dfffffffff0")
            + "[Software\\\\Changed] 2\n#time=2\n\"A\"=\"z\"\n\n[Software\\\\New] 2\n\"C\"=\"w\"\n"
        let b = try #require(WineRegistrySections(Array(before.utf8)))
        let a = try #require(WineRegistrySections(Array(after.utf8)))
        #expect(b.sections.count == 52 && a.sections.count == 52)
        let (kb, ka) = WineRegistrySections.differing(b, a)
        #expect(kb.count == 2 && ka.count == 2, "only Changed/Gone and Changed/New are parsed")
        let (fast, full) = try Self.both(before, after)
        #expect(fast == full)
        #expect(fast == [RegistryChange(kind: .valueSet, key: "HKLM\\Software\\Changed", value: "A", data: "z", type: "REG_SZ"),
                         RegistryChange(kind: .keyCreated, key: "HKLM\\Software\\New"),
                         RegistryChange(kind: .valueSet, key: "HKLM\\Software\\New", value: "C", data: "w", type: "REG_SZ"),
                         RegistryChange(kind: .keyDeleted, key: "HKLM\\Software\\Gone")])
    }

    @Test func duplicateAndCaseVariantKeysFallBackToTheParser() throws {
        let head = "WINE REGISTRY Version 2\n;; All keys relative to \\\\Machine\n\n"
        let before = head + "[Software\\\\A] 1\n\"V\"=\"1\"\n\n[Software\\\\B] 1\n\"V\"=\"1\"\n\n"
        // A written twice (the parser merges them: V changes), B in another case (same key, same value)
        let after = head + "[Software\\\\A] 1\n\"V\"=\"1\"\n\n[software\\\\b] 1\n\"V\"=\"1\"\n\n[Software\\\\A] 1\n\"V\"=\"2\"\n\n"
        let (fast, full) = try Self.both(before, after)
        #expect(fast == full)
        #expect(fast == [RegistryChange(kind: .valueSet, key: "HKLM\\Software\\A", value: "V", data: "2", type: "REG_SZ")])
    }

    @Test func malformedHeaderIsStillReported() {
        let bad = "WINE REGISTRY Version 2\n[Software\\\\NoClose 1\n"
        #expect(throws: WineRegistryFile.ParseError.self) { try RegistryDiff().changes(before: Array("WINE REGISTRY Version 2\n".utf8), after: Array(bad.utf8)) }
    }
}

@Suite struct WinePathTests {
    let m = WinePathMapper()
    @Test func unixToWindows() {
        #expect(m.windowsPath(forUnixPath: "/home/user/.wine/drive_c/users/user/AppData/Roaming/x.exe") == "C:\\users\\user\\AppData\\Roaming\\x.exe")
        #expect(m.windowsPath(forUnixPath: "/home/user/.wine/dosdevices/c:/windows/system32") == "C:\\windows\\system32")
        #expect(m.windowsPath(forUnixPath: "/home/user/.wine/drive_c") == "C:\\")
        #expect(m.windowsPath(forUnixPath: "/home/user/.wine/user.reg") == nil)
        #expect(m.windowsPath(forUnixPath: "/tmp/x") == nil)
        #expect(m.windowsPath(forPrefixRelativePath: "drive_c/users/user/Temp/a.txt") == "C:\\users\\user\\Temp\\a.txt")
    }
    @Test func windowsToUnix() {
        #expect(m.unixPath(forWindowsPath: "C:\\users\\user\\AppData\\Roaming\\x.exe") == "/home/user/.wine/drive_c/users/user/AppData/Roaming/x.exe")
        #expect(m.unixPath(forWindowsPath: "\\??\\C:\\windows\\..\\users\\.\\user") == "/home/user/.wine/drive_c/users/user")
        #expect(m.unixPath(forWindowsPath: "c:/Temp/a.txt") == "/home/user/.wine/drive_c/Temp/a.txt")
        #expect(m.unixPath(forWindowsPath: "Z:\\etc\\passwd") == nil)
        #expect(m.unixPath(forWindowsPath: "\\\\server\\share") == nil)
        #expect(WinePathMapper(prefix: "/p/").unixPath(forWindowsPath: "C:\\") == "/p/drive_c")
    }
}
