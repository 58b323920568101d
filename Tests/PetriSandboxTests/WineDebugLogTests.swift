import Testing
import PetriModel
@testable import PetriSandbox
@testable import PetriWine

@Suite struct WineDebugLogTests {
    @Test func splitsLines() throws {
        let l = try #require(WineDebugLine.parse("768.760:0020:0024:trace:reg:NtCreateKey ((nil),L\"x\")"))
        #expect(l.timestamp == 768.760 && l.pid == 0x20 && l.tid == 0x24 && l.channel == "reg" && l.function == "NtCreateKey")
        #expect(l.message == "((nil),L\"x\")")
        let r = try #require(WineDebugLine.parse("855.512:0020:0024:Call KERNEL32.IsDebuggerPresent() ret=14000158d"))
        #expect(r.level == "call" && r.function == "KERNEL32.IsDebuggerPresent")
        let noTs = try #require(WineDebugLine.parse("0020:0024:warn:file:NtCreateFile L\"x\" not found (c0000034)"))
        #expect(noTs.timestamp == nil && noTs.level == "warn")
        #expect(WineDebugLine.parse("wine: configuration in L\"/home/user/.wine\" has been updated.") == nil)
        #expect(WineDebugLine.parse("hello from petri benign") == nil)
    }

    @Test func dropperProcessTreeFilesAndRunnerMarking() throws {
        let p = WineDebugLogParser.parse(WineFixtures.dropperLog, sampleImage: "dropper.exe")
        #expect(p.samplePid == 0x20)
        // wineboot was started by the first process before the sample loaded: runner.
        let wineboot = try #require(p.events.first { $0.name == "CreateProcess" && $0.args["image"]?.stringValue?.hasSuffix("wineboot.exe") == true })
        #expect(wineboot.runner == true)
        #expect(p.processes[0x28]?.runner == true)
        // The dropped file was created by the sample, with the Windows and Unix path.
        let create = try #require(p.events.first { $0.name == "CreateFile" && $0.args["windows_path"]?.stringValue == "C:\\users\\user\\AppData\\Roaming\\updater.exe" && $0.args["disposition"]?.stringValue == "FILE_OVERWRITE_IF" })
        #expect(create.runner == false && create.pid == 0x20)
        #expect(create.args["access"]?.stringValue?.contains("GENERIC_WRITE") == true)
        #expect(create.path == "/home/user/.wine/drive_c/users/user/AppData/Roaming/updater.exe")
        #expect(create.args["unix_path"]?.stringValue == "/home/user/.wine/dosdevices/c:/users/user/AppData/Roaming/updater.exe")
        let probe = try #require(p.events.first { $0.name == "CreateFile" && $0.args["status"] != nil && $0.args["windows_path"]?.stringValue?.hasSuffix("updater.exe") == true })
        #expect(probe.args["status"]?.stringValue == "0xc0000034")
        let copy = try #require(p.events.first { $0.name == "CopyFile" })
        #expect(copy.args["new_windows_path"]?.stringValue == "C:\\users\\user\\AppData\\Roaming\\updater.exe")
        // CreateProcess of the dropped file, with its Windows command line; the child is the sample's.
        let spawn = try #require(p.events.first { $0.name == "CreateProcess" && $0.runner == false })
        #expect(spawn.args["command_line"]?.stringValue == "\"C:\\users\\user\\AppData\\Roaming\\updater.exe\" child")
        #expect(spawn.args["child_pid"]?.intValue == 0xc8)
        #expect(p.processes[0xc8]?.runner == false)
        #expect(p.processes[0xc8]?.parentPid == 0x20)
        #expect(p.processes[0xc8]?.image == "C:\\users\\user\\AppData\\Roaming\\updater.exe")
        let childEvents = p.events.filter { $0.pid == 0xc8 }
        #expect(!childEvents.isEmpty && childEvents.allSatisfy { $0.runner == false && $0.image == "updater.exe" && $0.ppid == 0x20 })
        #expect(childEvents.contains { $0.name == "CreateFile" && $0.args["windows_path"]?.stringValue?.hasSuffix("petri-child.txt") == true })
        // The sample's own image load is an event of the sample; the runner's DLL loads are not.
        #expect(p.events.contains { $0.name == "LoadDll" && $0.runner == false && $0.args["native"] == .bool(true) })
        #expect(p.events.contains { $0.name == "LoadDll" && $0.runner == true && $0.pid == 0x28 })
        // Exceptions inside rpcss (runner).
        #expect(p.events.contains { $0.name == "Exception" && $0.args["code"]?.stringValue == "0x6ba" && $0.runner == true })
        #expect(p.events.allSatisfy { $0.kind == .api && $0.args["win_pid"] != nil })
    }

