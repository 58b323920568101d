import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOSSL
import SwiftASN1
import Synchronization
import X509

/// The per-run certificate authority of the simulated internet (issue 16, "HTTPS in the clear").
///
/// Generated fresh for every run, held in memory only (its private key is never written anywhere),
/// trusted only inside that run's sandbox (the sandbox binds a CA bundle with it appended over
/// `/etc/ssl/certs/ca-certificates.crt`, `LaunchPlan.trustedCertificates`). Leaf certificates are
/// minted on demand for the name a client asked for (SNI), or for the address it connected to when it
/// sent no name, all with one per-run leaf key. ECDSA P-256 throughout: every TLS stack petri meets
/// (OpenSSL, GnuTLS, BoringSSL, Python's ssl, Wine's schannel over GnuTLS) accepts it, and minting
/// costs one signature.
public struct InterceptionCA: Sendable {
    public let certificate: Certificate
    /// The CA certificate, PEM: what goes into the guest's trust stores and ARTIFACTS/tls-ca.pem.
    public let certificatePEM: String
    let key: Certificate.PrivateKey
    let leafKey: Certificate.PrivateKey
    let issuedAt: Date

    /// Neutral names (no "petri"): a sample that reads the issuer sees an ordinary private CA.
    static let caName = "Secure Server Root CA R3"
    static let organization = "Trust Network Services"

    public static func generate(now: Date = Date()) throws -> InterceptionCA {
        let signer = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            CountryName("US")
            OrganizationName(organization)
            CommonName(caName)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: signer.publicKey)
        }
        let cert = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: signer.publicKey,
            notValidBefore: now.addingTimeInterval(-400 * 86400), notValidAfter: now.addingTimeInterval(3 * 365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: signer)
        return InterceptionCA(certificate: cert, certificatePEM: try cert.serializeAsPEM().pemString, key: signer,
                              leafKey: Certificate.PrivateKey(P256.Signing.PrivateKey()), issuedAt: now)
    }

    /// A server certificate for `name` (a DNS name, or an IPv4/IPv6 address) signed by this CA.
    public func leaf(for name: String) throws -> Certificate {
        let signer = key
        let leafPublic = leafKey.publicKey
        let san: GeneralName
        if let ip = Self.addressBytes(name) { san = .ipAddress(ASN1OctetString(contentBytes: ArraySlice(ip))) }
        else { san = .dnsName(name) }
        let subject = try DistinguishedName { CommonName(String(name.prefix(64))) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames([san])
            AuthorityKeyIdentifier(keyIdentifier: try? SubjectKeyIdentifier(hash: signer.publicKey).keyIdentifier)
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: leafPublic,
            notValidBefore: issuedAt.addingTimeInterval(-2 * 86400), notValidAfter: issuedAt.addingTimeInterval(88 * 86400),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: signer)
    }

    static func addressBytes(_ s: String) -> [UInt8]? {
        var a4 = in_addr(), a6 = in6_addr()
        if inet_pton(AF_INET, s, &a4) == 1 { return withUnsafeBytes(of: &a4) { Array($0) } }
        if inet_pton(AF_INET6, s, &a6) == 1 { return withUnsafeBytes(of: &a6) { Array($0) } }
        return nil
    }
}

/// Terminates TLS for the catch-all: one server context per requested name (cached for the run),
/// every session's secrets appended to the key log (NSS key log format, what SSLKEYLOGFILE writes).
final class TLSInterceptor: Sendable {
    let ca: InterceptionCA
    let leafKey: NIOSSLPrivateKey
    let caCertificate: NIOSSLCertificate
    let contexts = Mutex<[String: NIOSSLContext]>([:])
    let keyLog: KeyLogFile?
    /// Names a certificate is minted for, at most; past it the catch-all refuses (recorded).
    static let maxNames = 512

    init(ca: InterceptionCA, keyLogURL: URL?) throws {
        self.ca = ca
        leafKey = try NIOSSLPrivateKey(bytes: Array(try ca.leafKey.serializeAsPEM().pemString.utf8), format: .pem)
        caCertificate = try NIOSSLCertificate(bytes: Array(ca.certificatePEM.utf8), format: .pem)
        keyLog = try keyLogURL.map { try KeyLogFile(url: $0) }
    }

