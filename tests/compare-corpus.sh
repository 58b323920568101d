#!/usr/bin/env bash
# Behaviour, evidence and score of the fixture corpus, before and after a change.
#
#   tests/compare-corpus.sh BEFORE_PETRI AFTER_PETRI [OUT]
#       runs the corpus (fixtures/bin, fixtures/expectations.yaml) once with each petri binary into
#       OUT/before and OUT/after (default out/compare-corpus), rescores every report with AFTER_PETRI
#       and the same profile (so both sides are judged by the same rules), and compares them.
#   tests/compare-corpus.sh --reports BEFORE_DIR AFTER_DIR
#       compares two folders of reports already made: `petri corpus --out` folders, one folder per
#       sample holding report.json (and report.rescored.json, preferred when present).
#
# Per sample it compares the verdict, the score (to 0.01), each behaviour (id, severity, ATT&CK ids,
# share of the score) and each behaviour's evidence: the events it names (syscall or API name, image,
# path), its files, network records, notes and fields. What differs between two runs of the same
# build is normalized away: canary tokens, pids, sequence numbers, times, ports and other numbers in
# notes, random names in paths. Exit status 0 when every sample matches, 1 when any differs, 2 on bad
# input. Run it inside a network namespace with only lo (as `make corpus` does), e.g. through the ws
# wrapper: unshare --net -- bash -c 'ip link set lo up && tests/compare-corpus.sh A B'.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: tests/compare-corpus.sh BEFORE_PETRI AFTER_PETRI [OUT] | --reports BEFORE_DIR AFTER_DIR" >&2; exit 2; }

compare() {
    python3 - "$1" "$2" <<'EOF'
import json, os, re, sys

def reports(root):
    """Each sample's report (its rescored copy when there is one), by the sample's folder."""
    out = {}
    for entry in sorted(os.listdir(root)):
        for f in ("report.rescored.json", "report.json"):
            p = os.path.join(root, entry, f)
            if not os.path.isfile(p):
                continue
            try:
                with open(p) as fh:
                    r = json.load(fh)
            except (OSError, ValueError):
                continue
            if isinstance(r, dict) and "sample" in r and "run" in r:
                out[entry] = r
                break
    return out

TOKEN = re.compile(r"pc[a-z0-9]{24}")
HEX = re.compile(r"0x[0-9a-f]+")
NUM = re.compile(r"\d+(\.\d+)?")

def norm(s):
    return NUM.sub("N", HEX.sub("0xN", TOKEN.sub("TOKEN", str(s))))

def describe(e):
    a = e.get("args") or {}
    path = a.get("path") or a.get("windows_path") or a.get("key") or a.get("name") or ""
    return "%s:%s:%s:%s" % (e.get("kind", ""), e.get("name", ""), e.get("image") or "", norm(path))

def summary(r):
    events = {e.get("seq"): e for e in r.get("events", [])}
    out = {
        "verdict": r.get("verdict"),
        "score": round((r.get("score") or {}).get("value", 0.0), 2),
        "behaviours": {},
    }
    for b in r.get("behaviours", []):
        ev = b.get("evidence") or {}
        out["behaviours"][b["id"]] = {
            "severity": b.get("severity"),
            "attack": sorted(b.get("attack", [])),
            "contribution": round(b.get("contribution", 0.0), 2),
            "events": sorted({describe(events[s]) for s in ev.get("events", []) if s in events}),
            "files": sorted({norm(f) for f in ev.get("files", [])}),
            "network": sorted({norm(n) for n in ev.get("network", [])}),
            "notes": sorted({norm(n) for n in ev.get("notes", [])}),
            "fields": {k: norm(v) for k, v in sorted((ev.get("fields") or {}).items())},
        }
    return out

before, after = reports(sys.argv[1]), reports(sys.argv[2])
if not before or not after:
    print("compare-corpus: no reports in %s" % (sys.argv[1] if not before else sys.argv[2]), file=sys.stderr)
    sys.exit(2)
differ = 0
for name in sorted(set(before) | set(after)):
    if name not in before or name not in after:
        print("%s: only %s" % (name, "after" if name in after else "before"))
        differ += 1
        continue
    a, b = summary(before[name]), summary(after[name])
    if a == b:
        print("%s: same (%s, score %.2f, %d behaviours)" % (name, b["verdict"], b["score"], len(b["behaviours"])))
        continue
    differ += 1
    print("%s: DIFFERS" % name)
    for k in ("verdict", "score"):
        if a[k] != b[k]:
            print("  %s: %s -> %s" % (k, a[k], b[k]))
    for bid in sorted(set(a["behaviours"]) | set(b["behaviours"])):
        x, y = a["behaviours"].get(bid), b["behaviours"].get(bid)
        if x == y:
            continue
        if x is None or y is None:
            print("  behaviour %s: only %s" % (bid, "after" if x is None else "before"))
            continue
        for k in x:
            if x[k] != y[k]:
                print("  behaviour %s %s: %s -> %s" % (bid, k, x[k], y[k]))
print("%d samples, %d differ" % (len(set(before) | set(after)), differ))
sys.exit(1 if differ else 0)
EOF
}

if [[ "${1:-}" == "--reports" ]]; then
    [[ $# -eq 3 && -d "$2" && -d "$3" ]] || usage
    compare "$2" "$3"
    exit $?
fi
[[ $# -ge 2 && $# -le 3 ]] || usage
before_bin=$1 after_bin=$2 out=${3:-out/compare-corpus}
for b in "$before_bin" "$after_bin"; do
    [[ -x "$b" ]] || { echo "compare-corpus: not an executable: $b" >&2; exit 2; }
done
[[ -d fixtures/bin ]] || { echo "compare-corpus: fixtures/bin missing: run make fixtures" >&2; exit 2; }
rm -rf "$out/before" "$out/after"
mkdir -p "$out"
for side in before after; do
    bin=$before_bin; [[ $side == after ]] && bin=$after_bin
    start=$(date +%s)
    # corpus exits 1 when an expectation fails: that is reported by the comparison, not fatal here.
    "$bin" corpus fixtures/bin --expect fixtures/expectations.yaml --out "$out/$side" --summary "$out/$side-summary.json" --quiet \
        > "$out/$side.log" 2>&1 || [[ $? -eq 1 ]] || { echo "compare-corpus: $side corpus run failed (see $out/$side.log)" >&2; exit 2; }
    echo "$side: corpus run in $(( $(date +%s) - start )) s ($(tail -1 "$out/$side.log"))"
done
# Both sides judged by the same rules: rescore every report with the after build.
while IFS= read -r -d '' report; do
    "$after_bin" report rescore "$report" --out "${report%.json}.rescored.json" > /dev/null 2>> "$out/rescore.log" \
        || echo "compare-corpus: rescore failed: $report" >&2
done < <(find "$out/before" "$out/after" -mindepth 2 -maxdepth 2 -name report.json -print0)
compare "$out/before" "$out/after"
