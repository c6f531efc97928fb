"""Hostile files for upload tests, built byte by byte."""

import struct
import zlib


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def forged_png(width=65535, height=65535) -> bytes:
    """A few dozen bytes whose header claims width x height: a valid IHDR, a tiny IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def giant_animated_gif(width=4000, height=4000, frames=1000) -> bytes:
    """16 gigapixels in 23 kB: a 4000 x 4000 canvas and 1000 frames of one pixel each."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0)  # 2-color global palette
    frame = (
        b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # graphic control: 0.1 s
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)  # a 1 x 1 image at 0, 0
        + b"\x02\x02\x44\x01\x00"  # its LZW data: one pixel of color 0
    )
    return b"GIF89a" + screen + b"\x00\x00\x00\xff\xff\xff" + frame * frames + b"\x3b"
