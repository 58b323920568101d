#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// Captured stdout/stderr: written to a file up to a cap, with a short preview for the report.
struct StreamCapture {
    let path: String
    let cap: UInt64
    var total: UInt64 = 0
    var written: UInt64 = 0
    var truncated = false
    var previewBytes: [UInt8] = []
    var handle: FileHandle?

    init(path: String, cap: UInt64) {
        self.path = path
        self.cap = cap
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    /// The first failed write (e.g. the artifacts disk is full); capture stops writing after it.
    var writeError: String?

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        total += UInt64(bytes.count)
        if previewBytes.count < 2048 { previewBytes.append(contentsOf: bytes.prefix(2048 - previewBytes.count)) }
        if written < cap, writeError == nil, let h = handle {
            let n = Int(min(UInt64(bytes.count), cap - written))
            // write(2), not FileHandle.write(_:), which traps on ENOSPC.
            var off = 0
            while off < n {
                let w = Glibc.write(h.fileDescriptor, bytes.baseAddress! + off, n - off)
                if w < 0 && errno == EINTR { continue }
                if w <= 0 { writeError = "writing \(path): \(String(cString: strerror(w < 0 ? errno : EIO)))"; break }
                off += w
            }
            written += UInt64(off)
        }
        if total > cap { truncated = true }
    }

    mutating func close() { try? handle?.close(); handle = nil }

    var preview: String { String(decoding: previewBytes, as: UTF8.self) }
}
#endif
