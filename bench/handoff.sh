#!/usr/bin/env bash
# The openat loop (default profile, and bench/keep-all.yaml: every event kept) under two petri
# builds, interleaved, with whatever CPU placement the caller gives: shows what the scheduler's
# hand-offs between the supervisor and the sample cost next to the supervisor's own work.
#
#   PETRI=.build-release/release/petri PETRI_BEFORE=/path/to/older/petri bash bench/handoff.sh
#   taskset -c 0,1 chrt -f 10 env PETRI=... PETRI_BEFORE=... bash bench/handoff.sh
#
# Prints microseconds per openat (petri loop minus the native loop on the host's /) per run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N=${NOTIFIED_N:-100000}
PETRI=${PETRI:-.build/release/petri}
die() { echo "handoff: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (petri needs it)"
[ -n "${PETRI_BEFORE:-}" ] || die "set PETRI_BEFORE to the build to compare with"
mkdir -p .build/bench
gcc -O2 -static -o .build/bench/loop bench/loop.c
W=$(mktemp -d /tmp/petri-handoff.XXXXXX); chmod 755 "$W"; trap 'rm -rf "$W"' EXIT
loop() {  # binary profile
    rm -rf "$W/a" "$W/r.json"
    "$1" analyze .build/bench/loop --quiet --timeout 120s --network none --profile "$2" \
        --out "$W/r.json" --artifacts "$W/a" -- openat "$N" >/dev/null
    sed -n 's/^loop_ns=//p' "$W/a/stdout.txt"
}
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); affinity: $(taskset -pc $$ | sed 's/.*: //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
    native=$(.build/bench/loop --native openat "$N" | sed -n 's/^loop_ns=//p')
    for b in "$PETRI" "$PETRI_BEFORE"; do
        for prof in default bench/keep-all.yaml; do
            t=$(loop "$b" "$prof")
            echo "run $i  $b  $prof  +$(( (t - native) / N )) ns per openat"
        done
    done
done
