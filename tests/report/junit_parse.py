#!/usr/bin/env python3
"""Reads junit reports back with an XML parser (xml.etree) and checks what CI servers rely on.

    junit_parse.py FILE...

For each file: it parses; the root is <testsuites>; every count (tests, failures) is the number
of elements it counts; each <testcase> has its suite's name as classname; a <failure> has a
message and a type of `error` or `warning`; and no text or attribute holds a control character
(but the line breaks between the finding lines of a <failure> or <system-out>), each of whose
lines starts with the file's path (or `ingot` for findings about the run) — so no input injected
a line or a control sequence. Exit 1 on the first problem, naming it.
"""
import sys
import xml.etree.ElementTree as ET


def fail(path, message):
    print(f"junit_parse: {path}: {message}")
    sys.exit(1)


def no_controls(path, where, text, allow_newline=False):
    for c in text or "":
        code = ord(c)
        if c == "\t" or (allow_newline and c == "\n"):
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF):
            fail(path, f"{where} holds the control character U+{code:04X}: {text!r}")


def check(path):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        fail(path, f"the root is <{root.tag}>, not <testsuites>")
    total_tests = total_failures = 0
    for suite in root:
        if suite.tag != "testsuite":
            fail(path, f"<{suite.tag}> in <testsuites>")
        name = suite.get("name")
        no_controls(path, "a suite name", name)
        cases = list(suite)
        failures = 0
        for case in cases:
            if case.tag != "testcase":
                fail(path, f"<{case.tag}> in <testsuite>")
            if case.get("classname") != name:
                fail(path, f"testcase classname {case.get('classname')!r} in suite {name!r}")
            no_controls(path, "a testcase name", case.get("name"))
            for child in case:
                if child.tag == "failure":
                    failures += 1
                    if child.get("type") not in ("error", "warning"):
                        fail(path, f"failure type {child.get('type')!r}")
                    if not child.get("message"):
                        fail(path, "a failure without a message")
                    no_controls(path, "a failure message", child.get("message"))
                elif child.tag != "system-out":
                    fail(path, f"<{child.tag}> in <testcase>")
                no_controls(path, f"<{child.tag}>", child.text, allow_newline=True)
                for line in (child.text or "").split("\n"):
                    if not line.startswith(name + ":"):
                        fail(path, f"a line of <{child.tag}> in suite {name!r}: {line!r}")
        if suite.get("tests") != str(len(cases)):
            fail(path, f"suite {name!r}: tests={suite.get('tests')} but {len(cases)} test cases")
        if suite.get("failures") != str(failures):
            fail(path, f"suite {name!r}: failures={suite.get('failures')} but {failures} failures")
        total_tests += len(cases)
        total_failures += failures
    if root.get("tests") != str(total_tests) or root.get("failures") != str(total_failures):
        fail(path, f"testsuites counts {root.get('tests')}/{root.get('failures')}, "
                   f"suites hold {total_tests}/{total_failures}")
    print(f"junit_parse: {path}: {len(root)} suites, {total_tests} tests, {total_failures} failures")
    return total_tests


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    for file in sys.argv[1:]:
        if check(file) == 0:
            fail(file, "no test cases")
