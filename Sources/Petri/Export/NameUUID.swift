import Crypto
import Foundation

/// Deterministic ids for the exports (STIX, MISP): the same report gives the same document.
enum NameUUID {
    /// RFC 4122 name-based UUID, version 5 (SHA-1). With `version: 4` the same pseudo-random bits are
    /// marked as version 4, which STIX 2.1 requires for SDOs, bundles and processes: petri's ids are
    /// derived from the sample, the run's start and the object, so the same report gives the same bundle.
    static func make(_ namespace: UUID, _ name: String, version: UInt8 = 5) -> String {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var h = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        h[6] = (h[6] & 0x0f) | (version << 4)
        h[8] = (h[8] & 0x3f) | 0x80
        let u = UUID(uuid: (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]))
        return u.uuidString.lowercased()
    }
}
