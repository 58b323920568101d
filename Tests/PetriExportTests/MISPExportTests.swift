import Foundation
import Petri
import PetriModel
import Testing

@Suite("MISP: loaded by pymisp as a MISPEvent, objects checked against MISP's templates and types")
struct MISPExportTests {
    /// Loads the event with PyMISP (strict), then checks what MISP itself would refuse or misfile:
    /// each object against its misp-objects template (uuid, required attributes, relations the template
    /// has, their MISP types and categories), each attribute's type/category pair against describeTypes,
    /// and that object references resolve. Prints the facts the Swift side asserts on.
    static let check = """
    import sys, json
    from pymisp import MISPEvent, MISPObject
    text = sys.stdin.read()
    ev = MISPEvent(strict_validation=True)
    ev.load(text)
    types = ev.describe_types
    problems = []
    def attr_ok(a, where):
        if a.type not in types['types']: problems.append(f'{where}: unknown type {a.type}')
        if a.type not in types['category_type_mappings'].get(a.category, []): problems.append(f'{where}: {a.type} not allowed in {a.category}')
    uuids = {o.uuid for o in ev.objects}
    objs = []
    for o in ev.objects:
        t = MISPObject(o.name)
        if not t._known_template: problems.append(f'{o.name}: no such template'); continue
        d = t._definition
        if o.template_uuid != t.template_uuid: problems.append(f'{o.name}: template uuid {o.template_uuid}')
        try: o._definition = d; o._validate()
        except Exception as e: problems.append(f'{o.name}: {e}')
        for a in o.attributes:
            spec = d['attributes'].get(a.object_relation)
            if spec is None: problems.append(f'{o.name}: no relation {a.object_relation}'); continue
            if a.type != spec['misp-attribute']: problems.append(f'{o.name}.{a.object_relation}: type {a.type}, template {spec["misp-attribute"]}')
            if spec.get('categories') and a.category not in spec['categories']: problems.append(f'{o.name}.{a.object_relation}: category {a.category}')
            attr_ok(a, f'{o.name}.{a.object_relation}')
        for r in o.references:
            if r.referenced_uuid not in uuids: problems.append(f'{o.name}: dangling reference {r.relationship_type}')
        objs.append({'name': o.name, 'comment': o.comment, 'attrs': {a.object_relation: a.value for a in o.attributes},
                     'ids': sorted(a.object_relation for a in o.attributes if a.to_ids), 'refs': sorted(r.relationship_type for r in o.references)})
    for a in ev.attributes: attr_ok(a, 'event')
    print(json.dumps({'problems': problems, 'info': ev.info, 'threat': int(ev.threat_level_id), 'date': str(ev.date),
                      'tags': [t.name for t in ev.tags], 'objects': objs,
                      'attributes': [{'type': a.type, 'value': a.value, 'tags': [t.name for t in a.tags]} for a in ev.attributes]}))
    """

    static func facts(_ r: Report, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any]? {
        guard PythonCheck.modulesPresent(["pymisp"], sourceLocation: sourceLocation) else { return nil }
        return try PythonCheck.run(check, input: try MISPExport.render(r))
    }

