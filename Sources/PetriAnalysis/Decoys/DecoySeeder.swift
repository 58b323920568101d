import Foundation
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
        for rel in rels.sorted() {
            let src = (templateDirectory as NSString).appendingPathComponent(rel)
            let dst = (hostDirectory as NSString).appendingPathComponent(rel)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: src, isDirectory: &isDir) else { continue }
            let attrs = try fm.attributesOfItem(atPath: src)
            var perms = (attrs[.posixPermissions] as? NSNumber)?.intValue
            // Git keeps no modes but the executable bit; ssh and real apps keep these private.
            if rel == ".ssh" || rel.hasSuffix("/.ssh") { perms = 0o700 }
            if isDir.boolValue {
                try fm.createDirectory(atPath: dst, withIntermediateDirectories: true)
            } else {
                var data = try Data(contentsOf: URL(fileURLWithPath: src))
                if let text = String(data: data, encoding: .utf8), text.contains(Self.placeholder) {
                    let t = token()
                    data = Data(text.replacingOccurrences(of: Self.placeholder, with: t).utf8)
                    let guest = (guestHome as NSString).appendingPathComponent(rel)
                    canaries.append(Canary(token: t, file: guest, kind: Self.kind(of: rel)))
                    perms = 0o600
                }
                try fm.createDirectory(atPath: (dst as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: dst))
            }
            if let perms { try fm.setAttributes([.posixPermissions: perms], ofItemAtPath: dst) }
        }
        return canaries.sorted { $0.file < $1.file }
    }
}
