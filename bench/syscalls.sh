#!/usr/bin/env bash
# petri syscall benchmarks: prints the figures that go into docs/benchmarks.md, in one run.
#
#   bench/syscalls.sh            (as root; `make bench` runs it)
#   RUNS=9 bench/syscalls.sh     (more repetitions; the median is reported)
#   PETRI_BEFORE=/path/to/older/petri bench/syscalls.sh
#                                (also times the notified loops with that build, interleaved in the
#                                same repetitions, so a before/after comparison shares the load)
#
# Measures, with the release build:
#   (a) notified syscalls: a loop of 100k openat (nonexistent absolute path) and of 100k uname,
#       natively and under petri -> microseconds added per intercepted syscall; the default profile
#       keeps 5000 events per syscall and counts the rest, so openat is also run with
#       bench/keep-all.yaml (every event decoded and kept) for the cost of a recorded event.
#       The sandbox's / is a tmpfs, where a lookup of a missing name costs more than on the host's
#       disk filesystem (tmpfs keeps no negative dentries), so openat is also timed natively on a
#       missing path under /dev/shm (tmpfs): the supervisor's share is petri's loop minus that one
#   (b) non-notified syscalls: a loop of 1M getppid, natively and under petri -> ratio
#   (c) strace -f -o /dev/null on the notified loops, as the ptrace reference
#   (d) time from invoking `petri analyze` to the sample's first instruction, and the run's setup_ms
#   (e) the floor: bench/notify_floor.c, a C supervisor that only answers (RECV, SEND CONTINUE) a
#       child looping on uname, same scheduling as the rest -> the bare notification round trip;
#       petri's per-intercepted-syscall figures are also given as multiples of it
# Loop times are measured inside the program (clock_gettime around the loop), so sandbox set-up and
# teardown are excluded; the program prints them on stdout, read back from ARTIFACTS/stdout.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
NOTIFIED_N=${NOTIFIED_N:-100000}
PLAIN_N=${PLAIN_N:-1000000}
PETRI=${PETRI:-.build/release/petri}
BIN=.build/bench

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (petri needs it)"
command -v gcc >/dev/null || die "gcc missing (make deps)"
command -v python3 >/dev/null || die "python3 missing (make deps)"
if ! command -v strace >/dev/null; then
    echo "bench: installing strace" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace >/dev/null || die "apt-get install strace failed"
fi
if [ ! -x "$PETRI" ] || [ -n "${REBUILD:-}" ]; then
    swift build -c release >&2 || die "swift build -c release failed"
fi

[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] || die "/dev/shm is not a tmpfs (needed for the tmpfs openat baseline)"
TMPFS_MISSING=/dev/shm/petri-bench-missing/x

mkdir -p "$BIN"
gcc -O2 -static -o "$BIN/loop" bench/loop.c
gcc -O2 -static -o "$BIN/startup" bench/startup.c
gcc -O2 -o "$BIN/notify_floor" bench/notify_floor.c -lseccomp || die "gcc notify_floor failed (libseccomp-dev: make deps)"

WORK=$(mktemp -d /tmp/petri-bench.XXXXXX)
# The sandbox's mapped root (host uid 100000) must be able to reach the run folder under the
# artifacts folder: mktemp's 0700 would make set-up fail at "mount root tmpfs".
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT

loop_ns() { sed -n 's/^loop_ns=//p' "$1" | head -n1; }

native() {  # mode count [path]
    "$BIN/loop" --native "$@" > "$WORK/native.out"
    loop_ns "$WORK/native.out"
}

in_petri() {  # mode count [petri options]
    in_petri_bin "$PETRI" "$@"
}

in_petri_bin() {  # binary mode count [petri options]
    local bin=$1; shift
    rm -rf "$WORK/a" "$WORK/r.json"
    "$bin" analyze "$BIN/loop" --quiet --timeout 60s --network none "${@:3}" \
        --out "$WORK/r.json" --artifacts "$WORK/a" -- "$1" "$2" >/dev/null
    local v; v=$(loop_ns "$WORK/a/stdout.txt")
    [ -n "$v" ] || die "no loop_ns from the sandboxed run: $(head -c 300 "$WORK/a/stdout.txt" "$WORK/a/stderr.txt" 2>/dev/null)"
    echo "$v"
}

