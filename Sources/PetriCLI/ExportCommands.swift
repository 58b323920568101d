import ArgumentParser
import Foundation
import Petri
import PetriModel

extension IOCExport.Format: ExpressibleByArgument {}

/// Where an export goes: a file, or stdout.
enum ExportOutput {
    static func write(_ data: Data, to out: String?) throws {
        if let out {
            do { try data.write(to: URL(fileURLWithPath: out)) } catch { throw PetriError.io("cannot write \(Printable.path(out)): \(error.localizedDescription)") }
        } else {
            FileHandle.standardOutput.write(data)
            if data.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
        }
    }
}

struct IOCsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "iocs", abstract: "List the indicators of compromise of a report (defanged unless --no-defang).")
    @Argument(help: "A report written by `petri analyze`.")
    var report: String
    @Option(help: "csv or json.")
    var format: IOCExport.Format = .csv
    @Flag(name: .customLong("no-defang"), help: "Print names, addresses and URLs as they are (clickable, resolvable).")
    var noDefang = false
    @Option(help: "Output file (default: stdout).")
    var out: String?
    func run() throws {
        let r = try ExportInput.read(report)
        try ExportOutput.write(try IOCExport.render(r, format: format, defang: !noDefang), to: out)
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
        let d = ReportDiff(try ExportInput.read(a), try ExportInput.read(b))
        try ExportOutput.write(json ? try d.json() : Data(d.text().utf8), to: nil)
    }
}

struct STIXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stix", abstract: "Write a STIX 2.1 bundle for a report (malware-analysis, observed objects, attack patterns, indicators).")
    @Argument(help: "A report written by `petri analyze`.")
    var report: String
    @Option(help: "Output file (default: stdout).")
    var out: String?
    func run() throws {
        let r = try ExportInput.read(report)
        try ExportOutput.write(try STIXExport.render(r), to: out)
    }
}
