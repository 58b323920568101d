#!/usr/bin/env bash
# make eval ART=<atomic-red-team checkout>: run ART's Linux sh/bash tests in the sandbox and write the
# per-technique table into docs/detection.md. Not part of CI; fetches nothing; runs in a network namespace
# with only lo, like `make test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
ART="${ART:?set ART to a checkout of redcanaryco/atomic-red-team (git clone https://github.com/redcanaryco/atomic-red-team)}"
WORK="${WORK:-out/eval}"
JOBS="${JOBS:-2}"
rm -rf "$WORK"; mkdir -p "$WORK"
unshare --net -- bash -c "ip link set lo up && python3 tests/eval/art.py run '$ART' '$WORK' --jobs $JOBS --petri .build/debug/petri ${ONLY:+--only $ONLY}"
python3 tests/eval/art.py table "$WORK" --out docs/detection.md
