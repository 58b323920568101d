import Foundation
import PetriAnalysis
import PetriModel
import PetriNet
import PetriSandbox

/// After the run: every dropped file, every HTTP body the simulated internet served or received, and
/// the memory the sample made executable, stored under ARTIFACTS/payloads/<sha256> and scanned with
/// the run's YARA rules (each distinct content once).
struct PayloadCollection {
    static let maxFileBytes: UInt64 = 64 << 20
    static let maxObjects = 512

    let artifacts: String
    let rules: YaraRules?
    private(set) var records: [PayloadRecord] = []
    private(set) var errors: [String] = []
    private var scanned: [String: [YaraMatch]] = [:]

    init(artifacts: String, rules: YaraRules?) { self.artifacts = artifacts; self.rules = rules }

    /// Stores and scans one object; a store or scan failure is recorded on the object, never fatal.
    mutating func add(_ data: Data, kind: PayloadRecord.Kind, object: String, configure: (inout PayloadRecord) -> Void = { _ in }) {
        guard records.count < Self.maxObjects else { return }
        var r = PayloadRecord(kind: kind, object: object, sha256: nil, size: UInt64(data.count))
        configure(&r)
        let sha = FileHashes.sha256(of: data)
        do {
            if let cached = scanned[sha] {
                r.yara = cached.map { var m = $0; m.object = object; return m }
                r.sha256 = sha; r.artifact = "payloads/" + sha
            } else {
                let stored = try PayloadStore.store(data, artifactsDirectory: artifacts, rules: rules)
                scanned[sha] = stored.matches
                r.yara = stored.matches.map { var m = $0; m.object = object; return m }
                r.sha256 = sha; r.artifact = "payloads/" + sha
            }
        } catch {
            r.sha256 = sha
            r.error = "\(error)"
        }
        records.append(r)
    }

    mutating func addFailure(kind: PayloadRecord.Kind, object: String, error: String, configure: (inout PayloadRecord) -> Void = { _ in }) {
        guard records.count < Self.maxObjects else { return }
        var r = PayloadRecord(kind: kind, object: object, sha256: nil, size: 0)
        configure(&r)
        r.error = error
        records.append(r)
    }

    /// Dropped (created or modified) regular files, read from the kept upper layers without following
    /// a symlink anywhere on the way.
    mutating func addDroppedFiles(_ files: [FileChange], upperFiles: [String: String], upperDirectory: String?) {
        guard let upper = upperDirectory else { return }
        for f in files where f.change != .deleted && f.symlinkTarget == nil && f.type != .directory && f.type != .symlink {
            guard let host = upperFiles[f.path], host.hasPrefix(upper + "/") else { continue }
            let rel = String(host.dropFirst(upper.count + 1))
            switch Self.readBeneath(root: upper, relative: rel, cap: Self.maxFileBytes) {
            case .success(let (data, truncated)):
                if data.isEmpty { continue }
                add(data, kind: .droppedFile, object: f.path) { $0.truncated = truncated; if truncated { $0.size = f.size ?? $0.size } }
            case .failure(let e):
                addFailure(kind: .droppedFile, object: f.path, error: e.description)
            }
        }
    }

    /// Request bodies, parsed again from what the sample sent on each connection (saved by the
    /// simulated internet), and the payload it served for download-looking requests.
    mutating func addHTTP(_ network: NetworkSection, servedPayloads: [Data]) {
        let bySha = Dictionary(servedPayloads.map { (FileHashes.sha256(of: $0), $0) }, uniquingKeysWith: { a, _ in a })
        var servedURLs: Set<String> = []
        for h in network.http where h.response.hasPrefix("payload:") {
            guard let sha = h.responseSha256, let body = bySha[sha], servedURLs.insert(h.url).inserted else { continue }
            add(body, kind: .httpResponse, object: h.url) { $0.pid = h.pid; $0.timeNs = h.timeNs }
        }
        let byConnection = Dictionary(grouping: network.http.filter { $0.bodySize > 0 }, by: \.connection)
        for c in network.connections {
            guard let requests = byConnection[c.id], let f = c.dataFile, !f.contains(".."),
                  let data = FileManager.default.contents(atPath: artifacts + "/" + f) else { continue }
            var parser = HTTPRequestParser(previewCap: data.count, maxHead: 64 * 1024)
            let parsed = parser.feed(ArraySlice([UInt8](data))).filter { $0.bodySize > 0 }
            for h in requests {
                guard let p = parsed.first(where: { $0.bodySha256 == h.bodySha256 }) else { continue }
                add(Data(p.bodyPreview), kind: .httpRequest, object: "\(h.method) \(h.url)") {
                    $0.pid = h.pid; $0.timeNs = h.timeNs; $0.truncated = UInt64(p.bodyPreview.count) < p.bodySize
                    if $0.truncated { $0.size = p.bodySize }
                }
            }
        }
    }

    mutating func addMemory(_ regions: [CapturedMemory]) {
        for m in regions {
            let object = "pid \(m.pid) 0x\(String(m.address, radix: 16))-0x\(String(m.address &+ m.length, radix: 16))"
            let configure: (inout PayloadRecord) -> Void = {
                $0.pid = m.pid; $0.address = m.address; $0.length = m.length; $0.prot = m.prot; $0.trigger = m.trigger
                $0.timeNs = m.timeNs; $0.truncated = m.truncated
            }
            if let e = m.error { addFailure(kind: .memory, object: object, error: e, configure: configure) }
            else { add(m.bytes, kind: .memory, object: object, configure: configure) }
        }
    }

    enum ReadError: Error, CustomStringConvertible {
        case open(String, Int32), notRegular(String)
        var description: String {
            switch self {
            case .open(let c, let e): return "cannot open \(c) in the upper layer: \(String(cString: strerror(e)))"
            case .notRegular(let c): return "\(c) in the upper layer is not a regular file"
            }
        }
    }

    /// Opens root/relative one component at a time with O_NOFOLLOW (the sample may have left
    /// symlinks anywhere in its writable tree) and reads up to `cap` bytes.
    static func readBeneath(root: String, relative: String, cap: UInt64) -> Result<(Data, Bool), ReadError> {
        var dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { return .failure(.open(root, errno)) }
        let parts = relative.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            if part == ".." || part == "." { close(dir); return .failure(.notRegular(relative)) }
            let last = i == parts.count - 1
            let fd = openat(dir, part, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (last ? 0 : O_DIRECTORY))
            let err = errno
            close(dir)
            guard fd >= 0 else { return .failure(.open(relative, err)) }
            dir = fd
        }
        var st = stat()
        guard fstat(dir, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { close(dir); return .failure(.notRegular(relative)) }
        let handle = FileHandle(fileDescriptor: dir, closeOnDealloc: true)
        let data: Data = (try? handle.read(upToCount: Int(cap))) ?? Data()
        return .success((data, UInt64(st.st_size) > cap))
    }
}
