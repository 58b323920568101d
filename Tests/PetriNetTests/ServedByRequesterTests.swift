import Foundation
import NIOCore
import Testing
@testable import PetriNet
import PetriModel

/// What is served depends on who asks and what for (issue 16, "both sides of a download"): the
/// request's name, Accept and User-Agent and the requester's platform choose a harmless file of the
/// right type, and the answer says why. The built-in files are real: the ELF runs, the archives
/// unpack with unzip and tar into the requester's program and a script, which run.
@Suite struct ServedByRequesterTests {
    func head(_ path: String, host: String = "dl.example", ua: String? = nil, accept: String? = nil,
              contentType: String? = nil, method: String = "GET") -> HTTPRequestHead {
        var h = HTTPRequestHead(method: method, target: path, version: "HTTP/1.1", headers: [("Host", host)])
        if let ua { h.headers.append(("User-Agent", ua)) }
        if let accept { h.headers.append(("Accept", accept)) }
        if let contentType { h.headers.append(("Content-Type", contentType)) }
        return h
    }
    func body(_ r: HTTPResponder.Response) -> [UInt8] { Array(r.body.bytes.readableBytesView) }

    @Test func linuxRequesterGetsTheTypeItAskedFor() {
        let r = HTTPResponder(policy: HTTPPolicy())
        let cases: [(HTTPRequestHead, String, [UInt8]?, String)] = [
            (head("/x.exe"), "payload:builtin-pe", HarmlessPE.bytes, ".exe"),
            (head("/upd/x.ELF"), "payload:builtin-elf", HarmlessELF.bytes, ".elf"),
            (head("/bins/bot.arm7"), "payload:builtin-elf", HarmlessELF.bytes, ".arm7"),
            (head("/x.bin"), "payload:builtin-elf", HarmlessELF.bytes, "a Linux requester"),
            (head("/x.sh"), "payload:builtin", HarmlessScripts.shell, ".sh"),
            (head("/x.py"), "payload:builtin-python", HarmlessScripts.python, ".py"),
            (head("/x.ps1"), "payload:builtin-powershell", HarmlessScripts.powershell, ".ps1"),
            (head("/x.zip"), "payload:builtin-zip", nil, "a Linux program"),
            (head("/x.tar.gz"), "payload:builtin-tar.gz", nil, ".tar.gz"),
            (head("/x.tgz"), "payload:builtin-tar.gz", nil, ".tgz"),
            (head("/get", accept: "application/octet-stream"), "payload:builtin-elf", HarmlessELF.bytes, "Accept: application/octet-stream"),
            (head("/install", ua: "curl/8.5.0"), "payload:builtin-sh-page", HTTPResponder.bytes(.shellPage), "curl | sh"),
            (head("/", ua: "Wget/1.21.4"), "payload:builtin-sh-page", nil, "Wget"),
            (head("/v1/tasks.json"), "json", nil, ".json"),
            (head("/v1/tasks", accept: "application/json"), "json", nil, "Accept: application/json"),
            (head("/v1/beacon", contentType: "application/json", method: "POST"), "json", nil, "JSON"),
            (head("/", host: "api.ipify.org"), "ip-lookup", Array((HTTPResponder.publicAddress + "\n").utf8), "public-address"),
            (head("/json", host: "ipinfo.io"), "ip-lookup-json", nil, "public-address"),
        ]
        for (h, label, bytes, why) in cases {
            let resp = r.respond(to: h)
            #expect(resp.label == label, "\(h.target) \(h.headers)")
            #expect(resp.status == 200)
            if let bytes { #expect(body(resp) == bytes, "\(h.target)") }
            #expect(resp.reason?.contains(why) == true, "\(h.target): \(resp.reason ?? "no reason")")
        }
        // A page is still a page, for a browser and for a command-line tool asking for one.
        #expect(r.respond(to: head("/index.html", ua: "curl/8.5.0")).label == "default-html")
        #expect(r.respond(to: head("/install", ua: "Python-urllib/3.11")).label == "default-html")
        #expect(r.respond(to: head("/index.html")).reason == nil)
        // The JSON answer parses.
        let json = body(r.respond(to: head("/v1/tasks.json")))
        #expect((try? JSONSerialization.jsonObject(with: Data(json))) as? [String: Any] != nil)
        let ipj = body(r.respond(to: head("/json", host: "ipinfo.io")))
        #expect(((try? JSONSerialization.jsonObject(with: Data(ipj))) as? [String: Any])?["ip"] as? String == HTTPResponder.publicAddress)
    }

    @Test func windowsRequesterGetsWindowsFiles() throws {
        var p = HTTPPolicy()
        p.windowsPayload = true
        let r = HTTPResponder(policy: p)
        #expect(r.respond(to: head("/x.bin")).label == "payload:builtin-pe")
        #expect(r.respond(to: head("/get", accept: "application/octet-stream")).label == "payload:builtin-pe")
        #expect(r.respond(to: head("/x.elf")).label == "payload:builtin-elf", "an ELF name is a Linux program whoever asks")
        #expect(r.respond(to: head("/x.bat")).label == "payload:builtin-batch")
        #expect(r.respond(to: head("/run", ua: "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1")).label == "payload:builtin-ps1-page")
        let zip = r.respond(to: head("/x.zip"))
        #expect(zip.reason?.contains("a Windows program") == true)
        let names = try Self.unpack(body(zip), as: "zip").map(\.0)
        #expect(names == ["install.bat", "setup.exe"])
        // A Linux run's archive differs (another body, another hash).
        #expect(zip.body.sha256 != HTTPResponder(policy: HTTPPolicy()).respond(to: head("/x.zip")).body.sha256)
    }

    @Test func secondPassRefusesDownloadsAndPayloadFileWins() throws {
        var p = HTTPPolicy()
        p.refuseDownloads = true
        let r = HTTPResponder(policy: p)
        for (path, label) in [("/x.elf", "refused:elf"), ("/x.zip", "refused:zip"), ("/x.sh", "refused:sh"), ("/x.exe", "refused:pe")] {
            let resp = r.respond(to: head(path))
            #expect(resp.status == 404 && resp.label == label && resp.reason?.contains("downloads refused") == true, "\(path)")
        }
        #expect(r.respond(to: head("/index.html")).status == 200, "pages are still served")
        #expect(r.respond(to: head("/v1/tasks.json")).label == "json")

        let f = FileManager.default.temporaryDirectory.appendingPathComponent("petri-served-\(UUID().uuidString).bin")
        try Data("custom stage".utf8).write(to: f)
        defer { try? FileManager.default.removeItem(at: f) }
        let q = HTTPResponder(policy: HTTPPolicy(payloadFile: f))
        for path in ["/x.zip", "/x.elf", "/x.py"] {
            let resp = q.respond(to: head(path))
            #expect(resp.label == "payload:" + f.lastPathComponent && body(resp) == Array("custom stage".utf8))
            #expect(resp.reason?.contains("configured payload file") == true)
        }
    }

    // MARK: the files are real

    static func run(_ argv: [String], cwd: String? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let d = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: d, as: UTF8.self))
    }

    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "petri-served-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Unpacks with the stock tool; returns (name, bytes, mode) sorted by name.
    static func unpack(_ bytes: [UInt8], as type: String) throws -> [(String, [UInt8], Int)] {
        let d = tempDir()
        let file = d + "/archive." + type
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let out = d + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let argv = type == "zip" ? ["/usr/bin/unzip", "-q", file, "-d", out] : ["/usr/bin/tar", "-xf", file, "-C", out]
        let (status, text) = try run(argv)
        #expect(status == 0, "\(argv): \(text)")
        return try FileManager.default.contentsOfDirectory(atPath: out).sorted().map { n in
            let attrs = try FileManager.default.attributesOfItem(atPath: out + "/" + n)
            return (n, Array(try Data(contentsOf: URL(fileURLWithPath: out + "/" + n))), (attrs[.posixPermissions] as? Int) ?? 0)
        }
    }

    @Test func theELFRunsAndSaysWhatItIs() throws {
        let d = Self.tempDir()
        let f = d + "/payload"
        try Data(HarmlessELF.bytes).write(to: URL(fileURLWithPath: f))
        chmod(f, 0o755)
        let (status, out) = try Self.run([f])
        #expect(status == 0 && out == HarmlessELF.message)
        let (_, desc) = try Self.run(["/usr/bin/file", "-b", f])
        #expect(desc.contains("ELF 64-bit LSB executable, x86-64") && desc.contains("statically linked"), "\(desc)")
    }

    @Test(arguments: ["zip", "tar.gz", "tar"])
    func archivesUnpackIntoAProgramAndAScriptThatRun(_ type: String) throws {
        let kind = HTTPResponder.Kind(rawValue: type)!
        let members = try Self.unpack(HTTPResponder.bytes(kind), as: type)
        #expect(members.map(\.0) == ["install.sh", "payload"])
        #expect(members.map(\.1) == [HarmlessScripts.shell, HarmlessELF.bytes])
        #expect(members.allSatisfy { $0.2 & 0o111 != 0 }, "both are executable: \(members.map(\.2))")
        // gzip -t checks the stored-block deflate stream and its CRC.
        if type == "tar.gz" {
            let d = Self.tempDir()
            try Data(HTTPResponder.bytes(kind)).write(to: URL(fileURLWithPath: d + "/a.tgz"))
            #expect(try Self.run(["/usr/bin/gzip", "-t", d + "/a.tgz"]).0 == 0)
        }
        let d = Self.tempDir()
        for m in members {
            try Data(m.1).write(to: URL(fileURLWithPath: d + "/" + m.0))
            chmod(d + "/" + m.0, 0o755)
        }
        #expect(try Self.run([d + "/payload"]) == (0, HarmlessELF.message))
        #expect(try Self.run(["/bin/sh", d + "/install.sh"]).1.contains("petri simulated payload"))
    }

    @Test func theScriptPageRunsAsAScriptAndReadsAsThePage() throws {
        let page = HTTPResponder.bytes(.shellPage)
        #expect(String(decoding: page, as: UTF8.self).contains("It works!"))
        // Saved to a file it is no script (no #! line), so a tool that saves a status page drops nothing executable.
        #expect(FileTypeDetector.detect(head: Data(page)).type != .script)
        let d = Self.tempDir()
        try Data(page).write(to: URL(fileURLWithPath: d + "/i"))
        let (status, out) = try Self.run(["/bin/sh", d + "/i"])
        #expect(status == 0 && out == "petri simulated payload: nothing to see\n", "sh stops before the page: \(out)")
    }

    @Test func gzipSpansStoredBlocks() throws {
        // More than one 64 KiB stored block, and an empty input.
        for n in [0, 70_000, 200_000] {
            let data = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let d = Self.tempDir()
            try Data(HarmlessArchive.gzip(data)).write(to: URL(fileURLWithPath: d + "/x.gz"))
            let (status, _) = try Self.run(["/usr/bin/gzip", "-d", d + "/x.gz"])
            #expect(status == 0)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: d + "/x"))) == data, "\(n) bytes")
        }
    }
}
