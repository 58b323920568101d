import Foundation
import PetriModel

/// Command-line arguments as the bytes the kernel passed. Swift decodes argv as UTF-8 and replaces
/// invalid bytes with U+FFFD, so a path such as `bad\xff.bin` can't be opened from the String
/// ArgumentParser hands over; the raw bytes can.
enum RawArgument {
    /// The raw bytes of the argv entry that decodes to `decoded`, when that entry is not valid UTF-8.
    static func invalidUTF8Bytes(decodingTo decoded: String) -> [UInt8]? {
        guard decoded.unicodeScalars.contains("\u{FFFD}") else { return nil }
        for i in 1..<Int(CommandLine.argc) {
            guard let p = CommandLine.unsafeArgv[i] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
            if String(validating: bytes, as: UTF8.self) == nil, String(decoding: bytes, as: UTF8.self) == decoded { return bytes }
        }
        return nil
    }

    /// The bytes for one terminal line: valid UTF-8 as is, control characters and invalid bytes as \xNN.
    static func printable(_ bytes: [UInt8]) -> String { ByteText.display(bytes, escapeControl: true) }

    /// Opens a sample path given as raw bytes; returns the fd (close-on-exec) or the one-line problem.
    static func openSample(_ bytes: [UInt8]) -> Result<Int32, SampleOpenError> {
        let fd = (bytes + [0]).withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        }
        if fd >= 0 { return .success(fd) }
        let shown = printable(bytes)
        switch errno {
        case ENOENT, ENOTDIR: return .failure(SampleOpenError(message: "sample not found: \(shown)"))
        case EACCES: return .failure(SampleOpenError(message: "sample is not readable: \(shown)"))
        default: return .failure(SampleOpenError(message: "cannot open sample \(shown): \(String(cString: strerror(errno)))"))
        }
    }

    struct SampleOpenError: Error { var message: String }
}
