import Foundation
import PetriModel

/// The guest's identity and the decoy documents' content, as canaries: values a sample can only
/// know by looking at this machine, so seeing one in outbound data (CanaryTracker, every encoding it
/// decodes) proves the sample sent it out. They are kept in `report.canaries` with a kind of
/// `identity:<what>` or `document`, so a stored report rescores the same.
///
/// Values shorter than `minLength` are left out: a user name such as `user` appears in ordinary
/// traffic. The guest has no machine-id and no network card besides lo (whose MAC is all zeros), so
/// neither is a value.
public enum IdentityCanaries {
    public static let minLength = 8
    /// Longest piece of a document used as its needle.
    public static let documentNeedleMax = 64

    /// What identifies the guest: its host name, user and full name, the addresses on its lo, the
    /// kernel release (the sandbox shares the host's kernel), the os-release name the guest shows, and
    /// for each decoy document (a file under `Documents/` in `seededHome`) its longest line.
    public static func collect(hostname: String, user: String, userFullName: String?, addresses: [String],
                               kernelRelease: String?, osReleaseText: String?, seededHome: String?, guestHome: String) -> [Canary] {
        var out: [Canary] = []
        func add(_ value: String?, file: String, kind: String) {
            guard let v = value?.trimmingCharacters(in: .whitespacesAndNewlines), v.count >= minLength,
                  !out.contains(where: { $0.token == v }) else { return }
            out.append(Canary(token: v, file: file, kind: kind))
        }
        add(hostname, file: "/etc/hostname", kind: "identity:hostname")
        add(user, file: "/etc/passwd", kind: "identity:user")
        add(userFullName, file: "/etc/passwd", kind: "identity:user")
        for a in addresses { add(a, file: "ip address", kind: "identity:ip") }
        add(kernelRelease, file: "uname", kind: "identity:kernel")
        if let text = osReleaseText {
            for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                add(line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")),
                    file: "/etc/os-release", kind: "identity:os-release")
            }
        }
        if let home = seededHome {
            let docs = home + "/Documents"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: docs)) ?? []).sorted() {
                guard let text = try? String(contentsOfFile: docs + "/" + name, encoding: .utf8) else { continue }
                add(documentNeedle(text), file: guestHome + "/Documents/" + name, kind: "document")
            }
        }
        return out
    }

    /// A document's longest line, cut to `documentNeedleMax` characters: the part most unlikely
    /// to appear anywhere else.
    static func documentNeedle(_ text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let longest = lines.max(by: { $0.count < $1.count }), longest.count >= minLength else { return nil }
        return String(longest.prefix(documentNeedleMax))
    }

    /// The running kernel's release (`uname -r`), which the sandbox's uname answers too.
    public static func kernelRelease() -> String? {
        var u = utsname()
        guard uname(&u) == 0 else { return nil }
        return withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
