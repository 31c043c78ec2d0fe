#!/usr/bin/env python3
"""Compare cescape's verdicts with LLVM's Attributor HeapToStack (H2S).

Called by bench/h2s-compare.sh (which checks the tools and picks the
inputs); usable on its own:

    python3 bench/h2s_compare.py --plugin build/cescape.so --out bench/out/h2s a.c b.c

Per input file:
  (a) cescape: clang-19 -fplugin=P -fplugin-arg-cescape-m -fsyntax-only f.c,
      remarks "[cescape:<kind>]" collected per file:line:col.
  (b) LLVM's Attributor HeapToStack (H2S):
        clang-19 -O1 -Xclang -disable-llvm-passes -g -S -emit-llvm f.c -o f.ll
        opt-19 -S -passes='inferattrs,function(sroa),attributor' \
               -max-heap-to-stack-size=N f.ll -o f.h2sN.ll
      for N = 128 (LLVM's default) and N = cescape's max-stack (4096).
      An allocation call (malloc / calloc / aligned_alloc, identified by the
      DILocation of its !dbg) present in f.ll and absent from f.h2sN.ll was
      converted to an alloca ("yes"). The alloca itself may be gone too when
      the Attributor folded all loads from it, so disappearance is the test.

Standard library only. Always exits 0 unless the arguments are wrong.
"""

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

# Calls H2S may convert (isRemovableAlloc + known initial value).
H2S_CANDIDATES = {"malloc", "calloc", "aligned_alloc"}
# Other allocation calls listed as sites (never converted by H2S).
OTHER_ALLOCS = {"realloc", "reallocarray", "strdup", "strndup", "posix_memalign",
                "memalign", "valloc", "pvalloc"}
ALL_ALLOCS = H2S_CANDIDATES | OTHER_ALLOCS

CALL_RE = re.compile(r"\bcall\b[^@]*@(" + "|".join(sorted(ALL_ALLOCS)) +
                     r")\(.*!dbg !(\d+)")
DEFINE_RE = re.compile(r"^define\b[^@]*@(\"[^\"]+\"|[\w.$]+)\(")
MD_RE = re.compile(r"^!(\d+) = (?:distinct )?(.*)$")
REMARK_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>remark|warning|error): "
    r"(?P<msg>.*?)\[cescape:(?P<kind>[\w-]+)\]")
CRASH_RE = re.compile(r"PLEASE submit a bug report|Stack dump:")


def field(text, name):
    m = re.search(r"\b" + name + r": (!\d+|\"(?:[^\"\\]|\\.)*\"|-?\d+)", text)
    if not m:
        return None
    v = m.group(1)
    if v.startswith('"'):
        return v[1:-1]
    if v.startswith("!"):
        return int(v[1:])
    return int(v)


def parse_ir(path):
    """Return (calls, defined_functions).

    calls: list of dicts {func, callee, file, line, col}."""
    md = {}
    raw_calls = []
    defined = set()
    cur = None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if cur is None:
                m = DEFINE_RE.match(line)
                if m:
                    cur = m.group(1).strip('"')
                    defined.add(cur)
                    continue
                m = MD_RE.match(line)
                if m:
                    md[int(m.group(1))] = m.group(2)
                continue
            if line.startswith("}"):
                cur = None
                continue
            m = CALL_RE.search(line)
            if m:
                raw_calls.append((cur, m.group(1), int(m.group(2))))

    def file_of(scope_id, depth=0):
        text = md.get(scope_id, "")
        if depth > 50 or not text:
            return None
        f = field(text, "file")
        if isinstance(f, int) and md.get(f, "").startswith("!DIFile"):
            ftxt = md[f]
            name = field(ftxt, "filename") or ""
            d = field(ftxt, "directory") or ""
            return os.path.normpath(os.path.join(d, name)) if d else name
        s = field(text, "scope")
        if isinstance(s, int):
            return file_of(s, depth + 1)
        return None

    calls = []
    for func, callee, dbg in raw_calls:
        loc = md.get(dbg, "")
        if not loc.startswith("!DILocation"):
            continue
        ln = field(loc, "line") or 0
        col = field(loc, "column") or 0
        scope = field(loc, "scope")
        calls.append({"func": func, "callee": callee,
                      "file": file_of(scope) if isinstance(scope, int) else None,
                      "line": ln, "col": col})
    return calls, defined


