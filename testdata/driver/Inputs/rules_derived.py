#!/usr/bin/env python3
"""Checks that a list the driver prints was derived from db/rules.def: every
rule of the registry is in it, with the registry's values, and no other.

    rules_derived.py RULES_DEF gate-help < `cescape gate --help`
    rules_derived.py RULES_DEF report-css < report.css
"""
import re
import sys

ROW = re.compile(r'CESCAPE_RULE\((\w+), "([^"]*)", (\w+), ([01]), (\w+), "([^"]*)"')


def rules(path):
    with open(path) as f:
        rows = ROW.findall(f.read())
    if not rows:
        sys.exit("no CESCAPE_RULE rows in " + path)
    return [dict(name=r[1], gated=r[3] == "1", colour=r[5]) for r in rows]


def gate_help(rows, text):
    """The --fail-on list: one line per rule, ' *' after the default ones."""
    listed = re.findall(r"^ {22}([a-z-]+)( \*)?$", text, re.M)
    want = [(r["name"], " *" if r["gated"] else "") for r in rows]
    return [] if listed == want else ["gate --help lists %s, want %s" % (listed, want)]


def report_css(rows, text):
    """A badge and a finding box rule per rule, in its colour."""
    errors = []
    for r in rows:
        for rule in (".rule.rule-%s { background: %s; }",
                     "tr.finding.rule-%s .box { border-color: %s; }"):
            line = rule % (r["name"], r["colour"])
            if line not in text.splitlines():
                errors.append("report.css lacks: " + line)
    listed = set(re.findall(r"^\.rule\.rule-([a-z-]+) ", text, re.M))
    extra = listed - {r["name"] for r in rows}
    if extra:
        errors.append("report.css colours rules not in rules.def: %s" % sorted(extra))
    return errors


def main():
    rows = rules(sys.argv[1])
    check = {"gate-help": gate_help, "report-css": report_css}[sys.argv[2]]
    errors = check(rows, sys.stdin.read())
    for e in errors:
        print(e)
    print("%d rules checked, %d errors" % (len(rows), len(errors)))
    sys.exit(1 if errors else 0)


main()
