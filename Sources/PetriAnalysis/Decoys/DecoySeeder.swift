import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PetriModel

/// Copies the decoy home tree (`profiles/decoys/home/**`) into a host directory that becomes the guest
/// home's lower layer, replacing every `{{CANARY}}` with a fresh token (one token per file). Any other
/// tree works the same way (e.g. a Windows tree seeded into a Wine prefix's drive_c, with `guestHome`
/// set to that drive_c's path inside the sandbox).
public struct DecoySeeder: Sendable {
    public static let placeholder = "{{CANARY}}"
    public let templateDirectory: String
    public let guestHome: String

    public init(templateDirectory: String, guestHome: String = "/home/user") {
        self.templateDirectory = templateDirectory; self.guestHome = guestHome
    }

    /// A fresh token: "pc" + 24 random lower-case letters and digits. Plain alphanumerics survive every
    /// format a decoy file may have, and are long enough never to occur by chance.
    public static func randomToken() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var rng = SystemRandomNumberGenerator()
        return "pc" + String((0..<24).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    /// What a decoy stands for, from its path inside the home.
    public static func kind(of relativePath: String) -> String {
        let p = relativePath.lowercased()
        let table: [(String, String)] = [
            (".mozilla/", "firefox"), ("mozilla/firefox", "firefox"), ("google-chrome", "chrome"), ("google/chrome", "chrome"),
            ("chromium", "chrome"), ("skype", "skype"),
            (".ssh/", "ssh"), (".aws/", "aws"), ("wallet", "wallet"), (".electrum", "wallet"), (".bitcoin", "wallet"),
            (".gnupg", "gpg"), (".docker/", "docker"), (".kube/", "kubernetes"), (".git-credentials", "git"),
            ("gcloud/", "gcloud"), (".netrc", "netrc"), (".pgpass", "database"), (".purple/", "messenger"), ("signal/", "messenger"),
            ("vpn", "vpn"), ("wifi", "network"),
            ("documents/", "document"), ("desktop/", "document"), ("downloads/", "document"),
        ]
        return table.first { p.contains($0.0) }?.1 ?? "file"
    }

    static func read(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        var out = Data()
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path]) }
            if n == 0 { return out }
            out.append(contentsOf: buf[0..<n])
        }
    }

    static func write(_ data: Data, to path: String, mode: mode_t) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        try data.withUnsafeBytes { (p: UnsafeRawBufferPointer) in
            var off = 0
            while off < p.count {
                let w = Glibc.write(fd, p.baseAddress! + off, p.count - off)
                if w < 0 { if errno == EINTR { continue }; throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
                off += w
            }
        }
        fchmod(fd, mode)
    }

    /// Seeds `hostDirectory` and returns the canaries planted, sorted by guest path.
    public func seed(into hostDirectory: String, token: () -> String = DecoySeeder.randomToken) throws -> [Canary] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: hostDirectory, withIntermediateDirectories: true)
        guard let walker = fm.enumerator(atPath: templateDirectory) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: templateDirectory])
        }
        var canaries: [Canary] = []
        var rels: [String] = []
        while let rel = walker.nextObject() as? String { rels.append(rel) }
        let marker = Data(Self.placeholder.utf8)
        for rel in rels.sorted() {
            let src = (templateDirectory as NSString).appendingPathComponent(rel)
            let dst = (hostDirectory as NSString).appendingPathComponent(rel)
            var st = stat()
            guard lstat(src, &st) == 0 else { continue }
            // Git keeps no modes but the executable bit; ssh and real apps keep these private.
            if st.st_mode & S_IFMT == S_IFDIR {
                let private_ = rel == ".ssh" || rel.hasSuffix("/.ssh")
                try fm.createDirectory(atPath: dst, withIntermediateDirectories: true)
                chmod(dst, private_ ? 0o700 : st.st_mode & 0o7777)
                continue
            }
            guard st.st_mode & S_IFMT == S_IFREG else { continue }
            var data = try Self.read(src)
            var mode = st.st_mode & 0o777
            if data.range(of: marker) != nil, let text = String(data: data, encoding: .utf8) {
                let t = token()
                data = Data(text.replacingOccurrences(of: Self.placeholder, with: t).utf8)
                let guest = (guestHome as NSString).appendingPathComponent(rel)
                canaries.append(Canary(token: t, file: guest, kind: Self.kind(of: rel)))
                mode = 0o600
            }
            try Self.write(data, to: dst, mode: mode)
        }
        return canaries.sorted { $0.file < $1.file }
    }
}
