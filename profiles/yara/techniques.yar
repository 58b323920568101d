// Technique-level rules for script samples: what a shell builtin does leaves no syscall of its own,
// so the script text is the evidence. Matched by behaviour rules through `source: yara`.

rule shell_trap_handler : technique
{
    meta:
        description = "a shell script installs a trap that runs a program (nohup, a download, a shell, a temporary-folder script) on a signal or exit, or before every command (DEBUG)"
        attack = "T1546.005"
    strings:
        $run = /(^|[;&|\s])trap\s+['"][^'"\n]*(nohup|curl |wget |nc |ncat |socat |python|perl |bash -i|sh \/|\/tmp\/|\/dev\/shm\/|\/var\/tmp\/)[^'"\n]*['"]\s+(EXIT|SIG[A-Z]+|INT|TERM|HUP|QUIT|ERR|RETURN|0)\b/
        $debug = /(^|[;&|\s])trap\s+['"][^\n]*['"]\s+DEBUG\b/
    condition:
        uint16(0) == 0x2123 and any of them
}

// Credential stealers carry the list of stores they harvest: paths of two or more kinds of store
// (browser password databases, messenger profiles, wallets, SSH keys, cloud/CLI tokens, FTP
// clients' saved sites), as RedLine, Raccoon, Vidar, AZORult and Linux stealers do. One kind alone
// (a browser, a backup of ~/.ssh) does not count.
rule credential_store_paths : technique
{
    meta:
        description = "names credential stores of at least two kinds (browser, messenger, wallet, SSH key, cloud token, FTP client)"
        attack = "T1555"
    strings:
        $b1 = "logins.json" nocase ascii wide
        $b2 = "key4.db" nocase ascii wide
        $b3 = "key3.db" nocase ascii wide
        $b4 = "signons.sqlite" nocase ascii wide
        $b5 = "Login Data" nocase ascii wide
        $b6 = "cookies.sqlite" nocase ascii wide
        $m1 = ".purple" nocase ascii wide
        $m2 = "Telegram Desktop" nocase ascii wide
        $m3 = "tdata" fullword nocase ascii wide
        $m4 = /discord(canary|ptb)?[\\\/]Local Storage/ nocase ascii wide
        $sk_name = "Skype" nocase ascii wide
        $sk_db = "main.db" nocase ascii wide
        $w1 = "wallet.dat" nocase ascii wide
        $w2 = "Electrum" nocase ascii wide
        $w3 = /[\\\/]Exodus[\\\/]/ nocase ascii wide
        $w4 = /ethereum[\\\/]keystore/ nocase ascii wide
        $s1 = /\.ssh[\\\/]id_(rsa|dsa|ecdsa|ed25519)/ nocase ascii wide
        $c1 = /\.aws[\\\/]credentials/ nocase ascii wide
        $c2 = /\.azure[\\\/]accessTokens/ nocase ascii wide
        $c3 = /gcloud[\\\/](credentials|access_tokens)\.db/ nocase ascii wide
        $c4 = /\.docker[\\\/]config\.json/ nocase ascii wide
        $c5 = ".git-credentials" nocase ascii wide
        $f1 = "recentservers.xml" nocase ascii wide
        $f2 = "sitemanager.xml" nocase ascii wide
    condition:
        (any of ($b*) and (any of ($m*) or ($sk_name and $sk_db) or any of ($w*) or $s1 or any of ($c*) or any of ($f*))) or
        ((any of ($m*) or ($sk_name and $sk_db)) and (any of ($w*) or $s1 or any of ($c*) or any of ($f*))) or
        (any of ($w*) and ($s1 or any of ($c*) or any of ($f*))) or
        ($s1 and (any of ($c*) or any of ($f*))) or
        (any of ($c*) and any of ($f*))
}

// A messenger worm spreads by link: it reads the contact list and posts a message with a URL to
// each contact through the messenger's API (REST /messages, Telegram sendMessage, Slack
// chat.postMessage, the desktop Skype API's CHATMESSAGE).
rule messenger_contact_spreader : technique
{
    meta:
        description = "reads a messenger contact list and sends messages with a link through a messenger API"
        attack = "T1534"
    strings:
        $contacts1 = /contacts\.(json|xml|db)/ nocase ascii wide
        $contacts2 = "blist.xml" nocase ascii wide
        $contacts3 = "SEARCH FRIENDS" ascii wide
        $contacts4 = "skypename" nocase ascii wide
        $send1 = /\/(messages|sendMessage)\b/ ascii wide
        $send2 = "chat.postMessage" ascii wide
        $send3 = "CHATMESSAGE" ascii wide
        $url = /https?:\/\// ascii wide
    condition:
        any of ($contacts*) and any of ($send*) and $url
}

// Shell history cleared or switched off by builtins (history -c, set +o history, unset HISTFILE,
// HISTFILE=/dev/null, HISTSIZE=0, ...): no syscall of its own, so the script text is the evidence.
rule shell_history_builtins : technique
{
    meta:
        description = "a shell script clears or switches off its history with builtins or variables"
        attack = "T1070.003"
    strings:
        $clear = /(^|[;&|\s(])history\s+-[a-z]*c/
        $wipe = /(^|[;&|\s(])history\s+-w\s+\/dev\/null/
        $off = /(^|[;&|\s(])set\s+\+o\s+history\b/
        $unset = /(^|[;&|\s(])unset\s+(-v\s+)?HIST(FILE|SIZE|FILESIZE)\b/
        $var = /(^|[;&|\s(])(export\s+|declare\s+(-x\s+)?)?(HISTFILE=(\/dev\/null|['"]{2}|\s|$)|HISTSIZE=['"]?0\b|HISTFILESIZE=['"]?0\b|SAVEHIST=['"]?0\b|HISTCONTROL=['"]?[a-z:]*ignore(space|both)|HISTIGNORE=['"]?[^\s'"])/
        $nohist = /(^|[;&|\s(])shopt\s+-u\s+histappend\b/
    condition:
        uint16(0) == 0x2123 and any of them
}
