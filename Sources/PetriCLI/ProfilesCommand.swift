import ArgumentParser
import Foundation
import Petri
import PetriModel
import PetriAnalysis

struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Check, list and show behaviour rules.",
        subcommands: [Check.self, List.self, Show.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load and validate every rule; exit 1 on any error.")
        @Argument(help: "A profiles folder (with behaviours/) or a folder of rule files (default: the installed profiles).")
        var directory: String?
        @Option(name: .customLong("sigma"), help: ArgumentHelp("Also validate this folder (or file) of Sigma rules; repeatable.", valueName: "dir"))
        var sigma: [String] = []
        func run() throws {
            let dir = directory ?? ProfileLoader.profilesDirectory()
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw PetriError.badInput("not a folder: \(Printable.path(dir))")
            }
            let (text, ok) = ProfileCommands.check(directory: dir, sigma: sigma)
            print(text, terminator: "")
            if !ok { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per loaded rule.")
        @Option(help: "Profiles folder (default: the installed profiles).")
        var directory: String?
        func run() throws {
            let b = try load(directory)
            print(ProfileCommands.list(b.ruleSet), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A rule's metadata and definition.")
        @Argument(help: "Rule id.")
        var id: String
        @Option(help: "Profiles folder (default: the installed profiles).")
        var directory: String?
        func run() throws {
            let b = try load(directory)
            guard let text = ProfileCommands.show(b.ruleSet, id: id) else { throw PetriError.badInput("no rule with id \(id)") }
            print(text, terminator: "")
        }
    }

    static func load(_ directory: String?) throws -> BehaviourProfile {
        let dir = directory ?? ProfileLoader.profilesDirectory()
        let b = BehaviourProfile.load(directory: dir)
        if let e = b.diagnostics.first(where: { $0.severity == .error }) { throw PetriError.badInput(e.description) }
        return b
    }
}
