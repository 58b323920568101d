import Crypto
import Foundation
import PetriModel

/// md5, sha1 and sha256 of a file, computed in one streaming pass.
public struct FileHashes: Sendable, Equatable {
    public var md5: String
    public var sha1: String
    public var sha256: String
    public var size: UInt64

    public static func compute(path: String) throws -> FileHashes {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var md5 = Insecure.MD5(), sha1 = Insecure.SHA1(), sha256 = SHA256()
        var size: UInt64 = 0
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            md5.update(data: chunk); sha1.update(data: chunk); sha256.update(data: chunk)
            size += UInt64(chunk.count)
        }
        return FileHashes(md5: hex(md5.finalize()), sha1: hex(sha1.finalize()), sha256: hex(sha256.finalize()), size: size)
    }

    public static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// Type by magic, never by extension: reading the file; the magic itself is in PetriModel,
/// shared with the sandbox's typing of dropped files.
extension FileTypeDetector {
    public static func detect(path: String) -> Result {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Result(type: .other, detail: "unreadable") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return detect(head: head)
    }
}
