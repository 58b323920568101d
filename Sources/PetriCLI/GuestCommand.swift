import ArgumentParser
import Foundation
import Petri
import PetriGuest

struct GuestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guest",
        abstract: "The guest image: the Debian root every sample runs in (docs/guest.md).",
        subcommands: [Prepare.self, Show.self, Remove.self]
    )

    /// The profile's guest, or a bad-input error for `guest: host`.
    static func spec(_ profile: String?) throws -> GuestSpec {
        let p = try ProfileLoader.load(profile)
        guard let spec = p.guest else { throw PetriError.badInput("profile \(p.name) runs samples on the host (guest: host); it has no guest image") }
        return spec
    }

    /// Steps as lines on stderr; on a TTY debootstrap's own progress overwrites one status line.
    static func builder() -> GuestBuilder {
        var b = GuestBuilder()
        if isatty(2) == 1 {
            b.say = { line in FileHandle.standardError.write(Data(("\r\u{1b}[2Kpetri: " + line + "\n").utf8)) }
            b.onOutputLine = { line in
                let shown = String(GuestBuilder.oneLine(line).prefix(100))
                FileHandle.standardError.write(Data(("\r\u{1b}[2K  " + shown).utf8))
            }
        } else {
            b.say = { line in FileHandle.standardError.write(Data(("petri: " + line + "\n").utf8)) }
        }
        return b
    }

    /// A build failure is petri's set-up failing, not bad input: one line, exit 1.
    static func failSetup(_ e: GuestError) -> Never {
        FileHandle.standardError.write(Data(("petri: " + e.description + "\n").utf8))
        Foundation.exit(1)
    }

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build the guest image now (about 1-2 minutes, once per package list; the first analyze does it otherwise).")
        @Option(help: "Profile name or file.")
        var profile: String?
        func run() throws {
            let spec = try GuestCommand.spec(profile)
            do {
                let entry = try GuestCommand.builder().ensure(spec, thorough: true)
                print("guest \(entry.id): \(entry.root)")
            } catch let e as GuestError { GuestCommand.failSetup(e) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the guest image's id, suite, architecture, packages with versions, size and build date.")
        @Option(help: "Profile name or file.")
        var profile: String?
        @Flag(help: "The stamp as JSON.")
        var json = false
        func run() throws {
            let spec = try GuestCommand.spec(profile)
            let store = GuestStore()
            switch store.status(id: spec.id, thorough: true) {
            case .missing:
                throw PetriError.badInput("guest \(spec.id) is not built: run `petri guest prepare`")
            case .invalid(let why):
                throw PetriError.badInput("guest \(spec.id) in \(store.directory) is not usable (\(why)): `petri guest prepare` rebuilds it")
            case .valid(let e):
                if json {
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                    FileHandle.standardOutput.write(try enc.encode(e.stamp) + Data("\n".utf8))
                    return
                }
                let s = e.stamp
                print("id: \(s.id)")
                print("path: \(e.root)")
                print("suite: \(s.spec.suite)")
                print("architecture: \(s.spec.architecture)")
                print("mirror: \(s.spec.mirror)")
                print("built: \(s.builtAt) in \(String(format: "%.1f", s.buildSeconds)) s")
                print("size: \(s.sizeBytes >> 20) MiB, \(s.files) files")
                print("packages digest: \(s.packagesDigest)")
                print("packages (\(s.packages.count)):")
                for line in s.packages { print("  " + line) }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the profile's guest image (or every image with --all).")
        @Option(help: "Profile name or file.")
        var profile: String?
        @Flag(help: "Every image in the cache.")
        var all = false
        func run() throws {
            let store = GuestStore()
            let ids = all ? store.ids() : [try GuestCommand.spec(profile).id]
            for id in ids {
                if case .missing = store.status(id: id) { print("guest \(id): not present"); continue }
                do { try store.remove(id: id) } catch let e as GuestError { GuestCommand.failSetup(e) }
                print("guest \(id): removed")
            }
        }
    }
}
