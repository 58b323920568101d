import Foundation
import Glibc
import PetriModel
@testable import PetriSandbox
import Testing

/// The supervisor answers path and fd syscalls before rendering their record: it reads what
/// `CaptureSpec` names, answers, then decodes with no further reads. These tests decode the same
/// registers both ways, against this test process's own memory and fds, and require equal records.
@Suite("Syscall capture before the answer")
struct SyscallCaptureTests {
    /// Six argument registers, each at once a pointer to a distinct relative path and, in its low
    /// 32 bits, a directory fd: whatever a decoder takes an argument for, it finds something real.
    /// One per test process (fixed addresses, a fixed fd number), shared by the parallel tests.
    final class Registers: @unchecked Sendable {
        let args: [UInt64]
        let dirFD: Int32
        let dir: String

        init?() {
            dir = NSTemporaryDirectory() + "petri-capture-\(getpid())"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            // A free fd number above those other tests use, small enough to be a page offset.
            let dirFD = fcntl(fd, F_DUPFD_CLOEXEC, 200)
            close(fd)
            guard dirFD > 0, dirFD < 2048 else { return nil }
            self.dirFD = dirFD
            var args: [UInt64] = []
            for i in 0..<6 {
                // A page whose address has zero low 32 bits, so address + dirFD truncates to dirFD.
                let want = UnsafeMutableRawPointer(bitPattern: UInt(0x5a00 + i) << 32)
                guard let p = mmap(want, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | 0x100000 /* MAP_FIXED_NOREPLACE */, -1, 0),
                      p != MAP_FAILED, p == want else { return nil }
                let s = "sub\(i)/./x/../file\(i)"
                _ = s.withCString { strcpy(p.advanced(by: Int(dirFD)).assumingMemoryBound(to: CChar.self), $0) }
                args.append(UInt64(UInt(bitPattern: p)) + UInt64(dirFD))
            }
            self.args = args
        }

        func decoder() -> SyscallDecoder { SyscallDecoder(hostTid: getpid(), arch: .x86_64, args: args) }
    }

    static let shared = Registers()

    static let captured: [String] = (SyscallCatalog.notified + SyscallCatalog.denied + SyscallCatalog.conditional
                                     + SyscallCatalog.execMemory).filter { CaptureSpec.of($0) != nil }

    @Test("decoding after the answer from what was captured equals decoding before it", arguments: captured)
    func sameRecord(name: String) throws {
        let regs = try #require(Self.shared)
        let spec = try #require(CaptureSpec.of(name))
        let direct = regs.decoder().decode(name: name)
        let late = regs.decoder()
        late.capture(spec)
        late.seal()
        #expect(late.decode(name: name) == direct)
        // The registers are real enough that path and fd syscalls record something.
        if !spec.paths.isEmpty { #expect(direct.args[ArgKey.path] != nil || direct.args[ArgKey.newPath] != nil) }
        if spec.fd != nil { #expect(direct.args[ArgKey.fdPath] != nil || direct.args[ArgKey.path] != nil) }
    }

    @Test("a sealed decoder reads nothing that was not captured")
    func sealedReadsNothing() throws {
        let regs = try #require(Self.shared)
        let direct = regs.decoder().decode(name: "openat")
        #expect(direct.args[ArgKey.path] == .string(String(cString: realpath(regs.dir, nil)) + "/sub1/file1"))
        let late = regs.decoder()
        late.capture(CaptureSpec())  // a spec that forgot the path
        late.seal()
        let missing = late.decode(name: "openat")
        #expect(missing.args[ArgKey.path] == nil)
        #expect(missing != direct)
    }

    @Test("normalize folds . and .. and repeated slashes, and leaves normal paths as they are",
          arguments: [("/a/b/c", "/a/b/c"), ("/", "/"), ("/a//b", "/a/b"), ("/a/./b", "/a/b"), ("/a/../b", "/b"),
                      ("/a/b/", "/a/b"), ("/a/.", "/a"), ("/a/..", "/"), ("/..", "/"), ("/.hidden/..x/...", "/.hidden/..x/..."),
                      ("/a/b/.", "/a/b"), ("//", "/"), ("/x/y/z/../..", "/x")])
    func normalize(input: String, expected: String) {
        #expect(SyscallDecoder.normalize(input) == expected)
    }
}
