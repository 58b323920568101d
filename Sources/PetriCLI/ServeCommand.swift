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
        // No unauthenticated writes beyond loopback: until tokens exist, loopback only.
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw PetriError.badInput("--listen \(host): petri serve listens on loopback only (127.0.0.1, ::1) until API tokens exist; put a reverse proxy in front for remote clients")
        }
        var server = PetriServer(host: host, port: port, data: DataLayout(root: data), database: database)
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
        let line = "with \(s.workers) local worker\(s.workers == 1 ? "" : "s"), data in \(Printable.path(data))"
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
