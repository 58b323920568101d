import Foundation

/// An object the run produced that petri kept and scanned with YARA: a dropped file, an HTTP body
/// the simulated internet served or received, or memory the sample made executable after writing it.
public struct PayloadRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case droppedFile = "dropped_file", httpResponse = "http_response", httpRequest = "http_request", memory
    }
    public var kind: Kind
    /// Which object: the dropped file's guest path, the URL, or "pid 7 0x7f..-0x7f.." for memory.
    public var object: String
    /// Absent when nothing could be read (see `error`).
    public var sha256: String?
    public var size: UInt64
    /// Relative to the artifacts folder: payloads/<sha256>.
    public var artifact: String?
    public var pid: Int32?
    /// Memory: start address, length asked for, the protection asked for, and what triggered the read
    /// (mprotect, pkey_mprotect; exit_group or execve for an anonymous RWX mapping).
    public var address: UInt64?
    public var length: UInt64?
    public var prot: String?
    public var trigger: String?
    public var timeNs: UInt64?
    /// Fewer bytes kept than the object has (a size cap, an unreadable tail).
    public var truncated: Bool
    public var error: String?
    /// YARA matches on this object (string offsets relative to its first byte).
    public var yara: [YaraMatch]

    public init(kind: Kind, object: String, sha256: String?, size: UInt64) {
        self.kind = kind; self.object = object; self.sha256 = sha256; self.size = size
        self.artifact = nil; self.pid = nil; self.address = nil; self.length = nil; self.prot = nil; self.trigger = nil
        self.timeNs = nil; self.truncated = false; self.error = nil; self.yara = []
    }

    enum CodingKeys: String, CodingKey {
        case kind, object, sha256, size, artifact, pid, address, length, prot, trigger, timeNs = "time_ns", truncated, error, yara
    }
}
