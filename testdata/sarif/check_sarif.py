#!/usr/bin/env python3
"""Checks what the SARIF schema cannot: every result's ruleIndex names its
own rule, every result's and every flow step's region ends at the end of
the token it starts at, the rules are those of db/rules.def, each with its
descriptions, its help link to its README section and its level, and the
results' fixes apply to the sources.

Usage: check_sarif.py SARIF SRCROOT OUTDIR
Prints one "ok:" line per property; writes the sources with every fix
applied to OUTDIR (same relative paths); exits 1 on the first failure.
"""
import json
import os
import re
import sys

RULES_DEF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "db", "rules.def")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def apply(text, replacements):
    """Applies SARIF replacements (1-based lines and columns, end exclusive)
    to text, last first so that earlier offsets stay valid."""
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)

    def offset(line, col):
        return starts[line - 1] + col - 1

    edits = sorted({(offset(r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
                     offset(r["deletedRegion"]["endLine"], r["deletedRegion"]["endColumn"]),
                     r["insertedContent"]["text"]) for r in replacements})
    for (a, b, new), nxt in zip(edits, edits[1:] + [None]):
        if nxt and nxt[0] < b:
            fail("overlapping replacements at offset %d" % nxt[0])
    for a, b, new in reversed(edits):
        text = text[:a] + new + text[b:]
    return text


def check_token_region(loc, root, what):
    """Fails unless the region of physical location loc is one token of
    its file under root, start and end."""
    region = loc["region"]
    if "endLine" not in region or "endColumn" not in region:
        fail("%s at %s has no end" % (what, region))
    lines = open(os.path.join(root, loc["artifactLocation"]["uri"]), newline="").read().split("\n")
    if region["endLine"] != region["startLine"]:
        fail("%s spans lines: %s" % (what, region))
    token = lines[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1]
    if not token or token != token.strip() or not (token.isidentifier() or not token.isalnum()):
        fail("%s: region %s is not one token: %r" % (what, region, token))


def main():
    sarif, root, out = sys.argv[1:4]
    run = json.load(open(sarif))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    registry = re.findall(r'CESCAPE_RULE\(\w+, "([^"]*)", \w+, [01], \w+, "[^"]*", "([^"]*)"',
                          open(RULES_DEF).read())
    if [(r["id"], r.get("helpUri", "").rsplit("#", 1)[-1]) for r in rules] != registry:
        fail("rules and help anchors %s, db/rules.def has %s"
             % ([(r["id"], r.get("helpUri")) for r in rules], registry))
    for rule in rules:
        for key in ("shortDescription", "fullDescription"):
            if not rule.get(key, {}).get("text"):
                fail("rule %s has no %s" % (rule["id"], key))
        if "#" not in rule.get("helpUri", ""):
            fail("rule %s has no helpUri to a README section" % rule["id"])
        if rule.get("defaultConfiguration", {}).get("level") not in ("note", "warning", "error"):
            fail("rule %s has no default level" % rule["id"])
    print("ok: the %d rules of db/rules.def with descriptions, help links and levels" % len(rules))
    results = run["results"]
    for r in results:
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            fail("result %s has ruleIndex %d (%s)" % (r["ruleId"], r["ruleIndex"], rules[r["ruleIndex"]]["id"]))
    print("ok: the ruleIndex of each of %d results names its rule" % len(results))
    for r in results:
        check_token_region(r["locations"][0]["physicalLocation"], root, "result " + r["ruleId"])
    print("ok: each of %d results ends where its token ends" % len(results))
    steps = [step["location"] for r in results for flow in r.get("codeFlows", [])
             for thread in flow["threadFlows"] for step in thread["locations"]]
    for step in steps:
        check_token_region(step["physicalLocation"], root, "flow step " + step["message"]["text"])
    print("ok: each of %d flow steps ends where its token ends" % len(steps))
    # Go's -m=2 shape (DST = &SRC, {storage for ...}, {global}) and its words.
    jargon = ("{temp}", "(spill)", "leaks in callee", "{mutator}", "{storage for", "{result of", "{local}")
    go_shape = re.compile(r"^flow: \S+ = |\{(none|return|global|param|heap|call|extern|indirect|thread|realloc|loop|size|asm|integer|free)\}")
    for step in steps:
        text = step["message"]["text"]
        if any(word in text for word in jargon) or go_shape.search(text):
            fail("flow step in the analysis's own words: " + text)
    print("ok: no flow step says %s or DST = SRC" % ", ".join(jargon))
    changes = {}
    nfixes = 0
    for r in results:
        for fix in r.get("fixes", []):
            nfixes += 1
            for change in fix["artifactChanges"]:
                if change["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
                    fail("a change outside %SRCROOT%")
                changes.setdefault(change["artifactLocation"]["uri"], []).extend(change["replacements"])
    for path, replacements in changes.items():
        text = open(os.path.join(root, path), newline="").read()
        dest = os.path.join(out, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        open(dest, "w", newline="").write(apply(text, replacements))
    print("ok: %d fixes applied to %d files" % (nfixes, len(changes)))


main()