    static func objects(_ f: [String: Any], _ name: String) -> [[String: Any]] {
        (f["objects"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == name }
    }
    static func values(_ f: [String: Any], _ name: String, _ relation: String) -> [String] {
        objects(f, name).compactMap { ($0["attrs"] as? [String: String])?[relation] }
    }

    @Test("sp-sim: the sample, its drops, processes, names, URLs, connections, ATT&CK tags and score")
    func spSim() throws {
        let r = try ExportFixtures.spSim()
        guard let f = try Self.facts(r) else { return }
        #expect((f["problems"] as? [String]) == [], "\(f["problems"] ?? "")")
        #expect(f["threat"] as? Int == 1 && f["date"] as? String == "2026-12-03")
        // The sample's file object carries its hashes as indicators.
        let sample = try #require(Self.objects(f, "file").first { ($0["attrs"] as? [String: String])?["sha256"] == r.sample.sha256 && ($0["comment"] as? String ?? "").hasPrefix("the sample") })
        #expect((sample["attrs"] as? [String: String])?["md5"] == r.sample.md5)
        #expect(sample["ids"] as? [String] == ["md5", "sha1", "sha256"])
        // Dropped files refer to it; the body petri served for the download has no hash here.
        #expect(Self.values(f, "file", "fullpath").contains("/tmp/sp-stealer"))
        let served = try #require(r.network.http.first { $0.method == "GET" }?.responseSha256)
        #expect(!Self.values(f, "file", "sha256").contains(served))
        #expect(Self.objects(f, "file").filter { $0["refs"] as? [String] == ["dropped-by"] }.count == r.files.filter { $0.change != .deleted && $0.type != .directory && $0.type != .symlink }.count)
        // One process object per sample process, children linked to parents.
        #expect(Self.objects(f, "process").count == r.processes.filter { $0.runner != true }.count)
        #expect(Self.objects(f, "process").contains { $0["refs"] as? [String] == ["child-of"] })
        // Names and URLs are the IOC export's: never the simulated internet's addresses.
        let iocDomains = Set(IOCExport.indicators(r).filter { $0.kind == .domain }.map(\.value))
        #expect(Set(Self.values(f, "domain-ip", "domain")) == iocDomains)
        #expect(Self.values(f, "domain-ip", "ip").isEmpty)
        #expect(Self.values(f, "url", "url").contains("http://update.sp-sim.example/stage2.bin"))
        #expect(Self.values(f, "http-request", "method").contains("POST"))
        #expect(Self.values(f, "network-connection", "hostname-dst").contains("collect.sp-sim.example"))
        let everything = (f["objects"] as? [[String: Any]] ?? []).flatMap { ($0["attrs"] as? [String: String] ?? [:]).values }
        #expect(!everything.contains { $0.hasPrefix("198.18.") })
        // ATT&CK techniques as galaxy tags on the event, and on each behaviour attribute.
        let tags = Set(f["tags"] as? [String] ?? [])
        for t in Set(r.behaviours.flatMap(\.attack)) {
            #expect(tags.contains { $0.hasPrefix("misp-galaxy:mitre-attack-pattern=\"") && $0.hasSuffix(" - \(t)\"") }, "\(t)")
        }
        #expect(tags.contains("misp-galaxy:mitre-attack-pattern=\"Ingress Tool Transfer - T1105\"") && tags.contains("petri:verdict=\"malicious\""))
        let attrs = f["attributes"] as? [[String: Any]] ?? []
        #expect(attrs.contains { $0["type"] as? String == "float" && Double($0["value"] as? String ?? "") == r.score?.value })
        let dl = try #require(attrs.first { ($0["value"] as? String ?? "").hasPrefix("downloads-and-executes: ") })
        #expect(dl["tags"] as? [String] == ["misp-galaxy:mitre-attack-pattern=\"Ingress Tool Transfer - T1105\""])
        // The same report gives the same event.
        #expect(try MISPExport.render(r) == MISPExport.render(r))
    }

    @Test("a run with no network: the address it tried is a domain-ip and a network-connection")
    func networkNone() throws {
        guard let f = try Self.facts(try ExportFixtures.load(ExportFixtures.spSimNonePath)) else { return }
        #expect((f["problems"] as? [String]) == [], "\(f["problems"] ?? "")")
        #expect(Self.values(f, "domain-ip", "ip") == ["198.51.100.80"])
        #expect(Self.values(f, "network-connection", "ip-dst").contains("198.51.100.80"))
    }

    @Test("a Windows process (Wine) is named by its Windows image, not the loader hosting it")
    func wineProcess() throws {
        var r = try ExportFixtures.spSim()
        r.processes[0].windowsImage = "C:\\users\\user\\Downloads\\setup.exe"
        r.processes[0].path = "/usr/lib/wine/wine64-preloader"
        guard let f = try Self.facts(r) else { return }
        #expect((f["problems"] as? [String]) == [], "\(f["problems"] ?? "")")
        let p = try #require(Self.objects(f, "process").compactMap { $0["attrs"] as? [String: String] }.first { $0["pid"] == String(r.processes[0].pid) })
        #expect(p["name"] == "setup.exe" && p["image"] == "C:\\users\\user\\Downloads\\setup.exe")
    }

    @Test("hostile strings: still a valid event, registry and text kept exactly as the sample wrote them")
    func injection() throws {
        let r = InjectionReport.make()
        guard let f = try Self.facts(r) else { return }
        #expect((f["problems"] as? [String]) == [], "\(f["problems"] ?? "")")
        #expect(f["threat"] as? Int == 2)
        let reg = try #require(Self.objects(f, "registry-key").first?["attrs"] as? [String: String])
        #expect(reg["key"] == "HKCU\\Software\\\(InjectionReport.img)" && reg["name"] == InjectionReport.script && reg["data"] == InjectionReport.js)
        #expect(Self.values(f, "process", "command-line") == [r.processes[0].argv.joined(separator: " ")])
        // A name that is no host name (MISP would refuse it as a domain) is a text attribute of the event.
        let names = (f["attributes"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "text" }.compactMap { $0["value"] as? String }
        #expect(names.contains("\(InjectionReport.img).evil.example") && names.contains("=cmd|' /c calc'!a0.evil.example"))
        #expect(Self.values(f, "domain-ip", "domain") == ["c2.evil.example"])
        let hosts = Self.values(f, "network-connection", "hostname-dst") + Self.values(f, "http-request", "host") + Self.values(f, "url", "host")
        #expect(!hosts.isEmpty && !hosts.contains { $0.contains("<") || $0.contains(" ") })
        // URL values are percent-encoded where a URI may not hold the character.
        #expect(Self.values(f, "url", "url").allSatisfy { !$0.contains("<") && !$0.contains(">") })
        #expect(Self.values(f, "http-request", "user-agent") == [InjectionReport.script + InjectionReport.img])
    }
}
