import NIOCore

/// Per-connection state of the IRC server (stored on SinkholeConnection).
struct IRCSession {
    var nick: String?
    var user = false
    var welcomed = false
    var commandSent = false

    /// A client's first line on a port that is not an IRC port: `NICK`, `USER`, `PASS` or `CAP LS`.
    static func looksLikeIRC(_ b: ArraySlice<UInt8>) -> Bool {
        for verb in ["NICK ", "USER ", "PASS ", "CAP LS"] where b.starts(with: verb.utf8) { return true }
        return false
    }
}

/// The IRC server a bot expects: registration answered with the welcome numerics (001-004, MOTD),
/// `JOIN` accepted with a topic and a names list, `PING` answered, and after the first join exactly
/// one command from an "operator" in the channel (`C2Policy.ircCommand`, by default a CTCP VERSION,
/// which every IRC client and bot library answers and which changes nothing). The bot's lines after
/// it are its replies, recorded like every other line; the command is in the record as a `petri> ` line.
extension SinkholeConnection {
    static let ircServer = "irc.example"

    func handleIRC(_ context: ChannelHandlerContext, _ line: String, verb: String) {
        let args = line.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let nick = irc.nick ?? "*"
        switch verb {
        case "NICK":
            let n = args.split(separator: " ").first.map { String($0.drop { $0 == ":" }) } ?? ""
            irc.nick = Self.safeIRCToken(n, fallback: "guest")
        case "USER": irc.user = true
        case "CAP": send(context, ":\(Self.ircServer) CAP \(nick) LS :\r\n")
        case "PING": send(context, ":\(Self.ircServer) PONG \(Self.ircServer) \(Self.safeIRCToken(args, fallback: ":x"))\r\n")
        case "JOIN":
            guard let n = irc.nick else { return }
            let first = args.split(separator: " ").first.map(String.init) ?? ""
            let channel = Self.safeIRCToken(first.split(separator: ",").first.map(String.init) ?? "", fallback: "#main")
            let s = Self.ircServer
            send(context, ":\(n)!\(n)@198.51.100.10 JOIN :\(channel)\r\n:\(s) 332 \(n) \(channel) :welcome\r\n"
                 + ":\(s) 353 \(n) = \(channel) :\(n) @op\r\n:\(s) 366 \(n) \(channel) :End of /NAMES list.\r\n")
            if !irc.commandSent {
                irc.commandSent = true
                let command = "PRIVMSG \(channel) :\(ctx.c2.ircCommand)"
                addLine("petri> :op!op@\(s) " + escapedText(Array(command.utf8)))
                send(context, ":op!op@\(s) \(command)\r\n")
            }
        case "QUIT": send(context, "ERROR :Closing link\r\n", thenClose: true); return
        default: break
        }
        if (verb == "NICK" || verb == "USER"), let n = irc.nick, irc.user, !irc.welcomed {
            irc.welcomed = true
            let s = Self.ircServer
            send(context, ":\(s) 001 \(n) :Welcome to the Internet Relay Network \(n)\r\n"
                 + ":\(s) 002 \(n) :Your host is \(s), running version ircd-2.11.2\r\n"
                 + ":\(s) 003 \(n) :This server was created Jan 1 2024\r\n"
                 + ":\(s) 004 \(n) \(s) ircd-2.11.2 aoOirw abeiIklmnoOpqrRstv\r\n"
                 + ":\(s) 375 \(n) :- \(s) Message of the day -\r\n:\(s) 372 \(n) :- welcome\r\n"
                 + ":\(s) 376 \(n) :End of /MOTD command.\r\n")
        }
    }

    /// A nick or channel echoed back: printable, no spaces or line breaks, at most 50 characters.
    static func safeIRCToken(_ s: String, fallback: String) -> String {
        let t = String(s.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7f }.prefix(50).map(Character.init))
        return t.isEmpty ? fallback : t
    }
}