    @Test func registryHandlesResolveToKeyNames() throws {
        let p = WineDebugLogParser.parse(WineFixtures.runkeyLog)
        let set = try #require(p.events.first { $0.name == "RegSetValue" && $0.args["value"]?.stringValue == "PetriUpdater" })
        #expect(set.args["key"]?.stringValue == "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run")
        #expect(set.args["type"]?.stringValue == "REG_SZ")
        #expect(set.runner == false)
        let dword = try #require(p.events.first { $0.name == "RegSetValue" && $0.args["value"]?.stringValue == "Installed" })
        #expect(dword.args["key"]?.stringValue == "HKCU\\Software\\PetriTest")
        #expect(dword.args["type"]?.stringValue == "REG_DWORD")
        #expect(p.events.contains { $0.name == "RegCreateKey" && $0.args["key"]?.stringValue == "HKCU\\Software\\PetriTest" })
        // A read of Wine's own key is recorded as evasion (Wine detection).
        // Wine's own key is marked, not called evasion: Wine's DLLs open it inside the sample's process too.
        let wineKey = try #require(p.events.first { $0.args["key"]?.stringValue == "HKCU\\Software\\Wine" })
        #expect(wineKey.category == .system && wineKey.runner == true && wineKey.args["wine_key"] == .bool(true))
    }

    @Test func networkAttempts() throws {
        let p = WineDebugLogParser.parse(WineFixtures.wininetLog, sampleImage: "wininet.exe")
        let ev = p.events.filter { $0.runner == false }
        #expect(ev.contains { $0.name == "InternetOpen" && $0.args["user_agent"]?.stringValue == "Mozilla/5.0 (petri test)" })
        #expect(ev.contains { $0.name == "InternetOpenUrl" && $0.args["url"]?.stringValue == "http://payload.example/stage2.bin" && $0.args[ArgKey.hostname]?.stringValue == "payload.example" })
        #expect(ev.contains { $0.name == "ResolveHost" && $0.args[ArgKey.hostname]?.stringValue == "payload.example" })
        #expect(ev.contains { $0.name == "HttpOpenRequest" && $0.args["verb"]?.stringValue == "GET" && $0.args["object"]?.stringValue == "/beacon?id=petri" })
        let c = try #require(ev.first { $0.name == "connect" })
        #expect(c.args[ArgKey.address]?.stringValue == "198.51.100.7:80")
        #expect(c.args[ArgKey.family]?.stringValue == "AF_INET")
        #expect(c.category == .network && c.pid == 0x20)
        let u = WineDebugLogParser.parse(WineFixtures.urldownloadLog, sampleImage: "urldownload.exe")
        let dl = try #require(u.events.first { $0.name == "URLDownloadToFile" })
        #expect(dl.args["url"]?.stringValue == "http://cdn.example/invoice.exe")
        #expect(dl.args["windows_path"]?.stringValue == "C:\\users\\user\\Temp\\invoice.exe")
        #expect(dl.path == "/home/user/.wine/drive_c/users/user/Temp/invoice.exe")
        #expect(dl.runner == false)
    }

