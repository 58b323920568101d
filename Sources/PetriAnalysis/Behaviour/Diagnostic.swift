/// One problem found while loading rules: where it is (file, line, key path) and what is wrong.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    /// Stable machine-readable codes, documented in docs/profiles.md.
    public enum Code: String, Sendable, CaseIterable {
        case readFailed = "read-failed"
        case yamlSyntax = "yaml-syntax"
        case unknownKey = "unknown-key"
        case missingKey = "missing-key"
        case wrongType = "wrong-type"
        case badValue = "bad-value"
        case badRegex = "bad-regex"
        case badGlob = "bad-glob"
        case badCIDR = "bad-cidr"
        case undefinedReference = "undefined-reference"
        case duplicateID = "duplicate-id"
        case unknownField = "unknown-field"
        case unboundVariable = "unbound-variable"
        case noRules = "no-rules"
    }

    public var severity: Severity
    public var code: Code
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Dotted key path inside the file, e.g. `rules[3].condition.match.path.regex`.
    public var keyPath: String
    public var message: String

    public init(_ severity: Severity = .error, _ code: Code, file: String, line: Int?, column: Int? = nil,
                keyPath: String, message: String) {
        self.severity = severity; self.code = code; self.file = file; self.line = line; self.column = column
        self.keyPath = keyPath; self.message = message
    }

    /// `file:line:col: error[code] key.path: message` (the format compilers use, so editors can jump to it).
    public var description: String {
        var loc = file
        if let line { loc += ":\(line)"; if let column { loc += ":\(column)" } }
        let at = keyPath.isEmpty ? "" : " \(keyPath):"
        return "\(loc): \(severity.rawValue)[\(code.rawValue)]\(at) \(message)"
    }
}
