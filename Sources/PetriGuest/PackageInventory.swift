import Crypto
import Foundation

/// The packages installed in a guest root, read from its dpkg status file (no host dpkg needed).
public struct PackageInventory: Sendable, Equatable, Codable {
    public struct Package: Sendable, Equatable, Codable {
        public var name: String
        public var version: String
        public var architecture: String
    }
    /// Sorted by name, then architecture.
    public var packages: [Package]

    public static func read(root: String) throws -> PackageInventory {
        let path = root + "/var/lib/dpkg/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw GuestError(step: "inventory", message: "cannot read \(path)")
        }
        return parse(text)
    }

    public static func parse(_ status: String) -> PackageInventory {
        var out: [Package] = []
        for paragraph in status.components(separatedBy: "\n\n") {
            var fields: [String: String] = [:]
            for line in paragraph.split(separator: "\n") where !line.hasPrefix(" ") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard let name = fields["Package"], let version = fields["Version"],
                  fields["Status"]?.hasSuffix(" installed") == true else { continue }
            out.append(Package(name: name, version: version, architecture: fields["Architecture"] ?? "all"))
        }
        out.sort { ($0.name, $0.architecture) < ($1.name, $1.architecture) }
        return PackageInventory(packages: out)
    }

    /// One `name:arch=version` line per package.
    public var lines: [String] { packages.map { "\($0.name):\($0.architecture)=\($0.version)" } }

    /// SHA-256 of the lines: what `run.guest.packages_digest` says, equal for equal package versions.
    public var digest: String {
        SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
