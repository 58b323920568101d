import Yams

/// Yams builds its node tree recursively, so a file nested tens of thousands of levels deep (a
/// fuzzing find: `[[[[...` in a profile) overflows the stack and kills petri with SIGSEGV instead of
/// a diagnostic. Every YAML petri reads goes through `compose`, which first measures the nesting
/// with a linear scan (flow brackets outside quotes and comments, block indentation levels, compact
/// `- - -` sequences) and refuses more than `maxDepth` levels; real profiles and rules use under ten.
public enum YAMLNesting {
    public static let maxDepth = 64

    public struct TooDeep: Error, CustomStringConvertible {
        public var line: Int
        public var description: String { "YAML nested deeper than \(YAMLNesting.maxDepth) levels (line \(line))" }
    }

    /// Yams.compose after the depth check.
    public static func compose(_ text: String) throws -> Node? {
        if let line = tooDeepLine(text) { throw TooDeep(line: line) }
        return try Yams.compose(yaml: text)
    }

    /// Yams.load after the depth check.
    public static func load(_ text: String) throws -> Any? {
        if let line = tooDeepLine(text) { throw TooDeep(line: line) }
        return try Yams.load(yaml: text)
    }

    /// The 1-based line where the estimated nesting first exceeds `maxDepth`, or nil. Conservative:
    /// it may overestimate (a block scalar whose text is indented further and further), never under.
    public static func tooDeepLine(_ text: String) -> Int? {
        var indents: [Int] = []     // block indentation stack
        var flow = 0
        var line = 1
        var quote: UInt8? = nil     // ' or " while inside a flow-level quoted scalar
        var atLineStart = true
        var column = 0
        var previous: UInt8 = 0x20
        var lastOpen = -2           // index of the last bracket counted as opening a collection
        var bytes = Array(text.utf8)
        bytes.append(0x0a)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0a {
                line += 1; atLineStart = true; column = 0; previous = 0x20
                if quote == 0x27 || quote == 0x22 { if flow == 0 { quote = nil } }  // block-level quotes end with the line for this estimate
                i += 1; continue
            }
            if atLineStart {
                if c == 0x20 { column += 1; i += 1; continue }
                atLineStart = false
                if c != 0x23 && quote == nil && flow == 0 {   // a content line at block level
                    while let top = indents.last, top > column { indents.removeLast() }
                    if indents.last != column { indents.append(column) }
                    // compact nested sequences on one line: "- - - x"
                    var j = i, dashes = 0
                    while j + 1 < bytes.count, bytes[j] == 0x2d, bytes[j + 1] == 0x20 || bytes[j + 1] == 0x0a {
                        dashes += 1; j += 2
                        while j < bytes.count, bytes[j] == 0x20 { j += 1 }
                    }
                    if indents.count + dashes + flow > maxDepth { return line }
                }
            }
            if let q = quote {
                if q == 0x22 && c == 0x5c { i += 2; continue }         // escape inside "..."
                if c == q {
                    if q == 0x27 && i + 1 < bytes.count && bytes[i + 1] == 0x27 { i += 2; continue }  // '' inside '...'
                    quote = nil
                }
                previous = c; i += 1; continue
            }
            switch c {
            case 0x23 where previous == 0x20 || previous == 0x09:      // comment to end of line
                while i < bytes.count && bytes[i] != 0x0a { i += 1 }
                continue
            case 0x22, 0x27:
                if previous == 0x20 || previous == 0x09 || previous == 0x5b || previous == 0x7b || previous == 0x2c || previous == 0x3a { quote = c }
            case 0x5b, 0x7b:
                // only where a flow collection can start; `a[[0]]` in a plain scalar is text
                guard previous == 0x20 || previous == 0x09 || previous == 0x2c || previous == 0x2d || lastOpen == i - 1 else { break }
                flow += 1
                lastOpen = i
                if indents.count + flow > maxDepth { return line }
            case 0x5d, 0x7d:
                if flow > 0 { flow -= 1 }
            default: break
            }
            previous = c
            i += 1
        }
        return nil
    }
}
