#!/usr/bin/env python3
"""Checks that a list the driver prints was derived from db/rules.def: every
rule of the registry is in it, with the registry's values, and no other.

    rules_derived.py RULES_DEF gate-help < `cescape gate --help`
    rules_derived.py RULES_DEF report-css < report.css
    rules_derived.py RULES_DEF navigation REPO < docs/architecture.md

navigation: from a rule's name, one step each to its analysis, its tests
and its documentation: the "Where each rule is decided" table has a row per
rule whose "reported from" files report it (`Rule::<Id>`, and no other file
of plugin/ does), whose test folders hold expectations naming it, and the
README has the section of the rule's anchor, which names the rule.
"""
import os
import re
import sys

ROW = re.compile(
    r'CESCAPE_RULE\((\w+), "([^"]*)", (\w+), ([01]), (\w+), "([^"]*)", "([^"]*)"')


def rules(path):
    with open(path) as f:
        rows = ROW.findall(f.read())
    if not rows:
        sys.exit("no CESCAPE_RULE rows in " + path)
    return [dict(id=r[0], name=r[1], gated=r[3] == "1", colour=r[5], anchor=r[6])
            for r in rows]


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


def github_anchor(heading):
    """The id GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def files_under(root, suffixes):
    for folder, _, names in os.walk(root):
        if "node_modules" in folder:
            continue
        for n in names:
            if n.endswith(suffixes):
                yield os.path.join(folder, n)


def navigation(rows, text, repo):
    """The rule table of docs/architecture.md against the code, the tests and
    the README."""
    errors = []
    section = text.split("### Where each rule is decided", 1)[-1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"`([a-z-]+)`", cells[0]) if len(cells) == 5 else None
        if m:
            table[m.group(1)] = cells
    plugin = os.path.join(repo, "plugin")
    sources = {os.path.relpath(f, plugin): open(f).read()
               for f in files_under(plugin, (".cpp", ".h"))}
    tests = {f: open(f, errors="replace").read()
             for f in files_under(os.path.join(repo, "testdata"), (".c", ".test"))}
    with open(os.path.join(repo, "README.md")) as f:
        readme = f.read()
    sections = {}
    for part in re.split(r"^(?=#{1,6} )", readme, flags=re.M):
        heading = re.match(r"#{1,6} (.*)", part)
        if heading:
            sections[github_anchor(heading.group(1))] = part
    for r in rows:
        row = table.get(r["name"])
        if not row:
            errors.append("docs/architecture.md has no row for " + r["name"])
            continue
        reported_from = set(re.findall(r"`([\w/]+\.(?:cpp|h))`", row[2]))
        reporting = {f for f, t in sources.items()
                     if re.search(r"\bRule::%s\b" % r["id"], t)}
        if not reporting or reporting - reported_from:
            errors.append("%s: reported from %s, the table says %s"
                          % (r["name"], sorted(reporting), sorted(reported_from)))
        tag = "[cescape:%s]" % r["name"]
        folders = re.findall(r"`(testdata/[\w/-]+/)`", row[3])
        if not folders:
            errors.append("%s: no test folder" % r["name"])
        for folder in folders:
            where = os.path.join(repo, folder)
            if not any(f.startswith(where) and tag in t for f, t in tests.items()):
                errors.append("%s: no test in %s names it" % (r["name"], folder))
        if "README.md#%s)" % r["anchor"] not in row[4]:
            errors.append("%s: the table's manual is not README.md#%s"
                          % (r["name"], r["anchor"]))
        if r["name"] not in sections.get(r["anchor"], ""):
            errors.append("%s: README has no section #%s that names it"
                          % (r["name"], r["anchor"]))
    return errors


def main():
    rows = rules(sys.argv[1])
    if sys.argv[2] == "navigation":
        errors = navigation(rows, sys.stdin.read(), sys.argv[3])
    else:
        check = {"gate-help": gate_help, "report-css": report_css}[sys.argv[2]]
        errors = check(rows, sys.stdin.read())
    for e in errors:
        print(e)
    print("%d rules checked, %d errors" % (len(rows), len(errors)))
    sys.exit(1 if errors else 0)


main()
