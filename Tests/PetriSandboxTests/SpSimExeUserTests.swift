import Foundation
import Petri
import PetriModel
import PetriSandbox
import PetriWine
import Testing

/// The Wine layout follows the profile: a profile whose user is `maria` with home /home/maria runs the
/// sp-sim.exe seed case with the prefix at /home/maria/.wine, the sample in C:\users\maria\Downloads,
/// the Windows decoys in maria's profile folder, and the same behaviours as the default profile.
@Suite("sp.exe seed case under another user", .serialized)
struct SpSimExeUserTests {
    static func analyze(_ path: String, payload: String, profile: Profile) throws -> Report {
        let dir = TestPrograms.tempDir("spsim-user")
        var options = Analysis.Options(profile: profile)
        options.timeoutSeconds = 60
        options.networkMode = "sinkhole"
        options.apiTrace = .full
        options.payloadFile = URL(fileURLWithPath: payload)
        options.artifactsDirectory = dir + "/art"
        options.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: path, options: options)
        SchemaCheck.validate(outcome.reportPath)
        return outcome.report
    }

    @Test("user maria, home /home/maria: the same behaviours as the default profile")
    func mariaProfile() throws {
        guard let sample = SpSimExeCaseTests.fixture("sp-sim"), let stage2 = SpSimExeCaseTests.fixture("sp-stage2") else { return }
        let standard = try ProfileLoader.load(TestPrograms.repoRoot + "/profiles/default.yaml")
        var maria = standard
        maria.policy.userName = "maria"
        maria.policy.home = "/home/maria"
        maria.policy.workingDirectory = "/home/maria/Downloads"

        let m = try Self.analyze(sample, payload: stage2, profile: maria)
        let d = try Self.analyze(sample, payload: stage2, profile: standard)

        let layout = WineLayout(user: "maria", home: "/home/maria")
        #expect(m.run.runner == "wine")
        #expect(m.run.outcome == .exited(code: 0))
        #expect(m.run.user == "maria")
        #expect(m.run.samplePath == "/home/maria/.wine/drive_c/users/maria/Downloads/sp-sim.exe")
        // The decoys are in maria's profile folder, and their canaries confirm the exfiltration there.
        #expect(m.canaries.contains { $0.file == layout.driveC + "/users/maria/AppData/Roaming/Skype/user/main.db" }, "\(m.canaries.map(\.file))")
        #expect(!m.canaries.contains { $0.file.contains("/home/user/") })
        let exfil = m.behaviours.first { $0.id == "exfiltrates-decoy-credentials" }
        #expect(exfil?.evidence.notes.contains { $0.contains(layout.driveC + "/users/maria/AppData/Roaming/Skype/user/main.db") } == true,
                "\(exfil?.evidence.notes ?? [])")
        // Windows paths name maria's folders; nothing of the run lands in another user's.
        #expect(m.files.contains { $0.windowsPath?.lowercased() == "c:\\users\\maria\\appdata\\roaming\\skypeupdate.exe" },
                "\(m.files.compactMap(\.windowsPath))")
        #expect(!m.files.contains { $0.path.hasPrefix("/home/user/") }, "\(m.files.map(\.path))")

        let mIDs = Set(m.behaviours.map(\.id)), dIDs = Set(d.behaviours.map(\.id))
        #expect(mIDs == dIDs, "only maria: \(mIDs.subtracting(dIDs).sorted()); only default: \(dIDs.subtracting(mIDs).sorted())")
        #expect(m.verdict == d.verdict)
        #expect(m.score?.value == d.score?.value, "\(String(describing: m.score?.value)) vs \(String(describing: d.score?.value))")
        #expect(mIDs.contains("exfiltrates-decoy-credentials") && mIDs.contains("messenger-link-spread") && mIDs.contains("persistence-run-key"))
    }
}
