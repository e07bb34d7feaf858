#!/usr/bin/env bash
# The zsh and fish completion scripts, checked by the shells themselves when installed (they are
# not by default, and this test installs nothing): exits 77, which ctest reports as skipped,
# when SHELL is absent. bash is tested in test_completions.cpp.
#
#   tests/cli/completions.sh zsh|fish INGOT_BINARY
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 zsh|fish INGOT_BINARY" >&2
    exit 2
fi
shell=$1
ingot=$2
if ! command -v "$shell" >/dev/null 2>&1; then
    echo "completions-test: SKIP: $shell is not installed"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingot-completions.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "completions-test: FAIL: $*" >&2
    exit 1
}
expect() { # expect WHAT EXPECTED ACTUAL
    [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

case "$shell" in
zsh)
    "$ingot" completions zsh >"$tmp/_ingot"
    zsh -n "$tmp/_ingot" || fail "zsh -n"
    # Loaded from $fpath as compinit finds it, and sourced: both register _ingot for ingot.
    expect "from fpath" _ingot "$(cd "$tmp" && zsh -f -c 'fpath=($PWD $fpath); autoload -U compinit
        compinit -u -D; print -r -- $_comps[ingot]')"
    expect "sourced" _ingot "$(cd "$tmp" && zsh -f -c 'autoload -U compinit; compinit -u -D
        source ./_ingot; print -r -- $_comps[ingot]')"
    ;;
fish)
    "$ingot" completions fish >"$tmp/ingot.fish"
    fish --no-execute "$tmp/ingot.fish" || fail "fish --no-execute"
    mkdir "$tmp/work" && touch "$tmp/work/a.plan"
    complete() { # complete LINE: what fish offers, without descriptions
        (cd "$tmp/work" && fish --no-config -c "source ../ingot.fish; complete -C'$1'" | cut -f1)
    }
    expect "ingot ch" check "$(complete 'ingot ch')"
    expect "ingot check --col" --color "$(complete 'ingot check --col')"
    expect "ingot check --color " "$(printf 'always\nauto\nnever')" "$(complete 'ingot check --color ')"
    expect "ingot fmt " a.plan "$(complete 'ingot fmt ')"
    ;;
*)
    echo "usage: $0 zsh|fish INGOT_BINARY" >&2
    exit 2
    ;;
esac
echo "completions-test: $shell OK"
