#!/usr/bin/env bash
# The README's set-up must work from a source tarball, which has no .git: copies the source tree
# without .git (what `git archive` would export, plus files not yet committed) into a temporary
# folder and runs there what of `./dev` needs no build: its usage, and the format check, which
# without git finds the C++ sources by folder. That finds exactly the files git lists, or a folder
# of C++ is missing from dev's `cpp_folders`. Runs once with git on the PATH and once with a `git`
# that is not there (a stub that fails as a missing command does). With INGOT_BINARY, also runs
# what `./dev run` ends with, `ingot check plans/` and `ingot compare plans/*-2025.plan`, in the
# copy (ingot.toml, .gitignore and all).
#
#   tests/tarball/run.sh SOURCE_DIR [INGOT_BINARY]      (ctest -L tarball runs it)
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 SOURCE_DIR [INGOT_BINARY]" >&2
    exit 2
fi
src=$(cd "$1" && pwd -P)
ingot=${2:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingot-tarball.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
copy=$tmp/ingot-0.1.0

step() { echo "tarball-test: $*"; }
fail() {
    echo "tarball-test: FAIL: $*" >&2
    exit 1
}

# ---- the copy ----------------------------------------------------------------------------------
mkdir "$copy"
if command -v git >/dev/null 2>&1 && [ "$(git -C "$src" rev-parse --show-toplevel 2>/dev/null)" = "$src" ]; then
    step "copy the files git lists (tracked, and untracked but not ignored) without .git"
    (cd "$src" && git ls-files -z --cached --others --exclude-standard) >"$tmp/files"
    # Files deleted from the work tree but still in the index are not in a tarball either.
    (cd "$src" && xargs -0 -r -n 200 sh -c 'for f; do [ -f "$f" ] && printf "%s\0" "$f"; done' sh) \
        <"$tmp/files" >"$tmp/present"
    tar -C "$src" --null -T "$tmp/present" -cf - | tar -C "$copy" -xf -
    expected=$(tr '\0' '\n' <"$tmp/present" | grep -c '\.[ch]pp$' || true)
else
    step "no git repository: copy the tree without .git and build folders"
    tar -C "$src" --exclude=./.git --exclude='./build*' -cf - . | tar -C "$copy" -xf -
    expected=$(cd "$copy" && find . -type f -name '*.[ch]pp' | wc -l)
fi
[ ! -e "$copy/.git" ] || fail "the copy has a .git"
[ -x "$copy/dev" ] || fail "the copy has no executable ./dev"

# ---- ./dev usage ---------------------------------------------------------------------------------
step "./dev without a command: usage on stderr, exit 2"
set +e
(cd "$copy" && ./dev) >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "./dev exited $rc, not 2"
[ ! -s "$tmp/out" ] || fail "./dev wrote to stdout"
for command in run test format lint fuzz deps help; do
    grep -q "^  $command " "$tmp/err" || fail "./dev's usage does not list \`$command\`"
done
(cd "$copy" && ./dev help) >"$tmp/out" || fail "./dev help failed"
cmp -s "$tmp/out" "$tmp/err" || fail "./dev help differs from the usage ./dev prints"

# ---- ./dev format, with git and without -------------------------------------------------------
check_format() { # check_format LABEL [PATH]
    local label=$1
    step "./dev format ($label)"
    (cd "$copy" && PATH=${2:-$PATH} ./dev format) >"$tmp/out" 2>&1 || {
        cat "$tmp/out" >&2
        fail "./dev format ($label)"
    }
    cat "$tmp/out"
    grep -qx "dev: $expected C++ files follow .clang-format" "$tmp/out" ||
        fail "./dev format ($label) did not check all $expected C++ files of the tree; is a" \
            "folder that holds C++ missing from cpp_folders in ./dev?"
}
check_format "git on the PATH, no .git"
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "git: command not found" >&2\nexit 127\n' >"$tmp/bin/git"
chmod +x "$tmp/bin/git"
check_format "no git" "$tmp/bin:$PATH"

# ---- ingot check plans/ and ingot compare, as ./dev run ends -------------------------------------
if [ -n "$ingot" ]; then
    step "ingot check plans/ (no .git)"
    (cd "$copy" && "$ingot" check plans/) >"$tmp/out" 2>&1 || {
        cat "$tmp/out" >&2
        fail "ingot check plans/ in the copy"
    }
    tail -n 1 "$tmp/out"
    step "ingot compare plans/*-2025.plan (no .git)"
    (cd "$copy" && "$ingot" compare plans/*-2025.plan) >"$tmp/out" 2>&1 || {
        cat "$tmp/out" >&2
        fail "ingot compare plans/*-2025.plan in the copy"
    }
fi
step "OK"