floor_ns() {  # count -> loop ns of the bare notification round trip (no sync wake-up, no poll: as petri's notify thread)
    local us; us=$("$BIN/notify_floor" 0 0 "$1" | sed -n 's/.*: \([0-9.]*\) us per notified uname.*/\1/p')
    [ -n "$us" ] || die "no figure from notify_floor"
    python3 -c "print(round($us * 1000 * $1))"
}

under_strace() {  # mode count
    strace -f -o /dev/null "$BIN/loop" --native "$1" "$2" > "$WORK/strace.out"
    loop_ns "$WORK/strace.out"
}

startup() {  # prints "delta_ns setup_ms"
    rm -rf "$WORK/a" "$WORK/r.json"
    local t0=${EPOCHREALTIME/./}000   # realtime ns (µs resolution), no fork
    "$PETRI" analyze "$BIN/startup" --quiet --timeout 60s --network none \
        --out "$WORK/r.json" --artifacts "$WORK/a" >/dev/null
    local t1; t1=$(sed -n 's/^start_realtime_ns=//p' "$WORK/a/stdout.txt" | head -n1)
    [ -n "$t1" ] || die "no start_realtime_ns from the sandboxed run"
    local setup; setup=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"].get("setup_ms", "nan"))' "$WORK/r.json")
    echo "$((t1 - t0)) $setup"
}

declare -A S
add() { S[$1]="${S[$1]:-} $2"; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: $RUNS runs each; petri = $PETRI ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))" >&2
"$PETRI" analyze "$BIN/startup" --quiet --network none --out "$WORK/warm.json" --artifacts "$WORK/warm" >/dev/null  # warm caches
for i in $(seq 1 "$RUNS"); do
    echo "bench: run $i/$RUNS" >&2
    for mode in openat uname; do
        add "native_$mode" "$(native "$mode" "$NOTIFIED_N")"
        add "petri_$mode" "$(in_petri "$mode" "$NOTIFIED_N")"
        add "strace_$mode" "$(under_strace "$mode" "$NOTIFIED_N")"
    done
    add native_openat_tmpfs "$(native openat "$NOTIFIED_N" "$TMPFS_MISSING")"
    add native_openat_kept "$(native openat "$NOTIFIED_N")"
    add petri_openat_kept "$(in_petri openat "$NOTIFIED_N" --profile bench/keep-all.yaml)"
    if [ -n "${PETRI_BEFORE:-}" ]; then
        add before_openat "$(in_petri_bin "$PETRI_BEFORE" openat "$NOTIFIED_N")"
        add before_uname "$(in_petri_bin "$PETRI_BEFORE" uname "$NOTIFIED_N")"
        add before_openat_kept "$(in_petri_bin "$PETRI_BEFORE" openat "$NOTIFIED_N" --profile bench/keep-all.yaml)"
    fi
    add floor_uname "$(floor_ns "$NOTIFIED_N")"
    add native_getppid "$(native getppid "$PLAIN_N")"
    add petri_getppid "$(in_petri getppid "$PLAIN_N")"
    read -r d s < <(startup)
    add startup_ns "$d"
    add setup_ms "$s"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); host: $(nproc --all) CPUs ($(nproc) usable by this run), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), kernel $(uname -r)"
echo "petri: $PETRI at $(git rev-parse --short HEAD 2>/dev/null || echo '?'); load average before: $LOAD_BEFORE, after: $LOAD_AFTER"
[ -n "${PETRI_BEFORE:-}" ] && echo "before: $PETRI_BEFORE (rows marked 'before', interleaved with the rows above in every repetition)"
python3 - "$RUNS" "$NOTIFIED_N" "$PLAIN_N" \
    "${S[native_openat]}" "${S[petri_openat]}" "${S[strace_openat]}" \
    "${S[native_uname]}" "${S[petri_uname]}" "${S[strace_uname]}" \
    "${S[native_getppid]}" "${S[petri_getppid]}" "${S[startup_ns]}" "${S[setup_ms]}" \
    "${S[native_openat_kept]}" "${S[petri_openat_kept]}" "${S[native_openat_tmpfs]}" \
    "${S[before_openat]:-}" "${S[before_uname]:-}" "${S[before_openat_kept]:-}" "${S[floor_uname]}" <<'PY'
