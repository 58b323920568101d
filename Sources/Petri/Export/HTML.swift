import Crypto
import Foundation
import PetriModel

/// `petri report html`: one self-contained HTML page an analyst opens from disk. No external resource:
/// the page's Content-Security-Policy is `default-src 'none'` plus the hashes of its one style element
/// and its one script, so markup that slipped through could neither run nor fetch anything. Every
/// string from the report goes through `Printable.html` (controls, bidi overrides and line separators
/// made visible, then `& < > " '` as references); only in-page `#` anchors are links. Sections are
/// bounded (`limits`) and say how much they left out. The process tree collapses with `<details>`.
///
/// Everything reads without script. The one script (`script`, allowed by its hash: no `'unsafe-inline'`,
/// no eval, no HTML parsing of data) adds a filter to the timeline: it reads the timeline's rows as JSON
/// from a `<script type="application/json">` data block (`scriptJSON`: `<`, `>`, `&`, U+2028 and U+2029
/// as `\u` escapes, so no string can end the element) and builds its controls with createElement and
/// textContent.
public enum HTMLReport {
    /// Rows per section and characters per field before the page says "… N more".
    public struct Limits: Sendable {
        public var events = 2000
        public var rows = 1000
        public var field = 2000
        public var preview = 8000
        public init() {}
    }

