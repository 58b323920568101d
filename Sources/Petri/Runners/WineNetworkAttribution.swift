import PetriModel

/// Under Wine the wineserver makes the sample's TCP connects, so the simulated internet's records are
/// first attributed to a runner process. The API trace has the Windows process's own `connect` (ws2_32,
/// in that process) with the same destination: this re-attributes connections, and the HTTP requests
/// carried on them, to the sandbox process running that Windows image, so a canary hit in an upload
/// names the stage that sent it.
enum WineNetworkAttribution {
    static func attribute(_ report: inout Report) {
        let runnerPids = Set(report.processes.filter { $0.runner == true }.map(\.pid))
        // The sample's API connects, per destination, in trace order. Their pid is already the sandbox
        // pid of the Windows process (WinePidMap, in WineRunner.postProcess); unmapped ones name none.
        var connects: [String: [Event]] = [:]
        for e in report.events where e.kind == .api && e.name == "connect" && e.runner != true && e.args["unmapped"] != .bool(true) {
            guard let ip = e.args[ArgKey.ip]?.stringValue, let port = e.args[ArgKey.port]?.intValue else { continue }
            connects["\(ip)|\(port)", default: []].append(e)
        }
        var used = Set<UInt64>()
        var pidForConnection: [String: Int32] = [:]
        let order = report.network.connections.indices.sorted { report.network.connections[$0].timeNs < report.network.connections[$1].timeNs }
        for i in order {
            let c = report.network.connections[i]
            guard c.proto == "tcp", c.pid.map({ runnerPids.contains($0) }) ?? true,
                  let e = connects["\(c.ip)|\(c.port)"]?.first(where: { !used.contains($0.seq) }) else { continue }
            let pid = e.pid
            used.insert(e.seq)
            report.network.connections[i].pid = pid
            pidForConnection[c.id] = pid
        }
        for i in report.network.http.indices {
            if let pid = pidForConnection[report.network.http[i].connection] { report.network.http[i].pid = pid }
        }
        for i in report.network.tls.indices {
            if let pid = pidForConnection[report.network.tls[i].connection] { report.network.tls[i].pid = pid }
        }
    }
}
