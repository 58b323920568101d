import Testing
import PetriModel
@testable import PetriSandbox
@testable import PetriWine

@Suite struct WineFileRecordTests {
    @Test func dropsWineBookkeepingAndAddsWindowsPaths() {
        let p = WineLayout.standard.prefix
        let h = WineLayout.standard.home
        func f(_ path: String) -> FileChange { FileChange(path: path, change: .created, type: .data) }
        let files = [
            f(p), f(p + "/system.reg"), f(p + "/user.reg"), f(p + "/.update-timestamp"), f(p + "/dosdevices/com1"),
            f(WineLayout.standard.sampleDirectory + "/dropper.exe"),
            f(h + "/.cache"), f(h + "/.cache/fontconfig/abc-le64.cache-8"),
            f("/tmp/.wine-1000/server-803-1234/lock"), f("/tmp/wine-x"),
            f(p + "/drive_c/users/user/AppData/Roaming/updater.exe"),
            f(p + "/drive_c/users/user/AppData/Roaming/petri-child.txt"),
            f(h + "/.cache/other/file"), f("/tmp/notes.txt"),
        ]
        let kept = WineFileRecord.annotate(files, sampleFileName: "dropper.exe")
        #expect(kept.map(\.path) == [p + "/drive_c/users/user/AppData/Roaming/updater.exe",
                                     p + "/drive_c/users/user/AppData/Roaming/petri-child.txt",
                                     h + "/.cache/other/file", "/tmp/notes.txt"])
        #expect(kept.map(\.windowsPath) == ["C:\\users\\user\\AppData\\Roaming\\updater.exe",
                                            "C:\\users\\user\\AppData\\Roaming\\petri-child.txt", nil, nil])
        // another sample's name in Downloads is evidence, not the sample's copy
        #expect(WineFileRecord.annotate([f(WineLayout.standard.sampleDirectory + "/dropper.exe")], sampleFileName: "other.exe").count == 1)
    }
}
