#!/usr/bin/env bash
# Validates SARIF with the SARIF Multitool (`Sarif.Multitool validate`): the JSON schema of SARIF
# 2.1.0 and the Multitool's rules. Fails on any error; prints the warnings.
#
#   sarif_validate.sh MULTITOOL INGOT OUTDIR       writes the sarif report of the shipped plans and
#                                                  of tests/scripts/every-check/ with
#                                                  `INGOT check --format sarif` and validates both
#   sarif_validate.sh --expect-errors MULTITOOL FILE
#                                                  passes only if FILE has errors: proves that a
#                                                  broken log makes this script fail
#
# Exit 77 (ctest's SKIP_RETURN_CODE) when MULTITOOL is not an executable file: a missing tool is
# a skipped test, not a passed one. `./dev test` installs it under build/tools/.
#
# `Sarif.Multitool validate` exits 0 even when the log has errors (also with
# --rich-return-code); it exits non-zero only when it cannot run (no such file). So the verdict is
# read from its console output, one line per finding:
#     FILE(LINE,COL): error JSON1002: runs[0].tool.driver: The required property 'name' is missing.
#     FILE(LINE,COL): warning SARIF2005: …
#     SARIF.MULTITOOL : error ERR997.NoValidAnalysisTargets : …
set -uo pipefail
cd "$(dirname "$0")/../.."

expect_errors=false
if [ "${1:-}" = "--expect-errors" ]; then
    expect_errors=true
    shift
fi
multitool=${1:-}
if [ -z "$multitool" ] || [ ! -f "$multitool" ] || [ ! -x "$multitool" ]; then
    echo "sarif_validate: the SARIF Multitool is not installed (./dev test installs it); skipped"
    exit 77
fi

# validate FILE: prints the Multitool's findings; status 0 when it ran and found no error.
validate() {
    local file=$1 console rc
    console=$("$multitool" validate "$file" 2>&1)
    rc=$?
    local findings
    findings=$(grep -E '(\)|[[:alnum:].]) ?: (error|warning|note) [A-Z]+[0-9]+' <<<"$console")
    echo "== $file"
    [ -n "$findings" ] && echo "$findings"
    if [ $rc -ne 0 ]; then
        echo "sarif_validate: the Multitool failed (exit $rc):"
        echo "$console"
        return 1
    fi
    if ! grep -q 'Analysis completed successfully' <<<"$console"; then
        echo "sarif_validate: the Multitool did not complete:"
        echo "$console"
        return 1
    fi
    if grep -qE ': error [A-Z]+[0-9]+' <<<"$console"; then
        return 1
    fi
    return 0
}

if $expect_errors; then
    if validate "$2"; then
        echo "sarif_validate: $2 should have errors, but validated"
        exit 1
    fi
    echo "sarif_validate: $2 has errors, as expected"
    exit 0
fi

ingot=$2
out=$3
mkdir -p "$out"
status=0
# write ARGS... >FILE: `ingot check --format sarif ARGS`; exit 1 (findings) is expected, 2 is not.
write() {
    "$ingot" check --format sarif "$@"
    [ $? -le 1 ]
}
write plans >"$out/plans.sarif" || status=1
write --implied tests/scripts/every-check >"$out/every-check.sarif" || status=1
for file in "$out/plans.sarif" "$out/every-check.sarif"; do
    # A log without results would validate trivially: each must hold findings.
    if ! grep -q '"ruleId"' "$file"; then
        echo "sarif_validate: $file has no results"
        status=1
    fi
    validate "$file" || status=1
done
exit $status
