import ArgumentParser
import Foundation
import Petri
import PetriModel

extension IOCExport.Format: ExpressibleByArgument {}

/// Where a report command's output goes: a file (`--out`), or stdout with a final new line. The one
/// writer for `report attack-layer`, `rescore --json` and every export.
enum ExportOutput {
    /// Every export goes through here. JSON gets its DEL/C1/bidi/line-separator characters as `\u`
    /// escapes (Printable.terminalSafeJSON: the same value); CSV, HTML and the diff's text already
    /// escape them through Printable, so for them this changes nothing.
    static func write(_ raw: Data, to out: String?) throws {
        let data = Printable.terminalSafeJSON(raw)
        if let out {
            do { try data.write(to: URL(fileURLWithPath: out)) } catch { throw PetriError.io("cannot write \(Printable.path(out)): \(error.localizedDescription)") }
        } else {
            FileHandle.standardOutput.write(data)
            if data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
        }
    }
}

/// What every single-report export takes: the report, and where its output goes.
struct ReportFile: ParsableArguments {
    @Argument(help: "A report written by `petri analyze`.")
    var report: String
    @Option(help: "Output file (default: stdout).")
    var out: String?

    func read() throws -> Report { try ReportWriter.read(report) }
    func write(_ data: Data) throws { try ExportOutput.write(data, to: out) }
}

struct IOCsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "iocs", abstract: "List the indicators of compromise of a report (defanged unless --no-defang).")
    @OptionGroup var file: ReportFile
    @Option(help: "csv or json.")
    var format: IOCExport.Format = .csv
    @Flag(name: .customLong("no-defang"), help: "Print names, addresses and URLs as they are (clickable, resolvable).")
    var noDefang = false
    func run() throws {
        try file.write(try IOCExport.render(try file.read(), format: format, defang: !noDefang))
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Show the behaviours, score, processes, network and files that differ between two runs.")
    @Argument(help: "The first report (A).")
    var a: String
    @Argument(help: "The second report (B).")
    var b: String
    @Flag(help: "Print the differences as JSON.")
    var json = false
    func run() throws {
        let d = ReportDiff(try ReportWriter.read(a), try ReportWriter.read(b))
        try ExportOutput.write(json ? try d.json() : Data(d.text().utf8), to: nil)
    }
}

struct STIXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stix", abstract: "Write a STIX 2.1 bundle for a report (malware-analysis, observed objects, attack patterns, indicators).")
    @OptionGroup var file: ReportFile
    func run() throws {
        try file.write(try STIXExport.render(try file.read()))
    }
}

struct MISPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "misp", abstract: "Write a MISP event for a report (file, process, network and registry objects, ATT&CK galaxy tags, score).")
    @OptionGroup var file: ReportFile
    func run() throws {
        try file.write(try MISPExport.render(try file.read()))
    }
}

struct HTMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "html", abstract: "Write a one-file HTML report to read in a browser (offline, no scripts needed).")
    @OptionGroup var file: ReportFile
    func run() throws {
        try file.write(Data(HTMLReport.render(try file.read()).utf8))
    }

    /// `x.json` -> `x.html` (any other name gets `.html` added), for `petri analyze --html`.
    static func path(besides report: String) -> String {
        report.hasSuffix(".json") ? String(report.dropLast(5)) + ".html" : report + ".html"
    }
}
