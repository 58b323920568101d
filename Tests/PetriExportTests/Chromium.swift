import Foundation
import PetriTestSupport
import Testing

/// Headless Chromium (Debian's `chromium`, installed by `make deps`) as the browser an analyst opens a
/// report in. Each call is one browser with a fresh profile, bounded in time (`timeout`), with
/// --no-sandbox (the tests run as root) and everything that talks to the network switched off; the
/// tests run in a network namespace with only lo in any case. A missing chromium fails under CI=true.
enum Chromium {
    struct Page {
        /// The DOM after load, serialized by the browser (`--dump-dom`).
        var dom: String
        /// The browser's log: console messages, including every Content-Security-Policy violation.
        var log: String
    }

    static let seconds = 60

    static func binary(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let found = Prerequisites.which("chromium") ?? Prerequisites.which("chromium-browser")
        guard Prerequisites.require(found != nil, "chromium (apt-get install chromium)", sourceLocation: sourceLocation) else { return nil }
        return found
    }

    static func run(_ file: String, _ mode: [String], flags: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> PetriBinary.Result? {
        guard let chromium = binary(sourceLocation: sourceLocation), let timeout = Prerequisites.which("timeout") else { return nil }
        let profile = TempFolders.make("chromium")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let args = ["-k", "5", "\(seconds)", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--user-data-dir=\(profile)", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                    "--disable-extensions", "--disable-sync", "--disable-component-update", "--enable-logging=stderr", "--v=0"]
            + flags + mode + [URL(fileURLWithPath: file).absoluteString]
        let r = try PetriBinary.exec(timeout, args)
        #expect(r.code == 0, "chromium exit \(r.code) (124: over \(seconds) s): \(r.stderr.suffix(1500))", sourceLocation: sourceLocation)
        return r.code == 0 ? r : nil
    }

    /// `flags`: e.g. `--allow-file-access-from-files`, which lets a test's own harness page (FilterHarness)
    /// reach into the report it loads in an iframe from the same folder.
    static func load(_ file: String, flags: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> Page? {
        guard let r = try run(file, ["--dump-dom"], flags: flags, sourceLocation: sourceLocation) else { return nil }
        return Page(dom: r.text, log: r.stderr)
    }

    static func screenshot(_ file: String, to png: String, width: Int = 1280, height: Int = 2400, sourceLocation: SourceLocation = #_sourceLocation) throws -> Data? {
        guard try run(file, ["--screenshot=\(png)", "--window-size=\(width),\(height)", "--hide-scrollbars"], sourceLocation: sourceLocation) != nil else { return nil }
        return FileManager.default.contents(atPath: png)
    }

    /// The page's console lines that report a Content-Security-Policy violation.
    static func violations(_ log: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains("CONSOLE") && $0.contains("Content Security Policy") }
    }
}
