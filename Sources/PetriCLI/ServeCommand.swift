import ArgumentParser
import Foundation
import Logging
import Petri
import PetriModel
import PetriService

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (/api/v1) and a job queue; local workers run the samples (docs/service.md)."
    )

    @Option(help: "Data folder: samples, reports, the SQLite database (default /var/lib/petri).")
    var data: String = "/var/lib/petri"

    @Option(help: "Address to listen on, HOST:PORT (loopback only until API tokens exist).")
    var listen: String = "127.0.0.1:8470"

    @Option(help: "Local workers in this process (default: cores / 2, at least 1; 0 for none).")
    var workers: Int?

    @Option(help: "Job store: postgres://... (default: SQLite in the data folder).")
    var database: String?

    @Option(help: "Lease length in seconds (heartbeats every third of it).")
    var lease: Double = 60

    @Option(name: .customLong("token-file"), help: "API tokens (lines `NAME sha256:HEX`, from `petri token create`; default $PETRI_TOKEN_FILE): every request but /healthz needs one. Required to listen beyond loopback.")
    var tokenFile: String?

    @Option(name: .customLong("max-upload"), help: "The server's cap on an upload in bytes, before the profile's own limit (default 512 MiB).")
    var maxUpload: UInt64 = 512 << 20

    func validate() throws {
        guard Self.parseListen(listen) != nil else { throw ValidationError("--listen '\(listen)' is not HOST:PORT (e.g. 127.0.0.1:8470)") }
        if let w = workers, w < 0 || w > 256 { throw ValidationError("--workers must be 0...256") }
        guard lease >= 3, lease <= 3600 else { throw ValidationError("--lease must be 3...3600 seconds") }
        guard maxUpload >= 1 else { throw ValidationError("--max-upload must be at least 1 byte") }
    }

    static func parseListen(_ s: String) -> (host: String, port: Int)? {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(s[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    func run() throws {
        let (host, port) = Self.parseListen(listen)!
        var tokens: APITokens? = nil
        if let f = tokenFile ?? ProcessInfo.processInfo.environment["PETRI_TOKEN_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do { tokens = try APITokens.load(path: f) } catch let e as APITokens.Invalid { throw PetriError.badInput(e.description) }
        }
        // No unauthenticated requests beyond loopback.
        guard tokens != nil || ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw PetriError.badInput("--listen \(host): beyond loopback (127.0.0.1, ::1) petri serve needs API tokens: --token-file FILE (petri token create)")
        }
        var server = PetriServer(host: host, port: port, data: DataLayout(root: data), database: database)
        server.tokens = tokens
        if let w = workers { server.workers = w }
        server.lease = lease
        server.heartbeat = lease / 3
        server.maxUploadBytes = maxUpload
        if server.workers > 0 && geteuid() != 0 {
            throw PetriError.badInput("petri serve's local workers run samples and need root (namespaces, cgroups, mounts): run it as root, or with --workers 0")
        }
        let logger = Logger(label: "petri.serve")
        let s = server
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let line = "\(tokens.map { "\($0.entries.count) API token\($0.entries.count == 1 ? "" : "s"), " } ?? "")with \(s.workers) local worker\(s.workers == 1 ? "" : "s"), data in \(Printable.path(data))"
        do {
            // The bound port (--listen HOST:0 picks a free one), once the socket listens.
            try runBlocking {
                try await s.run(logger: logger, onListening: { bound in
                    FileHandle.standardError.write(Data("petri: serving http://\(shownHost):\(bound)/api/v1 \(line)\n".utf8))
                })
            }
        } catch let e as StoreError {
            throw PetriError.badInput(e.description)
        }
    }
}

/// `petri token create NAME --token-file FILE`: prints a new token once and appends its hash.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens for petri serve.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new API token and append its SHA-256 to the token file (created 0600).")
        @Argument(help: "The token's name (A-Z a-z 0-9 - _ .).") var name: String
        @Option(name: .customLong("token-file"), help: "The token file serve reads.") var tokenFile: String
        @Option(name: .customLong("max-queued"), help: "At most N of this token's submissions queued or running (429 beyond).") var maxQueued: Int?

        func validate() throws {
            if let m = maxQueued, m < 1 || m > 1_000_000 { throw ValidationError("--max-queued must be 1...1000000") }
        }

        func run() throws {
            let made: (token: String, line: String)
            do { made = try APITokens.create(name: name, maxQueued: maxQueued) } catch let e as APITokens.Invalid { throw PetriError.badInput(e.description) }
            if let existing = FileManager.default.contents(atPath: tokenFile) {
                if let t = try? APITokens.parse(String(decoding: existing, as: UTF8.self)), t.entries.contains(where: { $0.name == name }) {
                    throw PetriError.badInput("token file \(Printable.path(tokenFile)) already has a token named \(name)")
                }
            }
            let fd = open(tokenFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw PetriError.badInput("cannot write token file \(Printable.path(tokenFile)): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let bytes = Array((made.line + "\n").utf8)
            guard write(fd, bytes, bytes.count) == bytes.count else { throw PetriError.badInput("cannot write token file \(Printable.path(tokenFile))") }
            print(made.token)
        }
    }
}