def call_text(src_lines, line, col, limit=44):
    """The call expression starting at line:col (1-based, byte column)."""
    if not (1 <= line <= len(src_lines)):
        return "?"
    text = src_lines[line - 1][max(col - 1, 0):]
    rest = src_lines[line:line + 10]
    buf = text
    for extra in rest:
        if buf.count("(") > 0 and depth_closed(buf):
            break
        buf += " " + extra
    out = []
    depth = 0
    started = False
    quote = None
    for ch in buf:
        out.append(ch)
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
            started = True
        elif ch == ")":
            depth -= 1
            if started and depth == 0:
                break
        elif not started and not (ch.isalnum() or ch in "_ \t"):
            out.pop()
            break
    s = " ".join("".join(out).split())
    if len(s) > limit:
        s = s[:limit - 3] + "..."
    return s


def depth_closed(s):
    d = 0
    seen = False
    for ch in s:
        if ch == "(":
            d += 1
            seen = True
        elif ch == ")":
            d -= 1
            if seen and d == 0:
                return True
    return False


MEM_LIMIT_MB = int(os.environ.get("MEM_LIMIT_MB", "4096"))
TIMEOUT_S = int(os.environ.get("TIMEOUT", "300"))


def limit_memory():
    """Address-space cap for each child, so a runaway analysis fails with
    'out of memory' instead of waking the machine's OOM killer."""
    import resource
    lim = MEM_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (lim, lim))


def run(cmd, log):
    with open(log, "w") as fh:
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True, errors="replace",
                               preexec_fn=limit_memory, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            out = e.output or ""
            if isinstance(out, bytes):
                out = out.decode("utf-8", "replace")
            fh.write("$ " + " ".join(cmd) + "\n" + out + "\n[timeout]\n")
            return 124, out
        fh.write("$ " + " ".join(cmd) + "\n" + p.stdout)
    return p.returncode, p.stdout


