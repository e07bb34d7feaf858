#!/usr/bin/env python3
"""The integration files at the repository's root: .pre-commit-hooks.yaml and action.yml.

Both must parse as YAML; the hooks must be `ingot-check` and `ingot-fmt`, running the installed
program on *.plan and *.rules files; the action must run `ingot check` with SARIF output and
GitHub annotations, upload the SARIF report even when the check failed, and still fail the job
with the check's exit code. The action's two shell steps that carry the exit code are run here
with a stand-in `ingot`, as the runner would run them.

    tests/integration/check_files.py SOURCE_DIR INGOT_BINARY

Exits 77 (ctest: skipped) when PyYAML is not installed.
"""
import os
import re
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("integration-files: SKIP: PyYAML (python3-yaml) is not installed")
    sys.exit(77)

failures = []


def expect(what, ok):
    if not ok:
        failures.append(what)
        print(f"integration-files: FAIL: {what}", file=sys.stderr)


def run_step(script, env, cwd):
    """Runs a `run:` script as a composite action's `shell: bash` step does."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          env=env, cwd=cwd, capture_output=True, text=True)


def main():
    source, ingot = sys.argv[1], os.path.abspath(sys.argv[2])

    # ---- .pre-commit-hooks.yaml --------------------------------------------------------------
    with open(os.path.join(source, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        hooks = yaml.safe_load(f)
    expect("the hooks are a list", isinstance(hooks, list))
    by_id = {h.get("id"): h for h in hooks}
    expect("hook ids are ingot-check and ingot-fmt", sorted(by_id) == ["ingot-check", "ingot-fmt"])
    for hook_id, entry, default_args in (("ingot-check", "ingot check", ["--force-exclude"]),
                                         ("ingot-fmt", "ingot fmt", [])):
        hook = by_id.get(hook_id, {})
        expect(f"{hook_id}: entry `{entry}`", hook.get("entry") == entry)
        expect(f"{hook_id}: args {default_args}", hook.get("args", []) == default_args)
        expect(f"{hook_id}: language system", hook.get("language") == "system")
        expect(f"{hook_id}: a name", bool(hook.get("name")))
        files = re.compile(hook.get("files", "^$"))
        for name, matches in (("plans/a.plan", True), ("rules/b.rules", True),
                              ("a.plan.bak", False), ("notes.txt", False)):
            expect(f"{hook_id}: files matches {name}: {matches}",
                   bool(files.search(name)) == matches)
        # The entry is a real command: pre-commit appends the changed files to it.
        with tempfile.TemporaryDirectory() as tmp:
            plan = os.path.join(tmp, "a.plan")
            with open(plan, "w", encoding="utf-8") as f:
                f.write('plan p {\n  source A "https://example.org/a"\n'
                        '  target t: output grows 1 %/yr  [A]\n}\n')
            args = entry.split()[1:] + hook.get("args", [])
            r = subprocess.run([ingot, *args, plan], capture_output=True, text=True, cwd=tmp)
            expect(f"{hook_id}: `{' '.join([entry, *hook.get('args', [])])} a.plan` exits 0 on "
                   f"a clean file (got {r.returncode}: {r.stdout}{r.stderr})", r.returncode == 0)

    # ---- action.yml --------------------------------------------------------------------------
    with open(os.path.join(source, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    inputs = action.get("inputs", {})
    for name, default in (("paths", "."), ("args", ""), ("sarif-file", "ingot.sarif"),
                          ("upload-sarif", "true")):
        expect(f"input {name} defaults to {default!r}",
               str(inputs.get(name, {}).get("default")) == default)
    runs = action.get("runs", {})
    expect("a composite action", runs.get("using") == "composite")
    steps = runs.get("steps", [])
    expect("every run step says its shell",
           all(s.get("shell") == "bash" for s in steps if "run" in s))

    def step_index(predicate):
        return next((i for i, s in enumerate(steps) if predicate(s)), None)

    deps = step_index(lambda s: "apt-get" in s.get("run", "") or "deps" in s.get("run", ""))
    build = step_index(lambda s: "cmake" in s.get("run", "") and
                       "$GITHUB_ACTION_PATH" in s.get("run", ""))
    check = step_index(lambda s: "ingot check" in s.get("run", ""))
    upload = step_index(lambda s: s.get("uses") == "github/codeql-action/upload-sarif@v3")
    fail = step_index(lambda s: "exit" in s.get("run", "") and
                      "steps.check.outputs.exit-code" in str(s.get("if", "")))
    expect("steps in order: dependencies, build, check, upload, fail",
           None not in (deps, build, check, upload, fail) and deps < build < check < upload < fail)
    if None in (check, upload, fail):
        return
    check_step, upload_step, fail_step = steps[check], steps[upload], steps[fail]
    expect("the check step has id `check`", check_step.get("id") == "check")
    expect("the check step runs `ingot check --output sarif=FILE --format github ARGS PATHS`",
           'ingot check --output "sarif=$INGOT_SARIF" --format github $INGOT_ARGS $INGOT_PATHS'
           in check_step["run"])
    env = check_step.get("env", {})
    expect("the inputs reach the check through the environment",
           env == {"INGOT_SARIF": "${{ inputs.sarif-file }}", "INGOT_ARGS": "${{ inputs.args }}",
                   "INGOT_PATHS": "${{ inputs.paths }}"})
    expect("no input is pasted into a script",
           all("inputs." not in s.get("run", "") for s in steps))
    expect("the upload runs always(), when asked",
           "always()" in upload_step.get("if", "") and
           "inputs.upload-sarif == 'true'" in upload_step.get("if", ""))
    expect("the upload takes the SARIF file",
           upload_step.get("with", {}).get("sarif_file") == "${{ inputs.sarif-file }}")
    expect("the fail step runs always()", "always()" in fail_step.get("if", ""))

    # Run the check step and the fail step as the runner would, with a stand-in ingot that
    # writes the SARIF file and exits 1: the check step succeeds (so the upload runs) and says
    # 1; the fail step then fails with 1.
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = os.path.join(tmp, "bin")
        os.mkdir(bin_dir)
        with open(os.path.join(bin_dir, "ingot"), "w", encoding="utf-8") as f:
            f.write('#!/bin/sh\nprintf "%s\\n" "$@" >args\n'
                    'for a; do case $a in sarif=*) echo {} >"${a#sarif=}";; esac; done\nexit 1\n')
        os.chmod(os.path.join(bin_dir, "ingot"), 0o755)
        output = os.path.join(tmp, "github_output")
        open(output, "w").close()
        step_env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"],
                        GITHUB_OUTPUT=output, INGOT_SARIF="out.sarif",
                        INGOT_ARGS="--fail-on warning", INGOT_PATHS="plans/ extra.plan")
        r = run_step(check_step["run"], step_env, tmp)
        expect(f"the check step succeeds when ingot fails (got {r.returncode}: {r.stderr})",
               r.returncode == 0)
        with open(output, encoding="utf-8") as f:
            outputs = dict(line.strip().split("=", 1) for line in f if "=" in line)
        expect(f"the check step outputs exit-code=1 and sarif=true (got {outputs})",
               outputs == {"exit-code": "1", "sarif": "true"})
        with open(os.path.join(tmp, "args"), encoding="utf-8") as f:
            args = f.read().split("\n")[:-1]
        expect(f"ingot got the arguments (got {args})",
               args == ["check", "--output", "sarif=out.sarif", "--format", "github",
                        "--fail-on", "warning", "plans/", "extra.plan"])
        r = run_step(fail_step["run"], dict(os.environ, INGOT_EXIT="1"), tmp)
        expect(f"the fail step exits 1 (got {r.returncode})", r.returncode == 1)
        expect("the fail step is given the check's exit code",
               fail_step.get("env", {}).get("INGOT_EXIT") == "${{ steps.check.outputs.exit-code }}")


main()
if failures:
    sys.exit(1)
print("integration-files: OK")
