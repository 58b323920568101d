import Foundation
import Petri
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
                                       "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "br"]

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
            #expect(!name.hasPrefix("script") && name != "img" && name != "iframe" && name != "svg", sourceLocation: sourceLocation)
        }
        #expect(found.filter { $0.hasPrefix("<style") }.count == 1 && found.filter { $0.hasPrefix("<meta http-equiv") }.count == (csp ? 1 : 0), sourceLocation: sourceLocation)
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
        let csp = try #require(html.range(of: #"content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]{44}'; img-src 'none'; base-uri 'none'; form-action 'none'">"#, options: .regularExpression))
        #expect(html.distance(from: html.startIndex, to: csp.lowerBound) < 200)
        #expect(!html.contains("unsafe-"))
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

        let shots = Repo.path("out/test-artifacts/html-report")
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        guard let png = try Chromium.screenshot(page, to: shots + "/sp-sim.png") else { return }
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
        // IHDR: width and height as asked, and more than a blank page's bytes.
        let width = png.count > 24 ? png[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
        #expect(width == 1280 && png.count > 50_000, "width \(width), \(png.count) bytes")
    }
}
