#!/usr/bin/env bash
# Rule evaluation time: `petri report rescore` of a synthetic 50 000-event report with the native
# rules alone, and with 300 Sigma rules beside them (the 18 team rules of tests/sigma, each in 17
# variants with other values). The difference is Sigma loading + evaluation. Median of 5 runs each.
# Usage: bench/rules.sh [path/to/petri]  (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
PETRI="${1:-.build/release/petri}"
OUT=out/bench-rules && rm -rf "$OUT" && mkdir -p "$OUT/sigma"
python3 - "$OUT" <<'PY'
import copy, json, re, sys, glob, os
out = sys.argv[1]
r = json.load(open("tests/reports/demo-sample.json"))
base = r["events"]
events, seq = [], 0
procs = {p["pid"]: p for p in r["processes"]}
while len(events) < 50000:
    for e in base:
        seq += 1
        x = copy.deepcopy(e); x["seq"] = seq; x["time_ns"] = seq * 1000
        if x["name"] == "execve" and "argv" in x["args"]:
            x["args"]["argv"] = x["args"]["argv"] + [f"--n{seq}"]
        events.append(x)
        if len(events) >= 50000: break
r["events"] = events
a0 = r["network"]["attempts"][0]
r["network"]["attempts"] = [dict(a0, seq=e["seq"], address=f"198.51.100.{e['seq'] % 250}:80", ip=f"198.51.100.{e['seq'] % 250}")
                            for e in events if e["name"] == "connect"]
json.dump(r, open(f"{out}/report.json", "w"))
rules = sorted(glob.glob("tests/sigma/*.yml"))
n = 0
for v in range(17):
    for f in rules:
        if n >= 300: break
        t = open(f).read()
        t = re.sub(r"^id: (.*)$", lambda m: f"id: bench-{v}-{m.group(1)}", t, flags=re.M)
        if v: t = re.sub(r"(\n\s+- ')([^'\n]+)'", lambda m: f"{m.group(1)}{m.group(2)}{v}'", t, count=1)
        open(f"{out}/sigma/r{v:02d}-{os.path.basename(f)}", "w").write(t); n += 1
print(f"report: {len(events)} events, {sum(1 for e in events if e['name'] == 'execve')} execs; {n} Sigma rules")
PY
t() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
med() { sort -n | sed -n 3p; }
native=$(for i in 1 2 3 4 5; do t "$PETRI" report rescore "$OUT/report.json"; done | med)
sigma=$(for i in 1 2 3 4 5; do t "$PETRI" report rescore "$OUT/report.json" --sigma "$OUT/sigma"; done | med)
echo "rescore, native rules: ${native} ms; native + 300 Sigma rules: ${sigma} ms; Sigma share: $((sigma - native)) ms (median of 5)"
