#!/usr/bin/env bash
# Bounded-time libFuzzer runs of the parsers that need petri's SwiftPM dependencies: the simulated
# internet's DNS, HTTP and TLS ClientHello parsers and the profile / behaviour-rule loaders.
#   fuzz/run-net.sh [SECONDS_PER_HARNESS] [HARNESS...]   default: 60 s each for dns http tls profile
# Builds the package in fuzz/net (it depends on this repository by path) with
# `-sanitize=fuzzer,address -parse-as-library` into fuzz/.build-net, seeds each corpus, runs with
# -max_total_time, and copies crash/timeout/oom inputs to fuzz/crashers/ where the regression tests
# (ParserTests.fuzzCrashers, FuzzCrasherTests.replay) replay them. Exit 1 when a harness found something.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=(dns http tls profile)
B=fuzz/.build-net
mkdir -p fuzz/corpus fuzz/artifacts fuzz/crashers

products=()
for h in "${HARNESSES[@]}"; do
  case $h in
    dns) products+=(FuzzDNS) ;; http) products+=(FuzzHTTP) ;; tls) products+=(FuzzTLS) ;; profile) products+=(FuzzProfile) ;;
    *) echo "fuzz: unknown harness $h" >&2; exit 2 ;;
  esac
done
for p in "${products[@]}"; do
  echo "fuzz: building $p"
  swift build --package-path fuzz/net --scratch-path "$B" -c debug --product "$p" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -E "error|warning: unre|Compiling Fuzz|Build complete" | grep -v "Cannot export local symbol" || true
  [ -x "$B/debug/$p" ] || { echo "fuzz: building $p failed" >&2; exit 1; }
done

seed() { mkdir -p "fuzz/corpus/$1"; [ -f "fuzz/corpus/$1/$2" ] || printf "$3" > "fuzz/corpus/$1/$2"; }
found=0
for h in "${HARNESSES[@]}"; do
  case $h in
    dns) bin=FuzzDNS
       seed dns query-a '\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03www\x07example\x03com\x00\x00\x01\x00\x01'
       seed dns pointer-loop '\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\xc0\x0c\x00\x01\x00\x01' ;;
    http) bin=FuzzHTTP
       seed http get '\x00GET /payload.bin?x=1 HTTP/1.1\r\nHost: a.example\r\nUser-Agent: x\r\n\r\n'
       seed http chunked '\x20POST /up HTTP/1.1\r\nHost: b.test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' ;;
    tls) bin=FuzzTLS
       seed tls hello '\x16\x03\x01\x00\x2f\x01\x00\x00\x2b\x03\x03AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x00\x00\x02\x13\x01\x01\x00\x00\x00' ;;
    profile) bin=FuzzProfile
       mkdir -p fuzz/corpus/profile
       cp -n profiles/*.yaml profiles/behaviours/*.yaml fuzz/corpus/profile/ 2>/dev/null || true ;;
  esac
  echo "fuzz: running $h for ${SECONDS_EACH}s"
  art="fuzz/artifacts/$h/"
  mkdir -p "$art"
  set +e
  "$B/debug/$bin" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
     -artifact_prefix="$art" "fuzz/corpus/$h" 2>&1 | grep -E "^(#[0-9]+ +(DONE|INITED)|==[0-9]+==|SUMMARY|artifact_prefix|Done )" | tail -5
  set -e
  for f in "$art"*; do
    [ -f "$f" ] || continue
    found=1
    dest="fuzz/crashers/$h-$(basename "$f")"
    cp "$f" "$dest"; echo "fuzz: $h found $(basename "$f") -> $dest"
  done
done
exit $found
