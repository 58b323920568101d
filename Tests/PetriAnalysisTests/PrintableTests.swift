import PetriModel
import Testing

/// The one place sample-controlled text is made safe for a terminal, and the iterative process walks.
struct PrintableTests {
    @Test("C0, DEL and C1 controls as \\xNN; bidi overrides, isolates and separators as \\u{NNNN}; the rest untouched")
    func escapes() {
        #expect(Printable.line("a\u{1b}[2Jb\rc\nd\u{7}\u{7f}") == "a\\x1b[2Jb\\x0dc\\x0ad\\x07\\x7f")
        #expect(Printable.line("x\u{9b}31m\u{85}") == "x\\x9b31m\\x85")
        #expect(Printable.line("r\u{202e}exe.txt \u{2066}i\u{2069} \u{2028}") == "r\\u{202e}exe.txt \\u{2066}i\\u{2069} \\u{2028}")
        #expect(Printable.line("café — 日本 ✓ \u{200b}") == "café — 日本 ✓ \u{200b}")
        #expect(Printable.line(Printable.line("a\u{1b}b")) == "a\\x1bb", "escaping twice changes nothing")
        #expect(Printable.bytes(Array("n\u{1b}".utf8) + [0xff, 0xc3]) == "n\\x1b\\xff\\xc3")
        #expect(Printable.lines("a\r\nb\u{1b}\n") == ["a", "b\\x1b", ""])
    }

    @Test("preorder visits every process once, parents first, through a 100 000-deep chain and a cycle")
    func preorderDeep() {
        var procs = (2...100_001).map { ProcessNode(pid: Int32($0), ppid: Int32($0 - 1), image: "p", startNs: 0) }
        procs.append(ProcessNode(pid: 3, ppid: 2, image: "dup", startNs: 0))  // a repeated pid is listed once
        procs.append(ProcessNode(pid: 200_001, ppid: 200_002, image: "a", startNs: 0))
        procs.append(ProcessNode(pid: 200_002, ppid: 200_001, image: "b", startNs: 0))
        procs.append(ProcessNode(pid: 300_000, ppid: 300_000, image: "self", startNs: 0))
        let order = ProcessForest.preorder(procs)
        #expect(order.count == 100_000 + 3)
        #expect(Set(order.map(\.node.pid)).count == order.count)
        #expect(order.first?.node.pid == 2 && order.first?.depth == 0)
        #expect(order.first { $0.node.pid == 100_001 }?.depth == 99_999)
        #expect(order.first { $0.node.pid == 300_000 }?.depth == 0)
        #expect(order.first { $0.node.pid == 200_001 }?.depth == 0 && order.first { $0.node.pid == 200_002 }?.depth == 1)
    }

    @Test("roots: every pid of a deep chain reaches the top below init; a cycle ends")
    func rootsDeep() {
        var parents: [Int32: Int32] = [2: 1]
        for p in Int32(3)...100_000 { parents[p] = p - 1 }
        parents[500] = 1  // a second tree below init starts at 500
        parents[7_000_001] = 7_000_002; parents[7_000_002] = 7_000_001
        let roots = ProcessForest.roots(parents: parents)
        #expect(roots[100_000] == 500 && roots[501] == 500 && roots[499] == 2 && roots[2] == 2)
        #expect(roots[7_000_001] != nil && roots[7_000_001] == roots[7_000_002])
    }
}
