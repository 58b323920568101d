import Foundation
import Logging
import Petri
import PetriModel

/// The options a submission may carry (the `options` JSON part): the same knobs as `analyze`.
/// A profile is named, never a path: a submitter cannot make the server read a file of its choosing.
public struct SubmissionOptions: Codable, Sendable, Equatable {
    public var profile: String?
    /// A duration as `analyze --timeout` takes it (30s, 500ms, 2m), at most 1 h.
    public var timeout: String?
    /// none or sinkhole.
    public var network: String?

    public init(profile: String? = nil, timeout: String? = nil, network: String? = nil) {
        self.profile = profile; self.timeout = timeout; self.network = network
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let keys: Set<String> = ["profile", "timeout", "network"]

    /// Parses and checks; every problem is one line naming the field.
    public static func parse(_ data: Data) throws -> SubmissionOptions {
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return SubmissionOptions() }
        guard let any = try? JSONSerialization.jsonObject(with: data), let obj = any as? [String: Any] else {
            throw Invalid(message: "options is not a JSON object")
        }
        if let unknown = obj.keys.sorted().first(where: { !keys.contains($0) }) {
            throw Invalid(message: "options: unknown field \"\(ServiceText.short(unknown))\" (known: profile, timeout, network)")
        }
        var o = SubmissionOptions()
        for (k, v) in obj {
            if v is NSNull { continue }
            guard let s = v as? String else { throw Invalid(message: "options.\(k) must be a string") }
            switch k {
            case "profile": o.profile = s
            case "timeout": o.timeout = s
            default: o.network = s
            }
        }
        try o.validate()
        return o
    }

    public func validate() throws {
        if let p = profile {
            let ok = !p.isEmpty && p.utf8.count <= 64 && p.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x5f }
            if !ok { throw Invalid(message: "options.profile must be a profile name (a-z, 0-9, - and _), not \"\(ServiceText.short(p))\"") }
        }
        if let t = timeout {
            guard let s = ProfileLoader.parseDuration(t), s > 0, s <= 3600 else {
                throw Invalid(message: "options.timeout \"\(ServiceText.short(t))\" is not a duration between 1ms and 1h (e.g. 30s, 500ms, 2m)")
            }
        }
        if let n = network, n != "none", n != "sinkhole" {
            throw Invalid(message: "options.network must be none or sinkhole, not \"\(ServiceText.short(n))\"")
        }
    }

    /// Canonical JSON (sorted keys), as the store keeps it.
    public func encoded() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> SubmissionOptions {
        try parse(Data(text.utf8))
    }

    /// The profile the options name (bad input when unknown).
    public func loadProfile() throws -> Profile {
        do { return try ProfileLoader.load(profile) } catch let e as PetriError {
            throw Invalid(message: e.description)
        }
    }
}

/// The real analyzer: the pipeline as one call (`Analysis.run`), into the attempt's folder.
public struct PipelineAnalyzer: SampleAnalyzer {
    public var logger: Logger
    public init(logger: Logger = Logger(label: "petri")) { self.logger = logger }

    public func analyze(_ work: AnalysisWork) throws -> AnalysisProduct {
        let profile: Profile
        do { profile = try work.options.loadProfile() } catch let e as SubmissionOptions.Invalid {
            throw AnalysisFailure(.badInput, e.message)
        }
        var options = Analysis.Options(profile: profile)
        options.timeoutSeconds = work.options.timeout.flatMap(ProfileLoader.parseDuration)
        options.networkMode = work.options.network
        options.artifactsDirectory = work.outputDirectory + "/artifacts"
        options.reportPath = work.outputDirectory + "/report.json"
        options.cancel = work.cancel
        options.sampleName = work.job.fileName
        options.logger = logger
        work.progress("running")
        let outcome = try Analysis.run(samplePath: work.samplePath, options: options)
        let r = outcome.report
        if case .setupFailed(let stage, let errno, let message) = r.run.outcome {
            if let why = Analysis.notExecutable(stage: stage, errno: errno, runner: r.run.runner) {
                throw AnalysisFailure(.badInput, "sample is not executable: \(message) (\(why))")
            }
            throw AnalysisFailure(.infrastructure, "sandbox setup failed at \(stage): \(message)")
        }
        return JobResult(verdict: r.verdict?.rawValue, score: r.score.map { Int(($0.value * 10).rounded()) },
                         summary: SubmissionSummary.line(r), reportPath: outcome.reportPath)
    }
}

/// The one-line summary `analyze` prints, from a report.
public enum SubmissionSummary {
    public static func line(_ r: Report) -> String {
        let verdict = r.verdict?.rawValue ?? "unscored"
        return Printable.line("\(verdict): \(r.sample.fileName) \(r.run.outcome.summary), \(r.processes.count) processes, \(r.eventStats.notified) events, \(r.files.count) file changes")
    }
}
