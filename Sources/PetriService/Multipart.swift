import Crypto
import Foundation

/// A streaming multipart/form-data reader: the `file` part goes to disk as it arrives (hashed on
/// the way, never held in memory), small fields are kept up to a bound.
struct MultipartReader {
    enum Problem: Error, Equatable {
        case notMultipart
        case malformed(String)
        case fileTooLarge(limit: UInt64)
        case fieldTooLarge(String)
    }

    struct Upload {
        var path: String
        var fileName: String
        var size: UInt64
        var sha256: String
    }

    /// The boundary of a `multipart/form-data; boundary=...` content type.
    static func boundary(contentType: String?) -> String? {
        guard let ct = contentType else { return nil }
        let parts = ct.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for p in parts.dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, kv[0].lowercased() == "boundary" else { continue }
            var b = kv[1]
            if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
            guard !b.isEmpty, b.utf8.count <= 70 else { return nil }
            return b
        }
        return nil
    }

    private enum State { case preamble, afterDelimiter, headers, body, done }

    let delimiter: [UInt8]
    let fileField: String
    let fileLimit: UInt64
    let fieldLimit: Int
    let directory: String
    private var state = State.preamble
    private var buffer: [UInt8]
    private var currentName: String?
    private var currentFileName: String?
    private var currentIsFile = false
    private var fieldBytes: [UInt8] = []
    private var handle: FileHandle?
    private var hasher = SHA256()
    private var fileSize: UInt64 = 0
    private var tempPath: String?
    private(set) var fields: [String: Data] = [:]
    private(set) var upload: Upload?

    /// `directory` receives the file under a temporary name; the caller moves or removes it.
    init(boundary: String, fileField: String = "file", fileLimit: UInt64, fieldLimit: Int = 64 * 1024, directory: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.fileField = fileField; self.fileLimit = fileLimit; self.fieldLimit = fieldLimit; self.directory = directory
        // The body's first delimiter has no CRLF before it: pretend it had.
        buffer = [0x0d, 0x0a]
    }

    /// Feeds bytes as they arrive.
    mutating func feed(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        try process()
    }

    /// The body ended: the closing delimiter must have been seen.
    mutating func finish() throws -> (fields: [String: Data], upload: Upload?) {
        guard state == .done else {
            discard()
            throw Problem.malformed("the multipart body ends before its closing boundary")
        }
        return (fields, upload)
    }

    /// Removes a partly written file (on any error).
    mutating func discard() {
        try? handle?.close()
        handle = nil
        if let t = tempPath { try? FileManager.default.removeItem(atPath: t) }
        if let u = upload { try? FileManager.default.removeItem(atPath: u.path) }
        tempPath = nil
        upload = nil
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= hay.count - start, let first = needle.first else { return nil }
        var i = start
        let last = hay.count - needle.count
        return hay.withUnsafeBufferPointer { h in
            while i <= last {
                if h[i] == first {
                    var j = 1
                    while j < needle.count && h[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }

    private mutating func process() throws {
        while true {
            switch state {
            case .preamble:
                guard let i = Self.find(delimiter, in: buffer) else {
                    // Keep only what could be the start of the delimiter.
                    if buffer.count > delimiter.count { buffer.removeFirst(buffer.count - delimiter.count) }
                    return
                }
                buffer.removeFirst(i + delimiter.count)
                state = .afterDelimiter
            case .afterDelimiter:
                guard buffer.count >= 2 else { return }
                if buffer[0] == 0x2d && buffer[1] == 0x2d { state = .done; buffer.removeAll(); return }
                // Transport padding (spaces or tabs) may follow a boundary before its CRLF.
                var k = 0
                while k < buffer.count && (buffer[k] == 0x20 || buffer[k] == 0x09) { k += 1 }
                guard buffer.count >= k + 2 else { return }
                guard buffer[k] == 0x0d && buffer[k + 1] == 0x0a else { throw Problem.malformed("bad bytes after a boundary") }
                buffer.removeFirst(k + 2)
                state = .headers
            case .headers:
                guard let end = Self.find([0x0d, 0x0a, 0x0d, 0x0a], in: buffer) else {
                    if buffer.count > 16 * 1024 { throw Problem.malformed("part headers over 16 KiB") }
                    return
                }
                let text = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                try startPart(headers: text)
                state = .body
            case .body:
                if let i = Self.find(delimiter, in: buffer) {
                    try emit(buffer[..<i])
                    buffer.removeFirst(i + delimiter.count)
                    try endPart()
                    state = .afterDelimiter
                } else {
                    let keep = delimiter.count - 1
                    if buffer.count > keep {
                        let n = buffer.count - keep
                        try emit(buffer[..<n])
                        buffer.removeFirst(n)
                    }
                    return
                }
            case .done:
                buffer.removeAll()
                return
            }
        }
    }

    private mutating func startPart(headers: String) throws {
        currentName = nil; currentFileName = nil; currentIsFile = false; fieldBytes = []
        for line in headers.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard key == "content-disposition" else { continue }
            let value = String(line[line.index(after: colon)...])
            currentName = Self.parameter("name", in: value)
            currentFileName = Self.parameter("filename", in: value)
        }
        guard let name = currentName else { throw Problem.malformed("a part without a Content-Disposition name") }
        if name == fileField {
            guard upload == nil, tempPath == nil else { throw Problem.malformed("more than one \"\(fileField)\" part") }
            currentIsFile = true
            let p = directory + "/.upload-\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: p, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let h = FileHandle(forWritingAtPath: p) else {
                throw Problem.malformed("cannot store the upload")
            }
            tempPath = p
            handle = h
            hasher = SHA256()
            fileSize = 0
        } else if fields[name] != nil {
            throw Problem.malformed("more than one \"\(ServiceText.short(name))\" part")
        }
    }

    private mutating func emit(_ bytes: ArraySlice<UInt8>) throws {
        guard !bytes.isEmpty else { return }
        if currentIsFile {
            fileSize += UInt64(bytes.count)
            if fileSize > fileLimit { discard(); throw Problem.fileTooLarge(limit: fileLimit) }
            bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            handle?.write(Data(bytes))
        } else {
            fieldBytes.append(contentsOf: bytes)
            if fieldBytes.count > fieldLimit { throw Problem.fieldTooLarge(currentName ?? "?") }
        }
    }

    private mutating func endPart() throws {
        if currentIsFile {
            try? handle?.close()
            handle = nil
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            upload = Upload(path: tempPath!, fileName: currentFileName ?? "sample", size: fileSize, sha256: digest)
            tempPath = nil
            currentIsFile = false
        } else if let n = currentName {
            fields[n] = Data(fieldBytes)
        }
    }

    /// `name="value"` (or unquoted) in a Content-Disposition value, parameters split at `;` outside
    /// quotes; `filename*` is not supported.
    static func parameter(_ key: String, in value: String) -> String? {
        var params: [String] = []
        var cur = ""
        var quoted = false, escaped = false
        for c in value {
            if escaped { cur.append(c); escaped = false; continue }
            if quoted && c == "\\" { escaped = true; continue }
            if c == "\"" { quoted.toggle(); cur.append(c); continue }
            if c == ";" && !quoted { params.append(cur); cur = ""; continue }
            cur.append(c)
        }
        params.append(cur)
        for p in params.dropFirst() {
            guard let eq = p.firstIndex(of: "=") else { continue }
            let k = p[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            guard k == key else { continue }
            var v = p[p.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }
}