import statistics, sys
runs, n, m = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
v = [list(map(float, a.split())) for a in sys.argv[4:]]
(no, po, so, nu, pu, su, ng, pg, st, sm, nk, pk, nt, bo, bu, bk, fl) = v
med = statistics.median
# Native and sandboxed runs of one repetition run back to back; pairing them cancels slow drift
# in machine load. Reported: the median over repetitions of the per-repetition figure.
def per(t, base, count): return med([(a - b) / count / 1000.0 for a, b in zip(t, base)])
def ratio(t, base): return med([a / b for a, b in zip(t, base)])
def spread(xs): return f"[{min(xs):.2f} .. {max(xs):.2f}]"
print(f"runs: {runs}; figures are medians over runs of the per-run value [min .. max]")
print()
print(f"(a) notified syscalls, {n} per loop      native loop  petri loop   per intercepted syscall (target <= 8 us)")
rows = [("openat", no, po), ("uname", nu, pu), ("openat, every event kept", nk, pk),
        ("openat vs tmpfs native", nt, po), ("openat kept vs tmpfs native", nt, pk)]
if bo:
    rows += [("before: openat", no, bo), ("before: uname", nu, bu), ("before: openat, every event kept", nk, bk),
             ("before: openat vs tmpfs native", nt, bo), ("before: openat kept vs tmpfs native", nt, bk)]
for name, nat, pet in rows:
    d = [(a - b) / n / 1000.0 for a, b in zip(pet, nat)]
    print(f"    {name:<36} {med(nat)/1e6:8.1f} ms  {med(pet)/1e6:8.1f} ms  +{med(d):.2f} us {spread(d)}")
r = [a / b for a, b in zip(pg, ng)]
print(f"(b) non-notified getppid, {m} per loop  {med(ng)/1e6:8.1f} ms  {med(pg)/1e6:8.1f} ms  ratio {med(r):.3f}x {spread(r)} (target <= 1.05x)")
print(f"(c) strace -f -o /dev/null, {n} per loop")
for name, nat, stc in (("openat", no, so), ("uname", nu, su)):
    d = [(a - b) / n / 1000.0 for a, b in zip(stc, nat)]
    print(f"    {name:<8}                          {med(nat)/1e6:8.1f} ms  {med(stc)/1e6:8.1f} ms  +{med(d):.2f} us {spread(d)} (strace)")
print(f"(d) petri analyze invoked -> sample's first instruction: {med(st)/1e6:.1f} ms [{min(st)/1e6:.1f} .. {max(st)/1e6:.1f}]")
print(f"    run.setup_ms (run start -> execve, from the report):  {med(sm):.1f} ms [{min(sm):.1f} .. {max(sm):.1f}] (target <= 30 ms)")
# The floor's added cost per notification: its uname loop minus the native uname loop of the same
# repetition. petri's openat rows subtract the native openat on tmpfs (the sandbox's / is a tmpfs).
fd = [(f - b) / n / 1000.0 for f, b in zip(fl, nu)]
print(f"(e) floor (bench/notify_floor.c 0 0): +{med(fd):.2f} us per notified uname {spread(fd)} over native")
frows = [("openat, counted only, vs tmpfs native", nt, po, 1.2), ("openat, every event kept, vs tmpfs native", nt, pk, 1.5),
         ("uname", nu, pu, None)]
if bo:
    frows += [("before: openat, counted only, vs tmpfs native", nt, bo, 1.2), ("before: openat kept, vs tmpfs native", nt, bk, 1.5),
              ("before: uname", nu, bu, None)]
for name, nat, pet, target in frows:
    x = [((a - b) / n / 1000.0) / f for a, b, f in zip(pet, nat, fd)]
    t = f" (target <= {target}x)" if target else ""
    print(f"    {name:<46} {med(x):.2f}x floor {spread(x)}{t}")
print()
print("raw, per run (loops in ns, setup in ms):")
for label, xs in zip(("native_openat", "petri_openat", "strace_openat", "native_uname", "petri_uname", "strace_uname",
                      "native_getppid", "petri_getppid", "startup_ns", "setup_ms", "native_openat_kept", "petri_openat_kept", "native_openat_tmpfs",
                      "before_openat", "before_uname", "before_openat_kept", "floor_uname"), v):
    if not xs: continue
    print(f"    {label:<15} " + " ".join(f"{x:.0f}" if label != "setup_ms" else f"{x:.1f}" for x in xs))
PY
