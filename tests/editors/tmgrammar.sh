#!/usr/bin/env bash
# Tests the editor grammar (editors/vscode/syntaxes/ingot.tmLanguage.json) against the annotated
# files of editors/vscode/tests/ with vscode-tmgrammar-test, which tokenizes them with VS Code's
# own engine (vscode-textmate, Oniguruma): each `# ^^^ scope` line under a line of source says
# which scopes the text above the carets must have (`# <--- scope` for the first columns).
#
#   tmgrammar.sh TOOL          run TOOL (the vscode-tmgrammar-test program) over the files
#   tmgrammar.sh --expect-failure TOOL FILE
#                              passes only if TOOL fails on FILE: proves that a wrong assertion
#                              makes this test fail
#
# Exit 77 (ctest's SKIP_RETURN_CODE) when TOOL is not an executable file: a missing tool is a
# skipped test, not a passed one. `./dev test` installs it under build/tools/.
set -uo pipefail
cd "$(dirname "$0")/../.."

expect_failure=false
if [ "${1:-}" = "--expect-failure" ]; then
    expect_failure=true
    shift
fi
tool=${1:-}
if [ -z "$tool" ] || [ ! -x "$tool" ]; then
    echo "tmgrammar: vscode-tmgrammar-test not found (./dev test installs it under build/tools/); skipped"
    exit 77
fi
if $expect_failure; then
    if "$tool" --grammar editors/vscode/syntaxes/ingot.tmLanguage.json "$2"; then
        echo "tmgrammar: $2 passed, but its assertions are wrong: the tool checks nothing" >&2
        exit 1
    fi
    echo "tmgrammar: $2 failed, as it must"
    exit 0
fi
shopt -s nullglob
files=(editors/vscode/tests/*.plan editors/vscode/tests/*.rules)
if [ ${#files[@]} -eq 0 ]; then
    echo "tmgrammar: no annotated files in editors/vscode/tests/" >&2
    exit 1
fi
# The tool prints one line per file and exits non-zero when any assertion fails.
"$tool" --grammar editors/vscode/syntaxes/ingot.tmLanguage.json "${files[@]}"
