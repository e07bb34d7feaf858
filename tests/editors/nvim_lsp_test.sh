#!/usr/bin/env bash
# ctest nvim_lsp: headless Neovim drives `ingot lsp` on a copy of plans/ (tests/editors/
# nvim_lsp_test.lua says what it checks). Usage: nvim_lsp_test.sh INGOT SOURCE_DIR WORK_DIR
# Without nvim the test is skipped (exit 77), except under CI=true, where ./dev installs it and
# its absence is a failure. A watchdog (timeout) ends a hung run as a failure.
set -euo pipefail
ingot=$1 source_dir=$2 work=$3

if ! command -v nvim >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then
        echo "nvim_lsp: nvim is missing in CI (./dev installs the Debian package neovim)" >&2
        exit 1
    fi
    echo "nvim_lsp: nvim not found; skipped (install the Debian package neovim, or run ./dev test)"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work"
cp -r "$source_dir/plans" "$work/plans"
plan=$work/plans/nonferrous-2025.plan
cp "$plan" "$work/expected.plan"
# The planted mistakes: a misspelt unit on line 36, and line 37 indented wrongly (formatting
# puts it back).
sed -i '36s/= 79.19 Mt   \[INT_NF/= 79.19 Mtt  [INT_NF/; 37s/^  baseline recycled_output/      baseline recycled_output/' "$plan"
if cmp -s "$plan" "$work/expected.plan" || ! grep -q 'Mtt' "$plan"; then
    echo "nvim_lsp: planting the mistakes failed; the sample plan changed?" >&2
    exit 1
fi

export INGOT_BIN=$ingot PLANS=$work/plans EXPECTED=$work/expected.plan
# The log of the server (its stderr) goes to nvim's LSP log, kept in the work folder.
export XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config \
    XDG_DATA_HOME=$work/data
status=0
timeout --kill-after=10 120 nvim --headless --clean -u NONE -i NONE -n \
    -c "luafile $(dirname "$0")/nvim_lsp_test.lua" </dev/null || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "nvim_lsp: timed out (watchdog)" >&2
fi
exit "$status"
