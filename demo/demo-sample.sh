#!/bin/sh
# petri demo sample: harmless, but it does a few things that look like malware so the report has
# something to show. It only acts inside a fresh pid namespace (petri's sandbox); anywhere else it
# prints one line and exits.
#
#   - copies itself to /tmp/.hidden/updater and runs the copy (which only prints and exits)
#   - writes a config file under ~/.config and an autostart entry (persistence-looking)
#   - reads /etc/passwd, runs uname -a
#   - tries one TCP connection to 198.51.100.7:80 (TEST-NET-2, documentation only) if bash exists
#   - exits 0

# In a fresh pid namespace the sandbox init is pid 1 and this script a very low pid.
if [ "$$" -ge 10 ]; then
    echo "demo sample: not in a sandbox, doing nothing"
    exit 0
fi

# The copy is started with --check: it prints and exits, nothing else.
if [ "${1:-}" = "--check" ]; then
    echo "updater: up to date"
    exit 0
fi

echo "demo sample: starting (pid $$)"

# Copy to a hidden folder and run the copy (first, so the copy's pid stays low too).
mkdir -p /tmp/.hidden
cat "$0" > /tmp/.hidden/updater
chmod 755 /tmp/.hidden/updater
/tmp/.hidden/updater --check

# A config file, and an autostart entry that points at the copy.
mkdir -p "$HOME/.config/autostart"
printf 'interval=3600\nserver=198.51.100.7\n' > "$HOME/.config/demo-updater.conf"
cat > "$HOME/.config/autostart/updater.desktop" <<'DESKTOP'
[Desktop Entry]
Type=Application
Name=System Updater
Exec=/tmp/.hidden/updater --check
Hidden=false
X-GNOME-Autostart-enabled=true
DESKTOP

# Reconnaissance-looking reads.
users=$(cat /etc/passwd | wc -l)
echo "demo sample: /etc/passwd has $users entries"
uname -a || true

# One connection attempt to a documentation address, only via bash's /dev/tcp.
if command -v bash >/dev/null 2>&1; then
    if bash -c 'exec 3<>/dev/tcp/198.51.100.7/80' 2>/dev/null; then
        echo "demo sample: 198.51.100.7:80 answered"
    else
        echo "demo sample: 198.51.100.7:80 unreachable"
    fi
fi

echo "demo sample: done"
exit 0
