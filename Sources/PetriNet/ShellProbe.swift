import NIOCore

/// The shell probe: a reverse shell connects and waits for its operator. When a TCP peer stays
/// silent after connecting, or its first bytes look like a shell prompt, the catch-all types
///
///     echo <first half of the run token>''<second half>
///     id
///     exit
///
/// A shell removes the empty quotes and prints the token joined; an echo of the input (a pty, an
/// echo service, a client that prints what it got) shows the quotes. So the joined token coming back
/// proves that a shell ran the probe. `id` shows whose shell it is; `exit` ends it. Nothing else is
/// ever sent, and none of it changes anything.
struct ShellProbe: Sendable {
    let token: String

    /// What is typed, one command per line.
    var commands: [String] {
        let cut = token.index(token.startIndex, offsetBy: token.count / 2)
        return ["echo \(token[..<cut])''\(token[cut...])", "id", "exit"]
    }

    var bytes: [UInt8] { Array(commands.map { $0 + "\n" }.joined().utf8) }

    /// True when the shell's answer holds the token joined (it ran `echo`, it did not just repeat it).
    func confirmed(by reply: [UInt8]) -> Bool {
        let needle = Array(token.utf8)
        guard reply.count >= needle.count else { return false }
        return (0...(reply.count - needle.count)).contains { reply[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Messages an interactive shell prints on a socket (bash -i without a terminal) and prompts:
    /// the last line ends in `$`, `#`, `%` or `>` (sh, bash, zsh, busybox, cmd.exe, PowerShell, a
    /// Python REPL), is short and holds no control bytes except the ESC of a coloured prompt.
    static func looksLikePrompt(_ b: ArraySlice<UInt8>) -> Bool {
        guard !b.isEmpty, b.count <= 2048 else { return false }
        let text = String(decoding: b, as: UTF8.self)
        if text.contains("no job control in this shell") || text.contains("cannot set terminal process group") { return true }
        guard b.last != 0x0A else { return false }
        let last = b.split(separator: 0x0A, omittingEmptySubsequences: false).last ?? b[...]
        var line = Array(last)
        while let c = line.last, c == 0x20 || c == 0x0D { line.removeLast() }
        guard (1...200).contains(line.count), let end = line.last, [0x24, 0x23, 0x25, 0x3E].contains(end) else { return false }
        return line.allSatisfy { $0 >= 0x20 || $0 == 0x1B || $0 == 0x09 }
    }
}

/// Per-connection state of the probe (stored on SinkholeConnection).
struct ShellSession {
    enum State { case waiting, probed, confirmed }
    var state: State = .waiting
    /// Why the probe went out: "silent" or "prompt".
    var reason = ""
    var timer: Scheduled<Void>?
    var reply: [UInt8] = []
}

extension SinkholeConnection {
    static let shellReplyCap = 8192

    /// Starts the silence clock of a connection whose service is not known from its port.
    func armShellProbe(_ context: ChannelHandlerContext) {
        guard ctx.c2.shellProbe else { return }
        let t = ctx.c2.silenceBeforeProbe.components
        let amount = TimeAmount.nanoseconds(t.seconds * 1_000_000_000 + t.attoseconds / 1_000_000_000)
        shell.timer = context.eventLoop.assumeIsolated().scheduleTask(in: amount) { self.silenceElapsed(context) }
    }

    func silenceElapsed(_ context: ChannelHandlerContext) {
        guard mode == .sniff, pending.isEmpty, shell.state == .waiting else { return }
        mode = .raw; record.service = "raw"; startService("raw")
        sendShellProbe(context, reason: "silent")
    }

    /// Raw data: a prompt gets the probe; after the probe, the answer is kept and checked.
    func shellRead(_ context: ChannelHandlerContext, _ bytes: ArraySlice<UInt8>) {
        guard ctx.c2.shellProbe else { return }
        switch shell.state {
        case .waiting:
            shell.timer?.cancel()
            let seen = pending + bytes
            if seen.count <= 2048, Self.looksLikePrompt(seen[...]) { sendShellProbe(context, reason: "prompt") }
        case .probed, .confirmed:
            shell.reply += bytes.prefix(max(0, Self.shellReplyCap - shell.reply.count))
            if shell.state == .probed, ShellProbe(token: ctx.c2.runToken).confirmed(by: shell.reply) {
                shell.state = .confirmed
                record.service = "shell"
                // The shell exits on its own; a relay (nc, socat) may hold the socket: close it soon.
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(500)) {
                    if self.mode != .closing { self.close(context) }
                }
            }
        }
    }

    static func looksLikePrompt(_ b: ArraySlice<UInt8>) -> Bool { ShellProbe.looksLikePrompt(b) }

    func sendShellProbe(_ context: ChannelHandlerContext, reason: String) {
        shell.state = .probed
        shell.reason = reason
        send(context, ShellProbe(token: ctx.c2.runToken).bytes)
    }

    /// The transcript, for the connection's service record: what petri typed (`petri> `), then the
    /// peer's answer line by line (escaped). A confirmed shell's record has the service "shell".
    func finishShell() {
        shell.timer?.cancel()
        guard shell.state != .waiting, var s = service else { return }
        let answer = shell.reply.split(separator: 0x0A).map { escapedText(Array($0.prefix(1024))) }
        // The first line sums the session up, so a rule can cite it as the evidence.
        let verdict = shell.state == .confirmed ? "shell confirmed: the token came back joined" : "not confirmed"
        var lines = ["petri: probe sent (peer \(shell.reason)), \(verdict); answer: " + String(answer.joined(separator: " \\n ").prefix(600))]
        lines += ShellProbe(token: ctx.c2.runToken).commands.map { "petri> " + $0 } + answer
        if shell.state == .confirmed { s.service = "shell" }
        s.lines = Array(lines.prefix(ctx.limits.maxLinesPerConnection))
        service = s
    }
}