def same_file(a, b):
    if a is None or b is None:
        return False
    return os.path.realpath(a) == os.path.realpath(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--plugin-name", help="path to show (when --plugin is a copy)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--opt", default="opt-19")
    ap.add_argument("--max-stack", type=int, default=4096)
    ap.add_argument("--cflags", default="", help="extra flags for both compiles")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    caps = [128, a.max_stack]
    have_plugin = os.path.isfile(a.plugin)
    if not have_plugin:
        print("note: plugin %s not found; cescape column will be n/a" % a.plugin)
        plugin_id = "plugin %s: not found" % a.plugin
    else:
        import hashlib
        import time
        with open(a.plugin, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()[:12]
        plugin_id = "plugin %s built %s, sha256 %s" % (
            a.plugin_name or a.plugin, time.strftime("%Y-%m-%d %H:%M:%S",
                                    time.localtime(os.path.getmtime(a.plugin))), digest)
    extra = a.cflags.split()

    rows = []          # one per allocation site
    problems = []      # per-file failures
    used = set()
    for idx, src in enumerate(a.files):
        src = os.path.abspath(src)
        base = os.path.splitext(os.path.basename(src))[0]
        tag = base
        n = 1
        while tag in used:
            n += 1
            tag = "%s.%d" % (base, n)
        used.add(tag)
        stem = os.path.join(a.out, tag)
        try:
            with open(src, encoding="utf-8", errors="replace") as fh:
                src_lines = fh.read().split("\n")
        except OSError as e:
            problems.append("%s: cannot read (%s)" % (src, e))
            continue
        disp = os.path.relpath(src)

        # (a) cescape
        ces = defaultdict(list)   # (line, col) -> [(kind, msg)]
        ces_state = "n/a"
        if have_plugin:
            cmd = [a.clang, "-fplugin=" + a.plugin, "-fplugin-arg-cescape-m"]
            if a.max_stack != 4096:
                cmd.append("-fplugin-arg-cescape-max-stack=%d" % a.max_stack)
            cmd += extra + ["-fsyntax-only", src]
            rc, out = run(cmd, stem + ".cescape.txt")
            if rc == 124:
                ces_state = "timeout"
                problems.append("%s: cescape timed out after %d s" % (disp, TIMEOUT_S))
            elif rc >= 128 or rc < 0 or CRASH_RE.search(out):
                ces_state = "CRASH"
                problems.append("%s: cescape CRASHED (rc=%d), see %s.cescape.txt"
                                % (disp, rc, stem))
            elif rc != 0:
                ces_state = "error"
                problems.append("%s: cescape compile failed (rc=%d), see %s.cescape.txt"
                                % (disp, rc, stem))
            else:
                ces_state = "ok"
            for ln in out.splitlines():
                m = REMARK_RE.match(ln)
                if not m or m.group("kind") == "dangling":
                    continue
                if not same_file(m.group("file"), src):
                    continue
                ces[(int(m.group("line")), int(m.group("col")))].append(
                    (m.group("kind"), m.group("msg").strip()))

        # (b) H2S
        ll = stem + ".ll"
        rc, _ = run([a.clang, "-O1", "-Xclang", "-disable-llvm-passes", "-g", "-S",
                     "-emit-llvm"] + extra + [src, "-o", ll], stem + ".ll.log")
        h2s_ok = rc == 0
        in_calls, out_calls = [], {}
        if not h2s_ok:
            problems.append("%s: clang -emit-llvm failed, see %s.ll.log" % (disp, stem))
        else:
            in_calls, _ = parse_ir(ll)
            for cap in caps:
                o = "%s.h2s%d.ll" % (stem, cap)
                rc, _ = run([a.opt, "-S", "-passes=inferattrs,function(sroa),attributor",
                             "-max-heap-to-stack-size=%d" % cap, ll, "-o", o],
                            "%s.h2s%d.log" % (stem, cap))
                if rc != 0:
                    problems.append("%s: opt failed for cap %d, see %s.h2s%d.log"
                                    % (disp, cap, stem, cap))
                    out_calls[cap] = None
                else:
                    out_calls[cap] = parse_ir(o)

        # IR sites in this file, with H2S verdict per cap
        ir_sites = defaultdict(list)  # (line, col) -> [call]
        for c in in_calls:
            if same_file(c["file"], src):
                ir_sites[(c["line"], c["col"])].append(c)
        verdict = {}  # (line, col, k) -> {cap: str}
        for (ln, col), calls in ir_sites.items():
            for k, c in enumerate(calls):
                v = {}
                for cap in caps:
                    oc = out_calls.get(cap)
                    if oc is None:
                        v[cap] = "err"
                        continue
                    ocalls, odefined = oc
                    if c["callee"] not in H2S_CANDIDATES:
                        v[cap] = "n/c"
                    elif c["func"] not in odefined:
                        v[cap] = "fn-del"
                    else:
                        left = sum(1 for x in ocalls
                                   if x["func"] == c["func"] and x["line"] == ln
                                   and x["col"] == col and x["callee"] == c["callee"])
                        same = sum(1 for x in calls[:k + 1] if x["callee"] == c["callee"])
                        v[cap] = "yes" if same > left else "no"
                verdict[(ln, col, k)] = (c, v)

        # Join cescape remarks with IR sites: exact line:col, then by line.
        ir_keys = sorted(verdict)
        ces_keys = sorted(ces)
        pairs = []
        ir_left = list(ir_keys)
        ces_left = list(ces_keys)
        for ck in ces_keys:
            hit = [ik for ik in ir_left if (ik[0], ik[1]) == ck]
            if hit:
                pairs.append((ck, hit[0]))
                ir_left.remove(hit[0])
                ces_left.remove(ck)
        for ck in list(ces_left):
            hit = [ik for ik in ir_left if ik[0] == ck[0]]
            same_line_ces = [x for x in ces_left if x[0] == ck[0]]
            if len(hit) == 1 and len(same_line_ces) == 1:
                pairs.append((ck, hit[0]))
                ir_left.remove(hit[0])
                ces_left.remove(ck)
        for ik in ir_left:
            pairs.append((None, ik))
        for ck in ces_left:
            pairs.append((ck, None))

        for ck, ik in pairs:
            if ik is not None:
                c, v = verdict[ik]
                ln, col = ik[0], ik[1]
                callee = c["callee"]
            else:
                ln, col = ck
                v = {cap: "-" for cap in caps}
                callee = None
            if ck is not None:
                rem = ces[ck]
                kinds = [r[0] for r in rem]
                kind = kinds[0]
                msg = rem[0][1]
                if kind == "escape":
                    m = re.search(r"escapes \(([^)]*)\)", msg)
                    label = "escape(%s)" % (m.group(1) if m else "?")
                elif kind == "heap-to-stack":
                    m = re.search(r"(\d+)[ -]?(?:bytes?|B)\b", msg)
                    label = "heap-to-stack" + (" %sB" % m.group(1) if m else "")
                else:
                    label = kind
                if len(rem) > 1:
                    label += " [%d remarks!]" % len(rem)
            else:
                kind = None
                label = "(no remark)" if ces_state == "ok" else ces_state
            rows.append({
                "site": "%s:%d:%d" % (disp, ln, col),
                "call": call_text(src_lines, ln, col),
                "callee": callee,
                "kind": kind,
                "label": label,
                "h2s": v,
                "ces_state": ces_state,
            })

    # ---- table
    lo, hi = caps
    hdr = ("site", "allocation call", "cescape", "H2S(%d)" % lo, "H2S(%d)" % hi)
    cells = [hdr] + [(r["site"], r["call"], r["label"], r["h2s"][lo], r["h2s"][hi])
                     for r in rows]
    w = [max(len(c[i]) for c in cells) for i in range(5)]
    lines = []
    for i, c in enumerate(cells):
        lines.append("  ".join(c[j].ljust(w[j]) for j in range(5)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w[j] for j in range(5)))

    def is_ces_stack(r):
        return r["kind"] == "heap-to-stack"

    summ = []
    summ.append("")
    summ.append("%d files, %d allocation sites (%d with a cescape remark, %d seen in IR)"
                % (len(a.files), len(rows), sum(1 for r in rows if r["kind"]),
                   sum(1 for r in rows if r["callee"])))
    kinds = defaultdict(int)
    for r in rows:
        kinds[r["kind"] or "(none)"] += 1
    summ.append("cescape verdicts: " + ", ".join(
        "%s %d" % (k, kinds[k]) for k in sorted(kinds)))
    summ.append(plugin_id)
    summ.append("'stack' for cescape = [cescape:heap-to-stack]; for H2S = call converted.")
    for cap in caps:
        both = [r for r in rows if is_ces_stack(r) and r["h2s"][cap] == "yes"]
        only_c = [r for r in rows if is_ces_stack(r) and r["h2s"][cap] != "yes"]
        only_h = [r for r in rows if not is_ces_stack(r) and r["h2s"][cap] == "yes"]
        neither = len(rows) - len(both) - len(only_c) - len(only_h)
        summ.append("")
        summ.append("H2S cap %d: both stack %d, only cescape %d, only H2S %d, neither %d"
                    % (cap, len(both), len(only_c), len(only_h), neither))
        if only_c:
            summ.append("  only cescape:")
            for r in only_c:
                summ.append("    %s  %s  (H2S: %s)" % (r["site"], r["call"], r["h2s"][cap]))
        summ.append("  only H2S:" + ("" if only_h else " none"))
        for r in only_h:
            summ.append("    %s  %s  (cescape: %s)" % (r["site"], r["call"], r["label"]))
    nr = [r for r in rows if r["callee"] and not r["kind"] and r["ces_state"] == "ok"]
    if nr:
        summ.append("")
        summ.append("allocation calls with no cescape remark: %d" % len(nr))
        for r in nr:
            summ.append("    %s  %s" % (r["site"], r["call"]))
    if problems:
        summ.append("")
        summ.append("problems (%d):" % len(problems))
        for p in problems:
            summ.append("    " + p)

    text = "\n".join(lines + summ) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(a.out, "table.txt"), "w") as fh:
        fh.write(text)
    with open(os.path.join(a.out, "table.tsv"), "w") as fh:
        fh.write("site\tcall\tcescape\th2s_%d\th2s_%d\n" % (lo, hi))
        for r in rows:
            fh.write("\t".join([r["site"], r["call"], r["label"], r["h2s"][lo],
                                r["h2s"][hi]]) + "\n")
    print("(table also in %s/table.txt and table.tsv)" % os.path.relpath(a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
