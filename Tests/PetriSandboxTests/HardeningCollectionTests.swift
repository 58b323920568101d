import Foundation
@testable import Petri
import PetriAnalysis
import PetriModel
@testable import PetriSandbox
@testable import PetriWine
import Testing

/// Host-side collection against a sample that swaps its files (issue 19, TOCTOU): the file record,
/// the kept upper layer, dropped-file hashing, payload/YARA reading and the Wine registry diff never
/// follow a symlink the sample left and never trust a listing's size or type (fstat after the open).
@Suite("Hardening: collection never follows the sample's links", .serialized)
struct HardeningCollectionTests {
    static func sha(_ d: Data) -> String { FileHashes.sha256(of: d) }

    /// A host-only folder with a secret file: what a followed link would read.
    static func hostSecret() throws -> (dir: String, file: String, content: Data) {
        let dir = NSTemporaryDirectory() + "petri-host-secret-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let content = Data("HOST-SECRET-\(UUID().uuidString)\n".utf8)
        let file = dir + "/secret.txt"
        try content.write(to: URL(fileURLWithPath: file))
        return (dir, file, content)
    }

    /// Regular files under `root` (never following a link) whose bytes contain `needle`.
    static func filesContaining(_ needle: Data, under root: String) -> [String] {
        var out: [String] = []
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            var st = stat()
            guard lstat(root + "/" + rel, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            if let d = FileManager.default.contents(atPath: root + "/" + rel), d.range(of: needle) != nil { out.append(rel) }
        }
        return out
    }

    @Test("a sample swapping its files for links to a host file until the timeout: the host file is never read, hashed, copied or scanned")
    func swappedForLinks() throws {
        guard let program = TestPrograms.path("h_swap_link") else { return }
        let secret = try Self.hostSecret()
        defer { try? FileManager.default.removeItem(atPath: secret.dir) }
        let dir = TestPrograms.tempDir("swap")
        var o = Analysis.Options(profile: try ProfileLoader.load(TestPrograms.repoRoot + "/profiles/default.yaml"))
        o.arguments = [secret.file]
        o.networkMode = "none"
        o.timeoutSeconds = 3
        o.artifactsDirectory = dir + "/art"
        o.reportPath = dir + "/report.json"
        o.yara = true
        let outcome = try Analysis.run(samplePath: program, options: o)
        let r = outcome.report
        #expect(r.output.stdoutPreview.contains("swapping"), "\(r.output.stdoutPreview) \(r.run.errors)")
        #expect(r.run.timeoutHit)
        // the timeout left links in place of files, recorded as links to the host path
        let links = r.files.filter { $0.type == .symlink && ($0.symlinkTarget == secret.file || $0.symlinkTarget == secret.dir) }
        #expect(!links.isEmpty, "no swapped link at the timeout: \(r.files.map { "\($0.path) \($0.type)" })")
        let secretSha = Self.sha(secret.content)
        #expect(!r.files.contains { $0.sha256 == secretSha }, "the host file was hashed into the record")
        #expect(!r.payloads.contains { $0.sha256 == secretSha }, "the host file was stored or scanned as a payload")
        #expect(Self.filesContaining(secret.content, under: outcome.artifactsDirectory).isEmpty, "the host file's bytes are in the artifacts")
        let json = (try? Data(contentsOf: URL(fileURLWithPath: outcome.reportPath))) ?? Data()
        #expect(json.range(of: secret.content.prefix(40)) == nil, "the host file's bytes are in the report")
        // every hashed file is one of the sample's own contents (empty: a file it had just created when killed)
        let own = Set((0..<4).map { Self.sha(Data("benign swap file \($0)\n".utf8)) } + [Self.sha(Data())])
        let hashed = r.files.compactMap { f in f.sha256.map { (f.path, $0) } }
        #expect(hashed.allSatisfy { own.contains($0.1) }, "\(hashed.filter { !own.contains($0.1) })")
    }

    /// Swaps every name in `dir` between a regular file, a symlink to the host secret and a FIFO,
    /// as fast as it can, until `stop` is set.
    final class Swapper: @unchecked Sendable {
        /// `dir` holds the names; new entries are made in `staging` (same filesystem) and renamed over them.
        let dir: String, target: String, names: [String]
        var staging: String { (dir as NSString).deletingLastPathComponent + "/staging" }
        private let lock = NSLock()
        private var stopped = false
        let done = DispatchSemaphore(value: 0)
        init(dir: String, target: String, names: [String]) { self.dir = dir; self.target = target; self.names = names }
        func start() {
            Thread { [self] in
                var i = 0
                while !self.isStopped {
                    for (k, n) in names.enumerated() {
                        let p = dir + "/" + n, tmp = staging + "/tmp-\(k)"
                        unlink(tmp)
                        switch (i + k) % 3 {
                        case 0: try? Data("benign swap file \(k % 4)\n".utf8).write(to: URL(fileURLWithPath: tmp))
                        case 1: symlink(target, tmp)
                        default: mkfifo(tmp, 0o644)
                        }
                        rename(tmp, p)
                    }
                    i += 1
                }
                done.signal()
            }.start()
        }
        var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
        func stop() { lock.lock(); stopped = true; lock.unlock(); done.wait() }
    }

