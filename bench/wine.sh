#!/usr/bin/env bash
# Wine runner speed: a trivial console PE (tests/pe benign.exe) analysed end to end by petri, and
# the bare-Wine reference measured in the same run: the guest image's Wine (wine64, or wine for
# ARCH=x86: a PE32 under WoW64) chrooted into the same guest, on an overlay of the same template
# prefix, as the same host uid, no petri (no seccomp, no simulated internet, no report). Runs are
# interleaved (petri, [baseline petri], bare -all, bare with petri's debug channels) so load
# drift hits all alike; medians over N rounds of wall time and of CPU time of the whole process
# tree (a cpuacct cgroup per run: Wine's processes are daemons that /usr/bin/time never sees).
# Usage: bench/wine.sh [path/to/petri] [rounds]   (default: .build-release/release/petri, 5)
#        ARCH=x86 bench/wine.sh   the 32-bit benign.exe (tests/pe/build/x86) and the 32-bit loader.
#        PETRI_BASELINE=path/to/other/petri bench/wine.sh   adds a second petri (before/after).
#        PRIO="nice -n -20" bench/wine.sh   runs every measured command at the highest CFS weight (a shared,
#        loaded machine: other builds then barely preempt the runs; chrt -f distorts Wine, which spins).
# Needs root (mounts for the bare reference) and the Wine template (built by the first petri run).
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI="${1:-.build-release/release/petri}"
N="${2:-5}"
ARCH="${ARCH:-x64}"
PE=tests/pe/build/$ARCH/benign.exe
LOADER=/usr/lib/wine/wine64; [ "$ARCH" = x86 ] && LOADER=/usr/lib/wine/wine
[ -x "$PETRI" ] || { echo "bench/wine.sh: $PETRI not built (swift build -c release --build-path .build-release)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench/wine.sh: needs root (the bare-Wine reference mounts an overlay)" >&2; exit 2; }
[ -f "$PE" ] || make -s -C tests/pe
OUT=$(mktemp -d /var/tmp/petri-bench-wine.XXXXXX)
"$PETRI" analyze "$PE" --out "$OUT/warm.json" --artifacts "$OUT/warm" --quiet >/dev/null 2>&1 || true   # builds the template if needed
CACHE="${PETRI_CACHE:-/var/cache/petri}/wine"
# The template of the default profile's guest image (its id is in the template's name: _g<id>_).
GUEST_ID=$("$PETRI" guest show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
GUEST="${PETRI_GUEST_CACHE:-${PETRI_CACHE:-/var/cache/petri}/guest}/$GUEST_ID/root"
TEMPLATE=$(find "$CACHE" -maxdepth 1 -type d -name "*_win64_default_g${GUEST_ID}_t*" ! -name '*.*-dlls' | head -1)
[ -n "$TEMPLATE" ] && [ -d "$GUEST" ] || { echo "bench/wine.sh: no Wine template of guest $GUEST_ID under $CACHE" >&2; exit 2; }
OWNER=$(stat -c %u "$TEMPLATE")
CG=/sys/fs/cgroup/cpuacct/petri-bench-$$
mkdir -p "$CG"
trap 'rm -rf "$OUT"; rmdir "$CG" 2>/dev/null || true' EXIT

measure() {  # $1 = label, rest = command; appends "label wall cpu" to results
  local label=$1; shift
  echo 0 > "$CG/cpuacct.usage"
  ( echo "$BASHPID" > "$CG/cgroup.procs"; exec ${PRIO:-} /usr/bin/time -f %e -o "$OUT/wall" "$@" ) || true
  echo "$label $(cat "$OUT/wall") $(awk '{printf "%.3f", $1 / 1e9}' "$CG/cpuacct.usage")" >> "$OUT/results"
}

CHANNELS='+timestamp,+pid,+tid,+process,+file,+reg,+winsock,+wininet,+urlmon,+winhttp,+seh,+loaddll'

petri_run() {  # $1 = label, $2 = binary
  PETRI_DEBUG_TIMING=1 measure "$1" "$2" analyze "$PE" --out "$OUT/$1.json" --artifacts "$OUT/$1" --quiet \
    >/dev/null 2>"$OUT/$1.timing"
  rm -rf "$OUT/$1"
}

bare_run() {  # $1 = label, $2 = WINEDEBUG
  local d="$OUT/bare"
  rm -rf "$d"; mkdir -p "$d/upper/drive_c/users/user/Downloads" "$d/work"
  cp "$PE" "$d/upper/drive_c/users/user/Downloads/benign.exe"
  chown -R "$OWNER:$OWNER" "$d/upper"
  measure "$1" unshare --mount --propagation private -- /bin/sh -c '
    g=$5
    mount -t tmpfs -o mode=755 tmpfs "$g/home" && mkdir -p "$g/home/user/.wine" && chown "$4:$4" "$g/home/user"
    mount -t overlay overlay -o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" "$g/home/user/.wine"
    mount -t tmpfs -o mode=1777 tmpfs "$g/tmp"
    mount -t proc proc "$g/proc" && mount --rbind /dev "$g/dev"
    exec setpriv --reuid="$4" --regid="$4" --clear-groups -- unshare --user --map-user=1000 --map-group=1000 --mount \
      --root="$g" --wd=/home/user/.wine/drive_c/users/user/Downloads -- \
      env -i PATH=/usr/bin:/bin HOME=/home/user USER=user LOGNAME=user LANG=C.UTF-8 WINEPREFIX=/home/user/.wine \
      WINEARCH=win64 "WINEDLLOVERRIDES=mscoree,mshtml=;winemenubuilder.exe=d" "WINEDEBUG=$3" \
      /bin/sh -c "/usr/lib/wine/wineserver64 -p0 && $6 ./benign.exe; /usr/lib/wine/wineserver64 -w"' \
    sh "$TEMPLATE" "$d" "$2" "$OWNER" "$GUEST" "$LOADER" >/dev/null 2>"$d/stderr"
}

for i in $(seq "$N"); do
  petri_run petri "$PETRI"
  [ -n "${PETRI_BASELINE:-}" ] && petri_run baseline "$PETRI_BASELINE"
  bare_run bare-all -all
  bare_run bare-channels "$CHANNELS"
done

echo "load average before/after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT/results" "$N" <<'PY'
import sys, statistics as st
rows = {}
for line in open(sys.argv[1]):
    label, wall, cpu = line.split()
    rows.setdefault(label, []).append((float(wall), float(cpu)))
for label in ["petri", "baseline", "bare-all", "bare-channels"]:
    if label not in rows: continue
    w = sorted(r[0] for r in rows[label]); c = sorted(r[1] for r in rows[label])
    print(f"{label:14s} n={len(w)}  wall median {st.median(w):.2f} s (min {w[0]:.2f}, max {w[-1]:.2f})  "
          f"cpu median {st.median(c):.2f} s")
PY
echo "petri's phases, last run (PETRI_DEBUG_TIMING=1):"
sed 's/^/  /' "$OUT/petri.timing"
