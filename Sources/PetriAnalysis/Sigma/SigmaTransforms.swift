import Foundation

/// Value expansions of the Sigma modifiers that turn one value into several (as pySigma defines them).
enum SigmaTransforms {
    /// `base64offset`: the value base64-encoded at the three byte offsets it can have inside a longer
    /// encoded text, with the characters that depend on the unknown neighbours cut off.
    static func base64Offsets(_ data: [UInt8]) -> [String] {
        let starts = [0, 2, 3]
        let ends: [Int?] = [nil, -3, -2]
        return (0..<3).map { i in
            let enc = Array(Data(Array(repeating: UInt8(ascii: " "), count: i) + data).base64EncodedString().utf8)
            let lo = starts[i]
            var hi = enc.count
            if let e = ends[(data.count + i) % 3] { hi = enc.count + e }
            return lo < hi ? String(decoding: enc[lo..<hi], as: UTF8.self) : ""
        }
    }

    static let dashes: [[UInt8]] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"].map { Array($0.utf8) }

    static func isWord(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    /// `windash`: every `-` or `/` that starts a word (nothing or a non-word character before it, a word
    /// character after it, within one literal run) in each of its five spellings; nil above three such dashes.
    static func windash(_ parts: [SigmaPattern.Part]) -> [[SigmaPattern.Part]]? {
        // Split literals at the dash positions, so each dash becomes a slot with five choices.
        enum Piece { case part(SigmaPattern.Part), dash }
        var pieces: [Piece] = []
        var slots = 0
        for p in parts {
            guard case .literal(let l) = p else { pieces.append(.part(p)); continue }
            var acc: [UInt8] = []
            for (j, b) in l.enumerated() {
                let dash = b == UInt8(ascii: "-") || b == UInt8(ascii: "/")
                if dash, j == 0 || !isWord(l[j - 1]), j + 1 < l.count, isWord(l[j + 1]) {
                    if !acc.isEmpty { pieces.append(.part(.literal(acc))); acc = [] }
                    pieces.append(.dash); slots += 1
                } else {
                    acc.append(b)
                }
            }
            if !acc.isEmpty { pieces.append(.part(.literal(acc))) }
        }
        guard slots <= 3 else { return nil }
        var out: [[SigmaPattern.Part]] = [[]]
        for piece in pieces {
            switch piece {
            case .part(let p): out = out.map { $0 + [p] }
            case .dash: out = out.flatMap { prefix in dashes.map { prefix + [.literal($0)] } }
            }
        }
        return out
    }
}
