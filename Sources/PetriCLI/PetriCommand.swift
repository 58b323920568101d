import ArgumentParser
import Foundation
import Petri
import PetriGuest
import PetriModel

@main
struct PetriCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "petri",
        abstract: "Detonate a suspicious file in a namespaces + seccomp sandbox and report what it attempts.",
        discussion: "Every subcommand takes --log-level trace|debug|info|notice|warning|error|critical (default warning; logs go to stderr).",
        version: ToolInfo.current.version,
        subcommands: [AnalyzeCommand.self, ServeCommand.self, TokenCommand.self, SubmitCommand.self, ReportCommand.self, ProfilesCommand.self, InspectCommand.self, WineCommand.self, CorpusCommand.self, GuestCommand.self, QueueBenchCommand.self]
    )

    /// Every user error ends as one line on stderr and exit code 2; help and version exit 0.
    static func main() {
        do {
            let (arguments, level) = try LogLevel.extract(Array(CommandLine.arguments.dropFirst()))
            LogLevel.bootstrap(level)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let e as PetriError {
            fail(e.description)
        } catch let e as GuestError {
            // The guest image could not be built or validated: petri's set-up failed, not the input.
            FileHandle.standardError.write(Data(("petri: " + Printable.line(e.description) + "\n").utf8))
            Foundation.exit(1)
        } catch let e as LogLevel.ValidationFailure {
            fail(e.description)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            fail(message)
        }
    }

    /// The one line of every error: whatever it quotes (a sample's name, a path) stays on that line.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("petri: " + Printable.line(message) + "\n").utf8))
        Foundation.exit(2)
    }
}
