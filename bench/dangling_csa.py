#!/usr/bin/env python3
"""cescape's `dangling` beside Clang Static Analyzer's core.StackAddressEscape
on test files whose -verify comments give the truth (bench/dangling.sh csa).

    dangling_csa.py CLANG PLUGIN INCLUDE_DIR OUT_DIR FILE...

Per file, both tools are run:
  cescape: CLANG -fsyntax-only -fplugin=PLUGIN -isystem INCLUDE_DIR FILE
  CSA:     CLANG --analyze -Xclang -analyzer-checker=core.StackAddressEscape
           -Xclang -analyzer-output=sarif -o OUT_DIR/NAME.sarif
           -isystem INCLUDE_DIR FILE   (results of that checker only)
A finding is a (function, variable) pair; the truth is the file's
`expected-warning {{address of ... 'V' escapes its frame` comments (a
compound literal is the variable "(literal)"). Prints one row per function
where any of the three has a finding, then per file and in all: expected,
found by each, missed by each, reported where the test expects none.
"""
import json
import os
import re
import subprocess
import sys

CLANG, PLUGIN, INC, OUT = sys.argv[1:5]
FILES = sys.argv[5:]
VAR = re.compile(r"(?:variable|parameter) '(\w+)'|compound literal|\(\w+(?:\[\])?\)\{")


def var_of(text):
    m = VAR.search(text)
    return m.group(1) if m and m.group(1) else "(literal)"


def functions(path):
    """[(first line, last line, name)] of the file's function bodies."""
    ast = subprocess.run([CLANG, "-fsyntax-only", "-isystem", INC, "-Xclang", "-ast-dump=json", path],
                         capture_output=True, text=True).stdout
    src = open(path, "rb").read()
    line = lambda off: src.count(b"\n", 0, off) + 1
    out = []
    for d in json.loads(ast).get("inner", []):
        r = d.get("range", {})
        if d.get("kind") == "FunctionDecl" and any(i.get("kind") == "CompoundStmt" for i in d.get("inner", [])) \
                and "offset" in r.get("begin", {}) and "offset" in r.get("end", {}) \
                and "includedFrom" not in r["begin"] and "includedFrom" not in d.get("loc", {}):
            out.append((line(r["begin"]["offset"]), line(r["end"]["offset"]), d["name"]))
    return out


def fn_at(fns, ln):
    for a, b, n in fns:
        if a <= ln <= b:
            return n
    return "(file scope)"


totals = dict(expected=0, cescape=0, csa=0, cescape_missed=0, csa_missed=0, cescape_extra=0, csa_extra=0)
for path in FILES:
    name = os.path.basename(path)
    fns = functions(path)
    expected, ces, csa = set(), set(), set()
    for ln, text in enumerate(open(path), 1):
        for m in re.finditer(r"expected-warning(?: \d+)? \{\{(address of .*?escapes its frame)", text):
            expected.add((fn_at(fns, ln), var_of(m.group(1))))
    r = subprocess.run([CLANG, "-fsyntax-only", "-fplugin=" + PLUGIN, "-isystem", INC, path],
                       capture_output=True, text=True)
    for m in re.finditer(r"^[^\n]*?:(\d+):\d+: warning: ([^\n]*)\[cescape:dangling\]", r.stderr, re.M):
        ces.add((fn_at(fns, int(m.group(1))), var_of(m.group(2))))
    sarif = os.path.join(OUT, name + ".sarif")
    subprocess.run([CLANG, "--analyze", "-isystem", INC, "-Xclang", "-analyzer-checker=core.StackAddressEscape",
                    "-Xclang", "-analyzer-output=sarif", "-o", sarif, path], capture_output=True)
    for res in json.load(open(sarif))["runs"][0]["results"]:
        if res["ruleId"] == "core.StackAddressEscape":
            ln = res["locations"][0]["physicalLocation"]["region"]["startLine"]
            csa.add((fn_at(fns, ln), var_of(res["message"]["text"])))
    print(f"## {name}")
    print("| function | variable | test expects | cescape | CSA |")
    print("|---|---|---|---|---|")
    yn = lambda s, k: "yes" if k in s else "-"
    for k in sorted(expected | ces | csa):
        print(f"| {k[0]} | {k[1]} | {yn(expected, k)} | {yn(ces, k)} | {yn(csa, k)} |")
    row = dict(expected=len(expected), cescape=len(ces & expected), csa=len(csa & expected),
               cescape_missed=len(expected - ces), csa_missed=len(expected - csa),
               cescape_extra=len(ces - expected), csa_extra=len(csa - expected))
    print(f"\n{name}: " + ", ".join(f"{k} {v}" for k, v in row.items()) + "\n")
    for k, v in row.items():
        totals[k] += v
print("all files: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
