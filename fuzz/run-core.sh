#!/usr/bin/env bash
# Bounded-time libFuzzer runs of the sandbox core's parsers: the syscall-argument decoder's pure
# parts and the report reader.
#   fuzz/run-core.sh [SECONDS_PER_HARNESS] [HARNESS...]     default: 60 s each for decoder report
# Same shape as fuzz/run.sh (static parsers), separate build dir so both can run. Crash/timeout/oom
# inputs are copied to fuzz/crashers/, where FuzzCrasherTests.replay runs them; exit 1 when found.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=(decoder report)
B=fuzz/.build-core
mkdir -p "$B" fuzz/corpus fuzz/artifacts
SAN="-sanitize=fuzzer,address"
ROOT=$(pwd)

if [ ! -f "$B/PetriModel.o" ] || [ -n "$(find Sources/PetriModel -newer "$B/PetriModel.o" -name '*.swift')" ]; then
  echo "fuzz: building PetriModel"
  swiftc -parse-as-library -wmo -O $SAN -module-name PetriModel -emit-module -emit-module-path "$B/PetriModel.swiftmodule" \
    -c Sources/PetriModel/*.swift -o "$B/PetriModel.o"
fi
# The decoder's file imports CSandbox (memory reads): a module map over the shim header and the
# shim's C files, built with ASan.
mkdir -p "$B/csandbox"
printf 'module CSandbox {\n  header "%s/Shims/CSandbox/include/csandbox.h"\n  export *\n}\n' "$ROOT" > "$B/csandbox/module.modulemap"
CSANDBOX_OBJS=()
for c in Shims/CSandbox/*.c; do
  o="$B/csandbox/$(basename "$c" .c).o"
  [ "$o" -nt "$c" ] || clang -c -O1 -g -fsanitize=address -D_GNU_SOURCE -I Shims/CSandbox/include "$c" -o "$o"
  CSANDBOX_OBJS+=("$o")
done

found=0
for h in "${HARNESSES[@]}"; do
  case $h in
    decoder)
      src=(fuzz/FuzzDecoder.swift Sources/PetriSandbox/DecoderFuzzing.swift Sources/PetriSandbox/SyscallDecoder.swift Sources/PetriSandbox/Flags.swift Sources/PetriSandbox/SyscallTable.swift)
      extra=(-Xcc -fmodule-map-file="$B/csandbox/module.modulemap" "${CSANDBOX_OBJS[@]}" -lseccomp -lcap)
      mkdir -p fuzz/corpus/decoder
      printf '\x02\x00\x00\x50\xc6\x33\x64\x05\x00\x00\x00\x00\x00\x00\x00\x00' > fuzz/corpus/decoder/seed-inet
      printf '\x0a\x00\x01\xbb\x00\x00\x00\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00' > fuzz/corpus/decoder/seed-inet6
      printf '\x01\x00/tmp/sock\x00' > fuzz/corpus/decoder/seed-unix ;;
    report)
      src=(fuzz/FuzzReport.swift)
      extra=()
      mkdir -p fuzz/corpus/report
      for f in tests/golden/*.json out/*.json; do [ -f "$f" ] && cp -n "$f" fuzz/corpus/report/ 2>/dev/null || true; done
      [ -f fuzz/corpus/report/seed-min.json ] || echo '{"schema_version":1}' > fuzz/corpus/report/seed-min.json ;;
    *) echo "fuzz: unknown harness $h" >&2; exit 2 ;;
  esac
  echo "fuzz: building $h"
  swiftc -parse-as-library -O $SAN -I "$B" -module-name "Fuzz_$h" "${src[@]}" "$B/PetriModel.o" "${extra[@]}" -o "$B/fuzz-$h" \
    2> >(grep -v "Cannot export local symbol" >&2)
  echo "fuzz: running $h for ${SECONDS_EACH}s"
  art="fuzz/artifacts/$h/"
  mkdir -p "$art"
  set +e
  "$B/fuzz-$h" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
     -artifact_prefix="$art" "fuzz/corpus/$h" 2>&1 | grep -E "^(#[0-9]+ +(DONE|INITED)|==[0-9]+==|SUMMARY|artifact_prefix|Done )" | tail -5
  set -e
  for f in "$art"*; do
    [ -f "$f" ] || continue
    found=1
    mkdir -p fuzz/crashers; dest="fuzz/crashers/$h-$(basename "$f")"
    cp "$f" "$dest"; echo "fuzz: $h found $(basename "$f") -> $dest"
  done
done
exit $found
