#!/usr/bin/env bash
# What YARA and the payload pipeline add to a corpus run: `petri corpus fixtures/bin --expect
# fixtures/expectations.yaml` alternately with everything on, with PETRI_NO_YARA=1 (no rule
# compilation, no scan of the sample, no payload store/scan), and with PETRI_NO_EXEC_MEMORY=1 too
# (no executable-memory capture in the supervisor). Prints wall seconds and petri's CPU seconds
# (user+sys of the whole process tree, GNU time) per run, then the medians. Without YARA the three
# sp-sim entries of fixtures/expectations.yaml fail (they expect unpacked-code-matches-family).
# Usage: bench/yara.sh [path/to/petri] [repetitions]   (default: release build, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI="${1:-.build-release/release/petri}"
REPS="${2:-3}"
[ -x /usr/bin/time ] || { echo "bench/yara.sh: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
mkdir -p out
: > out/bench-yara.tsv
for i in $(seq 1 "$REPS"); do
  for mode in on no_yara neither; do
    envs=""
    [ "$mode" != on ] && envs="PETRI_NO_YARA=1"
    [ "$mode" = neither ] && envs="$envs PETRI_NO_EXEC_MEMORY=1"
    rm -rf "out/bench-yara-$mode"
    /usr/bin/time -f "%e %U %S" -o out/bench-yara.time unshare --net -- bash -c "ip link set lo up && env $envs $PETRI corpus fixtures/bin \
        --expect fixtures/expectations.yaml --jobs 2 --quiet --summary out/bench-yara-$mode.json --out out/bench-yara-$mode" >/dev/null 2>&1 || true
    read -r wall user sys < <(tail -1 out/bench-yara.time)
    failed=$(python3 -c "import json; s=json.load(open('out/bench-yara-$mode.json')); print(sum(1 for x in s['samples'] if x['status']=='failed'))")
    printf "%s\t%s\t%s\t%s\n" "$mode" "$wall" "$(echo "$user + $sys" | bc)" "$failed" | tee -a out/bench-yara.tsv
  done
done
python3 - <<'PY'
import statistics as st
rows = [l.split("\t") for l in open("out/bench-yara.tsv").read().split("\n") if l]
by = {}
for m, w, c, f in rows: by.setdefault(m, []).append((float(w), float(c), int(f)))
base = by["no_yara"]
for m in ["on", "no_yara", "neither"]:
    w = st.median(x[0] for x in by[m]); c = st.median(x[1] for x in by[m])
    print(f"{m:8s} wall median {w:6.1f} s [{min(x[0] for x in by[m]):.1f} .. {max(x[0] for x in by[m]):.1f}]  "
          f"cpu median {c:6.1f} s [{min(x[1] for x in by[m]):.1f} .. {max(x[1] for x in by[m]):.1f}]  failed samples {sorted(set(x[2] for x in by[m]))}")
w_on = st.median(x[0] for x in by["on"]); w_off = st.median(x[0] for x in base)
c_on = st.median(x[1] for x in by["on"]); c_off = st.median(x[1] for x in base)
print(f"YARA + payloads: wall {100 * (w_on / w_off - 1):+.1f} %, cpu {100 * (c_on / c_off - 1):+.1f} % (target < 10 %)")
PY
