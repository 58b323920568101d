import ArgumentParser
import Foundation
import Petri
import PetriSandbox

struct WineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wine",
        abstract: "The Wine runner for Windows samples.",
        subcommands: [Prepare.self]
    )

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build the template Wine prefix ahead of time (about 20 s, once per Wine version and profile).")
        @Option(help: "Profile name or file.")
        var profile: String?
        func run() throws {
            let p = try ProfileLoader.load(profile)
            let say: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data(("petri: " + line + "\n").utf8)) }
            let guest = try GuestImage.resolve(profile: p, say: say)
            let inst = try WineRunner.installation(forPE: false, guest: guest)
            let path = try WineRunner.template(installation: inst, profile: p, policy: p.policy) { line in
                FileHandle.standardError.write(Data(("petri: " + line + "\n").utf8))
            }
            print("Wine template: \(path)")
        }
    }
}