    @Test("collection racing a live swapper (file, link to a host file, FIFO): the secret is never read, every hash is of a regular file's bytes")
    func collectionRacesSwapper() throws {
        let secret = try Self.hostSecret()
        defer { try? FileManager.default.removeItem(atPath: secret.dir) }
        let base = TestPrograms.tempDir("race")
        let upper = base + "/upper"
        try FileManager.default.createDirectory(atPath: upper + "/home", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: upper + "/staging", withIntermediateDirectories: true)
        let names = (0..<16).map { "f\($0).\($0 % 2 == 0 ? "sh" : "bin")" }
        let swapper = Swapper(dir: upper + "/home", target: secret.file, names: names)
        swapper.start()
        let own = Set((0..<4).map { Self.sha(Data("benign swap file \($0)\n".utf8)) })
        let secretSha = Self.sha(secret.content)
        let started = Date()
        var rounds = 0, seenFiles = 0
        while Date().timeIntervalSince(started) < 4 {
            let art = base + "/art\(rounds)"
            try FileManager.default.createDirectory(atPath: art, withIntermediateDirectories: true)
            var c = OverlayCollector(layers: [(upper + "/home", "/home", nil)], artifactsDirectory: art)
            c.budget = ArtifactBudget(limit: 1 << 20)
            let files = c.collectFileChanges()
            for f in files where f.sha256 != nil {
                seenFiles += 1
                #expect(f.sha256 != secretSha && own.contains(f.sha256!), "\(f.path): hash of bytes that are not the sample's file (\(f.size ?? 0) bytes)")
            }
            _ = try ArtifactCopy.copyTree(from: upper, to: art + "/kept", budget: ArtifactBudget(limit: 1 << 20))
            for n in names {
                if case .success(let (data, _)) = PayloadCollection.readBeneath(root: upper, relative: "home/" + n, cap: 1 << 20) {
                    #expect(data != secret.content, "readBeneath read the host file through \(n)")
                }
            }
            #expect(Self.filesContaining(secret.content, under: art).isEmpty, "round \(rounds): the secret's bytes were copied")
            rounds += 1
        }
        swapper.stop()
        #expect(rounds >= 3 && seenFiles > 0, "\(rounds) rounds, \(seenFiles) hashed files")
    }

    @Test("a Wine hive the sample replaced with a link to a host file is not read by the registry diff")
    func wineHiveLink() throws {
        let base = TestPrograms.tempDir("hive")
        let template = base + "/template", art = base + "/art"
        try FileManager.default.createDirectory(atPath: template, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: art + "/upper/wine", withIntermediateDirectories: true)
        try "WINE REGISTRY Version 2\n".write(toFile: template + "/user.reg", atomically: true, encoding: .utf8)
        // a host file that is a valid hive, with a key only it has
        let host = base + "/host-only.reg"
        try "WINE REGISTRY Version 2\n\n[Software\\\\HostOnlySecret] 1700000000\n\"Token\"=\"host-only-value\"\n".write(toFile: host, atomically: true, encoding: .utf8)
        #expect(try RegistryDiff().changes(templatePrefix: template, runHive: { $0 == "user.reg" ? [UInt8](FileManager.default.contents(atPath: host)!) : nil })
            .contains { $0.key.contains("HostOnlySecret") }, "the hive parses: a diff that read it would show the key")
        symlink(host, art + "/upper/wine/user.reg")
        // and a folder link on the way
        symlink(base, art + "/upper/wine/dosdevices")
        var report = Report(sample: SampleInfo(path: "/s", fileName: "s.exe", size: 0, md5: "", sha1: "", sha256: "", type: .pe),
                            run: RunInfo(profile: "default", runner: "wine", startedAt: "", timeoutSeconds: 1, hostname: "h", user: "u",
                                         workingDirectory: "/", samplePath: "/s", arguments: [], networkMode: "none"))
        report.run.artifactsDirectory = art
        WineRunner.postProcess(&report, templatePath: template, layout: .standard, sampleName: "s.exe")
        #expect(!report.registry.contains { $0.key.contains("HostOnlySecret") || ($0.data ?? "").contains("host-only-value") }, "\(report.registry)")
        #expect(!report.events.contains { ($0.args["key"]?.stringValue ?? "").contains("HostOnlySecret") })
    }
}
