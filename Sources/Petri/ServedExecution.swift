import Foundation
import PetriAnalysis
import PetriModel
import PetriNet

/// After the run: which downloads the simulated internet served were run by the sample. A served
/// body (or a file inside a served archive) is matched to the dropped files by sha256; the download
/// counts as executed when one of those files was exec'd, handed to an interpreter as a script
/// (`sh install.sh`, `python3 x.py`), or is the image of a later process (a Wine program).
/// This is what the second pass reads (docs/network.md, "Second pass").
enum ServedExecution {
    static func mark(_ report: inout Report, windows: Bool, payloadFile: [UInt8]?) {
        // Each served body's sha256 -> the shas of what it is or holds.
        var inner: [String: Set<String>] = [:]
        var bodies = HTTPResponder.servedBodies(windows: windows)
        if let payloadFile { bodies.append(payloadFile) }
        for b in bodies { inner[FileHashes.sha256(of: Data(b)), default: []].insert(FileHashes.sha256(of: Data(b))) }
        for windows in windows ? [false, true] : [false] {
            let members = HarmlessArchive.members(windows: windows).map { FileHashes.sha256(of: Data($0.bytes)) }
            for k in [HTTPResponder.Kind.zip, .tarGz, .tar] {
                inner[FileHashes.sha256(of: Data(HTTPResponder.bytes(k, windows: windows))), default: []].formUnion(members)
            }
        }
        guard report.network.http.contains(where: { $0.response.hasPrefix("payload:") }) else { return }
        let filesBySha = Dictionary(grouping: report.files.filter { $0.sha256 != nil }, by: { $0.sha256! })
        let execs = report.events.filter { $0.kind == .syscall && ($0.name == "execve" || $0.name == "execveat") && $0.action == .allowed }
        let images = Set(report.events.compactMap(\.image).map { $0.lowercased() })
        for i in report.network.http.indices where report.network.http[i].response.hasPrefix("payload:") {
            let h = report.network.http[i]
            guard let sha = h.responseSha256, let shas = inner[sha] else { continue }
            let files = shas.flatMap { filesBySha[$0] ?? [] }
            var ran = false
            for f in files {
                let base = String(f.path.split(separator: "/").last ?? "")
                let winBase = f.windowsPath.map { String($0.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last ?? "") }
                if execs.contains(where: { e in
                    e.timeNs >= h.timeNs && (e.path == f.path || (e[ArgKey.argv]?.listValue ?? []).dropFirst().contains { $0 == f.path || $0.hasSuffix("/" + base) || $0 == base })
                }) { ran = true; break }
                if let w = winBase, !w.isEmpty, images.contains(w.lowercased()) { ran = true; break }
            }
            report.network.http[i].servedExecuted = ran
        }
    }
}
