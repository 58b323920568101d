import Foundation
import Crypto
import PetriAnalysis
@testable import Petri
import PetriModel
import PetriTestSupport
import Testing

/// A report whose every string is hostile in more ways than InjectionReport: script-setting payloads
/// (so a script that ran would show in the DOM's title), SVG/iframe/meta/style markup, `javascript:`
/// links, bidi overrides, NUL, and a 100 000-character argument.
enum HostileHTML {
    static let imgTitle = "<img src=x onerror=\"document.title='pwned-img'\">"
    static let svg = "<svg onload=\"document.title='pwned-svg'\"></svg>"
    static let link = "<a href=\"javascript:document.title='pwned-a'\">click</a>"
    static let frame = "<iframe src=\"javascript:parent.document.title='pwned-frame'\"></iframe><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"
    static let style = "<style>body{display:none}</style><!-- ]]>"
    static let bidi = "invoice\u{202e}fdp.exe"
    static let long = String(repeating: "A", count: 100_000) + "<b>end</b>"
    static let all = [InjectionReport.script, InjectionReport.img, imgTitle, svg, link, frame, style]

    static func make() -> Report {
        var r = InjectionReport.make()
        r.sample.fileName = InjectionReport.script + bidi
        r.processes[0].argv += [imgTitle, svg, link, frame, style, bidi, long, "nul\u{0}byte"]
        r.processes[0].commandLine = link + frame
        r.processes.append(ProcessNode(pid: 3, ppid: 2, image: svg, path: "/tmp/\(bidi)", argv: [long], startNs: 1500))
        r.files.append(FileChange(path: "/home/user/\(bidi)\(imgTitle)", change: .created, type: .pe, size: 9))
        r.network.dns.append(DNSRecord(name: "\(link).example", type: "TXT", answers: [frame], rcode: "NOERROR", transport: "udp", timeNs: 3300, pid: 2))
        r.network.http[0].headers["referer"] = link
        r.network.http[0].headers["x-long"] = long
        r.network.http[0].bodyPreview += frame + style
        r.network.tls = [TLSRecord(connection: "c2", timeNs: 4100)]
        r.network.tls[0].sni = svg
        r.behaviours[0].attack.append("T1059\"><script>document.title='pwned-attack'</script>")
        r.behaviours[0].evidence.notes.append(style + bidi)
        r.behaviours[0].evidence.events.append(1)
        r.registry.append(RegistryChange(kind: .valueSet, key: "HKLM\\\(svg)", value: link, data: long, type: "REG_SZ"))
        r.payloads = [PayloadRecord(kind: .memory, object: "pid 2 \(imgTitle)", sha256: "ab", size: 4096)]
        r.canaries = [Canary(token: imgTitle, file: "/home/user/.aws/\(svg)", kind: link)]
        r.run.errors = [frame]
        r.output.stderrPreview = style + "\n" + imgTitle
        return r
    }
}

@Suite("HTML report: one file, escaped, no script, tested in a real browser")
struct HTMLReportTests {
    /// The markup petri itself writes; anything else in a page is markup a sample smuggled in.
    static let ownTags: Set<String> = ["html", "head", "meta", "title", "style", "body", "header", "nav", "section", "article", "footer",
                                       "h1", "h2", "h3", "p", "span", "b", "a", "code", "pre", "dl", "dt", "dd", "ul", "ol", "li",
                                       "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "br",
                                       // petri's two script elements, and the filter controls its script builds
                                       "script", "select", "option", "optgroup", "input"]

