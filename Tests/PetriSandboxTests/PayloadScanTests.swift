import Foundation
import Petri
import PetriModel
@testable import PetriSandbox
import Testing

/// Payloads (issue 7): what a run produces is stored under payloads/<sha256> and scanned with the
/// profile's YARA rules. The marker `PETRI-UNPACKED-BODY` exists in unpack_exec's file only
/// XOR-encoded, so a match proves the decoded bytes were scanned.
@Suite("payloads: executable memory, dropped files, HTTP bodies", .serialized)
struct PayloadScanTests {
    static let marker = Array("PETRI-UNPACKED-BODY".utf8)

    static func analyze(_ mode: String, network: String = "none", payloadFile: URL? = nil) throws -> (Report, String)? {
        guard let path = TestPrograms.path("unpack_exec") else { return nil }
        let dir = TestPrograms.tempDir("payload-\(mode)")
        var o = Analysis.Options(profile: try Fixtures.profile())
        o.arguments = [mode]
        o.networkMode = network
        o.timeoutSeconds = 20
        o.artifactsDirectory = dir + "/art"
        o.reportPath = dir + "/report.json"
        o.payloadFile = payloadFile
        o.yara = true
        let outcome = try Analysis.run(samplePath: path, options: o)
        SchemaCheck.validate(outcome.reportPath)
        return (outcome.report, outcome.artifactsDirectory)
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        return (0...(hay.count - needle.count)).contains { hay[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static func markerMatch(_ p: PayloadRecord) -> YaraMatch? { p.yara.first { $0.rule == "petri_unpacked_marker" } }

    @Test("memory decoded into RW and made R+X is captured before mprotect returns and matches; the file on disk does not")
    func mprotectedMemory() throws {
        guard let (r, art) = try Self.analyze("mem") else { return }
        let disk = [UInt8](FileManager.default.contents(atPath: TestPrograms.repoRoot + "/tests/programs/bin/unpack_exec") ?? Data())
        #expect(!disk.isEmpty && !Self.contains(disk, Self.marker), "the marker must not be on disk in plain form")
        #expect(!(r.sample.staticInfo?.yara ?? []).contains { $0.rule == "petri_unpacked_marker" })
        let mem = r.payloads.filter { $0.kind == .memory }
        let p = try #require(mem.first { Self.markerMatch($0) != nil }, "memory payloads: \(mem.map(\.object))")
        #expect(p.trigger == "mprotect")
        #expect(p.prot == "PROT_READ|PROT_EXEC")
        #expect(p.length == 4096 && p.address != nil && p.pid != nil)
        // ret, then the marker: the string match is at offset 1 of the region.
        #expect(Self.markerMatch(p)?.strings.first?.offset == 1)
        #expect(Self.markerMatch(p)?.object == p.object)
        let stored = [UInt8](FileManager.default.contents(atPath: art + "/" + (p.artifact ?? "-")) ?? Data())
        #expect(stored.count == 4096 && stored.first == 0xc3 && Self.contains(stored, Self.marker))
        #expect(r.behaviours.contains { $0.id == "unpacked-code-matches-family" })
    }

    @Test("an anonymous RWX mapping filled after the mmap is read when the process exits")
    func rwxMappingAtExit() throws {
        guard let (r, _) = try Self.analyze("rwx") else { return }
        let p = try #require(r.payloads.first { $0.kind == .memory && Self.markerMatch($0) != nil })
        #expect(p.trigger == "exit_group")
        #expect(r.behaviours.contains { $0.id == "unpacked-code-matches-family" })
    }

    @Test("a dropped file is stored and scanned")
    func droppedFile() throws {
        guard let (r, art) = try Self.analyze("drop") else { return }
        let p = try #require(r.payloads.first { $0.kind == .droppedFile && $0.object.hasSuffix("/unpacked.bin") })
        #expect(Self.markerMatch(p)?.strings.first?.offset == 0)
        #expect(p.sha256 == r.files.first { $0.path == p.object }?.sha256)
        #expect(FileManager.default.fileExists(atPath: art + "/payloads/" + (p.sha256 ?? "-")))
        #expect(!r.payloads.contains { $0.kind == .memory })
        // Matches on a dropped file are not unpacked code.
        #expect(!r.behaviours.contains { $0.id == "unpacked-code-matches-family" })
    }

    @Test("an HTTP request body the sample sent is stored and scanned")
    func httpRequestBody() throws {
        guard let (r, _) = try Self.analyze("post", network: "sinkhole") else { return }
        #expect(r.network.http.contains { $0.method == "POST" && $0.bodySize == UInt64(Self.marker.count) })
        let p = try #require(r.payloads.first { $0.kind == .httpRequest }, "payloads: \(r.payloads.map(\.object))")
        #expect(p.object.hasPrefix("POST ") && p.object.hasSuffix("/upload"))
        #expect(p.size == UInt64(Self.marker.count))
        #expect(Self.markerMatch(p) != nil)
    }

    @Test("the payload the simulated internet served for a download is stored and scanned")
    func httpResponseBody() throws {
        let dir = TestPrograms.tempDir("served")
        let served = URL(fileURLWithPath: dir + "/stage.bin")
        try Data("#!/bin/sh\n# PETRI-UNPACKED-BODY\nexit 0\n".utf8).write(to: served)
        guard let (r, _) = try Self.analyze("get", network: "sinkhole", payloadFile: served) else { return }
        let p = try #require(r.payloads.first { $0.kind == .httpResponse }, "payloads: \(r.payloads.map(\.object))")
        #expect(p.object.hasSuffix("/stage.bin"))
        #expect(Self.markerMatch(p)?.strings.first?.offset == 12)
    }

    @Test("a trivial benign ELF leaves no memory payloads (ld.so's file mappings are not captured)")
    func benignHasNoMemory() throws {
        guard let (r, _) = try Self.analyze("none") else { return }
        #expect(r.payloads.filter { $0.kind == .memory }.isEmpty, "\(r.payloads.map(\.object))")
        #expect(r.run.limitsHit.allSatisfy { $0.limit != "exec_memory" })
    }

    @Test("the /proc/PID/maps parser: file mappings are not capturable, anonymous ones are; the filter sees every line")
    func mapsParser() throws {
        let anon = mmap(nil, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(anon, 8192) }
        let a = UInt64(UInt(bitPattern: anon))
        // readDataToEndOfFile: String(contentsOfFile:) stops after the first page of a /proc file.
        let text = String(decoding: try #require(FileHandle(forReadingAtPath: "/proc/self/maps")).readDataToEndOfFile(), as: UTF8.self)
        let all = try #require(ExecMemoryCapture.maps(getpid(), keep: { _, _ in true }))
        // Other tests in this process map and unmap between the two reads: compare most, not all.
        let starts = Set(text.split(separator: "\n").compactMap { UInt64($0.prefix { $0 != "-" }, radix: 16) })
        #expect(all.count > 10 && all.filter { starts.contains($0.start) }.count * 10 >= all.count * 9,
                "\(all.count) parsed, \(starts.count) lines; not found: \(all.filter { !starts.contains($0.start) }.prefix(5).map { String($0.start, radix: 16) }); text: \(text.prefix(300))")
        #expect(all.allSatisfy { $0.start < $0.end })
        let mine = try #require(ExecMemoryCapture.maps(getpid(), keep: { $0 <= a && $1 > a })?.first)
        #expect(mine.capturable && !mine.rwx)
        // The test binary's own text mapping is file-backed.
        let exe = try #require(text.split(separator: "\n").first { $0.contains("PetriPackageTests") || $0.contains(".xctest") })
        let exeStart = try #require(UInt64(exe.prefix { $0 != "-" }, radix: 16))
        let exeMap = try #require(ExecMemoryCapture.maps(getpid(), keep: { s, _ in s == exeStart })?.first)
        #expect(!exeMap.capturable)
        #expect(ExecMemoryCapture.maps(999_999_999, keep: { _, _ in true }) == nil)
    }

    @Test("PETRI_NO_YARA's switch: no rules, no payloads")
    func yaraOff() throws {
        guard let path = TestPrograms.path("unpack_exec") else { return }
        let dir = TestPrograms.tempDir("payload-off")
        var o = Analysis.Options(profile: try Fixtures.profile())
        o.arguments = ["mem"]; o.networkMode = "none"; o.timeoutSeconds = 20
        o.artifactsDirectory = dir + "/art"; o.reportPath = dir + "/report.json"
        o.yara = false
        let r = try Analysis.run(samplePath: path, options: o).report
        #expect(r.payloads.isEmpty)
        #expect(r.sample.staticInfo?.yara.isEmpty ?? true)
    }
}
