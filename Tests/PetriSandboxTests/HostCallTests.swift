import Foundation
import Glibc
import PetriSandbox
import PetriSys
import PetriTestSupport
import Testing

/// The checked host calls the sandbox's set-up uses (no root needed: the files are the test's own).
@Suite struct HostCallTests {
    @Test func failureNamesTheOperationAndPath() throws {
        let d = TempFolders.make("host")
        #expect(throws: SandboxError.host(operation: "chown \(d)/missing to 0:0", errno: ENOENT)) {
            try SandboxHost.chown(d + "/missing", 0, 0)
        }
        do { try SandboxHost.chmod(d + "/missing", 0o600); Issue.record("chmod of a missing file succeeded") } catch {
            #expect("\(error)" == "chmod \(d)/missing to 600 failed: No such file or directory")
        }
    }

    @Test func chmodAndChownDoWhatTheySay() throws {
        let d = TempFolders.make("host")
        let f = d + "/file"
        #expect(FileManager.default.createFile(atPath: f, contents: Data("x".utf8)))
        try SandboxHost.chmod(f, 0o640)
        var st = stat()
        #expect(stat(f, &st) == 0 && st.st_mode & 0o7777 == 0o640)
        try SandboxHost.chown(f, getuid(), getgid())
        let fd = open(f, O_RDONLY)
        defer { close(fd) }
        try SandboxHost.fchmod(fd, 0o604, path: f)
        #expect(stat(f, &st) == 0 && st.st_mode & 0o7777 == 0o604)
    }

    @Test func lchownDoesNotFollowALink() throws {
        let d = TempFolders.make("host")
        #expect(symlink(d + "/nowhere", d + "/link") == 0)
        // The link's target does not exist: chown follows it and fails, lchown changes the link.
        #expect(throws: SandboxError.self) { try SandboxHost.chown(d + "/link", getuid(), getgid()) }
        try SandboxHost.lchown(d + "/link", getuid(), getgid())
    }

    @Test func retryingRepeatsOnlyInterruptedCalls() {
        var calls = 0
        let r = HostCall.retrying {
            calls += 1
            if calls < 3 { errno = EINTR; return -1 }
            return 7
        }
        #expect(r == 7 && calls == 3)
        calls = 0
        #expect(HostCall.retrying { calls += 1; errno = EACCES; return -1 } == -1 && calls == 1)
    }
}
