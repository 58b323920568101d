import ArgumentParser
import Foundation
import Petri
import PetriModel
import PetriSandbox

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Run every sample in DIR in parallel sandboxes and check the reports against expectations.",
        discussion: """
        Exit status: 0 when every expectation held, 1 when any failed, 2 on bad input. Entries marked \
        `requires: wine` are counted "not run" while petri cannot run PE samples (docs/corpus.md).
        """
    )

    @Argument(help: "Folder of samples (e.g. fixtures/bin).")
    var directory: String

    @Option(help: "Expectations YAML (e.g. fixtures/expectations.yaml). Without it every sample is run and reported unchecked.")
    var expect: String?

    @Option(help: "Samples run at once (default: number of cores).")
    var jobs: Int?

    @Option(help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(help: "Write a JSON summary here.")
    var summary: String?

    @OptionGroup var common: RunOptions

    @Option(help: "Where reports and artifacts go, one folder per sample.")
    var out: String = "out/corpus"

    @Flag(help: "No live progress on stderr.")
    var quiet = false

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var loaded = try ProfileLoader.load(common.profile)
        common.apply(to: &loaded)
        var options = Corpus.Options(profile: loaded, outputDirectory: out)
        if let expect {
            options.expectations = try CorpusExpectations.load(path: expect)
            options.expectationsPath = expect
        }
        if let jobs { options.jobs = jobs }
        options.timeoutSeconds = common.timeoutSeconds
        options.cancel = Interrupts.install()
        let live = !quiet && isatty(2) == 1
        if live {
            options.onProgress = { p in
                let line = "\r\u{1b}[2K\(p.done)/\(p.total) done  " + String(format: "%.1fs", p.elapsedSeconds)
                    + "  \(p.failures) failed  (last: \(Printable.line(p.last?.name ?? "-")))"
                FileHandle.standardError.write(Data(line.utf8))
            }
        } else if !quiet {
            options.onProgress = { p in
                guard let r = p.last else { return }
                let line = "[\(p.done)/\(p.total)] \(Printable.line(r.name)): \(r.status.rawValue)\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        let result = try Corpus.run(directory: directory, options: options)
        if live { FileHandle.standardError.write(Data("\r\u{1b}[2K".utf8)) }

        print(CorpusTable.render(result))
        if let junit {
            try write(Data(Corpus.junitXML(result).utf8), to: junit)
        }
        if let summary {
            try write(try Corpus.summaryJSON(result), to: summary)
        }
        print(CorpusTable.lastLine(result))
        if !result.ok { throw ExitCode(1) }
    }

    func write(_ data: Data, to path: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw PetriError.io("cannot write \(Printable.path(path)): \(error.localizedDescription)")
        }
    }
}
