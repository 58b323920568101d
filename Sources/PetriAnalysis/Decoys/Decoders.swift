import Foundation

/// Decoders for what a sample wraps stolen data in before it sends it, beyond the text encodings
/// that CanaryTracker matches by encoding the needle (hex, base64, base32, percent): compressed
/// streams (gzip, zlib, raw deflate inside them) and single-byte XOR.
enum OutboundDecoders {
    /// Every gzip (1f 8b 08) or zlib (78 01/5e/9c/da) stream found in `data`, inflated; at most
    /// `maxStreams` streams and `maxOutput` bytes each (a bomb stops at the cap, what was inflated is kept).
    static func compressedStreams(in data: [UInt8], maxStreams: Int = 64, maxOutput: Int = 4 << 20) -> [(encoding: CanaryHit.Encoding, bytes: [UInt8])] {
        var out: [(CanaryHit.Encoding, [UInt8])] = []
        var i = 0
        while i + 2 < data.count, out.count < maxStreams {
            if data[i] == 0x1f, data[i + 1] == 0x8b, data[i + 2] == 8, let start = gzipPayloadStart(data, i),
               let inflated = Inflater.inflate(data, from: start, maxOutput: maxOutput), !inflated.isEmpty {
                out.append((.gzip, inflated))
            } else if data[i] == 0x78, [0x01, 0x5e, 0x9c, 0xda].contains(data[i + 1]),
                      (UInt16(data[i]) << 8 | UInt16(data[i + 1])) % 31 == 0,
                      let inflated = Inflater.inflate(data, from: i + 2, maxOutput: maxOutput), !inflated.isEmpty {
                out.append((.zlib, inflated))
            }
            i += 1
        }
        return out
    }

    /// Where the deflate data of a gzip member starts (after the optional extra, name, comment, CRC).
    static func gzipPayloadStart(_ d: [UInt8], _ at: Int) -> Int? {
        guard at + 10 <= d.count else { return nil }
        let flags = d[at + 3]
        var p = at + 10
        if flags & 4 != 0 { guard p + 2 <= d.count else { return nil }; p += 2 + (Int(d[p]) | Int(d[p + 1]) << 8) }
        for bit in [UInt8(8), 16] where flags & bit != 0 {
            while p < d.count, d[p] != 0 { p += 1 }
            p += 1
        }
        if flags & 2 != 0 { p += 2 }
        return p < d.count ? p : nil
    }

    /// Offsets where `needle` appears XOR-ed with one non-zero key byte, with the key. Key-free: the
    /// XOR of neighbouring bytes is the same in the plain and the encoded text, so one pass finds every key.
    static func xorMatches(of needle: [UInt8], in data: [UInt8], limit: Int = 8) -> [(offset: Int, key: UInt8)] {
        guard needle.count >= 2, data.count >= needle.count else { return [] }
        let diff = (0..<(needle.count - 1)).map { needle[$0] ^ needle[$0 + 1] }
        var out: [(Int, UInt8)] = []
        var i = 0
        let last = data.count - needle.count
        while i <= last, out.count < limit {
            if data[i] ^ data[i + 1] == diff[0] {
                var ok = true
                for k in 1..<diff.count where data[i + k] ^ data[i + k + 1] != diff[k] { ok = false; break }
                let key = data[i] ^ needle[0]
                if ok && key != 0 { out.append((i, key)) }
            }
            i += 1
        }
        return out
    }
}

/// RFC 1951 inflate (stored, fixed and dynamic Huffman blocks), bounded: nil on malformed input
/// before any output, otherwise what was inflated up to an error, the end, or `maxOutput`.
struct Inflater {
    let d: [UInt8]
    var pos: Int
    var bitBuf: UInt32 = 0
    var bitCount = 0
    var out: [UInt8] = []

    struct Huffman { var counts = [Int](repeating: 0, count: 16); var symbols: [Int] = [] }
    enum Failure: Error { case data }

