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
