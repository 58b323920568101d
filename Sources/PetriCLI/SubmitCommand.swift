import ArgumentParser
import Foundation
import Petri
import PetriModel
import PetriService

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit FILE to a petri server; with --wait, show progress and print the summary (exit codes as analyze)."
    )

    @Argument(help: "The file to analyse.")
    var file: String

    @Option(help: "Server URL (default $PETRI_SERVER or http://127.0.0.1:8470).")
    var server: String?

    @Option(name: .customLong("token-file"), help: "A file holding the API token (default $PETRI_TOKEN, the token itself).")
    var tokenFile: String?

    @Option(help: "Profile name on the server.")
    var profile: String?

    @Option(help: "Wall-clock timeout, e.g. 30s, 2m.")
    var timeout: String?

    @Option(help: "Network mode: none or sinkhole.")
    var network: NetworkModeOption?

    @Option(name: .customLong("idempotency-key"), help: "Submitting again with the same key returns the first submission.")
    var idempotencyKey: String?

    @Flag(help: "Wait for the report and print the summary.")
    var wait = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func run() throws {
        let base = server ?? ProcessInfo.processInfo.environment["PETRI_SERVER"] ?? "http://127.0.0.1:8470"
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw PetriError.badInput("--server '\(base)' is not an http(s) URL")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir) else { throw PetriError.badInput("sample not found: \(Printable.path(file))") }
        if isDir.boolValue { throw PetriError.badInput("sample is a directory, not a file: \(Printable.path(file))") }
        guard let bytes = FileManager.default.contents(atPath: file) else { throw PetriError.badInput("sample is not readable: \(Printable.path(file))") }
        let options = SubmissionOptions(profile: profile, timeout: timeout, network: network?.rawValue)
        do { try options.validate() } catch let e as SubmissionOptions.Invalid { throw PetriError.badInput(e.message) }
        var token = ProcessInfo.processInfo.environment["PETRI_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let f = tokenFile {
            guard let d = FileManager.default.contents(atPath: f) else { throw PetriError.badInput("token file not readable: \(Printable.path(f))") }
            token = String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let client = PetriClient(server: url, token: token)
        let name = URL(fileURLWithPath: file).lastPathComponent
        let key = idempotencyKey
        let result = try call { try await client.submit(file: bytes, fileName: name, options: options, idempotencyKey: key) }
        guard result.status == 202 || result.status == 200, let id = result.json?["id"] as? String else {
            throw Self.serverError(result)
        }
        if !wait {
            print("submitted: \(id) (\(result.status == 200 ? "earlier submission with this Idempotency-Key" : "queued"))")
            print("status: \(url.absoluteString.trimmingSuffix("/"))/api/v1/submissions/\(id)")
            return
        }
        let quiet = self.quiet
        let live = !quiet && isatty(2) == 1
        var lastPhase = ""
        var job: [String: Any] = [:]
        while true {
            let r = try call { try await client.request("GET", "/api/v1/submissions/\(id)") }
            guard r.status == 200, let j = r.json else { throw Self.serverError(r) }
            job = j
            let state = j["state"] as? String ?? "?"
            let phase = (j["phase"] as? String) ?? state
            if !quiet, phase != lastPhase {
                let line = "petri: \(id) \(Printable.line(phase))"
                FileHandle.standardError.write(Data((live ? "\r\u{1b}[2K" + line : line + "\n").utf8))
                lastPhase = phase
            }
            if !["queued", "running"].contains(state) { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        if live { FileHandle.standardError.write(Data("\r\u{1b}[2K".utf8)) }
        let state = job["state"] as? String ?? "?"
        switch state {
        case "reported":
            let r = try call { try await client.request("GET", "/api/v1/submissions/\(id)/report") }
            guard r.status == 200 else { throw Self.serverError(r) }
            let report: Report
            do { report = try ReportJSON.decode(r.body) } catch { throw PetriError.io("the server's report does not decode: \(Printable.decodingProblem(error))") }
            print(SubmissionSummary.line(report))
            if let why = report.verdictReason { print("inconclusive because: \(Printable.line(why.message))") }
            print("report: \(url.absoluteString.trimmingSuffix("/"))/api/v1/submissions/\(id)/report")
        case "failed" where (job["error_class"] as? String) == "bad_input":
            throw PetriError.badInput("submission \(id) refused: \(job["error"] as? String ?? "bad input")")
        default:
            FileHandle.standardError.write(Data("petri: submission \(id) ended \(Printable.line(state)): \(Printable.line(job["error"] as? String ?? ""))\n".utf8))
            throw ExitCode(1)
        }
    }

    func call(_ body: @escaping @Sendable () async throws -> PetriClient.HTTPResult) throws -> PetriClient.HTTPResult {
        do { return try runBlocking(body) } catch let f as PetriClient.Failure {
            // The server is unreachable: petri's side, not the input (exit 1).
            FileHandle.standardError.write(Data("petri: \(Printable.line(f.message))\n".utf8))
            throw ExitCode(1)
        }
    }

    /// A 4xx is bad input (exit 2, the server's message); anything else is petri's problem (exit 1).
    static func serverError(_ r: PetriClient.HTTPResult) -> Error {
        let message = r.errorMessage ?? "HTTP \(r.status)"
        if (400..<500).contains(r.status) { return PetriError.badInput("server refused the submission (\(r.status) \(r.errorCode ?? "")): \(message)") }
        FileHandle.standardError.write(Data("petri: server error \(r.status): \(Printable.line(message))\n".utf8))
        return ExitCode(1)
    }
}

extension String {
    func trimmingSuffix(_ s: String) -> String { hasSuffix(s) ? String(dropLast(s.count)) : self }
}
