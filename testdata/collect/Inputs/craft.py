"""Damaged and hostile .debug_cescape payloads (db/payload.h), for
corrupt.test.

  craft.py truncate|flip|future IN OUT   a payload IN, damaged
  craft.py KIND OUT                      a payload of hostile rows, or of
                                         rows that do not inflate, with a
                                         good header and checksum
Sections hold each payload as base64 ending in a zero byte, as the plugin
writes them: IN, and OUT.
"""
import base64
import struct
import sys
import zlib

MAGIC = b"\177CESCAPE"
SCHEMA = 9  # CESCAPE_SCHEMA_VERSION


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


VERSION = 3  # CESCAPE_PAYLOAD_VERSION
HEADER = 40  # CESCAPE_PAYLOAD_HEADER


def payload(rows, version=VERSION, stored=None, length=None):
    """A header and the rows deflated (or the bytes stored, as given)."""
    stored = zlib.compress(rows) if stored is None else stored
    length = len(rows) if length is None else length
    return (MAGIC + struct.pack("<IIQQQ", version, SCHEMA, len(stored),
                                fnv1a(stored), length) + stored)


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

# A good checksum over stored bytes that do not inflate to the rows the
# header announces.
STORED = {
    "short-length": dict(rows=UNIT, length=len(UNIT) - 1),
    "huge-length": dict(rows=UNIT, length=1 << 40),
    "not-deflated": dict(rows=UNIT, stored=UNIT),
}

kind = sys.argv[1]
if kind in STORED:
    out = payload(**STORED[kind])
elif kind in HOSTILE:
    out = payload(HOSTILE[kind])
else:
    data = bytearray(base64.b64decode(open(sys.argv[2], "rb").read().rstrip(b"\0")))
    if kind == "truncate":
        out = data[:100]
    elif kind == "flip":
        data[len(data) // 2] ^= 0x20
        out = data
    elif kind == "future":
        out = payload(b"", version=VERSION + 1, stored=data[HEADER:])
    else:
        sys.exit("craft.py: unknown kind " + kind)
open(sys.argv[-1], "wb").write(base64.b64encode(bytes(out)) + b"\0")
