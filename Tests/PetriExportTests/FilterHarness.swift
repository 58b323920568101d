import Foundation
@testable import Petri
import Testing

/// Drives a report page's timeline filter in Chromium the way an analyst does: the harness (a test page
/// of its own, no CSP) loads the report in an iframe from the same folder (Chromium with
/// `--allow-file-access-from-files`), sets the filter's controls and fires the events typing and
/// choosing fire (`input`, `change`), and after each step records every timeline row (id, hidden, text)
/// and the filter's count. The report keeps its own CSP inside the iframe. The result is written as
/// text into the harness's DOM, which `--dump-dom` returns.
enum FilterHarness {
    /// One step: set control `id` to `value`, then fire `event` (`input` for the text box, `change`
    /// for a select).
    struct Action: Encodable { var id: String; var value: String; var event: String }
    struct Step: Encodable { var name: String; var actions: [Action] }

    struct Row: Decodable { var id: String; var hidden: Bool; var text: String }
    struct Seen: Decodable { var name: String; var count: String?; var rows: [Row] }
    struct Result: Decodable {
        var steps: [Seen]
        var title: String?
        var pidOptions: [String]?
        var kindOptions: [String]?
        var dataTexts: [String]?
        var html: String?
        var error: String?
        func step(_ name: String) -> Seen? { steps.first { $0.name == name } }
    }

    static func text(_ v: String) -> Action { Action(id: "filter-text", value: v, event: "input") }
    static func pid(_ v: String) -> Action { Action(id: "filter-pid", value: v, event: "change") }
    static func kind(_ v: String) -> Action { Action(id: "filter-kind", value: v, event: "change") }

    static let driver = """
    var f = document.getElementById('f');
    f.addEventListener('load', function () {
      var out = { steps: [] };
      try {
        var d = f.contentDocument, steps = JSON.parse(document.getElementById('steps').textContent);
        var map = function (list, fn) { return Array.prototype.map.call(list, fn); };
        var snap = function (name) {
          var c = d.getElementById('filter-count');
          out.steps.push({ name: name, count: c ? c.textContent : null,
            rows: map(d.querySelectorAll('#timeline-table tbody tr'), function (r) { return { id: r.id, hidden: r.hidden, text: r.textContent }; }) });
        };
        snap('initial');
        steps.forEach(function (s) {
          s.actions.forEach(function (a) {
            var e = d.getElementById(a.id);
            e.value = a.value;
            e.dispatchEvent(new Event(a.event, { bubbles: true }));
          });
          snap(s.name);
        });
        out.title = d.title;
        out.pidOptions = map(d.querySelectorAll('#filter-pid option'), function (o) { return o.textContent; });
        out.kindOptions = map(d.querySelectorAll('#filter-kind option'), function (o) { return o.value; });
        out.dataTexts = JSON.parse(d.getElementById('petri-data').textContent).events.map(function (e) { return e.text; });
        out.html = d.documentElement.outerHTML;
      } catch (e) { out.error = String(e); }
      document.getElementById('result').textContent = JSON.stringify(out);
    });
    """

    /// Runs `steps` on the report page `page` (a file in a folder the harness is written to).
    static func run(_ page: String, _ steps: [Step], sourceLocation: SourceLocation = #_sourceLocation) throws -> (Result, log: String)? {
        let dir = (page as NSString).deletingLastPathComponent
        let harness = dir + "/harness-" + (page as NSString).lastPathComponent
        let html = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>harness</title></head><body>
        <pre id="result">pending</pre>
        <script type="application/json" id="steps">\(HTMLReport.scriptJSON(steps))</script>
        <iframe id="f" src="\((page as NSString).lastPathComponent)"></iframe>
        <script>\(driver)</script>
        </body></html>
        """
        try Data(html.utf8).write(to: URL(fileURLWithPath: harness))
        guard let p = try Chromium.load(harness, flags: ["--allow-file-access-from-files"], sourceLocation: sourceLocation) else { return nil }
        guard let a = p.dom.range(of: "<pre id=\"result\">"), let b = p.dom.range(of: "</pre>", range: a.upperBound..<p.dom.endIndex) else {
            Issue.record("no result in the harness DOM", sourceLocation: sourceLocation)
            return nil
        }
        // The browser serialised the result as text: & < > and U+00A0 as references.
        let text = String(p.dom[a.upperBound..<b.lowerBound]).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{a0}").replacingOccurrences(of: "&amp;", with: "&")
        guard text != "pending" else {
            Issue.record("the harness did not run: \(p.log.suffix(1500))", sourceLocation: sourceLocation)
            return nil
        }
        let r = try JSONDecoder().decode(Result.self, from: Data(text.utf8))
        #expect(r.error == nil, "\(r.error ?? "")", sourceLocation: sourceLocation)
        return (r, p.log)
    }
}
