import ArgumentParser
import Foundation
import Petri
import PetriAnalysis
import PetriModel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with stored reports.",
        subcommands: [Show.self, Rescore.self, AttackLayerCommand.self, IOCsCommand.self, DiffCommand.self, STIXCommand.self, MISPCommand.self, HTMLCommand.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a readable summary of a report.")
        @Argument(help: "A report written by `petri analyze`.")
        var report: String
        func run() throws {
            let r = try ReportWriter.read(report)
            print(ReportSummary.render(r))
        }
    }

    struct Rescore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-score a stored run with (new) rules, without running the sample again.")
        @Argument(help: "A report written by `petri analyze`.")
        var report: String
        @Option(help: "Profile name or file whose rules and score settings to use (default: the installed profile).")
        var profile: String?
        @Option(name: .customLong("sigma"), help: ArgumentHelp("Folder (or file) of Sigma rules to evaluate beside the profile's rules; repeatable.", valueName: "dir"))
        var sigma: [String] = []
        @Option(help: "Write the rescored report here (default: print the summary only).")
        var out: String?
        @Flag(help: "Print the rescored report JSON to stdout.")
        var json = false
        func run() throws {
            var r = try ReportWriter.read(report)
            var p = try ProfileLoader.load(profile)
            p.sigmaDirectories += sigma
            let b = try Analysis.loadBehaviours(p)
            b.apply(to: &r)
            if let out { try ReportWriter.write(r, to: out) }
            if json {
                try ExportOutput.write(try ReportJSON.encode(r), to: nil)
            } else {
                print(ReportSummary.render(r))
            }
        }
    }

    struct AttackLayerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "attack-layer", abstract: "Write a MITRE ATT&CK Navigator layer for a report.")
        @OptionGroup var file: ReportFile
        func run() throws {
            _ = try file.read()
            guard let data = FileManager.default.contents(atPath: file.report) else { throw PetriError.badInput("report is not readable: \(Printable.path(file.report))") }
            try file.write(try ProfileCommands.attackLayer(reportData: data))
        }
    }
}
