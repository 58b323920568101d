import ArgumentParser
import Foundation
import Petri
import PetriModel

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with stored reports.",
        subcommands: [Show.self]
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
}
