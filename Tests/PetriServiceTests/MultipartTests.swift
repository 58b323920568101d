import Crypto
import Foundation
import PetriTestSupport
import Testing
@testable import PetriService

@Suite("Streaming multipart reader")
struct MultipartTests {
    /// A file whose bytes contain boundary look-alikes, fed in chunks of every size that splits the
    /// delimiter differently: the stored file is byte-exact and its SHA-256 is right.
    @Test(arguments: [1, 2, 5, 17, 64, 4096])
    func fileIsStoredExactlyWhateverTheChunking(chunk: Int) throws {
        let dir = TempFolders.make("multipart")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var file = Data("#!/bin/sh\r\nx--XYZ not quite\r\n--XY\r\n-\r\n--XYz".utf8)
        for i in 0..<3000 { file.append(UInt8(truncatingIfNeeded: i * 7)) }
        file += Data("\r\n-".utf8)
        let (body, ct) = PetriClient.multipart(file: file, fileName: "a \"quoted\"; name=x.sh", options: Data("{\"profile\":\"default\"}".utf8), boundary: "XYZ")
        var reader = MultipartReader(boundary: try #require(MultipartReader.boundary(contentType: ct)), fileLimit: 1 << 20, directory: dir)
        var i = 0
        while i < body.count {
            try reader.feed(body[i..<min(body.count, i + chunk)])
            i += chunk
        }
        let (fields, upload) = try reader.finish()
        let u = try #require(upload)
        #expect(try Data(contentsOf: URL(fileURLWithPath: u.path)) == file)
        #expect(u.size == UInt64(file.count))
        #expect(u.sha256 == SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined())
        #expect(u.fileName == "a _quoted_; name=x.sh")
        #expect(fields["options"] == Data("{\"profile\":\"default\"}".utf8))
    }

    @Test func overTheLimitStopsAndRemovesThePartialFile() throws {
        let dir = TempFolders.make("multipart")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (body, _) = PetriClient.multipart(file: Data(repeating: 0x41, count: 10_000), fileName: "big", options: nil, boundary: "b")
        var reader = MultipartReader(boundary: "b", fileLimit: 1000, directory: dir)
        #expect(throws: MultipartReader.Problem.fileTooLarge(limit: 1000)) {
            var i = 0
            while i < body.count { try reader.feed(body[i..<min(body.count, i + 512)]); i += 512 }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func boundaryAndDispositionParsing() {
        #expect(MultipartReader.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartReader.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartReader.boundary(contentType: "application/json") == nil)
        #expect(MultipartReader.boundary(contentType: "multipart/form-data") == nil)
        #expect(MultipartReader.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
        #expect(MultipartReader.parameter("name", in: "form-data; filename=\"x; name=file\"; name=\"options\"") == "options")
        #expect(MultipartReader.parameter("filename", in: "form-data; name=file; filename=plain.sh") == "plain.sh")
        #expect(MultipartReader.parameter("filename", in: "form-data; name=file") == nil)
    }

    @Test func uploadNamesAreOneComponent() {
        #expect(PetriAPI.fileName("../../etc/passwd") == "passwd")
        #expect(PetriAPI.fileName("C:\\Users\\x\\evil.exe") == "evil.exe")
        #expect(PetriAPI.fileName("..") == "sample")
        #expect(PetriAPI.fileName("") == "sample")
        #expect(PetriAPI.fileName(String(repeating: "é", count: 300)).utf8.count <= 200)
    }
}
