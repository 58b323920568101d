import ArgumentParser
import Foundation
import Petri
import PetriModel
import PetriSandbox
import PetriWine

enum NetworkModeOption: String, ExpressibleByArgument, CaseIterable {
    case none, sinkhole
}

enum APITraceOption: String, ExpressibleByArgument, CaseIterable {
    case off, standard, full
}

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run SAMPLE in the sandbox and write a JSON behaviour report."
    )

    @Argument(help: "The file to analyse (Linux ELF or a script with #!).")
    var sample: String

    @OptionGroup var common: RunOptions

    @Option(help: "Network mode: none or sinkhole (default from the profile).")
    var network: NetworkModeOption?

    @Option(help: "Where to write the report (default: <sha256>.json next to the artifacts folder).")
    var out: String?

    @Option(help: "Artifacts folder: stdout.txt, stderr.txt, dropped/, upper/ (default: ./petri-<sha256 prefix>).")
    var artifacts: String?

    @Option(name: .customLong("api-trace"), help: "Wine API trace: off, standard (cheap debug channels), full (+relay on the sample's calls, ~10x slower).")
    var apiTrace: APITraceOption = .standard

    @Option(name: .customLong("dll-export"), help: "For a DLL sample: the export rundll32 calls (NAME, #ORDINAL, or first for its first export); a DLL without it is refused.")
    var dllExport: String?

    @Option(help: "2 (default): a sample that ran a served download runs again with downloads refused, both passes in one report; 1: one pass.")
    var passes: Int = 2

    @Flag(help: "Print the report JSON to stdout.")
    var json = false

    @Flag(help: "Also write the one-file HTML report next to the JSON (<report>.html).")
    var html = false

    @Flag(help: "No live progress on stderr.")
    var quiet = false

    @Argument(parsing: .postTerminator, help: "Arguments passed to the sample (after --).")
    var sampleArguments: [String] = []

    func run() throws {
        var loaded = try ProfileLoader.load(common.profile)
        common.apply(to: &loaded)
        var options = Analysis.Options(profile: loaded)
        options.timeoutSeconds = common.timeoutSeconds
        options.networkMode = network?.rawValue
        options.arguments = sampleArguments
        options.artifactsDirectory = artifacts
        options.reportPath = out
        options.apiTrace = WineRunRecipe.APITrace(rawValue: apiTrace.rawValue) ?? .standard
        options.dllExport = dllExport
        guard passes == 1 || passes == 2 else { throw PetriError.badInput("--passes must be 1 or 2, not \(passes)") }
        options.passes = passes
        let quiet = self.quiet
        options.say = { line in if !quiet { FileHandle.standardError.write(Data(("petri: " + Printable.line(line) + "\n").utf8)) } }
        options.cancel = Interrupts.install()
        let live = !quiet && isatty(2) == 1
        if live {
            let limit = options.timeoutSeconds ?? loaded.policy.timeoutSeconds
            options.onProgress = { elapsed, processes, events in
                let line = String(format: "\r\u{1b}[2K%5.1fs / %.0fs  processes %d  events %llu", elapsed, limit, processes, events)
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        // Namespaces, cgroups and the writable layer need root; a problem with the sample itself
        // (missing, unreadable) is still said first.
        if geteuid() != 0 && access(sample, R_OK) == 0 {
            throw PetriError.badInput("petri needs root to run a sample (namespaces, cgroups, mounts): run it as root, e.g. with sudo")
        }
        var samplePath = sample
        if let raw = RawArgument.invalidUTF8Bytes(decodingTo: sample) {
            // Not valid UTF-8: opened by its bytes and analysed through /proc/self/fd/N; it runs
            // under its exact name (native, script), the report shows the bytes as \xNN.
            switch RawArgument.openSample(raw) {
            case .success(let fd):
                samplePath = "/proc/self/fd/\(fd)"
                options.sampleName = URL(fileURLWithPath: sample).lastPathComponent
                options.rawSampleName = Array(raw.split(separator: UInt8(ascii: "/")).last ?? [])
                options.sampleDisplayPath = RawArgument.printable(raw)
            case .failure(let e):
                throw PetriError.badInput(e.message)
            }
        }
        let outcome = try Analysis.run(samplePath: samplePath, options: options)
        if live { FileHandle.standardError.write(Data("\r\u{1b}[2K".utf8)) }
        let htmlPath = html ? HTMLCommand.path(besides: outcome.reportPath) : nil
        if let htmlPath { try ExportOutput.write(Data(HTMLReport.render(outcome.report).utf8), to: htmlPath) }
        if json {
            let data = try ReportJSON.encode(outcome.report)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else if !quiet {
            let r = outcome.report
            let verdict = r.verdict?.rawValue ?? "unscored"
            print("\(verdict): \(Printable.line(r.sample.fileName)) \(Printable.line(r.run.outcome.summary)), \(r.processes.count) processes, \(r.eventStats.notified) events, \(r.files.count) file changes")
            if let why = r.verdictReason { print("inconclusive because: \(Printable.line(why.message))") }
            print("report: \(Printable.path(outcome.reportPath))")
            if let htmlPath { print("html: \(Printable.path(htmlPath))") }
            print("artifacts: \(Printable.path(outcome.artifactsDirectory))")
        }
        // What went wrong on petri's side (e.g. a full artifacts disk) is said on stderr too, not only in the report.
        for e in outcome.report.run.errors.prefix(3) { FileHandle.standardError.write(Data("petri: \(Printable.line(e))\n".utf8)) }
        switch SetupFailure.classify(outcome) {
        case .notExecutable(let line): throw PetriError.badInput(line)
        case .sandbox(let line):
            FileHandle.standardError.write(Data("petri: \(line)\n".utf8))
            throw ExitCode(1)
        case nil: break
        }
    }
}

