#if os(Linux)
import CYara
import Foundation
import PetriModel

/// One compiler message with where it points.
public struct YaraDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var isWarning: Bool
    public var message: String
    public var description: String { "\(file):\(line): \(isWarning ? "warning" : "error"): \(message)" }
}

public enum YaraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Rules did not compile; every error of every file, each naming file:line.
    case compile([YaraDiagnostic])
    case noRuleFiles([String])
    case unreadableDirectory(String)
    case scan(code: Int32, message: String)

    public var description: String {
        switch self {
        case .compile(let diagnostics):
            let errors = diagnostics.filter { !$0.isWarning }
            return "YARA rules failed to compile (\(errors.count) error\(errors.count == 1 ? "" : "s")):\n"
                + errors.map { "  \($0)" }.joined(separator: "\n")
        case .noRuleFiles(let dirs): return "no .yar/.yara files in \(dirs.joined(separator: ", "))"
        case .unreadableDirectory(let dir): return "cannot read YARA rule directory \(dir)"
        case .scan(let code, let message): return "YARA scan failed: \(message) (code \(code))"
        }
    }
}

/// Compiled YARA rules: compile once per run set, scan many objects, from any thread
/// (libyara allows concurrent scans of one YR_RULES).
public final class YaraRules: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Warnings the compiler gave (rules still usable), as file:line: message.
    public let warnings: [YaraDiagnostic]
    /// Rule files compiled, in order.
    public let files: [String]
    /// Scan time limit per object, seconds.
    public var timeoutSeconds: Int32 = 60

    private init(handle: OpaquePointer, warnings: [YaraDiagnostic], files: [String]) {
        self.handle = handle; self.warnings = warnings; self.files = files
    }

    deinit { pyara_rules_free(handle) }

    public var ruleCount: Int { Int(pyara_rules_count(handle)) }

    /// Every `*.yar` / `*.yara` file directly in each directory (sorted, so compile order and
    /// diagnostics are stable). A directory that does not exist is an error: a typo in `--yara`
    /// must not silently scan with fewer rules.
    public static func compile(directories: [String]) throws -> YaraRules {
        var files: [String] = []
        for dir in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                throw YaraError.unreadableDirectory(dir)
            }
            files += names.filter { $0.hasSuffix(".yar") || $0.hasSuffix(".yara") }.sorted()
                .map { (dir as NSString).appendingPathComponent($0) }
        }
        if files.isEmpty { throw YaraError.noRuleFiles(directories) }
        return try compile(files: files)
    }

    public static func compile(files: [String]) throws -> YaraRules {
        var cPaths = files.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var rules: OpaquePointer?
        var diags = pyara_diagnostics()
        defer { pyara_diagnostics_free(&diags) }
        let rc = cPaths.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) {
                pyara_compile_files($0, buf.count, &rules, &diags)
            }
        }
        let diagnostics = convert(diags)
        guard rc == 0, let rules else {
            throw YaraError.compile(diagnostics.isEmpty
                ? [YaraDiagnostic(file: files.first ?? "", line: 0, isWarning: false, message: String(cString: pyara_error_text(rc)))]
                : diagnostics)
        }
        return YaraRules(handle: rules, warnings: diagnostics.filter(\.isWarning), files: files)
    }

    /// Rules from source text (tests, rules embedded in profiles); `name` stands in for the file.
    public static func compile(source: String, name: String = "<string>") throws -> YaraRules {
        var rules: OpaquePointer?
        var diags = pyara_diagnostics()
        defer { pyara_diagnostics_free(&diags) }
        let rc = pyara_compile_string(source, name, &rules, &diags)
        let diagnostics = convert(diags)
        guard rc == 0, let rules else {
            throw YaraError.compile(diagnostics.isEmpty
                ? [YaraDiagnostic(file: name, line: 0, isWarning: false, message: String(cString: pyara_error_text(rc)))]
                : diagnostics)
        }
        return YaraRules(handle: rules, warnings: diagnostics.filter(\.isWarning), files: [name])
    }

    public func scan(data: Data) throws -> [YaraMatch] {
        var matches = pyara_matches()
        defer { pyara_matches_free(&matches) }
        let rc = data.withUnsafeBytes { raw in
            pyara_scan_memory(handle, raw.bindMemory(to: UInt8.self).baseAddress, raw.count, timeoutSeconds, &matches)
        }
        if rc != 0 { throw YaraError.scan(code: rc, message: String(cString: pyara_error_text(rc))) }
        return Self.convert(matches)
    }

    public func scan(bytes: UnsafeRawBufferPointer) throws -> [YaraMatch] {
        var matches = pyara_matches()
        defer { pyara_matches_free(&matches) }
        let rc = pyara_scan_memory(handle, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, timeoutSeconds, &matches)
        if rc != 0 { throw YaraError.scan(code: rc, message: String(cString: pyara_error_text(rc))) }
        return Self.convert(matches)
    }

    public func scan(path: String) throws -> [YaraMatch] {
        var matches = pyara_matches()
        defer { pyara_matches_free(&matches) }
        let rc = pyara_scan_file(handle, path, timeoutSeconds, &matches)
        if rc != 0 { throw YaraError.scan(code: rc, message: "\(String(cString: pyara_error_text(rc))): \(path)") }
        return Self.convert(matches)
    }

    /// Scan and label the matches with the object they came from ("sample", a dropped file's
    /// path, "payload:<sha256>", "http:<url>"), as the report lists them.
    public func scan(data: Data, object: String) throws -> [YaraMatch] {
        try scan(data: data).map { var m = $0; m.object = object; return m }
    }

    public func scan(path: String, object: String) throws -> [YaraMatch] {
        try scan(path: path).map { var m = $0; m.object = object; return m }
    }

    private static func convert(_ d: pyara_diagnostics) -> [YaraDiagnostic] {
        (0..<d.count).map { i in
            let x = d.items[i]
            return YaraDiagnostic(file: String(cString: x.file), line: Int(x.line), isWarning: x.is_warning != 0,
                                  message: String(cString: x.message))
        }
    }

    private static func convert(_ m: pyara_matches) -> [YaraMatch] {
        (0..<m.count).map { i in
            let x = m.items[i]
            let tags = (0..<x.tag_count).map { String(cString: x.tags[$0]!) }
            let meta = (0..<x.meta_count).map { YaraMeta(key: String(cString: x.meta[$0].key), value: String(cString: x.meta[$0].value)) }
            let strings = (0..<x.string_count).map {
                YaraStringMatch(identifier: String(cString: x.strings[$0].identifier), offset: x.strings[$0].offset,
                                length: x.strings[$0].length)
            }
            return YaraMatch(rule: String(cString: x.rule), namespace: String(cString: x.ns), tags: tags, meta: meta, strings: strings)
        }
    }
}

/// ssdeep through libfuzzy (Debian libfuzzy-dev). TLSH (libtlsh-dev) exists too but is a C++
/// library; ssdeep is plain C and what most malware feeds publish alongside md5/sha256.
public enum FuzzyHash {
    public static func ssdeep(_ bytes: UnsafeRawBufferPointer) -> String? {
        var out = [CChar](repeating: 0, count: Int(PYARA_FUZZY_MAX))
        let rc = out.withUnsafeMutableBufferPointer {
            pyara_ssdeep_buffer(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, $0.baseAddress, $0.count)
        }
        guard rc == 0 else { return nil }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func ssdeep(_ data: Data) -> String? { data.withUnsafeBytes { ssdeep($0) } }

    /// 0...100 similarity, nil when a hash is malformed.
    public static func compare(_ a: String, _ b: String) -> Int? {
        let score = pyara_ssdeep_compare(a, b)
        return score < 0 ? nil : Int(score)
    }
}
#endif
