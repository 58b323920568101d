import Foundation
import Petri
import PetriGuest
import PetriModel
@testable import PetriSandbox
@testable import PetriWine
import Testing

/// Windows test programs (tests/pe, cross-compiled with mingw-w64 by `make programs`) detonated
/// through the whole pipeline: Wine inside the sandbox, API trace, registry diff, Windows paths.
@Suite("Windows samples under Wine, in the sandbox", .serialized)
struct WineSandboxTests {
    static func pe(_ name: String, arch: String = "x64", sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let file = name.contains(".") ? name : name + ".exe"
        let p = TestPrograms.repoRoot + "/tests/pe/build/\(arch)/\(file)"
        if FileManager.default.fileExists(atPath: p) { return p }
        Issue.record("PE test program \(arch)/\(file) missing: run `make programs` (needs gcc-mingw-w64)", sourceLocation: sourceLocation)
        return nil
    }

    static func analyze(_ path: String, timeout: Double = 30, network: String = "sinkhole", arguments: [String] = [],
                        dllExport: String? = nil, apiTrace: WineRunRecipe.APITrace = .standard) throws -> Report {
        let dir = TestPrograms.tempDir("wine")
        var options = Analysis.Options(profile: try ProfileLoader.load(TestPrograms.repoRoot + "/profiles/default.yaml"))
        options.timeoutSeconds = timeout
        options.arguments = arguments
        options.dllExport = dllExport
        options.apiTrace = apiTrace
        options.networkMode = network
        options.artifactsDirectory = dir + "/art"
        options.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: path, options: options)
        SchemaCheck.validate(outcome.reportPath)
        return outcome.report
    }

    @Test("a Run key set by the sample is a registry change and a persistence behaviour")
    func runKey() throws {
        guard let p = Self.pe("runkey") else { return }
        let r = try Self.analyze(p)
        #expect(r.run.runner == "wine")
        #expect(r.run.outcome == .exited(code: 0))
        let run = r.registry.first { $0.kind == .valueSet && $0.key.hasSuffix("Software\\Microsoft\\Windows\\CurrentVersion\\Run") }
        #expect(run?.value == "PetriUpdater")
        #expect(run?.key.hasPrefix("HKCU") == true || run?.key.hasPrefix("HKEY_CURRENT_USER") == true)
        #expect(r.registry.contains { $0.key.hasSuffix("Software\\PetriTest") })
        #expect(r.behaviours.contains { $0.attack.contains("T1547.001") })
        #expect(r.events.contains { $0.kind == .api && $0.name == "RegSetValue" && $0.runner != true && $0.image?.lowercased() == "runkey.exe" })
    }

    @Test("file drop + CreateProcess of the dropped file: Windows paths, attribution, process tree")
    func dropper() throws {
        guard let p = Self.pe("dropper") else { return }
        let r = try Self.analyze(p)
        let dropped = r.files.first { $0.windowsPath == "C:\\users\\user\\AppData\\Roaming\\updater.exe" }
        #expect(dropped?.type == .pe)
        #expect(dropped?.change == .created)
        #expect(dropped?.artifact?.hasPrefix("dropped/") == true)
        let create = r.events.first { $0.kind == .api && $0.name == "CreateProcess" && $0.runner != true }
        #expect(create?.image?.lowercased() == "dropper.exe", "attributed to the Windows process that asked, not the wineserver")
        #expect(r.processes.contains { $0.image.lowercased() == "updater.exe" && ($0.commandLine ?? "").contains("updater.exe") })
        // API events carry sandbox pids: the dropped process's those of the process running updater.exe
        // (Wine's loader exec'd with it), the dropper's its own; the Windows ids stay in win_pid.
        let parent = r.processes.first { $0.windowsImage == "C:\\users\\user\\Downloads\\dropper.exe" && !$0.argv.isEmpty }
        let child = r.processes.first { $0.windowsImage == "C:\\users\\user\\AppData\\Roaming\\updater.exe" && !$0.argv.isEmpty }
        let childWinPid = create?.args["child_pid"]?.intValue.map { WineDebugLogParser.hex4(UInt32($0)) }
        #expect(parent != nil && child != nil && childWinPid != nil, "\(r.processes.map { ($0.pid, $0.image, $0.windowsImage) })")
        if let parent, let child {
            let childEvents = r.events.filter { $0.kind == .api && $0.args["win_pid"]?.stringValue == childWinPid }
            #expect(!childEvents.isEmpty && childEvents.allSatisfy { $0.pid == child.pid && $0.ppid == parent.pid && $0.image == "updater.exe" })
            #expect(childEvents.contains { $0.name == "CreateFile" && $0.args["windows_path"]?.stringValue?.hasSuffix("petri-child.txt") == true })
            #expect(create?.pid == parent.pid)
            let sampleEvents = r.events.filter { $0.kind == .api && $0.runner != true }
            #expect(sampleEvents.allSatisfy { $0.pid == parent.pid || $0.pid == child.pid }, "\(Set(sampleEvents.map(\.pid)))")
            #expect(child.ppid == parent.pid, "the dropped process hangs under its Windows parent, not init")
        }
        // Every mapped API event names a process of the tree; the others are marked.
        let pids = Set(r.processes.map(\.pid))
        #expect(r.events.filter { $0.kind == .api && $0.args["unmapped"] == nil }.allSatisfy { pids.contains($0.pid) })
        #expect(r.files.contains { $0.windowsPath == "C:\\users\\user\\AppData\\Roaming\\petri-child.txt" })
        #expect(r.behaviours.contains { $0.id == "drops-executable" || $0.title.lowercased().contains("drops an executable") })
        // Wine's own start-up is runner activity, and its W+X mappings do not count as the sample's
        #expect(!r.behaviours.contains { $0.attack.contains("T1027.002") && $0.evidence.events.isEmpty == false && $0.title.lowercased().contains("writable and executable") })
        #expect(r.processes.contains { $0.image == "services.exe" && $0.runner == true })
    }

    @Test("a WinINet download is answered by the simulated internet and traced")
    func wininetDownload() throws {
        guard let p = Self.pe("wininet") else { return }
        let r = try Self.analyze(p)
        #expect(r.network.http.contains { $0.host == "payload.example" && $0.path == "/stage2.bin" && $0.response.hasPrefix("payload:") })
        #expect(r.network.dns.contains { $0.name == "payload.example" })
        #expect(r.events.contains { $0.kind == .api && $0.name.hasPrefix("InternetOpenUrl") && $0.runner != true })
    }

    @Test("a benign console program has no behaviour above severity 1")
    func benign() throws {
        guard let p = Self.pe("benign") else { return }
        let r = try Self.analyze(p)
        #expect(r.run.outcome == .exited(code: 0))
        let high = r.behaviours.filter { $0.severity > 1 }
        #expect(high.isEmpty, "\(high.map(\.id))")
        #expect(r.verdict == .benign)
        #expect(r.registry.isEmpty, "\(r.registry)")
    }

    @Test("a MessageBox does not hang the run past its timeout")
    func messageBox() throws {
        guard let p = Self.pe("msgbox") else { return }
        let r = try Self.analyze(p, timeout: 6)
        #expect(r.run.timeoutHit)
        #expect(r.run.outcome == .timedOut)
        // after the set-up, the run (sample, kill, collection) ends shortly after the timeout
        let afterSetup = r.run.durationMs - (r.run.setupMs ?? 0)
        #expect(afterSetup < (6 + 4) * 1000, "\(r.run.durationMs) ms, set-up \(r.run.setupMs ?? 0) ms")
    }

    @Test("a Run key set before the sample hangs is saved by the wineserver at the timeout")
    func runKeyThenHang() throws {
        guard let p = Self.pe("runkey") else { return }
        let timeout = 12.0  // Wine's start-up alone can take 5 s on a loaded 2-core machine: the run key must be set before the timeout
        let r = try Self.analyze(p, timeout: timeout, arguments: ["hang"])
        #expect(r.run.timeoutHit)
        #expect(r.run.outcome == .timedOut)
        #expect(r.output.stdoutPreview.contains("run key set"), "the sample reached its Sleep(INFINITE)")
        let set = r.registry.first { $0.kind == .valueSet && $0.key == "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" }
        #expect(set?.value == "PetriUpdater", "registry: \(r.registry)")
        #expect(r.events.contains { $0.kind == .registry && $0.name == "value_set" && $0.args["value"]?.stringValue == "PetriUpdater" })
        #expect(r.behaviours.contains { $0.attack.contains("T1547.001") })
        let hit = r.run.limitsHit.first { $0.limit == "timeout" }
        #expect(hit?.detail.contains("the wineserver saved the registry") == true, "\(String(describing: hit))")
        // after the set-up, ends at the timeout plus the bounded save grace (collection on a loaded machine aside)
        let afterSetup = r.run.durationMs - (r.run.setupMs ?? 0)
        #expect(afterSetup < (timeout + WineServerShutdown.graceSeconds + 4) * 1000, "\(r.run.durationMs) ms, set-up \(r.run.setupMs ?? 0) ms")
    }

    /// The guest image's Wine runs both machines (docs/guest.md): a PE32 needs nothing of the host.
    @Test("a 32-bit PE runs under the guest's wine32 (WoW64 in the win64 template, which has system32 and syswow64)")
    func thirtyTwoBit() throws {
        guard let p = Self.pe("benign", arch: "x86") else { return }
        let r = try Self.analyze(p)
        #expect(r.run.outcome == .exited(code: 0))
        #expect(r.run.guest != nil, "ran on the guest image")
        #expect(r.verdict == .benign, "\(r.verdict) \(String(describing: r.verdictReason))")
        #expect(r.output.stdoutPreview.contains("hello from petri benign"))
        let sample = r.processes.first { $0.windowsImage == "C:\\users\\user\\Downloads\\benign.exe" }
        #expect(sample != nil && sample?.runner != true, "\(r.processes.map { ($0.pid, $0.image, $0.windowsImage) })")
        // Its syscalls are the i386 table's (Wine's 32-bit side), attributed to the Windows process.
        let own = r.events.filter { $0.kind == .syscall && $0.pid == sample?.pid && $0.runner != true }
        #expect(!own.isEmpty && own.allSatisfy { $0.arch == "i386" && $0.image == "benign.exe" }, "\(Set(own.map { "\($0.arch ?? "-") \($0.image ?? "-")" }))")
        #expect(r.events.contains { $0.kind == .api && $0.runner != true && $0.image == "benign.exe" })
        let high = r.behaviours.filter { $0.severity > 1 }
        #expect(high.isEmpty, "\(high.map(\.id))")
        #expect(r.registry.isEmpty, "\(r.registry)")
        // The template was made by the guest's Wine, for this guest.
        let profile = try ProfileLoader.load(TestPrograms.repoRoot + "/profiles/default.yaml")
        let guest = try GuestImage.resolve(profile: profile, say: nil)
        let inst = try WineRunner.installation(forPE: true, guest: guest)
        #expect(inst.root == guest?.root && inst.loader32 == "/usr/lib/wine/wine")
        let template = try WineRunner.template(installation: inst, profile: profile, policy: profile.policy)
        #expect(template.contains("_g\(guest?.id ?? "none")_"), "\(template)")
        for dir in ["system32", "syswow64"] {
            #expect(FileManager.default.fileExists(atPath: template + "/drive_c/windows/\(dir)/kernel32.dll"), "\(dir)")
        }
    }

    @Test("PE32 dropper: dropped files with Windows paths, CreateProcess attributed, the child under its Windows parent")
    func thirtyTwoBitDropper() throws {
        guard let p = Self.pe("dropper", arch: "x86") else { return }
        let r = try Self.analyze(p)
        #expect(r.run.outcome == .exited(code: 0))
        let dropped = r.files.first { $0.windowsPath == "C:\\users\\user\\AppData\\Roaming\\updater.exe" }
        #expect(dropped?.type == .pe && dropped?.change == .created)
        let create = r.events.first { $0.kind == .api && $0.name == "CreateProcess" && $0.runner != true }
        #expect(create?.image?.lowercased() == "dropper.exe")
        let parent = r.processes.first { $0.windowsImage == "C:\\users\\user\\Downloads\\dropper.exe" && !$0.argv.isEmpty }
        let child = r.processes.first { $0.windowsImage == "C:\\users\\user\\AppData\\Roaming\\updater.exe" && !$0.argv.isEmpty }
        #expect(parent != nil && child != nil, "\(r.processes.map { ($0.pid, $0.image, $0.windowsImage) })")
        if let parent, let child {
            #expect(child.ppid == parent.pid)
            #expect((child.commandLine ?? "").contains("updater.exe"))
            #expect(r.events.contains { $0.kind == .syscall && $0.pid == child.pid && $0.arch == "i386" && $0.image == "updater.exe" })
        }
        #expect(r.files.contains { $0.windowsPath == "C:\\users\\user\\AppData\\Roaming\\petri-child.txt" })
        #expect(r.behaviours.contains { $0.id == "drops-executable" })
    }

    @Test("PE32 Run key: the registry diff and the persistence behaviour")
    func thirtyTwoBitRunKey() throws {
        guard let p = Self.pe("runkey", arch: "x86") else { return }
        let r = try Self.analyze(p)
        let run = r.registry.first { $0.kind == .valueSet && $0.key == "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" }
        #expect(run?.value == "PetriUpdater", "\(r.registry)")
        #expect(r.behaviours.contains { $0.attack.contains("T1547.001") })
        #expect(r.events.contains { $0.kind == .api && $0.name == "RegSetValue" && $0.runner != true && $0.image?.lowercased() == "runkey.exe" })
    }

    /// The DLL test programs in either build.
    static let machines = [("x64", "x86-64"), ("x86", "i386")]

    @Test("a program that starts a child and loads a DLL it dropped (LoadLibrary + GetProcAddress), in both builds", arguments: machines)
    func dropsAndLoadsDLL(_ build: (arch: String, machine: String)) throws {
        guard let p = Self.pe("dllloader", arch: build.arch) else { return }
        let r = try Self.analyze(p, apiTrace: .full)
        #expect(r.run.outcome == .exited(code: 0))
        #expect(r.sample.typeDetail == "\(build.arch == "x86" ? "PE32" : "PE32+") executable (\(build.machine))")
        let out = r.output.stdoutPreview
        #expect(out.contains("[child] pid") && out.contains("[loader] child exited 7"), "\(out)")
        #expect(out.contains("[loader] PluginRun returned 0x504c5547"), "\(out)")
        let parent = r.processes.first { $0.windowsImage == "C:\\users\\user\\Downloads\\dllloader.exe" && !($0.commandLine ?? "").hasSuffix(" child") && !$0.argv.isEmpty }
        let child = r.processes.first { ($0.commandLine ?? "").hasSuffix("dllloader.exe\" child") && !$0.argv.isEmpty }
        #expect(parent != nil && child != nil, "\(r.processes.map { ($0.pid, $0.image, $0.commandLine) })")
        #expect(child?.ppid == parent?.pid)
        let api = r.events.filter { $0.kind == .api && $0.runner != true && $0.image?.lowercased() == "dllloader.exe" }
        #expect(api.contains { $0.name == "CreateProcess" && ($0.args["command_line"]?.stringValue ?? "").hasSuffix(" child") })
        // The dropped DLL: a PE file record with its Windows path, loaded as a native module by the
        // sample's process, its export resolved by name.
        let dll = "C:\\users\\user\\Temp\\plugin.dll"
        #expect(r.files.contains { $0.windowsPath == dll && $0.type == .pe && $0.change == .created }, "\(r.files.compactMap(\.windowsPath))")
        let load = api.first { $0.name == "LoadDll" && $0.args["module"]?.stringValue?.lowercased() == dll.lowercased() }
        #expect(load?.args["native"] == .bool(true) && load?.pid == parent?.pid, "\(api.filter { $0.name == "LoadDll" }.map { $0.args })")
        #expect(api.contains { $0.name == "GetProcAddress" && $0.args[ArgKey.name]?.stringValue == "PluginRun" })
        // What the DLL did is the sample's: the file it wrote, with the i386 table in the 32-bit build.
        #expect(r.files.contains { $0.windowsPath == "C:\\users\\user\\Temp\\plugin-ran.txt" })
        if build.arch == "x86" {
            #expect(r.events.contains { $0.kind == .syscall && $0.pid == parent?.pid && $0.arch == "i386" && $0.image == "dllloader.exe" })
        }
        #expect(r.behaviours.contains { $0.id == "drops-executable" }, "\(r.behaviours.map(\.id))")
    }

    @Test("a DLL sample runs through rundll32 with the named export (--dll-export), in both builds", arguments: machines)
    func rundll32Export(_ build: (arch: String, machine: String)) throws {
        guard let p = Self.pe("plugin.dll", arch: build.arch) else { return }
        let r = try Self.analyze(p, arguments: ["alpha", "beta"], dllExport: "RunDllEntry")
        #expect(r.run.outcome == .exited(code: 0))
        #expect(r.run.dllExport == "RunDllEntry")
        #expect(r.sample.typeDetail == "\(build.arch == "x86" ? "PE32" : "PE32+") DLL (\(build.machine))")
        #expect(ReportSummary.render(r).contains("DLL export RunDllEntry through rundll32"))
        #expect(r.verdictReason == nil, "the sample ran: \(String(describing: r.verdictReason))")
        // The rundll32 of the DLL's machine ran it, as the sample's process (not the runner's).
        let dir = build.arch == "x86" ? "syswow64" : "system32"
        let host = r.processes.first { $0.windowsImage?.lowercased() == "c:\\windows\\\(dir)\\rundll32.exe" && !$0.argv.isEmpty }
            ?? r.processes.first { $0.image.lowercased() == "rundll32.exe" && !$0.argv.isEmpty }
        #expect(host != nil && host?.runner != true, "\(r.processes.map { ($0.pid, $0.image, $0.windowsImage, $0.runner) })")
        #expect(host?.argv.contains { $0.hasSuffix("/windows/\(dir)/rundll32.exe") } == true, "\(host?.argv ?? [])")
        let ran = r.files.first { $0.windowsPath == "C:\\users\\user\\Temp\\rundll-ran.txt" }
        #expect(ran != nil, "\(r.files.compactMap(\.windowsPath))")
        if let art = ran?.artifact, let dirPath = r.run.artifactsDirectory {
            let text = (try? String(contentsOfFile: dirPath + "/" + art, encoding: .utf8)) ?? ""
            #expect(text == "petri rundll32 entry ran: alpha beta\n", "rundll32 passed the arguments after the entry: \(text)")
        }
        #expect(r.events.contains { $0.kind == .api && $0.runner != true && $0.name == "LoadDll" && $0.args["module"]?.stringValue?.lowercased() == "c:\\users\\user\\downloads\\plugin.dll" })
        if build.arch == "x86" {
            #expect(r.events.contains { $0.kind == .syscall && $0.pid == host?.pid && $0.arch == "i386" })
        }
    }
}
