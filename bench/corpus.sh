#!/usr/bin/env bash
# Corpus wall time and samples/minute at jobs=1 and jobs=2: the ELF/script fixtures (PE left out, so
# Wine start-up does not count), then PE alone (6 copies of pe-hello.exe) when Wine is installed.
# Usage: bench/corpus.sh [path/to/petri]  (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI="${1:-.build/release/petri}"
make -s -C fixtures >/dev/null
rm -rf out/bench-elf && mkdir -p out/bench-elf
for f in fixtures/bin/*; do [[ -f "$f" && "$f" != *.exe ]] && cp "$f" out/bench-elf/; done
for jobs in 1 2; do
  unshare --net -- bash -c "ip link set lo up && $PETRI corpus out/bench-elf --expect fixtures/expectations.yaml --jobs $jobs --quiet \
      --summary out/bench-corpus-j$jobs.json --out out/bench-corpus-j$jobs" >/dev/null || true
  python3 - "$jobs" <<'PY'
import json, sys
j = sys.argv[1]
s = json.load(open(f"out/bench-corpus-j{j}.json"))
ran = [x for x in s["samples"] if x.get("report")]
fast = [x for x in ran if x["duration_s"] < 1.0]
med = sorted(x["duration_s"] for x in ran)[len(ran) // 2]
bad = [x["name"] for x in ran if x["status"] == "failed"]
print(f"ELF jobs={j}: {len(ran)} samples run in {s['wall_s']:.1f} s wall = {len(ran) * 60 / s['wall_s']:.1f} samples/min; "
      f"median {med:.2f} s; {len(fast)} under 1 s; failed: {bad or 'none'}")
PY
done
if [ -f fixtures/bin/pe-hello.exe ]; then
  rm -rf out/bench-pe && mkdir -p out/bench-pe && for i in 1 2 3 4 5 6; do cp fixtures/bin/pe-hello.exe out/bench-pe/pe$i.exe; done
  for jobs in 1 2; do
    unshare --net -- bash -c "ip link set lo up && $PETRI corpus out/bench-pe --jobs $jobs --quiet --summary out/bench-pe-j$jobs.json --out out/bench-pe-runs-j$jobs" >/dev/null || true
    python3 -c "import json; s=json.load(open('out/bench-pe-j$jobs.json')); print('PE jobs=$jobs: %d pe-hello runs in %.1f s wall = %.1f samples/min' % (len(s['samples']), s['wall_s'], s['samples_per_minute']))"
  done
fi
