"""Damaged and hostile .debug_cescape payloads (db/payload.h), for
corrupt.test.

  craft.py truncate|flip|future IN OUT   a payload IN, damaged
  craft.py KIND OUT                      a payload of hostile rows with a
                                         good header and checksum
"""
import struct
import sys

MAGIC = b"\177CESCAPE"
SCHEMA = 6  # CESCAPE_SCHEMA_VERSION


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def header(rows, version=1, schema=SCHEMA):
    return MAGIC + struct.pack("<IIQQ", version, schema, len(rows), fnv1a(rows))


def varint(v):
    out = b""
    while v >= 0x80:
        out += bytes([v & 0x7F | 0x80])
        v >>= 7
    return out + bytes([v])


def text(s):
    return b"\2" + varint(len(s)) + s


def integer(v):
    return b"\1" + varint((v << 1) ^ (v >> 63))


NULL = b"\0"
UNIT = b"U" + text(b"x.c") + NULL + NULL + NULL + NULL
STEP = b"P" + NULL + NULL + NULL + text(b"a step") + NULL + NULL
FINDING = (b"X" + text(b"escape") + text(b"remark") + text(b"x.c") +
           integer(1) + integer(1) + text(b"f") + text(b"m") + NULL + NULL +
           text(b"0123456789abcdef") + integer(0) + integer(0))

HOSTILE = {
    "unknown-tag": UNIT + b"Z",
    "step-first": UNIT + STEP,
    "no-unit": STEP,
    "two-units": UNIT + UNIT,
    "long-text": UNIT + b"F" + b"\2" + varint(1 << 40) + b"abc",
    "long-number": UNIT + b"X" + b"\2" + b"\xff" * 11,
    "null-path": b"U" + NULL * 5,
    "wrong-type": b"U" + integer(7) + NULL * 4,
    "bad-record": UNIT + FINDING + integer(3) + NULL + NULL,
    "ends-in-row": UNIT + b"F" + text(b"f"),
}

kind = sys.argv[1]
if kind in HOSTILE:
    rows = HOSTILE[kind]
    out = header(rows) + rows
else:
    data = bytearray(open(sys.argv[2], "rb").read())
    if kind == "truncate":
        out = data[:100]
    elif kind == "flip":
        data[len(data) // 2] ^= 0x20
        out = data
    elif kind == "future":
        out = header(data[32:], version=2) + data[32:]
    else:
        sys.exit("craft.py: unknown kind " + kind)
open(sys.argv[-1], "wb").write(out)
