/// Walks over a report's processes by ancestry, iteratively: a sample that forks a chain of ten
/// thousand generations (or a stored report that claims one, or parent links that form a cycle)
/// must not overflow petri's stack when the tree is printed, rescored or exported.
public enum ProcessForest {
    /// Every process once, parents before their children (children by pid), with its depth below
    /// its root. Roots are processes whose parent is not in the list; a cycle of parent links with
    /// no root outside it is entered at its lowest pid, so no process is left out.
    public static func preorder(_ processes: [ProcessNode]) -> [(node: ProcessNode, depth: Int)] {
        var indexByPid: [Int32: Int] = [:]
        for (i, p) in processes.enumerated() where indexByPid[p.pid] == nil { indexByPid[p.pid] = i }
        var children: [Int32: [Int]] = [:]
        var roots: [Int] = []
        for (i, p) in processes.enumerated() where indexByPid[p.pid] == i {
            if let pp = p.ppid, pp != p.pid, indexByPid[pp] != nil { children[pp, default: []].append(i) } else { roots.append(i) }
        }
        var out: [(node: ProcessNode, depth: Int)] = []
        out.reserveCapacity(indexByPid.count)
        var seen = Set<Int32>()
        func visit(from root: Int) {
            var stack: [(Int, Int)] = [(root, 0)]
            while let (i, depth) = stack.popLast() {
                let p = processes[i]
                guard seen.insert(p.pid).inserted else { continue }
                out.append((p, depth))
                let kids = (children[p.pid] ?? []).sorted { processes[$0].pid > processes[$1].pid }
                for k in kids { stack.append((k, depth + 1)) }
            }
        }
        for r in roots.sorted(by: { processes[$0].pid < processes[$1].pid }) { visit(from: r) }
        if seen.count < indexByPid.count {
            for i in indexByPid.values.sorted(by: { processes[$0].pid < processes[$1].pid }) where !seen.contains(processes[i].pid) { visit(from: i) }
        }
        return out
    }

    /// pid → its top-most ancestor above `floor` (the sandbox's init is pid 1), for every pid in
    /// `parents` (pid → ppid). Each chain is walked once (memoized), so a deep chain costs linear
    /// time in total; a cycle ends at the first pid seen twice.
    public static func roots(parents: [Int32: Int32], floor: Int32 = 1) -> [Int32: Int32] {
        var root: [Int32: Int32] = [:]
        root.reserveCapacity(parents.count)
        for start in parents.keys where root[start] == nil {
            var path: [Int32] = []
            var onPath = Set<Int32>()
            var cur = start
            var top: Int32
            while true {
                if let known = root[cur] { top = known; break }
                path.append(cur); onPath.insert(cur)
                guard let p = parents[cur], p > floor, p != cur, !onPath.contains(p) else { top = cur; break }
                cur = p
            }
            for pid in path { root[pid] = top }
        }
        return root
    }
}
