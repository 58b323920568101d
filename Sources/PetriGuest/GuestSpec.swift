import Crypto
import Foundation

/// What a guest image is built from. Its id is a digest of everything that changes the content
/// (suite, architecture, package list, petri's build recipe version), so a new list is a new image.
public struct GuestSpec: Sendable, Equatable, Codable {
    /// Bumped when the build recipe (steps, cleaning, ownership) changes what an image holds.
    /// 2: owners shifted into the sandbox's id range; 3: the Wine stage (i386 multiarch, apt-get in the new root);
    /// 4: debootstrap in two stages (the second with dpkg's unsafe-io), .debs from the store's package cache.
    public static let buildVersion = "4"
    /// Host uid and gid of the guest's root: the build shifts every owner by it, so inside the sandbox's
    /// user namespace (ids 0..65535 mapped from the profile's host id base, 100000 by default) the
    /// system files have their real owners and a sample run as root owns /etc, /usr and /var.
    public static let ownerBase: UInt32 = 100_000
    public static let defaultSuite = "bookworm"
    public static let defaultMirror = "http://deb.debian.org/debian"

    /// A realistic workstation for Linux samples: the tools malware and its droppers call (shells,
    /// download tools, netcat, cron, sudo, ssh, service tools, shutdown/reboot/poweroff) and the
    /// interpreters they are written for.
    /// Wine is the separate `wine` stage (`winePackages`).
    public static let defaultPackages = [
        "bash", "dash", "coreutils", "busybox", "python3", "perl", "curl", "wget", "netcat-openbsd", "socat",
        "cron", "sudo", "openssh-client", "procps", "iproute2", "iputils-ping", "gnupg", "less", "vim-tiny",
        "systemd", "systemd-sysv", "ca-certificates", "file", "psmisc", "xz-utils", "bzip2", "unzip",
        "qemu-user-static",
    ]

    /// Wine 8 for 64- and 32-bit Windows programs, installed with apt-get after debootstrap (the
    /// Wine runner depends on exactly this Debian layout, so it is a switch, not part of `packages`).
    public static let winePackages = ["wine", "wine64", "wine32:i386", "libwine:i386"]
    /// The foreign architecture the Wine stage adds (wine32 is an i386 package).
    public static let wineForeignArchitecture = "i386"

    public var suite: String
    /// Debian architecture name (amd64, arm64, i386).
    public var architecture: String
    /// Sorted, without duplicates.
    public private(set) var packages: [String]
    /// Where debootstrap downloads from; not part of the id (every Debian mirror serves the same suite).
    public var mirror: String
    /// Whether the image gets the Wine stage (`guest.wine`, default true; amd64 images only).
    public var wine: Bool

    public init(suite: String = defaultSuite, architecture: String = GuestSpec.hostArchitecture(),
                packages: [String] = defaultPackages, mirror: String = defaultMirror, wine: Bool = true) {
        self.suite = suite; self.architecture = architecture; self.mirror = mirror
        self.packages = Array(Set(packages)).sorted()
        self.wine = wine && architecture == "amd64"
    }

    enum CodingKeys: String, CodingKey { case suite, architecture, packages, mirror, wine }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        suite = try c.decode(String.self, forKey: .suite)
        architecture = try c.decode(String.self, forKey: .architecture)
        packages = try c.decode([String].self, forKey: .packages)
        mirror = try c.decode(String.self, forKey: .mirror)
        wine = try c.decodeIfPresent(Bool.self, forKey: .wine) ?? false
    }

    /// The first 16 hex digits of SHA-256 over the build version, suite, architecture, packages and
    /// the Wine stage's packages when it is on.
    public var id: String {
        let stage = wine ? ["+wine"] + Self.winePackages : []
        let text = (["petri-guest", Self.buildVersion, suite, architecture] + packages + stage).joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().prefix(16).description
    }

    /// A package name as Debian allows it (policy 5.6.1), optionally with an `:arch` qualifier; anything
    /// else would reach debootstrap's command line.
    public static func isValidPackageName(_ name: String) -> Bool {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let base = parts.first, base.count >= 2, base.count <= 100 else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789+-.")
        guard let first = base.first, first.isLetter || first.isNumber, base.allSatisfy({ allowed.contains($0) }) else { return false }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { $0.isLetter || $0.isNumber } }
        return true
    }

    public static func isValidSuite(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 40 && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } && s.first!.isLetter
    }

    /// The Debian name of the machine petri runs on.
    public static func hostArchitecture() -> String {
        var u = utsname()
        uname(&u)
        let machine = withUnsafeBytes(of: &u.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch machine {
        case "x86_64": return "amd64"
        case "aarch64": return "arm64"
        case "i686", "i386": return "i386"
        case "armv7l": return "armhf"
        default: return machine
        }
    }
}
