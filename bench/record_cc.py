#!/usr/bin/env python3
# A compiler that only records: `make CC=bench/record_cc.py` appends each
# compile of a .c file to $RECCC_LOG (one compile_commands.json entry a
# line, compiler clang-19) and creates its outputs (-o, -MF) empty, so that
# the build goes on without compiling anything; links create -o only;
# preprocessing and probes run the real clang-19. Used to get a
# compile_commands.json for `cescape check -p` without building (configure
# with the real compiler first). Then:
#   python3 -c 'import json,sys; json.dump([json.loads(l) for l in open(sys.argv[1])], open(sys.argv[2], "w"))' LOG compile_commands.json
import json, os, sys
a = sys.argv[1:]
outs = []
for i, x in enumerate(a):
    if x in ("-o", "-MF") and i + 1 < len(a):
        outs.append(a[i + 1])
srcs = [x for x in a if x.endswith(".c") and not x.startswith("-")]
if "-c" in a and srcs and "-E" not in a:
    with open(os.environ["RECCC_LOG"], "a") as f:
        for s in srcs:
            f.write(json.dumps({"directory": os.getcwd(), "file": s,
                                "arguments": ["clang-19"] + a}) + "\n")
if "-E" in a or ("-c" not in a and not outs and not srcs):
    # preprocessing or probing (configure-like tests inside make): the real one
    os.execvp("clang-19", ["clang-19"] + a)
for o in outs:
    if o != "-" and o != "/dev/null":
        d = os.path.dirname(o)
        if d:
            os.makedirs(d, exist_ok=True)
        open(o, "a").close()
