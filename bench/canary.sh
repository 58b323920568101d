#!/usr/bin/env bash
# CanaryTracker.scan on a few MB of outbound data (bench/canary_main.swift), for the tracker at a git
# revision or the work tree. Builds PetriModel and the tracker with swiftc (-O, or -Onone as a debug
# build of the tests has) into a temp folder, then runs ROUNDS scans and prints each and the median.
# Usage: bench/canary.sh [REV|worktree] [MB] [ROUNDS] [-O|-Onone]   (default: worktree 2.5 5 -O)
set -euo pipefail
cd "$(dirname "$0")/.."
REV="${1:-worktree}" MB="${2:-2.5}" ROUNDS="${3:-5}" OPT="${4:--O}"
T=$(mktemp -d /tmp/petri-bench-canary.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/model" "$T/tracker"
files="Sources/PetriAnalysis/Decoys/CanaryTracker.swift Sources/PetriAnalysis/Decoys/Decoders.swift"
if [ "$REV" = worktree ]; then
  cp Sources/PetriModel/*.swift "$T/model/"; for f in $files; do cp "$f" "$T/tracker/"; done
else
  for f in $(git ls-tree --name-only "$REV" Sources/PetriModel/); do git show "$REV:$f" > "$T/model/$(basename "$f")"; done
  for f in $files; do git show "$REV:$f" > "$T/tracker/$(basename "$f")"; done
fi
cp bench/canary_main.swift "$T/tracker/main.swift"
(cd "$T" && swiftc "$OPT" -parse-as-library -emit-library -static -emit-module -module-name PetriModel \
    -o libPetriModel.a model/*.swift 2>&1 | grep -v warning || true)
(cd "$T" && swiftc "$OPT" -I . -L . -lPetriModel -o canary tracker/*.swift 2>&1 | grep -v warning || true)
echo "tracker: $REV ($(git rev-parse --short HEAD) work tree)  build: $OPT"
"$T/canary" "$MB" "$ROUNDS"
