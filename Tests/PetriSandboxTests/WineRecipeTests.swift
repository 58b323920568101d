import Foundation
import Testing
@testable import PetriSandbox
@testable import PetriWine

@Suite struct WineRecipeTests {
    @Test func relayConfigurationReplacesTheDefaultExcludeList() throws {
        let userReg = """
            WINE REGISTRY Version 2
            ;; All keys relative to \\\\User\\\\S-1-5-21-0-0-0-1000

            [Software\\\\Wine\\\\Debug] 1795730407
            #time=1dd7df17fbad452
            "RelayExclude"="ntdll.RtlEnterCriticalSection"
            "RelayFromExclude"="winex11.drv;winemac.drv;user32;gdi32;advapi32;kernel32"

            [Software\\\\Wine\\\\Drivers] 1795730443
            "Graphics"="null"

            """
        let out = WineRunRecipe.enableRelay(userReg: userReg, modules: ["sample.exe", "unpacked.dll"])
        let f = try WineRegistryFile(text: out)
        let debug = try #require(f["Software\\Wine\\Debug"])
        #expect(debug.value(named: "RelayFromExclude") == nil)
        #expect(debug.value(named: "RelayFromInclude")?.data == "sample.exe;unpacked.dll")
        #expect(debug.value(named: "RelayExclude") != nil)
        #expect(f["Software\\Wine\\Drivers"]?.value(named: "Graphics")?.data == "null")
        // Without a Debug key one is appended.
        let bare = WineRunRecipe.enableRelay(userReg: "WINE REGISTRY Version 2\n", modules: ["a.exe"])
        #expect(try WineRegistryFile(text: bare)["Software\\Wine\\Debug"]?.value(named: "RelayFromInclude")?.data == "a.exe")
    }

    @Test func recipeShape() {
        let r = WineRunRecipe(templatePath: "/cache/t", upperDir: "/run/u", workDir: "/run/w", sampleFileName: "in voice.exe", timeoutSeconds: 9)
        #expect(r.mounts.map(\.target) == ["/home", "/home/user/.wine", "/tmp"])
        #expect(r.mounts[1].options == "lowerdir=/cache/t,upperdir=/run/u,workdir=/run/w,userxattr")
        #expect(r.environment["WINEDEBUG"] == WineRunRecipe.traceChannels)
        #expect(r.environment["DISPLAY"] == nil && r.environment["HOME"] == "/home/user")
        let inst = WineInstallation(loader64: "/usr/lib/wine/wine64", loader32: nil, server: "/usr/lib/wine/wineserver64", version: "wine-8.0")
        #expect(r.launchScript(installation: inst).contains("/usr/lib/wine/wine64 './in voice.exe'"))
        #expect(r.launchScript(installation: inst).hasPrefix("/usr/lib/wine/wineserver64 -p0"))
        #expect(WineRunRecipe(templatePath: "", upperDir: "", workDir: "", sampleFileName: "x.exe", apiTrace: .full).winedebug.hasSuffix(",+relay"))
    }

    @Test func unreachableAncestorFindsAPrivateDirectory() throws {
        let base = "/tmp/petri-wine-reach-\(getpid())"
        try FileManager.default.createDirectory(atPath: base + "/private/inner", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        chmod(base, 0o755)
        chmod(base + "/private", 0o700)
        #expect(WinePrefixTemplate.unreachableAncestor(of: base + "/private/inner") == base + "/private")
        chmod(base + "/private", 0o711)
        #expect(WinePrefixTemplate.unreachableAncestor(of: base + "/private/inner") == nil)
    }

    @Test func templateKeyAndCacheRoot() {
        let k = WinePrefixKey(wineVersion: "wine-8.0 (Debian 8.0~repack-4)", arch: "win64", profile: "Default Office")
        #expect(k.directoryName == "wine-8.0-debian-8.0-repack-4_win64_default-office_t\(WinePrefixKey.formatVersion)")
        #expect(WinePrefixTemplate.defaultCacheRoot(environment: ["PETRI_CACHE": "/c", "HOME": "/h"]) == "/c/wine")
        #expect(WinePrefixTemplate.defaultCacheRoot(environment: ["HOME": "/h"], isRoot: false) == "/h/.cache/petri/wine")
        #expect(WinePrefixTemplate.defaultCacheRoot(environment: ["HOME": "/root"], isRoot: true) == "/var/cache/petri/wine")
        #expect(WineInstallation.wine32InstallHint.contains("apt-get install wine32:i386"))
    }
}
