#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds-checked reads from an untrusted file image. Every read returns nil instead of trapping;
/// offsets come from the file, so every sum of them goes through `add` (no overflow traps).
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var bigEndian = false

    init(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool = false) {
        self.bytes = bytes; self.bigEndian = bigEndian
    }

    var count: Int { bytes.count }

    @inline(__always)
    func has(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    func u8(_ offset: Int) -> UInt8? { has(offset, 1) ? bytes[offset] : nil }

    func u16(_ offset: Int) -> UInt16? {
        guard has(offset, 2) else { return nil }
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }

    func u32(_ offset: Int) -> UInt32? {
        guard has(offset, 4) else { return nil }
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }

    func u64(_ offset: Int) -> UInt64? {
        guard has(offset, 8) else { return nil }
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
    }

    /// The bytes in [offset, offset+length) clipped to the file; empty when offset is past EOF.
    func clipped(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer {
        guard offset >= 0, offset < count, length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let n = min(length, count - offset)
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
    }

    /// NUL-terminated string of at most `max` bytes; nil when it starts past EOF.
    /// A string cut by EOF or by `max` is returned as far as it goes (pefile does the same).
    func cString(_ offset: Int, max: Int = 512) -> String? {
        guard offset >= 0, offset < count else { return nil }
        let end = min(count, offset &+ max)
        var i = offset
        while i < end, bytes[i] != 0 { i &+= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<i]), as: UTF8.self)
    }

    /// Same, but raw bytes (for validity checks before decoding).
    func cBytes(_ offset: Int, max: Int = 512) -> UnsafeRawBufferPointer? {
        guard offset >= 0, offset < count else { return nil }
        let end = min(count, offset &+ max)
        var i = offset
        while i < end, bytes[i] != 0 { i &+= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<i])
    }
}

/// Overflow-checked arithmetic on file-supplied numbers.
@inline(__always)
func add(_ a: Int, _ b: Int) -> Int? {
    let (r, o) = a.addingReportingOverflow(b)
    return o ? nil : r
}

@inline(__always)
func mul(_ a: Int, _ b: Int) -> Int? {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    return o ? nil : r
}

/// A UInt64 from the file as an Int offset, nil when it cannot be one.
@inline(__always)
func offset(_ v: UInt64) -> Int? { Int(exactly: v) }

func hex<T: BinaryInteger>(_ v: T) -> String { "0x" + String(v, radix: 16) }

/// Entropy over file-chosen ranges with a total budget: forged headers can declare thousands of
/// sections that all span the whole file, which would make entropy quadratic in the file size.
/// Identical ranges are computed once; past the budget (4x the file, at least 16 MiB) a range
/// gets no entropy and the caller warns.
struct EntropyBudget {
    var remaining: Int
    var memo: [Int: Double] = [:]
    private(set) var skipped = 0

    init(fileSize: Int) { remaining = max(fileSize &* 4, 16 << 20) }

    mutating func entropy(_ r: ByteReader, _ offset: Int, _ length: Int) -> Double {
        let slice = r.clipped(offset, length)
        if slice.isEmpty { return 0 }
        let key = offset &* 1_000_003 ^ slice.count
        if let h = memo[key] { return h }
        guard slice.count <= remaining else { skipped += 1; return 0 }
        remaining -= slice.count
        let h = shannonEntropy(slice)
        memo[key] = h
        return h
    }
}

/// Shannon entropy in bits per byte, pefile's `entropy_H`: 0 for no data.
public func shannonEntropy(_ bytes: UnsafeRawBufferPointer) -> Double {
    if bytes.isEmpty { return 0 }
    // Four count tables break the store-to-load dependency on runs of equal bytes.
    var counts = [Int](repeating: 0, count: 1024)
    counts.withUnsafeMutableBufferPointer { c in
        let n = bytes.count
        var i = 0
        while i &+ 4 <= n {
            c[Int(bytes[i])] &+= 1
            c[256 &+ Int(bytes[i &+ 1])] &+= 1
            c[512 &+ Int(bytes[i &+ 2])] &+= 1
            c[768 &+ Int(bytes[i &+ 3])] &+= 1
            i &+= 4
        }
        while i < n { c[Int(bytes[i])] &+= 1; i &+= 1 }
    }
    let total = Double(bytes.count)
    var h = 0.0
    for b in 0..<256 {
        let k = counts[b] + counts[256 + b] + counts[512 + b] + counts[768 + b]
        if k == 0 { continue }
        let p = Double(k) / total
        h -= p * log2(p)
    }
    return h
}
