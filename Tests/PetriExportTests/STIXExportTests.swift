import Foundation
import Petri
import PetriModel
import Testing

@Suite("STIX 2.1: validated by stix2-validator, loaded by stix2")
struct STIXExportTests {
    /// Validates (errors fail; warnings are listed) and parses the bundle, then reports what it holds.
    static let check = """
    import sys, json
    from stix2validator import validate_string, ValidationOptions
    import stix2
    text = sys.stdin.read()
    res = validate_string(text, ValidationOptions(strict=False))
    results = res if isinstance(res, list) else [res]
    errors = [str(e) for o in results for e in o.errors]
    bundle = stix2.parse(text, allow_custom=False)
    objs = {o.id: o for o in bundle.objects}
    ma = [o for o in bundle.objects if o.type == 'malware-analysis']
    out = {'valid': all(o.is_valid for o in results), 'errors': errors, 'types': sorted(set(o.type for o in bundle.objects))}
    if ma:
        m = ma[0]
        s = objs[m.sample_ref]
        out.update(product=m.product, result=m.result, started=str(m.analysis_started), sample_sha256=s.hashes['SHA-256'],
                   refs_resolve=all(r in objs for r in m.analysis_sco_refs))
    out['patterns'] = [o.pattern for o in bundle.objects if o.type == 'indicator']
    out['techniques'] = sorted(r.external_id for o in bundle.objects if o.type == 'attack-pattern' for r in o.external_references)
    out['domains'] = sorted(o.value for o in bundle.objects if o.type == 'domain-name')
    out['addresses'] = sorted(o.value for o in bundle.objects if o.type in ('ipv4-addr', 'ipv6-addr'))
    out['registry'] = sorted(o.key for o in bundle.objects if o.type == 'windows-registry-key')
    out['relationships'] = sorted(set(o.relationship_type for o in bundle.objects if o.type == 'relationship'))
    out['files'] = sorted(o.name for o in bundle.objects if o.type == 'file')
    print(json.dumps(out))
    """

    static func facts(_ r: Report, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any]? {
        guard PythonCheck.modulesPresent(["stix2", "stix2validator"], sourceLocation: sourceLocation) else { return nil }
        return try PythonCheck.run(check, input: try STIXExport.render(r))
    }

    @Test("sp-sim: a valid bundle with the analysis, the sample, what it did, its techniques and its network indicators")
    func spSim() throws {
        let r = try ExportFixtures.spSim()
        guard let f = try Self.facts(r) else { return }
        #expect(f["valid"] as? Bool == true, "\(f["errors"] ?? "")")
        #expect(f["product"] as? String == "petri" && f["result"] as? String == "malicious")
        #expect(f["sample_sha256"] as? String == r.sample.sha256)
        #expect(f["refs_resolve"] as? Bool == true)
        let types = Set(f["types"] as? [String] ?? [])
        #expect(types.isSuperset(of: ["malware-analysis", "file", "directory", "process", "network-traffic", "domain-name", "url",
                                      "attack-pattern", "indicator", "malware", "relationship"]), "\(types)")
        let techniques = Set(f["techniques"] as? [String] ?? [])
        #expect(techniques == Set(r.behaviours.flatMap(\.attack)))
        let patterns = f["patterns"] as? [String] ?? []
        #expect(patterns.contains("[domain-name:value = 'collect.sp-sim.example']"))
        #expect(patterns.contains("[url:value = 'http://update.sp-sim.example/stage2.bin']"))
        // The simulated internet's answers are neither indicators nor observed addresses.
        #expect(!patterns.contains { $0.contains("198.18.") } && (f["addresses"] as? [String] ?? []).isEmpty)
        #expect(Set(f["relationships"] as? [String] ?? []) == ["dynamic-analysis-of", "uses", "indicates"])
        #expect((f["files"] as? [String] ?? []).contains("sp-stealer"))
        // The same report gives the same bundle.
        #expect(try STIXExport.render(r) == STIXExport.render(r))
    }

    @Test("a run with no network: the literal address it tried is an indicator")
    func networkNone() throws {
        guard let f = try Self.facts(try ExportFixtures.load(ExportFixtures.spSimNonePath)) else { return }
        #expect(f["valid"] as? Bool == true, "\(f["errors"] ?? "")")
        #expect((f["patterns"] as? [String] ?? []).contains("[ipv4-addr:value = '198.51.100.80']"))
        #expect(f["addresses"] as? [String] == ["198.51.100.80"])
    }

    @Test("hostile strings stay valid STIX: quotes escaped in patterns, registry hives in full")
    func injection() throws {
        guard let f = try Self.facts(InjectionReport.make()) else { return }
        #expect(f["valid"] as? Bool == true, "\(f["errors"] ?? "")")
        #expect((f["patterns"] as? [String] ?? []).contains("[domain-name:value = '=cmd|\\' /c calc\\'!a0.evil.example']"))
        #expect(f["registry"] as? [String] == ["HKEY_CURRENT_USER\\Software\\\(InjectionReport.img)"])
        #expect(f["result"] as? String == "suspicious")
    }
}
