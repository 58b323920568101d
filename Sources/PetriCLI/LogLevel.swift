import Foundation
import Logging

/// `--log-level LEVEL` (trace, debug, info, notice, warning, error, critical; default warning),
/// accepted anywhere before `--`: the one place logging is bootstrapped, to stderr. Libraries log
/// through the `Logger` they are given.
enum LogLevel {
    static let option = "--log-level"

    /// The arguments without the option, and the level it names; a bad value is bad input.
    static func extract(_ arguments: [String]) throws -> (arguments: [String], level: Logger.Level) {
        var out: [String] = []
        var level = Logger.Level.warning
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { out += arguments[i...]; break }
            var value: String? = nil
            if a == option {
                guard i + 1 < arguments.count else { throw ValidationFailure("missing value for \(option)") }
                value = arguments[i + 1]
                i += 2
            } else if a.hasPrefix(option + "=") {
                value = String(a.dropFirst(option.count + 1))
                i += 1
            } else {
                out.append(a)
                i += 1
                continue
            }
            guard let v = value, let l = Logger.Level(rawValue: v.lowercased()) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationFailure("\(option): '\(value ?? "")' is not one of \(names)")
            }
            level = l
        }
        return (out, level)
    }

    static func bootstrap(_ level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
    }

    struct ValidationFailure: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }
}
