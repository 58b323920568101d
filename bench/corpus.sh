#!/usr/bin/env bash
# Corpus wall time and samples/minute at jobs=1 and jobs=2 (ELF fixtures; PE entries are not run
# until the Wine runner lands). Usage: bench/corpus.sh [path/to/petri]  (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI="${1:-.build/release/petri}"
make -s -C fixtures >/dev/null
for jobs in 1 2; do
  unshare --net -- bash -c "ip link set lo up && $PETRI corpus fixtures/bin --expect fixtures/expectations.yaml --jobs $jobs --quiet \
      --summary out/bench-corpus-j$jobs.json --out out/bench-corpus-j$jobs" >/dev/null || true
  python3 - "$jobs" <<'PY'
import json, sys
j = sys.argv[1]
s = json.load(open(f"out/bench-corpus-j{j}.json"))
ran = [x for x in s["samples"] if x.get("report")]
fast = [x for x in ran if x["duration_s"] < 1.0]
print(f"jobs={j}: {len(ran)} samples run in {s['wall_s']:.1f} s wall = {s['samples_per_minute']:.1f} samples/min "
      f"({s['totals']['passed']} passed, {s['totals']['failed']} failed, {s['totals']['not_run']} not run); "
      f"per-sample median {sorted(x['duration_s'] for x in ran)[len(ran)//2]:.2f} s; {len(fast)} under 1 s")
PY
done