    /// wininet prints more lines under the calling function's name after the call's arguments (accept
    /// types, flags, the returned handle), as in sp-sim.exe's trace: one call, one event.
    @Test func oneEventPerInternetCall() throws {
        let log = """
        16948.239:0020:0024:trace:wininet:InternetOpenW (L"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)", 1, (null), (null), 0)
        16948.239:0020:0024:trace:wininet:InternetOpenW   access type : INTERNET_OPEN_TYPE_DIRECT
        16948.239:0020:0024:trace:wininet:InternetOpenW   flags       :
        16948.239:0020:0024:trace:wininet:InternetOpenW returning 00000000010A2FA0
        16948.239:0020:0024:trace:wininet:HttpOpenRequestW (0000000000000002, (null), L"/stage2.exe", (null), (null), 000000000021F5A0, 84000000, 00000000)
        16948.239:0020:0024:trace:wininet:HttpOpenRequestW 	accept type: L"*/*"
        16948.239:0020:0024:trace:wininet:HTTP_HttpOpenRequestW -->
        16948.239:0020:0024:trace:wininet:HTTP_HttpOpenRequestW <-- (00000000010A3290)
        16948.239:0020:0024:trace:wininet:HttpOpenRequestW returning 0000000000000003
        16948.345:0020:0024:trace:wininet:HttpOpenRequestW (0000000000000003, L"POST", L"/v1/chats/bob.chen/messages", (null), (null), 0000000000000000, 84000000, 00000000)
        16948.345:0020:0024:trace:wininet:HttpOpenRequestW returning 0000000000000004
        16948.400:0020:0024:trace:winhttp:WinHttpOpen L"petri-agent", 0, (null), (null), 0x00000000
        16948.400:0020:0024:trace:winhttp:WinHttpOpen returning 0000000000000005
        """
        let p = WineDebugLogParser.parse(log)
        let open = p.events.filter { $0.name == "InternetOpen" }
        #expect(open.count == 1 && open.first?.args["user_agent"]?.stringValue == "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)")
        let requests = p.events.filter { $0.name == "HttpOpenRequest" }
        #expect(requests.count == 2, "\(requests.map(\.args))")
        #expect(requests.first?.args["verb"]?.stringValue == "GET" && requests.first?.args["object"]?.stringValue == "/stage2.exe")
        #expect(requests.last?.args["verb"]?.stringValue == "POST" && requests.last?.args["object"]?.stringValue == "/v1/chats/bob.chen/messages")
        #expect(requests.allSatisfy { $0.args["object"] != nil })
        let winhttp = p.events.filter { $0.name == "WinHttpOpen" }
        #expect(winhttp.count == 1 && winhttp.first?.args["user_agent"]?.stringValue == "petri-agent")
    }

    @Test func relayAntiDebugAndWineDetection() throws {
        let p = WineDebugLogParser.parse(WineFixtures.relayLog)
        let names = p.events.filter { $0.runner == false }.map(\.name)
        for n in ["IsDebuggerPresent", "CheckRemoteDebuggerPresent", "NtQueryInformationProcess", "GetProcAddress", "VirtualProtect"] {
            #expect(names.contains(n), "missing \(n)")
        }
        #expect(!names.contains("RtlInitializeCriticalSection"))  // not in the default relay set
        let isDbg = try #require(p.events.first { $0.name == "IsDebuggerPresent" })
        #expect(isDbg.category == .evasion && isDbg.args["retval"]?.stringValue == "0x00000000")
        let nqip = try #require(p.events.first { $0.name == "NtQueryInformationProcess" && $0.runner == false })
        #expect(nqip.category == .evasion)  // class 7 = ProcessDebugPort
        let vp = try #require(p.events.first { $0.name == "VirtualProtect" })
        #expect(vp.category == .memory && vp.args["raw_args"]?.stringValue?.hasPrefix("140000000,00001000,00000004") == true)
        let gpa = p.events.filter { $0.name == "GetProcAddress" }
        #expect(gpa.contains { $0.args[ArgKey.name]?.stringValue == "NtQueryInformationProcess" && $0.category != .evasion })
        let wine = gpa.filter { $0.args["wine_detection"] == .bool(true) }
        #expect(Set(wine.compactMap { $0.args[ArgKey.name]?.stringValue }) == ["wine_get_version", "wine_get_host_version", "wine_get_build_id"])
        #expect(wine.allSatisfy { $0.category == .evasion })
        let all = WineDebugLogParser.parse(WineFixtures.relayLog, relayFunctions: nil)
        #expect(all.events.contains { $0.name == "RtlInitializeCriticalSection" })
    }

    @Test func hostOfURL() {
        #expect(WineDebugLogParser.host(of: "http://user:pw@a.example:8080/x?y") == "a.example")
        #expect(WineDebugLogParser.host(of: "https://[2001:db8::1]/") == "2001:db8::1")
        #expect(WineDebugLogParser.normalizeRoot("\\Registry\\User\\S-1-5-21-0-0-0-1000_Classes\\CLSID") == "HKCU\\Software\\Classes\\CLSID")
    }
}