    static func inflate(_ data: [UInt8], from: Int, maxOutput: Int) -> [UInt8]? {
        var s = Inflater(d: data, pos: from)
        do { try s.run(maxOutput: maxOutput) } catch { return s.out.isEmpty ? nil : s.out }
        return s.out
    }

    mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard pos < d.count else { throw Failure.data }
            bitBuf |= UInt32(d[pos]) << UInt32(bitCount); pos += 1; bitCount += 8
        }
        let v = Int(bitBuf & ((1 << UInt32(n)) - 1))
        bitBuf >>= UInt32(n); bitCount -= n
        return v
    }

    static func build(_ lengths: [Int]) -> Huffman {
        var h = Huffman()
        for l in lengths { h.counts[l] += 1 }
        h.counts[0] = 0
        var offsets = [Int](repeating: 0, count: 16)
        for l in 1..<15 { offsets[l + 1] = offsets[l] + h.counts[l] }
        h.symbols = [Int](repeating: 0, count: lengths.count)
        for (sym, l) in lengths.enumerated() where l != 0 { h.symbols[offsets[l]] = sym; offsets[l] += 1 }
        return h
    }

    mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for len in 1..<16 {
            code |= try bits(1)
            let count = h.counts[len]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count; first += count; first <<= 1; code <<= 1
        }
        throw Failure.data
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                           4097, 6145, 8193, 12289, 16385, 24577]
    static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let fixed: (Huffman, Huffman) = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        return (build(l), build([Int](repeating: 5, count: 30)))
    }()

    mutating func run(maxOutput: Int) throws {
        var final = 0
        repeat {
            final = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuf = 0; bitCount = 0
                guard pos + 4 <= d.count else { throw Failure.data }
                let len = Int(d[pos]) | Int(d[pos + 1]) << 8
                let nlen = Int(d[pos + 2]) | Int(d[pos + 3]) << 8
                guard len == ~nlen & 0xffff, pos + 4 + len <= d.count else { throw Failure.data }
                out += d[(pos + 4)..<(pos + 4 + len)]; pos += 4 + len
            case 1: try codes(Self.fixed.0, Self.fixed.1, maxOutput: maxOutput)
            case 2:
                let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
                guard nlen <= 286, ndist <= 30 else { throw Failure.data }
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var cl = [Int](repeating: 0, count: 19)
                for i in 0..<ncode { cl[order[i]] = try bits(3) }
                let lencode = Self.build(cl)
                var lengths: [Int] = []
                while lengths.count < nlen + ndist {
                    let sym = try decode(lencode)
                    switch sym {
                    case 0..<16: lengths.append(sym)
                    case 16:
                        guard let prev = lengths.last else { throw Failure.data }
                        lengths += [Int](repeating: prev, count: 3 + (try bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                    }
                }
                guard lengths.count == nlen + ndist, lengths[256] != 0 else { throw Failure.data }
                try codes(Self.build(Array(lengths[0..<nlen])), Self.build(Array(lengths[nlen...])), maxOutput: maxOutput)
            default: throw Failure.data
            }
            if out.count >= maxOutput { out = Array(out.prefix(maxOutput)); return }
        } while final == 0
    }

    mutating func codes(_ lit: Huffman, _ dist: Huffman, maxOutput: Int) throws {
        while true {
            let sym = try decode(lit)
            if sym < 256 { out.append(UInt8(sym)) }
            else if sym == 256 { return }
            else {
                let i = sym - 257
                guard i < 29 else { throw Failure.data }
                let len = Self.lengthBase[i] + (try bits(Self.lengthExtra[i]))
                let ds = try decode(dist)
                guard ds < 30 else { throw Failure.data }
                let back = Self.distBase[ds] + (try bits(Self.distExtra[ds]))
                guard back <= out.count else { throw Failure.data }
                for _ in 0..<len { out.append(out[out.count - back]) }
            }
            if out.count >= maxOutput { return }
        }
    }
}
