// CanaryTracker.scan on outbound data of a few MB (bench/canary.sh compiles this with PetriModel and
// the tracker's sources). The data: printable text with binary runs, one canary base64-encoded near the
// end and one XOR-ed with 0x5a, and a gzip-free body; the canaries: 8 planted tokens plus 8 identity
// values, as a seeded run has. Prints seconds per scan per round and the hits, so a faster tracker
// that finds less shows it.
import Foundation
import PetriModel

let mb = Double(CommandLine.arguments.dropFirst().first ?? "2.5") ?? 2.5
let rounds = Int(CommandLine.arguments.dropFirst(2).first ?? "5") ?? 5
var seed: UInt64 = 0x9E3779B97F4A7C15
func next() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
let alnum = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
func token(_ n: Int) -> String { String(decoding: (0..<n).map { _ in alnum[Int(next() % UInt64(alnum.count))] }, as: UTF8.self) }
var canaries: [Canary] = (0..<8).map { Canary(token: token(26), file: "/home/user/.secret\($0)", kind: "planted") }
canaries += ["sandbox-host-01", "Jane Q. Example", "198.51.100.23", "6.1.0-28-amd64", "Debian GNU/Linux 12 (bookworm)",
             "Quarterly revenue forecast for the north region", "Meeting notes: vendor contract renewal", "jane.example"]
    .map { Canary(token: $0, file: "identity", kind: "identity:x") }
let size = Int(mb * 1_048_576)
var data = [UInt8](); data.reserveCapacity(size + 256)
let words = ["GET ", "POST ", "Host: ", "application/json", "{\"id\":", "\r\n", "Content-Length: ", "cookie=", "%20", "+"]
while data.count < size {
    if next() % 16 == 0 { for _ in 0..<64 { data.append(UInt8(truncatingIfNeeded: next())) } }
    else { data += Array(words[Int(next() % UInt64(words.count))].utf8); data += Array(token(Int(next() % 12) + 1).utf8) }
}
data += Array(("data=" + Data(("secret=" + canaries[3].token).utf8).base64EncodedString() + "&").utf8)
data += Array(canaries[5].token.utf8).map { $0 ^ 0x5a }
let outbound = [OutboundData(channel: "connection", destination: "tcp 198.51.100.7:443", pid: 2, data: Data(data))]
var report = Report(sample: SampleInfo(path: "/x", fileName: "x", size: 0, md5: "", sha1: "", sha256: "", type: .data),
                    run: RunInfo(profile: "p", runner: "native", startedAt: "", timeoutSeconds: 1, hostname: "h", user: "u",
                                 workingDirectory: "/", samplePath: "/x", arguments: [], networkMode: "none"))
report.canaries = canaries
let tracker = CanaryTracker(canaries: canaries)
print(String(format: "outbound %.2f MB, %d canaries", Double(data.count) / 1_048_576, canaries.count))
var times: [Double] = []
var hits: [CanaryHit] = []
for r in 0..<rounds {
    let t = Date()
    hits = tracker.scan(report, outbound: outbound)
    times.append(Date().timeIntervalSince(t))
    print(String(format: "round %d: %.3f s", r, times.last!))
}
print(String(format: "median %.3f s", times.sorted()[times.count / 2]))
for h in hits { print("hit:", h.canary.file, h.encoding.rawValue) }