    /// The server context for `name` (lower-cased), minting its certificate on first use.
    func context(for rawName: String) throws -> NIOSSLContext {
        let name = rawName.lowercased()
        if let c = contexts.withLock({ $0[name] }) { return c }
        guard contexts.withLock({ $0.count }) < Self.maxNames else { throw TLSInterceptionError.tooManyNames }
        let leaf = try ca.leaf(for: name)
        let leafCert = try NIOSSLCertificate(bytes: Array(try leaf.serializeAsPEM().pemString.utf8), format: .pem)
        var config = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(leafCert), .certificate(caCertificate)],
                                                              privateKey: .privateKey(leafKey))
        config.minimumTLSVersion = .tlsv1
        // stop() closes every channel within its own bound; a peer that never answers close_notify can't hold it.
        config.shutdownTimeout = .milliseconds(300)
        // HTTP/1.1 only: the decrypted stream goes to the same parser as plain HTTP. A client that
        // offers only h2 gets no ALPN answer and usually falls back.
        config.applicationProtocols = ["http/1.1"]
        if let keyLog { config.keyLogCallback = { line in keyLog.append(line) } }
        let context = try NIOSSLContext(configuration: config)
        return contexts.withLock { c in
            if let existing = c[name] { return existing }
            c[name] = context
            return context
        }
    }

    func close() { keyLog?.close() }
}

enum TLSInterceptionError: Error, CustomStringConvertible {
    case tooManyNames
    var description: String { "over \(TLSInterceptor.maxNames) names: no more certificates minted this run" }
}

/// ARTIFACTS/tls-keys.log: one NSS key log line per secret, appended as sessions are set up.
final class KeyLogFile: Sendable {
    let handle = Mutex<FileHandle?>(nil)
    let url: URL

    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let h = try FileHandle(forWritingTo: url)
        handle.withLock { $0 = h }
    }

    func append(_ line: ByteBuffer) {
        let bytes = Data(line.readableBytesView)
        handle.withLock { h in try? h?.write(contentsOf: bytes) }
    }

    func close() { handle.withLock { h in try? h?.close(); h = nil } }
}

/// The alert name in a BoringSSL handshake error ("...:TLSV1_ALERT_UNKNOWN_CA" → "unknown_ca"), or
/// nil when the client sent none (it closed, or the handshake failed on petri's side).
enum TLSAlertName {
    static func from(_ description: String) -> String? {
        let upper = description.uppercased()
        for marker in ["SSLV3_ALERT_", "TLSV1_ALERT_", "TLSV13_ALERT_"] {
            guard let r = upper.range(of: marker) else { continue }
            let name = upper[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty { return name.lowercased() }
        }
        return nil
    }
}

/// Sits in front of the TLS handler while a handshake is under way and reads the record headers of
/// what the client sends: a client that refuses the certificate often sends its alert in the clear
/// (OpenSSL does in TLS 1.3 before it switched keys), which BoringSSL then fails to decrypt and
/// reports as a bad record instead. Passes every byte on unchanged; stops looking after 64 KiB.
final class TLSAlertSniffer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private var buffer: [UInt8] = []
    private var seen = 0
    /// Name of the first plaintext alert the client sent.
    private(set) var alert: String?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if alert == nil, seen < 65536 {
            let b = unwrapInboundIn(data)
            seen += b.readableBytes
            buffer += b.readableBytesView
            scan()
        }
        context.fireChannelRead(data)
    }

    private func scan() {
        var p = 0
        while p + 5 <= buffer.count {
            let type = buffer[p], len = Int(buffer[p + 3]) << 8 | Int(buffer[p + 4])
            guard p + 5 + len <= buffer.count else { break }
            if type == 21, len == 2 { alert = Self.name(buffer[p + 6]); buffer = []; return }
            p += 5 + len
        }
        buffer.removeFirst(p)
    }

    static func name(_ d: UInt8) -> String {
        let names: [UInt8: String] = [
            0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 22: "record_overflow", 40: "handshake_failure",
            42: "bad_certificate", 43: "unsupported_certificate", 44: "certificate_revoked", 45: "certificate_expired",
            46: "certificate_unknown", 47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied", 50: "decode_error",
            51: "decrypt_error", 70: "protocol_version", 71: "insufficient_security", 80: "internal_error",
            86: "inappropriate_fallback", 90: "user_canceled", 109: "missing_extension", 110: "unsupported_extension",
            112: "unrecognized_name", 113: "bad_certificate_status_response", 115: "unknown_psk_identity",
            116: "certificate_required", 120: "no_application_protocol",
        ]
        return names[d] ?? "alert_\(d)"
    }
}
