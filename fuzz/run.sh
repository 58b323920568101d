#!/usr/bin/env bash
# Bounded-time libFuzzer runs of the static parsers (PE, ELF, archives).
#   fuzz/run.sh [SECONDS_PER_HARNESS] [HARNESS...]     default: 60 s each for pe elf archive
# Builds each harness with `swiftc -sanitize=fuzzer,address` from the parser sources (which need
# only PetriModel and Foundation), seeds a corpus from real binaries, runs with -max_total_time,
# and copies any crash/timeout/oom input into Tests/PetriAnalysisTests/Crashers/ as a regression
# test. Exit status 1 when a harness found something.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=(pe elf archive)
B=fuzz/.build
mkdir -p "$B" fuzz/corpus fuzz/artifacts
SAN="-sanitize=fuzzer,address"
PARSERS=(Sources/PetriAnalysis/Static/ByteReader.swift Sources/PetriAnalysis/Static/PE.swift
         Sources/PetriAnalysis/Static/PEOrdinalNames.swift Sources/PetriAnalysis/Static/ELF.swift Sources/PetriAnalysis/Static/ELFLoadCheck.swift
         Sources/PetriAnalysis/Static/Packer.swift Sources/PetriAnalysis/Static/ScriptArchive.swift)

if [ ! -f "$B/PetriModel.o" ] || [ -n "$(find Sources/PetriModel -newer "$B/PetriModel.o" -name '*.swift')" ]; then
  echo "fuzz: building PetriModel"
  swiftc -parse-as-library -wmo -O $SAN -module-name PetriModel -emit-module -emit-module-path "$B/PetriModel.swiftmodule" \
    -c Sources/PetriModel/*.swift -o "$B/PetriModel.o"
fi

seed() {  # seed DIR FILES...
  local dir=$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/seed-$(basename "$f")" 2>/dev/null || true; done
}

found=0
for h in "${HARNESSES[@]}"; do
  case $h in
    pe) src=fuzz/FuzzPE.swift
        seed fuzz/corpus/pe $(ls /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/{acledit,amsi,version,winhttp}.dll 2>/dev/null)
        if command -v x86_64-w64-mingw32-gcc >/dev/null && [ ! -f fuzz/corpus/pe/seed-hello.exe ]; then
          x86_64-w64-mingw32-gcc -O1 -s -o fuzz/corpus/pe/seed-hello.exe tests/pe/hello.c
        fi ;;
    elf) src=fuzz/FuzzELF.swift
        seed fuzz/corpus/elf /bin/true /usr/lib/x86_64-linux-gnu/libdl.so.2 ;;
    archive) src=fuzz/FuzzArchive.swift
        mkdir -p fuzz/corpus/archive
        [ -f fuzz/corpus/archive/seed.tar ] || tar -cf fuzz/corpus/archive/seed.tar -C tests pe
        [ -f fuzz/corpus/archive/seed.zip ] || python3 -c "import zipfile; z=zipfile.ZipFile('fuzz/corpus/archive/seed.zip','w'); z.writestr('a.txt','x'); z.writestr('b/c.exe','MZ'); z.close()" ;;
    *) echo "fuzz: unknown harness $h" >&2; exit 2 ;;
  esac
  echo "fuzz: building $h"
  # ld.gold warns once per ASan helper symbol; nothing actionable.
  swiftc -parse-as-library -O $SAN -I "$B" -module-name "Fuzz_$h" "$src" "${PARSERS[@]}" "$B/PetriModel.o" -o "$B/fuzz-$h" \
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
    dest="Tests/PetriAnalysisTests/Crashers/$h-$(basename "$f")"
    cp "$f" "$dest"; echo "fuzz: $h found $(basename "$f") -> $dest"
  done
done
exit $found
