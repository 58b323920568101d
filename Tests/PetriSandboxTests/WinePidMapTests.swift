import Testing
import PetriModel
import PetriAnalysis
@testable import PetriSandbox
@testable import PetriWine

/// Windows pids (the API trace) and sandbox pids (the process tree) overlap: the map joins them by the
/// Wine loader's image argument, and events keep their Windows ids in win_pid/win_tid.
@Suite struct WinePidMapTests {
    static func node(_ pid: Int32, _ ppid: Int32?, _ image: String, _ argv: [String], _ start: UInt64) -> ProcessNode {
        ProcessNode(pid: pid, ppid: ppid, image: image, argv: argv, startNs: start)
    }
    static let loader = ["/usr/lib/wine/wine64-preloader", "/usr/lib/wine/wine64"]

    /// Sandbox pids chosen to collide with the Windows pids: 0x20 = 32 is an unrelated runner,
    /// 0x30 = 48 the wineserver; two winedevice.exe in both spaces; a Windows process without image.
    static let sandbox: [ProcessNode] = [
        node(2, 1, "dash", ["/bin/sh", "-c", "..."], 10),
        node(5, 2, "dropper.exe", loader + ["./dropper.exe"], 20),
        node(7, 1, "winedevice.exe", loader + ["C:\\windows\\system32\\winedevice.exe"], 30),
        node(9, 1, "winedevice.exe", loader + ["C:\\windows\\system32\\winedevice.exe"], 40),
        node(32, 1, "svchost.exe", loader + ["C:\\windows\\system32\\svchost.exe", "-k", "x"], 50),
        node(47, 5, "dropper.exe", [], 60),
        node(48, 2, "wineserver64", ["/usr/lib/wine/wineserver64", "-w"], 70),
        node(49, 1, "updater.exe", loader + ["C:\\users\\user\\AppData\\Roaming\\updater.exe", "child"], 65),
    ]
    static let windows: [UInt32: WineProcess] = [
        0x20: WineProcess(pid: 0x20, parentPid: nil, image: "C:\\users\\user\\Downloads\\dropper.exe", commandLine: nil, runner: false, startNs: 0),
        0x44: WineProcess(pid: 0x44, parentPid: 0x20, image: "C:\\windows\\system32\\winedevice.exe", commandLine: nil, runner: true, startNs: 5),
        0x68: WineProcess(pid: 0x68, parentPid: 0x20, image: "C:\\windows\\system32\\WINEDEVICE.EXE", commandLine: nil, runner: true, startNs: 6),
        0x30: WineProcess(pid: 0x30, parentPid: nil, image: nil, commandLine: nil, runner: true, startNs: 7),
        0xc8: WineProcess(pid: 0xc8, parentPid: 0x20, image: "C:\\users\\user\\AppData\\Roaming\\updater.exe", commandLine: "updater.exe child", runner: false, startNs: 9),
    ]

    static func api(_ seq: UInt64, _ wpid: UInt32, _ name: String, _ args: [String: ArgValue] = [:]) -> Event {
        var a = args
        a["win_pid"] = .string(WineDebugLogParser.hex4(wpid))
        return Event(seq: seq, timeNs: seq, pid: Int32(wpid), tid: Int32(wpid + 4), ppid: windows[wpid]?.parentPid.map { Int32($0) },
                     image: nil, kind: .api, name: name, category: .file, args: a, action: .observed, runner: false)
    }

    @Test func joinsByLoaderImageArgumentInCreationOrder() {
        let m = WinePidMap(windows: Self.windows, sandbox: Self.sandbox)
        #expect(m[0x20] == 5, "the sample: ./dropper.exe after the loader")
        #expect(m[0x44] == 7 && m[0x68] == 9, "same image twice: creation order, case-insensitive")
        #expect(m[0xc8] == 49)
        #expect(m[0x30] == nil, "no image: unmapped, not the wineserver that has sandbox pid 48")
        #expect(!m.sandboxPid.values.contains(47) && !m.sandboxPid.values.contains(32), "a fork without exec, an unmatched image")
        #expect(WinePidMap.imageArgument(["/usr/lib/wine/wineserver64", "-w"]) == nil)
    }

    @Test func eventsCarrySandboxPidsAndUnmappedOnesNeverMeetACollidingProcess() throws {
        let m = WinePidMap(windows: Self.windows, sandbox: Self.sandbox)
        var events = [Self.api(1, 0x20, "CreateFile"), Self.api(2, 0xc8, "CreateFile"), Self.api(3, 0x30, "RegOpenKey")]
        m.attribute(&events, processes: Self.windows)
        #expect(events[0].pid == 5 && events[0].ppid == nil && events[0].args["win_pid"]?.stringValue == "0020")
        #expect(events[1].pid == 49 && events[1].ppid == 5 && events[1].tid == 0xcc, "tid stays the Windows thread")
        #expect(events[2].pid == 0x30 && events[2].args["unmapped"] == .bool(true) && events[2].ppid == nil)
        #expect(events[0].args["unmapped"] == nil)

        // The tree scope: the unmapped event (pid 48) is not related to the wineserver (sandbox 48),
        // nor to anything else; the mapped ones follow the sandbox tree.
        var report = Report(sample: SampleInfo(path: "/s", fileName: "s", size: 0, md5: "", sha1: "", sha256: "", type: .pe),
                            run: RunInfo(profile: "default", runner: "wine", startedAt: "", timeoutSeconds: 1, hostname: "h", user: "u",
                                         workingDirectory: "/", samplePath: "/s", arguments: [], networkMode: "none"))
        report.processes = Self.sandbox
        report.processes[7].ppid = 5  // as WineRunner.postProcess sets it for the sample's Windows children
        report.events = events + [Event(seq: 4, timeNs: 4, pid: 48, tid: 48, ppid: 2, image: "wineserver64", kind: .syscall, name: "openat",
                                        category: .file, args: [:], action: .observed)]
        let store = RecordStore(report: report)
        let recs = store.records(.event)
        let unmapped = try #require(recs.first { $0.seq == 3 })
        #expect(unmapped.pid != 48 && unmapped.pid! < 0)
        #expect(!store.related(unmapped.pid!, 48) && !store.related(unmapped.pid!, 5))
        #expect(store.parents[48] == 2, "the unmapped event's Windows ppid is not put into the tree")
        #expect(store.related(5, 49), "dropper and the dropped stage are one tree")
        #expect(!store.related(5, 32))
    }
}
