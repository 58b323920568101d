#!/usr/bin/env bash
# Set-up cost of the guest image (issue 20): the same trivial sample run with the default profile (the
# guest image: overlays of its /usr, /etc, /var, /root) and with `guest: host` (read-only binds of the
# host's folders), interleaved in the same repetitions so both share the machine's load.
#
#   bench/guest.sh [PETRI]        (as root; default .build/release/petri, else .build/debug/petri)
#   RUNS=21 bench/guest.sh
#
# Prints the medians of run.setup_ms (clone to the sample's execve, from the report) and of the whole
# `petri analyze` wall time, per mode, and their differences. The guest must be built (make guest).
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI=${1:-$( [ -x .build/release/petri ] && echo .build/release/petri || echo .build/debug/petri )}
RUNS=${RUNS:-11}
WORK=$(mktemp -d /tmp/petri-bench-guest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
printf '#!/bin/sh\nexit 0\n' > "$WORK/sample.sh"; chmod +x "$WORK/sample.sh"
python3 - "$WORK/host.yaml" <<'PY'
import sys, re
src = open("profiles/default.yaml").read()
# the default profile with its guest: mapping replaced by `guest: host`
out, skip = [], False
for line in src.splitlines():
    if re.match(r"^guest:", line):
        out.append("guest: host"); skip = True; continue
    if skip and (line.startswith(" ") or line.strip() == ""):
        continue
    skip = False; out.append(line)
if not any(l.startswith("guest:") for l in out): out.append("guest: host")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
export PETRI_PROFILES="$PWD/profiles"
run() {  # mode profile-arg...
    local mode=$1; shift
    local t0 t1
    t0=$(date +%s%N)
    "$PETRI" analyze "$WORK/sample.sh" --quiet --network none --out "$WORK/$mode.json" --artifacts "$WORK/$mode-art" "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    python3 -c "import json,sys; r=json.load(open('$WORK/$mode.json')); print(r['run'].get('setup_ms') or 0, ($t1-$t0)/1e6)" >> "$WORK/$mode.txt"
}
run guest; run host --profile "$WORK/host.yaml"   # warm-up (etc caches, page cache)
: > "$WORK/guest.txt"; : > "$WORK/host.txt"
for i in $(seq "$RUNS"); do run guest; run host --profile "$WORK/host.yaml"; done
python3 - "$WORK" "$RUNS" "$PETRI" <<'PY'
import statistics, sys
w, runs, petri = sys.argv[1], sys.argv[2], sys.argv[3]
def med(mode, i): return statistics.median(float(l.split()[i]) for l in open(f"{w}/{mode}.txt"))
g_s, h_s, g_w, h_w = med("guest", 0), med("host", 0), med("guest", 1), med("host", 1)
print(f"petri {petri}, {runs} interleaved runs each, median:")
print(f"  setup_ms   guest image {g_s:8.1f}   guest: host {h_s:8.1f}   difference {g_s - h_s:+7.1f} ms")
print(f"  wall ms    guest image {g_w:8.1f}   guest: host {h_w:8.1f}   difference {g_w - h_w:+7.1f} ms")
PY
