#if os(Linux)
import Foundation
import Glibc
import PetriModel
@testable import PetriNet
import Testing

/// The catch-all talks back: the shell probe and the IRC server (issue 16). Real shells run in the
/// sandbox in PetriSandboxTests/NetworkShellTests; here the peers are test sockets.
@Suite("C2 that answers")
struct C2Tests {
    static let token = "petri0123456789abcdef"
    static func probe(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func probeSplitsTheTokenSoAnEchoDoesNotConfirm() {
        let p = ShellProbe(token: Self.token)
        #expect(p.commands == ["echo petri01234''56789abcdef", "id", "exit"])
        #expect(p.confirmed(by: Self.probe("petri0123456789abcdef\nuid=1000(user) gid=1000(user)\n")))
        #expect(!p.confirmed(by: p.bytes), "the probe repeated back is not a shell")
        #expect(!p.confirmed(by: Self.probe("petri01234 56789abcdef\n")))
    }

    @Test func promptsAndShellMessagesAreRecognised() {
        for prompt in ["$ ", "# ", "user@host:~$ ", "sh-5.2$ ", "/ # ", "C:\\Users\\user>", "PS C:\\> ", ">>> ", "% ",
                       "\u{1B}[01;32muser@host\u{1B}[00m:~$ ",
                       "bash: cannot set terminal process group (1): Inappropriate ioctl for device\n",
                       "bash: no job control in this shell\nuser@box:/tmp$ "] {
            #expect(ShellProbe.looksLikePrompt(Self.probe(prompt)[...]), "\(prompt.debugDescription)")
        }
        for other in ["BEACON 1\n", "hello", "SSH-2.0-OpenSSH_9.2\r\n", "{\"id\":7}", "$ \n", "\u{0}\u{1}$", ""] {
            #expect(!ShellProbe.looksLikePrompt(Self.probe(other)[...]), "\(other.debugDescription)")
        }
        #expect(!ShellProbe.looksLikePrompt(Self.probe(String(repeating: "a", count: 300) + "$ ")[...]))
    }

    @Test func silentPeerGetsTheProbeAndAnEchoIsNotConfirmed() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab { $0.c2.runToken = Self.token; $0.c2.silenceBeforeProbe = .milliseconds(300) }
        let fd = try lab.connect("198.51.100.44", 4444).get()
        let expected = ShellProbe(token: Self.token).bytes
        let got = lab.receive(fd) { $0.count >= expected.count }
        #expect(got == expected)
        _ = lab.sendAll(fd, got)
        usleep(200_000)
        close(fd)
        let s = await lab.net.stop()
        let rec = try #require(s.other.first { $0.connection == s.connections.first { $0.port == 4444 }?.id })
        #expect(rec.service == "raw")
        #expect(rec.lines.first?.hasPrefix("petri: probe sent (peer silent), not confirmed") == true)
        #expect(rec.lines.contains("petri> id"))
        #expect(!s.other.contains { $0.service == "shell" })
    }

    @Test func promptGetsTheProbeAtOnceAndTheJoinedTokenConfirms() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab { $0.c2.runToken = Self.token; $0.c2.silenceBeforeProbe = .seconds(30) }
        let fd = try lab.connect("198.51.100.45", 31337).get()
        _ = lab.sendAll(fd, Self.probe("sh-5.2$ "))
        let expected = ShellProbe(token: Self.token).bytes
        #expect(lab.receive(fd) { $0.count >= expected.count } == expected, "a prompt is probed without waiting for silence")
        _ = lab.sendAll(fd, Self.probe("\(Self.token)\nsh-5.2$ uid=0(root) gid=0(root) groups=0(root)\nsh-5.2$ "))
        // petri closes a confirmed shell's socket soon after (a relay such as nc would hold it open).
        #expect(lab.receive(fd).isEmpty)
        close(fd)
        let s = await lab.net.stop()
        let rec = try #require(s.other.first { $0.service == "shell" })
        #expect(rec.lines.first?.hasPrefix("petri: probe sent (peer prompt), shell confirmed") == true)
        #expect(rec.lines.first?.contains("uid=0(root)") == true)
        #expect(rec.lines.contains("petri> echo petri01234''56789abcdef"))
        #expect(s.connections.first { $0.port == 31337 }?.service == "shell")
    }

    @Test func peerThatSpeaksFirstIsNotProbed() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab { $0.c2.silenceBeforeProbe = .milliseconds(300) }
        let fd = try lab.connect("198.51.100.46", 4444).get()
        _ = lab.sendAll(fd, Self.probe("BEACON 1 host=box\n"))
        lab.setTimeouts(fd, ms: 1000)
        #expect(lab.receive(fd).isEmpty, "a beacon that talks first gets no probe")
        close(fd)
        let s = await lab.net.stop()
        let rec = try #require(s.other.first { $0.service == "raw" })
        #expect(rec.lines.isEmpty)
    }

    @Test func ircServerWelcomesAcceptsJoinAndSendsOneCommand() async throws {
        guard Prereq.root else { return }
        let lab = try await Lab()
        // A non-IRC port: the first line gives the protocol away.
        let fd = try lab.connect("198.51.100.67", 7777).get()
        _ = lab.sendAll(fd, Self.probe("NICK bot17\r\nUSER bot 0 * :bot\r\n"))
        let welcome = String(decoding: lab.receive(fd) { String(decoding: $0, as: UTF8.self).contains(" 376 ") }, as: UTF8.self)
        #expect(welcome.hasPrefix(":irc.example 001 bot17 :Welcome"))
        _ = lab.sendAll(fd, Self.probe("JOIN #cmd secret\r\n"))
        let joined = String(decoding: lab.receive(fd) { String(decoding: $0, as: UTF8.self).contains("PRIVMSG") }, as: UTF8.self)
        #expect(joined.contains(":bot17!bot17@198.51.100.10 JOIN :#cmd\r\n"))
        #expect(joined.contains(" 366 bot17 #cmd "))
        #expect(joined.hasSuffix(":op!op@irc.example PRIVMSG #cmd :\u{1}VERSION\u{1}\r\n"))
        _ = lab.sendAll(fd, Self.probe("NOTICE op :\u{1}VERSION bot 1.0\u{1}\r\nJOIN #two\r\nQUIT\r\n"))
        let rest = String(decoding: lab.receive(fd), as: UTF8.self)
        #expect(!rest.contains("PRIVMSG"), "one command per connection")
        close(fd)
        let s = await lab.net.stop()
        let i = try #require(s.other.first { $0.service == "irc" })
        #expect(i.lines == ["NICK bot17", "USER bot 0 * :bot", "JOIN #cmd secret", "petri> :op!op@irc.example PRIVMSG #cmd :\\x01VERSION\\x01",
                            "NOTICE op :\u{1}VERSION bot 1.0\u{1}", "JOIN #two", "QUIT"])
    }
}
#endif