    static func tags(_ html: String) -> [String] {
        let re = try! NSRegularExpression(pattern: "<[a-zA-Z][^>]*>")
        let ns = html as NSString
        return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    /// No element, attribute or link that petri does not write itself.
    static func expectOnlyOwnMarkup(_ html: String, csp: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = tags(html)
        #expect(found.count > 50, sourceLocation: sourceLocation)
        for t in found {
            let name = String(t.dropFirst().prefix { $0.isLetter || $0.isNumber }).lowercased()
            #expect(ownTags.contains(name), "foreign element \(t.prefix(200))", sourceLocation: sourceLocation)
            #expect(t.range(of: #"\son[a-z]+\s*="#, options: [.regularExpression, .caseInsensitive]) == nil, "event handler in \(t.prefix(200))", sourceLocation: sourceLocation)
            #expect(!t.lowercased().contains("javascript:"), "\(t.prefix(200))", sourceLocation: sourceLocation)
            if let r = t.range(of: "href=\"") { #expect(t[r.upperBound...].hasPrefix("#"), "link out of the page: \(t.prefix(200))", sourceLocation: sourceLocation) }
            #expect(name != "img" && name != "iframe" && name != "svg", sourceLocation: sourceLocation)
        }
        // Exactly petri's data block and its one script.
        #expect(found.filter { $0.lowercased().hasPrefix("<script") } == ["<script type=\"application/json\" id=\"petri-data\">", "<script>"], sourceLocation: sourceLocation)
        #expect(found.filter { $0.hasPrefix("<style") }.count == 1 && found.filter { $0.hasPrefix("<meta http-equiv") }.count == (csp ? 1 : 0), sourceLocation: sourceLocation)
    }

    static func between(_ s: String, _ a: String, _ b: String) -> String? {
        guard let x = s.range(of: a), let y = s.range(of: b, range: x.upperBound..<s.endIndex) else { return nil }
        return String(s[x.upperBound..<y.lowerBound])
    }

    static func title(_ dom: String) -> String? {
        guard let a = dom.range(of: "<title>"), let b = dom.range(of: "</title>", range: a.upperBound..<dom.endIndex) else { return nil }
        return String(dom[a.upperBound..<b.lowerBound])
    }

    static func write(_ html: String, _ name: String) -> String {
        let p = ExportFixtures.tempDir() + "/" + name
        _ = FileManager.default.createFile(atPath: p, contents: Data(html.utf8))
        return p
    }

    @Test("scriptJSON: no string can end or change the data block; it decodes to the same strings")
    func scriptJSON() throws {
        let hostile = ["</script><script>alert(1)</script>", "<!--<script>", "a&b", "x\u{2028}y\u{2029}z", "]]>", "\"quoted\\"]
        let json = HTMLReport.scriptJSON(["s": hostile])
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        #expect(!json.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 })
        #expect(json.contains("\\u003c") && json.contains("script\\u003e") && json.contains("\\u2028") && json.contains("\\u0026"))
        #expect(try JSONDecoder().decode([String: [String]].self, from: Data(json.utf8)) == ["s": hostile])
    }

    @Test("Printable.html: markup characters as references, controls and bidi visible, long text bounded")
    func escaper() {
        #expect(Printable.html("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
        #expect(Printable.html("a\u{1b}[31m\u{202e}b\u{2028}") == "a\\x1b[31m\\u{202e}b\\u{2028}")
        #expect(Printable.htmlLines("<x>\r\ny\u{7}") == "&lt;x&gt;\ny\\x07")
        #expect(Printable.html(String(repeating: "<", count: 10), limit: 3) == "&lt;&lt;&lt; … (7 more characters)")
        #expect(Printable.html("plain text") == "plain text")
    }

    @Test("the page petri writes for a hostile report holds only petri's own markup, a strict CSP, no script")
    func hostileSource() throws {
        let html = HTMLReport.render(HostileHTML.make())
        Self.expectOnlyOwnMarkup(html)
        let csp = try #require(html.range(of: #"content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]{44}'; script-src 'sha256-[A-Za-z0-9+/=]{44}'; img-src 'none'; base-uri 'none'; form-action 'none'">"#, options: .regularExpression))
        #expect(html.distance(from: html.startIndex, to: csp.lowerBound) < 200)
        #expect(!html.contains("unsafe-"))
        // The CSP's hashes are those of the page's own style and script, as they stand in the page.
        let script = try #require(Self.between(html, "<script>", "</script>"))
        let style = try #require(Self.between(html, "<style>", "</style>"))
        #expect(html[csp].contains("script-src 'sha256-\(Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString())'"))
        #expect(html[csp].contains("style-src 'sha256-\(Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString())'"))
        // The script builds DOM from data only with createElement/textContent: no HTML parsing, no eval.
        for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "setTimeout(", "setInterval(", "import(", "fetch(", "XMLHttpRequest", "src", "href"] {
            #expect(!script.contains(banned), "\(banned) in the page's script")
        }
        // The hostile strings in the data block cannot end it: the page has exactly two </script>, both
        // petri's, and the block is JSON that decodes to the rows, hostile text included.
        #expect(html.components(separatedBy: "</script").count - 1 == 2)
        let block = try #require(Self.between(html, "<script type=\"application/json\" id=\"petri-data\">", "</script>"))
        #expect(!block.contains("<") && !block.contains(">") && !block.contains("&") && !block.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 })
        let data = try #require(try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any])
        let texts = (data["events"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(texts.count == 1 && texts[0].contains(InjectionReport.script.lowercased()) && texts[0].contains("\\x1b]0;owned"), "\(texts)")
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } && !html.unicodeScalars.contains { (0x202a...0x202e).contains($0.value) || $0.value == 0x2028 })
        #expect(html.contains("invoice\\u{202e}fdp.exe") && html.contains("nul\\x00byte"))
        // The 100 000-character argument is cut, saying so; the page stays small.
        #expect(html.contains("more characters)") && !html.contains(String(repeating: "A", count: 2001)))
        #expect(html.utf8.count < 400_000, "\(html.utf8.count) bytes")
    }

    @Test("a 10 000-generation process chain renders without recursion, bounded, saying how many it left out")
    func deepChain() throws {
        var r = try ExportFixtures.spSim()
        r.processes = (2...10_001).map { ProcessNode(pid: Int32($0), ppid: Int32($0 - 1), image: "sh", argv: ["sh"], startNs: UInt64($0)) }
        let html = HTMLReport.render(r)
        #expect(html.contains("… 9000 more processes.") && html.contains("[depth 999] <b>1001</b>"))
        #expect(html.components(separatedBy: "<details class=\"p ").count - 1 == 1000)
    }

    @Test("Chromium renders the hostile report: nothing injected ran or exists, the hostile text is there as text")
    func hostileInBrowser() throws {
        let dir = ExportFixtures.tempDir()
        let json = try ExportFixtures.write(HostileHTML.make(), "hostile.json")
        let page = dir + "/hostile.html"
        let out = try #require(try PetriBinary.run(["report", "html", json, "--out", page]))
        #expect(out.code == 0 && out.stdout.isEmpty, "\(out.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        guard let p = try Chromium.load(page) else { return }

        // What the browser built: only petri's elements, its own title, no violation (so nothing was
        // fetched, and the style's hash matched), and every hostile string present as text.
        Self.expectOnlyOwnMarkup(p.dom)
        let title = try #require(Self.title(p.dom))
        #expect(title.hasPrefix("petri: &lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;invoice\\u{202e}fdp.exe"), "\(title)")
        #expect(!title.contains("pwned-") && title.hasSuffix(" suspicious"))
        #expect(Chromium.violations(p.log).isEmpty, "\(Chromium.violations(p.log))")
        for s in HostileHTML.all + [InjectionReport.js] {
            // The browser's serializer writes text's < > & as references and leaves quotes.
            let text = s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            #expect(p.dom.contains(text), "missing as text: \(s)")
        }
        #expect(p.dom.contains("\\x1b]0;owned\\x07\\x1b[31mred") && p.dom.contains("line\\u{2028}sep\\u{2029}para"))
        #expect(!p.dom.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e || $0.value == 0x2028 || $0.value == 0 })
        #expect(p.dom.contains("AAAA … (") && !p.dom.contains("&lt;b&gt;end"))

        // The CSP is enforced by the browser: a script added to petri's page is refused ...
        let withScript = html.replacingOccurrences(of: "</body>", with: "<script>document.title+='|control'</script></body>")
        guard let blocked = try Chromium.load(Self.write(withScript, "with-script.html")) else { return }
        #expect(Self.title(blocked.dom)?.hasSuffix("|control") == false)
        #expect(Chromium.violations(blocked.log).contains { $0.contains("inline script") || $0.contains("script-src") || $0.contains("default-src") })
        // ... and without the CSP, the same added script runs (this harness sees scripts that run),
        // while none of the sample's did: the escaping alone keeps them text.
        let noCSP = withScript.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, with: "", options: .regularExpression)
        #expect(noCSP != withScript)
        guard let open = try Chromium.load(Self.write(noCSP, "no-csp.html")) else { return }
        let openTitle = try #require(Self.title(open.dom))
        #expect(openTitle.hasSuffix("|control") && !openTitle.contains("pwned-"), "\(openTitle)")
        Self.expectOnlyOwnMarkup(open.dom.replacingOccurrences(of: "<script>document.title+='|control'</script>", with: ""), csp: false)
    }

