import ArgumentParser
import Foundation
import Petri
import PetriAnalysis
import PetriModel

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Static triage of FILE without running it: hashes, type, ELF/PE structure, packer indicators, YARA."
    )
    @Argument(help: "The file to inspect.")
    var file: String
    @Option(help: "Extra folder of YARA rules (in addition to profiles/yara).")
    var yara: [String] = []
    @Flag(help: "Print the static section as JSON.")
    var json = false

    func run() throws {
        let info = try Inspection.inspect(path: file, extraYaraDirectories: yara)
        if json {
            FileHandle.standardOutput.write(try Inspection.json(info))
            print("")
        } else {
            print(StaticTriage.render(info))
        }
    }
}