    public static func render(_ r: Report, limits: Limits = Limits()) -> String {
        var p = Page(report: r, limits: limits)
        p.build()
        let css = Self.style
        let csp = "default-src 'none'; style-src 'sha256-\(Self.sha256(css))'; script-src 'sha256-\(Self.sha256(Self.script))'; img-src 'none'; base-uri 'none'; form-action 'none'"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(csp)">
        <meta name="referrer" content="no-referrer">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>petri: \(Printable.html(r.sample.fileName, limit: 120)) \(Printable.html(r.verdict?.rawValue ?? "unscored"))</title>
        <style>\(css)</style>
        </head>
        <body>
        \(p.out)
        <script type="application/json" id="petri-data">\(Self.scriptJSON(p.filterData()))</script>
        <script>\(Self.script)</script>
        </body>
        </html>

        """
    }

    /// Base64 SHA-256, as a CSP source's hash.
    static func sha256(_ s: String) -> String { Data(SHA256.hash(data: Data(s.utf8))).base64EncodedString() }

    /// JSON that can sit inside a `<script type="application/json">` element: `<`, `>` and `&` (so no
    /// `</script>` or `<!--` ends or changes the element) and U+2028/U+2029 written as `\u` escapes. These
    /// characters only occur inside JSON strings, where the escape means the same character.
    public static func scriptJSON<T: Encodable>(_ value: T) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        var out = ""
        for u in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch u {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// What the timeline filter reads: the rows shown, each with its pid, call, category and the row's
    /// text (lower-cased, as the page shows it: controls and bidi made visible), and the processes.
    struct FilterData: Encodable {
        struct Row: Encodable { var seq: UInt64; var pid: Int32; var name: String; var kind: String; var text: String }
        struct Proc: Encodable { var pid: Int32; var image: String }
        var events: [Row]
        var processes: [Proc]
    }

    /// The timeline filter: a process, an event kind (category or call) and free text narrow the rows;
    /// it says how many it shows of how many. DOM built with createElement/textContent only.
    static let script = """
    (function () {
      var d = document, table = d.getElementById('timeline-table'), data;
      try { data = JSON.parse(d.getElementById('petri-data').textContent); } catch (e) { return; }
      if (!table || !data.events.length) return;
      function el(tag, text, cls) { var e = d.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
      function option(parent, value, label) { var o = el('option', label); o.value = value; parent.appendChild(o); }
      function group(parent, label, values, prefix) {
        if (!values.length) return;
        var g = el('optgroup'); g.label = label; parent.appendChild(g);
        values.forEach(function (v) { option(g, prefix + v, v); });
      }
      var rows = data.events.map(function (e) { return d.getElementById('ev-' + e.seq); });
      var bar = el('p', undefined, 'filter'); bar.id = 'timeline-filter';
      var pid = el('select'); pid.id = 'filter-pid'; pid.title = 'process';
      option(pid, '', 'every process');
      data.processes.forEach(function (p) { option(pid, String(p.pid), p.pid + ' ' + p.image); });
      var kind = el('select'); kind.id = 'filter-kind'; kind.title = 'event kind';
      option(kind, '', 'every kind');
      var kinds = {}, names = {};
      data.events.forEach(function (e) { kinds[e.kind] = 1; names[e.name] = 1; });
      group(kind, 'category', Object.keys(kinds).sort(), 'k:');
      group(kind, 'call', Object.keys(names).sort(), 'n:');
      var text = el('input'); text.type = 'search'; text.id = 'filter-text'; text.placeholder = 'text in the row'; text.title = 'text';
      var count = el('span', '', 'muted'); count.id = 'filter-count';
      [el('b', 'Filter: '), pid, kind, text, count].forEach(function (x) { bar.appendChild(x); bar.appendChild(d.createTextNode(' ')); });
      function apply() {
        var p = pid.value, k = kind.value, t = text.value.toLowerCase(), n = 0;
        data.events.forEach(function (e, i) {
          var ok = (p === '' || String(e.pid) === p) && (k === '' || k === 'k:' + e.kind || k === 'n:' + e.name) && (t === '' || e.text.indexOf(t) >= 0);
          if (rows[i]) rows[i].hidden = !ok;
          if (ok) n++;
        });
        count.textContent = n + ' of ' + data.events.length + ' rows shown' + (n < data.events.length ? ' (' + (data.events.length - n) + ' hidden by the filter)' : '');
      }
      pid.addEventListener('change', apply);
      kind.addEventListener('change', apply);
      text.addEventListener('input', apply);
      table.parentNode.insertBefore(bar, table);
      apply();
    })();
    """

    static let style = """
    body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#1b1b1b;background:#fff}
    h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:2px solid #ddd;margin-top:1.6em}h3{font-size:1em}
    table{border-collapse:collapse;width:100%;margin:.4em 0;table-layout:fixed}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
    th{background:#f3f3f3}td,pre,code,.w{overflow-wrap:anywhere;word-break:break-word}
    pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap;max-height:30em;overflow:auto}code{font-size:.95em}
    .v{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:bold;text-transform:uppercase}
    .malicious{background:#b00020}.suspicious{background:#c77700}.benign{background:#2e7d32}.inconclusive,.unknown,.unscored{background:#616161}
    .warn{background:#fff4e5;border-left:4px solid #c77700;padding:.4em .8em;margin:.4em 0}.muted{color:#666}
    .sev{font-weight:bold}.sim{color:#6a1b9a;font-size:.85em}dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dl.kv dt{font-weight:bold}dl.kv dd{margin:0;overflow-wrap:anywhere}
    .c4{width:4em}.c6{width:6em}.c7{width:7em}.c8{width:8em}.c9{width:9em}.c10{width:10em}
    details.p{margin-left:calc(var(--d,0)*1.2em)}details.p>summary{cursor:pointer}nav a{margin-right:.8em}
    .filter select,.filter input{margin-right:.4em;font:inherit}.filter input{width:18em}
    table.mx td{width:auto}.mx td{vertical-align:top}.mx th{font-size:.85em}.mt{margin:0 0 .5em}.mt a.b{display:block;font-size:.85em;margin-left:.6em}
    .d0{--d:0}.d1{--d:1}.d2{--d:2}.d3{--d:3}.d4{--d:4}.d5{--d:5}.d6{--d:6}.d7{--d:7}.d8{--d:8}.d9{--d:9}.d10{--d:10}.d11{--d:11}.d12{--d:12}.d13{--d:13}.d14{--d:14}.d15{--d:15}.d16{--d:16}
    """

    struct Page {
        let report: Report
        let limits: Limits
        let marks: SinkholeMarks
        var out = ""
        /// Event seqs shown in the timeline (evidence links only to rows that exist).
        var shownEvents: Set<UInt64> = []
        /// Pids the process tree shows.
        var shownPids: Set<Int32> = []
        let origin: UInt64

        init(report: Report, limits: Limits) {
            self.report = report; self.limits = limits; marks = SinkholeMarks(report)
            origin = report.events.map(\.timeNs).min() ?? 0
            shownEvents = Set(report.events.prefix(limits.events).map(\.seq))
            shownPids = Set(ProcessForest.preorder(report.processes).prefix(limits.rows).map { $0.node.pid })
        }

        func h(_ s: String) -> String { Printable.html(s, limit: limits.field) }
        func h(_ s: String?) -> String { s.map { h($0) } ?? "–" }
        mutating func add(_ s: String) { out += s; out += "\n" }

        /// A table of rows whose cells are already HTML; at most `limits.rows` rows, the rest counted.
        mutating func table(_ head: [String], _ rows: [[String]], id: ((Int) -> String?)? = nil) {
            add("<table><thead><tr>" + head.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>")
            for (i, row) in rows.prefix(limits.rows).enumerated() {
                let anchor = id?(i).map { " id=\"\($0)\"" } ?? ""
                add("<tr\(anchor)>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>")
            }
            add("</tbody></table>")
            if rows.count > limits.rows { add("<p class=\"muted\">… \(rows.count - limits.rows) more rows not shown (see the JSON report).</p>") }
        }

        mutating func none(_ what: String) { add("<p class=\"muted\">\(what)</p>") }

        func ms(_ ns: UInt64) -> String { String(format: "+%.1f ms", Double(ns &- min(ns, origin)) / 1e6) }

        mutating func build() {
            let r = report
            let verdict = r.verdict?.rawValue ?? "unscored"
            add("<header><h1 class=\"w\">\(h(r.sample.fileName))</h1>")
            add("<p><span class=\"v \(verdict)\">\(h(verdict))</span> score <b>\(r.score.map { String(format: "%.1f", $0.value) } ?? "–")</b>/10"
                + (r.score.map { s in " <span class=\"muted\">(" + s.thresholds.sorted { $0.value < $1.value }.map { "\(h($0.key)) from \(MISPExport.Builder.number($0.value))" }.joined(separator: ", ") + ")</span>" } ?? "") + "</p>")
            if let why = r.verdictReason { add("<p class=\"warn\">Inconclusive: <b>\(h(why.code.rawValue))</b>: \(h(why.message))</p>") }
            add("<nav>" + ["score", "behaviours", "techniques", "processes", "timeline", "network", "files", "registry", "payloads", "static", "canaries", "artifacts"]
                .map { "<a href=\"#\($0)\">\($0)</a>" }.joined() + "</nav></header>")
            sample(); environment(); warnings(); score(); behaviours(); techniques(); processes(); timeline(); network(); files(); registry(); payloads(); staticTriage(); canaries(); artifacts()
            add("<footer><p class=\"muted\">petri \(h(r.tool.version)), report schema \(h(r.schemaVersion)). Everything shown is escaped text from the report; the page loads nothing, and its one script only adds the timeline filter.</p></footer>")
        }

        mutating func sample() {
            let s = report.sample
            add("<section id=\"sample\"><h2>Sample</h2><dl class=\"kv\">")
            add("<dt>type</dt><dd>\(h(s.typeDetail ?? s.type.rawValue))</dd><dt>size</dt><dd>\(s.size) bytes</dd>")
            add("<dt>MD5</dt><dd><code>\(h(s.md5))</code></dd><dt>SHA-1</dt><dd><code>\(h(s.sha1))</code></dd><dt>SHA-256</dt><dd><code>\(h(s.sha256))</code></dd>")
            if let ss = s.staticInfo?.hashes?.ssdeep { add("<dt>ssdeep</dt><dd><code>\(h(ss))</code></dd>") }
            add("<dt>path</dt><dd>\(h(s.path))</dd></dl></section>")
        }

        mutating func environment() {
            let run = report.run
            add("<section id=\"environment\"><h2>Run</h2><dl class=\"kv\">")
            add("<dt>outcome</dt><dd>\(h(run.outcome.summary))\(run.timeoutHit ? " (timeout)" : "")</dd>")
            add("<dt>started</dt><dd>\(h(run.startedAt))</dd><dt>duration</dt><dd>\(String(format: "%.0f", run.durationMs)) ms</dd>")
            add("<dt>timeout</dt><dd>\(MISPExport.Builder.number(run.timeoutSeconds)) s</dd><dt>profile</dt><dd>\(h(run.profile))</dd><dt>runner</dt><dd>\(h(run.runner))</dd>")
            add("<dt>network</dt><dd>\(h(run.networkMode))</dd>")
            add("<dt>guest</dt><dd>\(run.guest.map { "\(h($0.suite)) \(h($0.architecture)), id <code>\(h($0.id))</code>" } ?? "host /usr")</dd>")
            add("<dt>sample path</dt><dd>\(h(run.samplePath))</dd><dt>arguments</dt><dd>\(run.arguments.isEmpty ? "–" : run.arguments.map { "<code>\(h($0))</code>" }.joined(separator: " "))</dd>")
            add("<dt>user</dt><dd>\(h(run.user))@\(h(run.hostname)), in \(h(run.workingDirectory))</dd></dl></section>")
        }

        /// Everything that says the capture is not the whole picture.
        mutating func warnings() {
            let r = report
            var w: [String] = []
            for l in r.run.limitsHit { w.append("limit hit: <b>\(h(l.limit))</b>: \(h(l.detail))") }
            for e in r.run.errors { w.append("error: \(h(e))") }
            if r.eventStats.elided > 0 { w.append("\(r.eventStats.elided) of \(r.eventStats.notified) events were counted but not kept (bounded event store)") }
            if r.eventStats.vanished > 0 { w.append("\(r.eventStats.vanished) notifications vanished before they could be read") }
            for t in r.network.truncations { w.append("network: \(h(t))") }
            if r.output.stdoutTruncated || r.output.stderrTruncated { w.append("sample output truncated in the report") }
            guard !w.isEmpty else { return }
            add("<section id=\"warnings\"><h2>Capture warnings</h2>")
            for x in w.prefix(limits.rows) { add("<p class=\"warn\">\(x)</p>") }
            add("</section>")
        }

        var sortedBehaviours: [BehaviourMatch] {
            report.behaviours.sorted { ($0.severity, $0.contribution, $1.id) > ($1.severity, $1.contribution, $0.id) }
        }

        mutating func score() {
            add("<section id=\"score\"><h2>Score and why</h2>")
            guard let s = report.score else { none("Not scored."); add("</section>"); return }
            add("<p>\(String(format: "%.1f", s.value))/10, formula \(h(s.formulaVersion)): <code>\(h(s.formula))</code></p>")
            let rows = sortedBehaviours.filter { $0.contribution != 0 }.map { b in
                ["<a href=\"#b-\(anchor(b.id))\">\(h(b.title))</a>", "\(b.severity)", MISPExport.Builder.number(b.contribution)]
            }
            if rows.isEmpty { none("No rule added to the score.") } else { table(["rule", "severity", "share of the score"], rows) }
            add("</section>")
        }

        /// A pid, linked to its process in the tree when the tree shows it (the sandbox's init, pid 1,
        /// has no record).
        func pidLink(_ pid: Int32) -> String { shownPids.contains(pid) ? "<a href=\"#proc-\(pid)\">\(pid)</a>" : "\(pid)" }

        func link(_ target: String?, _ html: String) -> String { target.map { "<a href=\"#\($0)\">\(html)</a>" } ?? html }

        /// Where a behaviour's file evidence came from: the file's row when the run changed it, else the
        /// first timeline row whose arguments name it; nil when neither is on the page.
        func evidenceFile(_ path: String) -> String? {
            if let f = report.files.filter({ $0.type != .directory }).prefix(limits.rows).first(where: { $0.path == path || $0.windowsPath == path }) { return "file-" + anchor(f.path) }
            for e in report.events.prefix(limits.events) where e.args.values.contains(where: { if case .string(let v) = $0 { return v == path } else { return false } }) {
                return "ev-\(e.seq)"
            }
            return nil
        }

        /// Where a behaviour's network evidence came from: the HTTP request whose URL it names, else the
        /// DNS query of the name it starts with ("name (address:port)", "name:port"); else the section.
        func evidenceNetwork(_ text: String) -> String {
            let http = report.network.http.prefix(limits.rows)
            if let i = http.indices.first(where: { text == http[$0].url || text.hasSuffix(" " + http[$0].url) }) { return "http-\(i)" }
            let name = String(text.prefix { $0 != " " && $0 != ":" }).lowercased()
            let dns = report.network.dns.prefix(limits.rows)
            if let i = dns.indices.first(where: { dns[$0].name.lowercased() == name }) { return "dns-\(i)" }
            return "network"
        }

        /// An id for an anchor: the rule id's letters and digits only (the id itself is shown escaped).
        func anchor(_ id: String) -> String {
            let kept = id.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
            // Two ids that differ only in other characters still get two anchors.
            let djb2 = id.utf8.reduce(UInt32(5381)) { ($0 &* 33) &+ UInt32($1) }
            return String(String.UnicodeScalarView(kept.prefix(64))) + "-" + String(djb2, radix: 16)
        }

        mutating func behaviours() {
            add("<section id=\"behaviours\"><h2>Behaviours</h2>")
            if report.behaviours.isEmpty { none("No behaviour rule matched.") }
            let eventsBySeq = Dictionary(report.events.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
            for b in sortedBehaviours.prefix(limits.rows) {
                let attack = b.attack.map { "<code>\(h($0))</code>\(AttackNames.table[$0].map { " " + h($0) } ?? "")" }.joined(separator: ", ")
                add("<article id=\"b-\(anchor(b.id))\"><h3><span class=\"sev\">[\(b.severity)]</span> \(h(b.title)) <span class=\"muted\">\(h(b.id))</span></h3>")
                add("<p>\(h(b.description))</p>")
                if !attack.isEmpty { add("<p>ATT&amp;CK: \(attack)</p>") }
                if !b.mbc.isEmpty { add("<p>MBC: \(b.mbc.map { "<code>\(h($0))</code>" }.joined(separator: ", "))</p>") }
                var ev: [String] = []
                let failed = Set(b.evidence.failedEvents ?? [])
                for seq in b.evidence.events.prefix(50) {
                    let label = eventsBySeq[seq].map { "\(h($0.name)) pid \($0.pid)" } ?? "event"
                    let f = failed.contains(seq) ? " (failed)" : ""
                    ev.append(shownEvents.contains(seq) ? "<a href=\"#ev-\(seq)\">#\(seq) \(label)</a>\(f)" : "#\(seq) \(label)\(f)")
                }
                if b.evidence.events.count > 50 { ev.append("… \(b.evidence.events.count - 50) more events") }
                var items: [String] = []
                if !ev.isEmpty { items.append("events: " + ev.joined(separator: ", ")) }
                for f in b.evidence.files.prefix(20) { items.append("file: " + link(evidenceFile(f), h(f))) }
                for n in b.evidence.network.prefix(20) { items.append("network: " + link(evidenceNetwork(n), h(n))) }
                for (k, v) in (b.evidence.fields ?? [:]).sorted(by: { $0.key < $1.key }) { items.append("\(h(k)): \(h(v))") }
                for n in b.evidence.notes.prefix(20) { items.append(h(n)) }
                if !items.isEmpty { add("<ul>" + items.map { "<li class=\"w\">\($0)</li>" }.joined() + "</ul>") }
                add("</article>")
            }
            if report.behaviours.count > limits.rows { none("… \(report.behaviours.count - limits.rows) more behaviours.") }
            add("</section>")
        }

        /// A technique's tactics (current release; a revoked id by the id that replaced it); empty when
        /// petri has no tactic data for it.
        static func tactics(_ id: String) -> [String] { AttackTechniques.table[AttackIDs.replacedBy[id] ?? id]?.tactics ?? [] }

        /// The ATT&CK matrix of the techniques seen (a column per tactic that has one, in the Enterprise
        /// matrix's order; a technique under each of its tactics, linked to its row and its behaviours),
        /// then the techniques with their behaviours.
        mutating func techniques() {
            add("<section id=\"techniques\"><h2>ATT&amp;CK techniques seen</h2>")
            let ids = AttackNames.ids(report.behaviours).sorted()
            if ids.isEmpty { none("None."); add("</section>"); return }
            let byTechnique = Dictionary(grouping: sortedBehaviours.flatMap { b in Set(b.attack).map { ($0, b) } }, by: \.0).mapValues { $0.map(\.1) }
            var columns: [(id: String, name: String, techniques: [String])] = AttackTechniques.tactics.map { t in
                (t.id, t.name, ids.filter { Self.tactics($0).contains(t.id) })
            }.filter { !$0.techniques.isEmpty }
            let unknown = ids.filter { Self.tactics($0).isEmpty }
            if !unknown.isEmpty { columns.append(("other", "no tactic data", unknown)) }
            add("<table class=\"mx\" id=\"attack-matrix\"><thead><tr>" + columns.map { "<th>\(h($0.name))</th>" }.joined() + "</tr></thead><tbody><tr>")
            for c in columns {
                let cells = c.techniques.prefix(limits.rows).map { t -> String in
                    let bs = byTechnique[t] ?? []
                    let links = bs.prefix(5).map { "<a class=\"b\" href=\"#b-\(anchor($0.id))\">[\($0.severity)] \(h($0.title))</a>" }.joined()
                    let more = bs.count > 5 ? "<span class=\"muted\">… \(bs.count - 5) more</span>" : ""
                    return "<p class=\"mt\"><a href=\"#t-\(anchor(t))\"><code>\(h(t))</code> \(h(AttackNames.table[t] ?? ""))</a>\(links)\(more)</p>"
                }
                add("<td id=\"mx-\(c.id)\">" + cells.joined() + "</td>")
            }
            add("</tr></tbody></table>")
            let empty = AttackTechniques.tactics.filter { t in !columns.contains { $0.id == t.id } }.map(\.name)
            if !empty.isEmpty { none("No technique seen for " + empty.map { h($0) }.joined(separator: ", ") + ".") }
            let anchors = ids.map { "t-" + anchor($0) }
            table(["technique", "name", "tactics", "behaviours"], ids.map { t in
                ["<code>\(h(t))</code>", h(AttackNames.table[t] ?? "–"),
                 h(Self.tactics(t).compactMap { id in AttackTechniques.tactics.first { $0.id == id }?.name }.joined(separator: ", ")),
                 (byTechnique[t] ?? []).map { "<a href=\"#b-\(anchor($0.id))\">\(h($0.title))</a>" }.joined(separator: "; ")]
            }, id: { anchors[$0] })
            add("</section>")
        }

        mutating func processes() {
            add("<section id=\"processes\"><h2>Process tree</h2>")
            let order = ProcessForest.preorder(report.processes)
            if order.isEmpty { none("No process recorded.") }
            for (p, depth) in order.prefix(limits.rows) {
                let exit: String
                if let e = p.exit {
                    if let c = e.code { exit = "exit \(c)" } else if let s = e.signal { exit = "signal \(s)\(e.cause.map { " (\(h($0)))" } ?? "")" } else { exit = "ended" }
                } else { exit = "running at the end" }
                let d = min(depth, 16)
                let deeper = depth > 16 ? "[depth \(depth)] " : ""
                add("<details class=\"p d\(d)\" id=\"proc-\(p.pid)\"><summary class=\"w\">\(deeper)<b>\(p.pid)</b> \(h(p.windowsImage ?? p.image)) <span class=\"muted\">[\(exit)]\(p.runner == true ? " (runner)" : "")</span></summary>")
                var kv = "<dl class=\"kv\"><dt>parent</dt><dd>\(p.ppid.map(pidLink) ?? "–")</dd><dt>path</dt><dd>\(h(p.path))</dd>"
                if let cl = p.commandLine { kv += "<dt>command line</dt><dd><code>\(h(cl))</code></dd>" }
                kv += "<dt>argv</dt><dd>" + (p.argv.isEmpty ? "–" : "<ol start=\"0\">" + p.argv.prefix(64).map { "<li><code>\(h($0))</code></li>" }.joined() + "</ol>")
                if p.argv.count > 64 { kv += "… \(p.argv.count - 64) more arguments" }
                kv += "</dd>"
                if p.execs.count > 1 { kv += "<dt>exec'd</dt><dd>" + p.execs.prefix(32).map { "<code>\(h($0))</code>" }.joined(separator: " → ") + "</dd>" }
                kv += "<dt>lifetime</dt><dd>\(ms(p.startNs))\(p.endNs.map { " to \(ms($0))" } ?? "")</dd></dl>"
                add(kv + "</details>")
            }
            if order.count > limits.rows { none("… \(order.count - limits.rows) more processes.") }
            add("</section>")
        }

        mutating func timeline() {
            let events = report.events
            add("<section id=\"timeline\"><h2>Timeline</h2>")
            add("<p class=\"muted\">\(report.eventStats.notified) events notified, \(report.eventStats.recorded) kept in the report, \(min(events.count, limits.events)) shown; times from the first event.</p>")
            add("<table id=\"timeline-table\"><thead><tr><th class=\"c6\">seq</th><th class=\"c7\">time</th><th class=\"c4\">pid</th><th class=\"c10\">image</th><th class=\"c9\">call</th><th>arguments</th><th class=\"c8\">result</th></tr></thead><tbody>")
            for e in events.prefix(limits.events) {
                let args = e.args.sorted { $0.key < $1.key }.map { "\(h($0.key))=<code>\(h($0.value.description))</code>" }.joined(separator: " ")
                let result = Self.result(e, h)
                add("<tr id=\"ev-\(e.seq)\"><td>\(e.seq)</td><td>\(ms(e.timeNs))</td><td>\(pidLink(e.pid))</td><td class=\"w\">\(h(e.image))</td><td>\(h(e.name)) <span class=\"muted\">\(h(e.category.rawValue))</span></td><td class=\"w\">\(args)</td><td>\(result)</td></tr>")
            }
            add("</tbody></table>")
            if events.count > limits.events { none("… \(events.count - limits.events) more events in the report not shown here.") }
            add("</section>")
        }

        static func result(_ e: Event, _ f: (String) -> String) -> String {
            e.action == .allowed ? f(e.error ?? "ok") : f(e.action.rawValue) + (e.error.map { " " + f($0) } ?? "")
        }

        /// The timeline's rows for the filter script, their text as the row shows it (unescaped: the script
        /// only compares it and sets it as textContent), and the processes that have rows.
        func filterData() -> FilterData {
            let t = { (s: String) in Printable.line(String(s.prefix(limits.field))) }
            let shown = Array(report.events.prefix(limits.events))
            let rows = shown.map { e in
                let args = e.args.sorted { $0.key < $1.key }.map { "\(t($0.key))=\(t($0.value.description))" }.joined(separator: " ")
                let text = [e.image.map(t) ?? "–", t(e.name), t(e.category.rawValue), args, Self.result(e, t)].joined(separator: " ")
                return FilterData.Row(seq: e.seq, pid: e.pid, name: t(e.name), kind: t(e.category.rawValue), text: text.lowercased())
            }
            let pids = Set(shown.map(\.pid))
            var procs = ProcessForest.preorder(report.processes).map { $0.node }.filter { pids.contains($0.pid) }
                .map { FilterData.Proc(pid: $0.pid, image: Printable.line(String(($0.windowsImage ?? $0.image).prefix(80)))) }
            // Pids with rows but no process record (a thread seen before its process) still get an entry.
            for p in pids.subtracting(procs.map(\.pid)).sorted() { procs.append(FilterData.Proc(pid: p, image: "?")) }
            return FilterData(events: rows, processes: Array(procs.prefix(limits.rows)))
        }

        /// An address the simulated internet gave out, marked as such.
        func addr(_ a: String) -> String { marks.isOwnAddress(a) ? "\(h(a)) <span class=\"sim\">simulated</span>" : h(a) }

        mutating func network() {
            let n = report.network
            add("<section id=\"network\"><h2>Network</h2><p>mode <b>\(h(n.mode))</b>\(n.pcap.map { ", capture <code>\(h($0))</code>" } ?? "")</p>")
            for note in n.notes.prefix(20) { add("<p class=\"muted\">\(h(note))</p>") }
            add("<h3>DNS</h3>")
            if n.dns.isEmpty { none("No DNS query.") } else {
                table(["time", "pid", "name", "type", "answers", "rcode"], n.dns.map { d in
                    [ms(d.timeNs), d.pid.map(String.init) ?? "–", "<span class=\"w\">\(h(d.name))</span>", h(d.type), d.answers.map(addr).joined(separator: "<br>"), h(d.rcode)]
                }, id: { "dns-\($0)" })
            }
            add("<h3>HTTP</h3>")
            if n.http.isEmpty { none("No HTTP request.") } else {
                for (i, x) in n.http.prefix(limits.rows).enumerated() {
                    add("<details id=\"http-\(i)\"><summary class=\"w\">\(h(x.method)) <code>\(h(x.url))</code> → \(x.responseStatus) \(h(x.response))\(x.complete == false ? " (incomplete)" : "")</summary>")
                    let headers = x.headers.sorted { $0.key < $1.key }.map { "<tr><td>\(h($0.key))</td><td class=\"w\">\(h($0.value))</td></tr>" }.joined()
                    add("<p>pid \(x.pid.map(String.init) ?? "–"), \(ms(x.timeNs)), body \(x.bodySize) bytes\(x.bodySha256.map { ", sha256 <code>\(h($0))</code>" } ?? "")</p>")
                    if !headers.isEmpty { add("<table><tbody>\(headers)</tbody></table>") }
                    if !x.bodyPreview.isEmpty { add("<pre>\(Printable.htmlLines(String(x.bodyPreview.prefix(limits.preview))))</pre>") }
                    add("</details>")
                }
                if n.http.count > limits.rows { none("… \(n.http.count - limits.rows) more requests.") }
            }
            add("<h3>TLS</h3>")
            if n.tls.isEmpty { none("No TLS ClientHello.") } else {
                table(["time", "pid", "SNI", "ALPN", "version", "JA3"], n.tls.map { t in
                    [ms(t.timeNs), t.pid.map(String.init) ?? "–", h(t.sni), h(t.alpn.joined(separator: ", ")), h(t.version), t.error.map { "error: " + h($0) } ?? "<code>\(h(t.ja3Hash))</code>"]
                })
            }
            add("<h3>Connections</h3>")
            if n.connections.isEmpty { none("No connection reached the simulated internet.") } else {
                table(["time", "pid", "peer", "service", "bytes sent / received", "first bytes"], n.connections.map { k in
                    [ms(k.timeNs), k.pid.map(String.init) ?? "–", "\(h(k.proto)) \(addr(k.ip)):\(k.port)\(k.domain.map { " (" + h($0) + ")" } ?? "")", h(k.service), "\(k.bytesIn) / \(k.bytesOut)", "<code>\(h(String(k.preview.prefix(200))))</code>"]
                })
            }
            for s in n.other.prefix(limits.rows) {
                add("<details><summary>\(h(s.service)) on \(h(s.connection)), \(s.bytes) bytes\(s.truncated ? " (truncated)" : "")</summary><pre>\(Printable.htmlLines(s.lines.prefix(200).joined(separator: "\n")))</pre></details>")
            }
            add("<h3>Attempts (syscalls)</h3>")
            if n.attempts.isEmpty { none("No network syscall.") } else {
                table(["seq", "pid", "call", "family / protocol", "destination"], n.attempts.map { a in
                    [shownEvents.contains(a.seq) ? "<a href=\"#ev-\(a.seq)\">\(a.seq)</a>" : "\(a.seq)", "\(a.pid)", h(a.syscall), "\(h(a.family)) \(h(a.proto))", (a.ip.map(addr) ?? h(a.address)) + (a.port.map { ":\($0)" } ?? "") + (a.domain.map { " (" + h($0) + ")" } ?? "")]
                })
            }
            add("</section>")
        }

        mutating func files() {
            add("<section id=\"files\"><h2>Files</h2>")
            let changes = report.files.filter { $0.type != .directory }
            // One anchor per path, on its first row.
            var seen = Set<String>()
            let ids = changes.prefix(limits.rows).map { seen.insert($0.path).inserted ? "file-" + anchor($0.path) : nil }
            if changes.isEmpty { none("No file created, changed or deleted.") } else {
                table(["change", "path", "type", "size", "SHA-256", "kept as"], changes.map { f in
                    [h(f.change.rawValue), "<span class=\"w\">\(h(f.windowsPath ?? f.path))</span>\(f.symlinkTarget.map { " → " + h($0) } ?? "")", h(f.type.rawValue), f.size.map(String.init) ?? "–", "<code>\(h(f.sha256))</code>", h(f.artifact)]
                }, id: { ids[$0] })
            }
            add("</section>")
        }

        mutating func registry() {
            add("<section id=\"registry\"><h2>Registry</h2>")
            if report.registry.isEmpty { none("No registry change.") } else {
                table(["change", "key", "value", "data", "type"], report.registry.map { g in
                    [h(g.kind.rawValue), "<span class=\"w\">\(h(g.key))</span>", h(g.value), "<code>\(h(g.data))</code>", h(g.type)]
                })
            }
            add("</section>")
        }

        func yara(_ m: [YaraMatch]) -> String {
            m.map { y in "<code>\(h(y.rule))</code>" + (y.strings.isEmpty ? "" : " <span class=\"muted\">" + y.strings.prefix(5).map { "\(h($0.identifier))@\($0.offset)" }.joined(separator: " ") + "</span>") }.joined(separator: "<br>")
        }

        mutating func payloads() {
            add("<section id=\"payloads\"><h2>Payloads and executable memory</h2>")
            if report.payloads.isEmpty { none("No payload kept.") } else {
                table(["kind", "object", "size", "SHA-256", "how", "YARA"], report.payloads.map { p in
                    let how = [p.prot, p.trigger, p.pid.map { "pid \($0)" }, p.truncated ? "truncated" : nil, p.error].compactMap { $0 }.joined(separator: ", ")
                    return [h(p.kind.rawValue), "<span class=\"w\">\(h(p.object))</span>", "\(p.size)", "<code>\(h(p.sha256))</code>", h(how.isEmpty ? "–" : how), yara(p.yara)]
                })
            }
            add("</section>")
        }

        mutating func staticTriage() {
            add("<section id=\"static\"><h2>Static triage</h2>")
            guard let s = report.sample.staticInfo else { none("Not run."); add("</section>"); return }
            if !s.facts.isEmpty { add("<ul>" + s.facts.prefix(limits.rows).map { "<li class=\"w\">\(h($0))</li>" }.joined() + "</ul>") }
            for w in s.warnings.prefix(50) { add("<p class=\"warn\">\(h(w))</p>") }
            if !s.packerIndicators.isEmpty { table(["packer indicator", "detail"], s.packerIndicators.map { [h($0.fact), h($0.detail)] }) }
            if !s.yara.isEmpty { add("<p>YARA on the sample: \(yara(s.yara))</p>") }
            add("</section>")
        }

        mutating func canaries() {
            add("<section id=\"canaries\"><h2>Canaries</h2>")
            if report.canaries.isEmpty { none("No decoy planted.") } else {
                let cited = Set(report.behaviours.flatMap(\.evidence.files))
                table(["kind", "decoy file", "token", "read or sent (cited by a behaviour)"], report.canaries.map { c in
                    [h(c.kind), "<span class=\"w\">\(h(c.file))</span>", "<code>\(h(c.token))</code>", cited.contains(c.file) ? "<b>yes</b>" : "–"]
                })
            }
            add("</section>")
        }

        mutating func artifacts() {
            let o = report.output
            add("<section id=\"artifacts\"><h2>Artifacts and output</h2><dl class=\"kv\">")
            add("<dt>artifacts folder</dt><dd>\(h(report.run.artifactsDirectory))</dd><dt>stdout</dt><dd>\(o.stdoutBytes) bytes\(o.stdoutFile.map { ", <code>\(h($0))</code>" } ?? "")</dd><dt>stderr</dt><dd>\(o.stderrBytes) bytes\(o.stderrFile.map { ", <code>\(h($0))</code>" } ?? "")</dd>")
            let kept = report.files.compactMap(\.artifact)
            if !kept.isEmpty { add("<dt>dropped files kept</dt><dd>\(kept.prefix(50).map { "<code>\(h($0))</code>" }.joined(separator: " "))</dd>") }
            add("</dl>")
            if !o.stdoutPreview.isEmpty { add("<h3>stdout\(o.stdoutTruncated ? " (truncated)" : "")</h3><pre>\(Printable.htmlLines(String(o.stdoutPreview.prefix(limits.preview))))</pre>") }
            if !o.stderrPreview.isEmpty { add("<h3>stderr\(o.stderrTruncated ? " (truncated)" : "")</h3><pre>\(Printable.htmlLines(String(o.stderrPreview.prefix(limits.preview))))</pre>") }
            if !report.denied.isEmpty {
                add("<h3>Denied syscalls</h3>")
                table(["seq", "pid", "call", "error", "detail"], report.denied.map { d in ["\(d.seq)", "\(d.pid)", h(d.name), h(d.error), h(d.detail)] })
            }
            add("</section>")
        }
    }
}