    @Test("Chromium renders sp-sim: every section, behaviours with ATT&CK ids, processes, DNS with simulated answers; screenshot kept")
    func spSimInBrowser() throws {
        let r = try ExportFixtures.spSim()
        let page = Self.write(HTMLReport.render(r), "sp-sim.html")
        guard let p = try Chromium.load(page) else { return }
        #expect(Chromium.violations(p.log).isEmpty, "\(Chromium.violations(p.log))")
        for id in ["sample", "environment", "score", "behaviours", "techniques", "processes", "timeline", "network", "files", "payloads", "static", "canaries", "artifacts"] {
            #expect(p.dom.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(p.dom.contains("<span class=\"v malicious\">malicious</span>"))
        for b in r.behaviours { #expect(p.dom.contains(Printable.html(b.title)), "\(b.title)") }
        for t in Set(r.behaviours.flatMap(\.attack)) { #expect(p.dom.contains("<code>\(t)</code>"), "\(t)") }
        for pr in r.processes { #expect(p.dom.contains("id=\"proc-\(pr.pid)\""), "pid \(pr.pid)") }
        for d in r.network.dns { #expect(p.dom.contains(d.name)) }
        #expect(p.dom.contains("<span class=\"sim\">simulated</span>"))
        #expect(p.dom.contains("http://update.sp-sim.example/stage2.bin"))
        // Evidence links go to timeline rows that exist.
        let re = try NSRegularExpression(pattern: "href=\"#ev-([0-9]+)\"")
        let ns = p.dom as NSString
        let linked = re.matches(in: p.dom, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        #expect(!linked.isEmpty)
        for seq in Set(linked) { #expect(p.dom.contains("<tr id=\"ev-\(seq)\">"), "ev-\(seq)") }
        // Every in-page link has its target, and file and network evidence go to their own records: a
        // file the run changed to its row, a file it read to the row of the call that named it, an HTTP
        // request to its record, a contacted name to its DNS query.
        let targets = try NSRegularExpression(pattern: "href=\"#([^\"]+)\"").matches(in: p.dom, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        for t in Set(targets) { #expect(p.dom.contains("id=\"\(t)\""), "link to #\(t) has no target") }
        let changed = Set(r.files.filter { $0.type != .directory }.map(\.path))
        var kinds = Set<String>()
        for b in r.behaviours {
            let article = try #require(Self.between(p.dom, "<h3><span class=\"sev\">[\(b.severity)]</span> \(Printable.html(b.title)) ", "</article>"))
            for f in b.evidence.files where !f.hasPrefix("memory ") {
                let re = try NSRegularExpression(pattern: "file: <a href=\"#([^\"]+)\">" + NSRegularExpression.escapedPattern(for: Printable.html(f)) + "</a>")
                let m = try #require(re.firstMatch(in: article, range: NSRange(location: 0, length: (article as NSString).length)), "\(b.id) \(f)")
                let target = (article as NSString).substring(with: m.range(at: 1))
                #expect(changed.contains(f) ? target.hasPrefix("file-") : target.hasPrefix("ev-"), "\(b.id) \(f) -> \(target)")
                kinds.insert(String(target.prefix(3)))
            }
            for n in b.evidence.network where n.hasPrefix("http ") || n.contains(" (") {
                #expect(article.contains(n.hasPrefix("http ") ? "network: <a href=\"#http-" : "network: <a href=\"#dns-"), "\(b.id) \(n)")
            }
        }
        #expect(kinds == ["fil", "ev-"])

        // The ATT&CK matrix: a column per tactic that has a technique, in the Enterprise order, each
        // technique under every tactic of its own and no other, with links to its behaviours.
        let matrix = try #require(Self.between(p.dom, "<table class=\"mx\" id=\"attack-matrix\">", "</table>"))
        let seen = Set(r.behaviours.flatMap(\.attack))
        let columns = AttackTechniques.tactics.filter { t in seen.contains { AttackTechniques.table[$0]?.tactics.contains(t.id) == true } }
        #expect(columns.count >= 3)
        let heads = try NSRegularExpression(pattern: "<th>([^<]*)</th>").matches(in: matrix, range: NSRange(location: 0, length: (matrix as NSString).length))
            .map { (matrix as NSString).substring(with: $0.range(at: 1)) }
        #expect(heads == columns.map(\.name), "\(heads)")
        for c in columns {
            let cell = try #require(Self.between(matrix, "<td id=\"mx-\(c.id)\">", "</td>"), "column \(c.id)")
            for t in seen {
                let tactics = try #require(AttackTechniques.table[t]?.tactics, "no tactic data for \(t)")
                #expect(cell.contains("<code>\(t)</code>") == tactics.contains(c.id), "\(t) in \(c.id)")
                if tactics.contains(c.id) {
                    for b in r.behaviours where b.attack.contains(t) { #expect(cell.contains(Printable.html(b.title)), "\(b.title) under \(t)") }
                }
            }
        }
        #expect(!matrix.contains("mx-other"))

        let shots = Repo.path("out/test-artifacts/html-report")
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        guard let png = try Chromium.screenshot(page, to: shots + "/sp-sim.png") else { return }
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
        // IHDR: width and height as asked, and more than a blank page's bytes.
        let width = png.count > 24 ? png[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
        #expect(width == 1280 && png.count > 50_000, "width \(width), \(png.count) bytes")
    }

    /// The sp-sim page and the rows of its timeline.
    static func spSimPage() throws -> (Report, String) {
        let r = try ExportFixtures.spSim()
        return (r, Self.write(HTMLReport.render(r), "sp-sim.html"))
    }

    static func visible(_ s: FilterHarness.Seen) -> Set<String> { Set(s.rows.filter { !$0.hidden }.map(\.id)) }

    @Test("Chromium: typing into the filter box, choosing a process, a category or a call leaves only the rows that match, and says how many")
    func filterInBrowser() throws {
        let (r, page) = try Self.spSimPage()
        let events = Array(r.events.prefix(HTMLReport.Limits().events))
        let all = Set(events.map { "ev-\($0.seq)" })
        #expect(events.count > 20)
        // A process with some but not all of the rows, the category and the call with the fewest rows.
        let byPid = Dictionary(grouping: events, by: \.pid)
        let pid = try #require(byPid.filter { $0.value.count < events.count }.max { $0.value.count < $1.value.count }?.key)
        let byKind = Dictionary(grouping: events, by: \.category.rawValue)
        let kind = try #require(byKind.filter { $0.value.count < events.count }.min { ($0.value.count, $0.key) < ($1.value.count, $1.key) }?.key)
        let byName = Dictionary(grouping: events, by: \.name)
        let name = try #require(byName.filter { $0.value.count < events.count }.min { ($0.value.count, $0.key) < ($1.value.count, $1.key) }?.key)
        // Text: the last part of a path the sample opened, typed in capitals (the filter ignores case).
        let paths = events.compactMap { e -> String? in if case .string(let p)? = e.args["path"] { return p } else { return nil } }
        let words = paths.compactMap { $0.split(separator: "/").last.map(String.init) }.filter { $0.count >= 4 }
        let seq = { (es: [Event]) in Set(es.map { "ev-\($0.seq)" }) }
        let steps: [FilterHarness.Step] = [
            .init(name: "pid", actions: [FilterHarness.pid(String(pid))]),
            .init(name: "pid+kind", actions: [FilterHarness.kind("k:" + kind)]),
            .init(name: "kind", actions: [FilterHarness.pid("")]),
            .init(name: "call", actions: [FilterHarness.kind("n:" + name)]),
            .init(name: "reset", actions: [FilterHarness.kind("")]),
        ] + words.prefix(40).enumerated().map { i, w in .init(name: "text-\(i)", actions: [FilterHarness.text(w.uppercased())]) }
            + [.init(name: "nothing", actions: [FilterHarness.text("no-row-has-this-\u{1F50E}")]), .init(name: "cleared", actions: [FilterHarness.text("")])]
        guard let (res, log) = try FilterHarness.run(page, steps) else { return }
        #expect(Chromium.violations(log).isEmpty, "\(Chromium.violations(log))")
        let initial = try #require(res.step("initial"))
        #expect(Set(initial.rows.map(\.id)) == all && Self.visible(initial) == all)
        #expect(initial.count == "\(events.count) of \(events.count) rows shown")

        let expected: [(String, Set<String>)] = [
            ("pid", seq(byPid[pid]!)), ("pid+kind", seq(byPid[pid]!.filter { $0.category.rawValue == kind })),
            ("kind", seq(byKind[kind]!)), ("call", seq(byName[name]!)), ("reset", all), ("nothing", []), ("cleared", all),
        ]
        for (step, want) in expected {
            let got = try #require(res.step(step), "step \(step)")
            #expect(Self.visible(got) == want, "\(step): \(Self.visible(got).symmetricDifference(want).sorted())")
            let hidden = events.count - want.count
            #expect(got.count == "\(want.count) of \(events.count) rows shown" + (hidden > 0 ? " (\(hidden) hidden by the filter)" : ""), "\(step): \(got.count ?? "-")")
        }
        #expect(try #require(res.step("pid")).rows.filter { !$0.hidden }.count < events.count)
        // Text: exactly the rows whose text holds the word, whatever the case; at least one such word
        // leaves out rows.
        var narrowed = 0
        for (i, w) in words.prefix(40).enumerated() {
            let got = try #require(res.step("text-\(i)"))
            let want = Set(initial.rows.filter { $0.text.lowercased().contains(w.lowercased()) }.map(\.id))
            #expect(!want.isEmpty && Self.visible(got) == want, "\(w): \(Self.visible(got).symmetricDifference(want).sorted())")
            if want.count < all.count { narrowed += 1 }
        }
        #expect(narrowed > 0, "no path word narrowed the timeline: \(words.prefix(40))")
        // The controls list the processes with rows and every category and call.
        #expect(res.pidOptions?.first == "every process" && res.pidOptions?.contains { $0.hasPrefix("\(pid) ") } == true)
        #expect(Set(res.kindOptions ?? []) == Set([""] + byKind.keys.map { "k:" + $0 } + byName.keys.map { "n:" + $0 }))
    }

    @Test("Chromium: the hostile report's strings are filter data and option text; nothing injected runs, the CSP still holds")
    func hostileFilterInBrowser() throws {
        var r = HostileHTML.make()
        r.events.append(Event(seq: 2, timeNs: 2500, pid: 3, tid: 3, image: "ls", name: "read", arch: "x86_64", category: .file, args: ["path": .string("/etc/hostname")]))
        r.eventStats.recorded = 2
        let html = HTMLReport.render(r)
        let page = Self.write(html, "hostile-filter.html")
        let steps: [FilterHarness.Step] = [
            .init(name: "script", actions: [FilterHarness.text(InjectionReport.script)]),
            .init(name: "img", actions: [FilterHarness.text(InjectionReport.img)]),
            .init(name: "esc", actions: [FilterHarness.text("\\x1b]0;owned")]),
            .init(name: "pid3", actions: [FilterHarness.text(""), FilterHarness.pid("3")]),
        ]
        guard let (res, log) = try FilterHarness.run(page, steps) else { return }
        #expect(Chromium.violations(log).isEmpty, "\(Chromium.violations(log))")
        // The data block parsed (the script built its controls) with the hostile text intact as data.
        #expect(res.dataTexts?.first?.contains(InjectionReport.script.lowercased()) == true, "\(res.dataTexts ?? [])")
        #expect(res.pidOptions == ["every process", "2 \(InjectionReport.img)", "3 \(HostileHTML.svg)"], "\(res.pidOptions ?? [])")
        for step in ["script", "img", "esc"] { #expect(try Self.visible(#require(res.step(step))) == ["ev-1"], "\(step)") }
        #expect(try Self.visible(#require(res.step("pid3"))) == ["ev-2"])
        // After all that typing: no script of the sample's ran, no element of its exists.
        let title = try #require(res.title)
        #expect(title.hasPrefix("petri: </script><script>document.title='pwned'</script>") && !title.contains("pwned-"), "\(title)")
        Self.expectOnlyOwnMarkup(try #require(res.html))
        #expect(res.html?.contains("id=\"filter-text\"") == true)
    }
}

@Suite("ATT&CK techniques: tactics for every technique petri's rules name")
struct AttackTechniquesTests {
    /// Every technique id the shipped rules name: behaviour rules (as the loader reads them), the YARA
    /// rules' `attack` metadata and the Sigma rules in tests/sigma (as the Sigma loader reads them).
    static func ruleTechniques() throws -> [String: String] {
        var out: [String: String] = [:]
        let behaviours = RuleLoader.load(directory: Repo.path("profiles/behaviours"))
        #expect(!behaviours.hasErrors && behaviours.ruleSet.rules.count > 100)
        for rule in behaviours.ruleSet.rules { for t in rule.attack { out[t] = "behaviour rule \(rule.id)" } }
        let sigma = SigmaLoader.load(directories: [Repo.path("tests/sigma")])
        #expect(sigma.rules.count > 5)
        for rule in sigma.rules { for t in rule.attack { out[t] = "Sigma rule \(rule.title)" } }
        let yaraDir = Repo.path("profiles/yara")
        let re = try NSRegularExpression(pattern: #"attack\s*=\s*"([^"]+)""#)
        for f in try FileManager.default.contentsOfDirectory(atPath: yaraDir) where f.hasSuffix(".yar") {
            let text = try String(contentsOfFile: yaraDir + "/" + f, encoding: .utf8)
            for m in re.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
                for t in (text as NSString).substring(with: m.range(at: 1)).split(separator: ",") { out[t.trimmingCharacters(in: .whitespaces)] = "YARA \(f)" }
            }
        }
        return out
    }

    @Test("the generated table has a name and tactics for every technique the shipped rules name, and for every id a revoked one maps to")
    func coversRules() throws {
        let used = try Self.ruleTechniques()
        #expect(used.count > 100)
        let tacticIDs = AttackTechniques.tactics.map(\.id)
        #expect(tacticIDs.count == 15 && tacticIDs.first == "reconnaissance" && tacticIDs.last == "impact" && tacticIDs.contains("stealth") && tacticIDs.contains("defense-impairment"))
        for (t, from) in used.sorted(by: { $0.key < $1.key }) {
            let current = AttackIDs.replacedBy[t] ?? t
            let entry = AttackTechniques.table[current]
            #expect(entry != nil, "\(t) (\(from)) has no ATT&CK tactic data: rerun tests/attack/techniques.py")
            #expect(entry.map { !$0.name.isEmpty && !$0.tactics.isEmpty } ?? false, "\(t)")
            // Tactics in matrix order, each a tactic of the matrix.
            if let e = entry { #expect(e.tactics == tacticIDs.filter(e.tactics.contains), "\(t): \(e.tactics)") }
        }
        for t in Set(AttackIDs.replacedBy.values) { #expect(AttackTechniques.table[t] != nil, "\(t)") }
        // Names are what STIX and MISP export.
        #expect(AttackNames.table["T1059.004"] == "Unix Shell" && AttackNames.table["T1685"] == "Disable or Modify Tools")
    }
}
