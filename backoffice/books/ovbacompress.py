"""MS-OVBA compression ([MS-OVBA] 2.4.1), for the VBA project ms-ovba assembles.

ms-ovba-compression 1.0.1 writes copy tokens its own decompressor (and olevba's) cannot
read back, so :mod:`backoffice.books.vbabuild` compresses with this instead. It follows
the specification's algorithm: a container signature byte, then one chunk per 4096 bytes of
source, each a run of flag bytes and tokens (a literal byte, or a copy token whose offset
and length share 16 bits, split by the position in the chunk). Correctness is proven by
decompressing with olevba's independent ``decompress_stream`` (tests/test_excel_buttons.py).
"""

from __future__ import annotations

import struct

CHUNK = 4096


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data[start:start + CHUNK])
    return bytes(out)


def _split(position: int) -> tuple[int, int]:
    """(bits for the length, the largest length) of a copy token at ``position`` in a chunk."""
    bit_count = max((position - 1).bit_length(), 4)
    length_bits = 16 - bit_count
    return length_bits, (1 << length_bits) - 1 + 3


def _chunk(chunk: bytes) -> bytes:
    body = bytearray()
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix -> earlier positions, for matching
    position = 0
    while position < len(chunk):
        flag_index = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if position >= len(chunk):
                break
            length_bits, max_length = _split(position)
            best_length, best_offset = 0, 0
            for candidate in reversed(heads.get(chunk[position:position + 3], ())):
                length = 0
                limit = min(max_length, len(chunk) - position)
                while length < limit and chunk[candidate + length] == chunk[position + length]:
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, position - candidate
                    if length == limit:
                        break
            step = best_length if best_length >= 3 else 1
            if best_length >= 3:
                token = ((best_offset - 1) << length_bits) | (best_length - 3)
                body += struct.pack("<H", token)
                flags |= 1 << bit
            else:
                body.append(chunk[position])
            for at in range(position, position + step):
                heads.setdefault(chunk[at:at + 3], []).append(at)
            position += step
        body[flag_index] = flags
    if len(body) > CHUNK and len(chunk) == CHUNK:  # incompressible: a raw chunk
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + chunk
    return struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + bytes(body)
