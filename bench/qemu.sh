#!/usr/bin/env bash
# QEMU runner speed (issue 14): a trivial static ARM ELF (prints one line, exits) analysed end to end
# by petri (intake, static triage, guest check, sandbox with the binfmt_misc registration, the
# simulated internet, rules, report), against the same program under bare qemu-arm-static (the
# guest image's binary, run directly on the host: no sandbox, no filter, no report) in the same run.
# Runs are interleaved so load drift hits both alike; medians of wall time over N rounds.
# Usage: bench/qemu.sh [path/to/petri] [rounds]   (default: .build/debug/petri, 7)
# Needs root (petri analyze) and the guest image (make guest); clang and the armel cross libc (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI="${1:-.build/debug/petri}"
N="${2:-7}"
[ -x "$PETRI" ] || { echo "bench/qemu.sh: $PETRI not built" >&2; exit 2; }
OUT=$(mktemp -d /var/tmp/petri-bench-qemu.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
printf '#include <stdio.h>\nint main(void) { puts("hello from arm"); return 0; }\n' > "$OUT/hello.c"
T=arm-linux-gnueabi
clang --target=$T --sysroot=/usr/$T --gcc-toolchain=/usr -fuse-ld=/usr/bin/$T-ld -static -O1 -o "$OUT/hello-arm" "$OUT/hello.c" 2>/dev/null
gcc -static -O1 -o "$OUT/hello-x86" "$OUT/hello.c"   # the same program, native: what the emulator adds
GUEST=$("$PETRI" guest show 2>/dev/null | awk '/^path:/ {print $2}')
[ -n "$GUEST" ] || GUEST=$("$PETRI" guest prepare 2>/dev/null | sed -n 's/^guest [0-9a-f]*: //p')
QEMU="$GUEST/usr/bin/qemu-arm-static"
[ -x "$QEMU" ] || { echo "bench/qemu.sh: no $QEMU (make guest)" >&2; exit 2; }
"$PETRI" analyze "$OUT/hello-arm" --out "$OUT/warm.json" --artifacts "$OUT/warm" --quiet >/dev/null 2>&1 || true
now() { date +%s.%N; }
for i in $(seq "$N"); do
  t0=$(now); "$PETRI" analyze "$OUT/hello-arm" --out "$OUT/r$i.json" --artifacts "$OUT/a$i" --quiet >/dev/null 2>&1 || true; t1=$(now)
  "$QEMU" "$OUT/hello-arm" >/dev/null; t2=$(now)
  "$PETRI" analyze "$OUT/hello-x86" --out "$OUT/n$i.json" --artifacts "$OUT/na$i" --quiet >/dev/null 2>&1 || true; t3=$(now)
  echo "$t0 $t1 $t2 $t3" >> "$OUT/times"
  rm -rf "$OUT/a$i" "$OUT/na$i"
done
python3 - "$OUT" "$N" <<'PY'
import json, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
rows = [list(map(float, l.split())) for l in open(out + "/times")]
petri = [b - a for a, b, _, _ in rows]
bare = [c - b for _, b, c, _ in rows]
native = [d - c for _, _, c, d in rows]
r = json.load(open(out + "/r1.json"))
print(f"runner={r['run']['runner']} verdict={r.get('verdict')} outcome={r['run']['outcome']} sandbox run {r['run']['duration_ms']:.0f} ms")
print(f"petri analyze (end to end): median {statistics.median(petri):.3f} s  (min {min(petri):.3f}, max {max(petri):.3f}, n={n})")
print(f"bare qemu-arm-static:       median {statistics.median(bare) * 1000:.1f} ms (min {min(bare) * 1000:.1f}, max {max(bare) * 1000:.1f})")
print(f"petri analyze, x86-64 build: median {statistics.median(native):.3f} s  (min {min(native):.3f}, max {max(native):.3f})")
PY
