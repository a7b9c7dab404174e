"""Rewrite a zip package, copying every untouched member's compressed bytes as they are.

Python's ``zipfile`` can only copy a member by decompressing and compressing it
again, which costs seconds on a big sheet and yields other bytes. A workbook
write changes a few parts (one sheet, styles, the workbook part) and must leave
the others exactly as they were: this writer copies each untouched member's
local header fields and compressed data verbatim, and compresses only the
parts that changed.

Limits: members and the whole package stay under 4 GiB and 65,535 entries
(ZIP64 is not written); encrypted members are not supported (encrypted
workbooks are refused earlier anyway).
"""

from __future__ import annotations

import queue
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<4s5H3L2H")     # local file header, 30 bytes
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory header, 46 bytes
_END = struct.Struct("<4s4H2LH")        # end of central directory, 22 bytes
_LIMIT = 0xFFFFFFFF
_DOS_EPOCH = (1980, 1, 1, 0, 0, 0)

#: Content of a changed member: bytes, or an iterable of byte chunks (streamed).
Content = bytes | Iterable[bytes]


class PackageTooLarge(ValueError):
    """The package would need ZIP64 (a member or the whole file over 4 GiB)."""


@dataclass(frozen=True, slots=True)
class _Written:
    name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    compressed: int
    size: int
    offset: int
    external_attr: int


def rewrite(source: zipfile.ZipFile, target: BinaryIO, changes: Mapping[str, Content | None],
            level: int = 6) -> None:
    """Write ``source`` to ``target`` with ``changes`` applied.

    Args:
        source: the open original package.
        target: a binary file open for writing.
        changes: member name -> new content, or None to delete the member. Names
            not in the source are added at the end, in the order given.
        level: zlib level for changed members (1 is fast, for very large sheets).
    """
    written: list[_Written] = []
    raw = source.fp
    assert raw is not None
    for info in source.infolist():
        if info.filename in changes:
            content = changes[info.filename]
            if content is not None:
                written.append(_write_member(target, info.filename, content, level,
                                             info.date_time, info.external_attr))
            continue
        written.append(_copy_member(raw, target, info))
    existing = set(source.NameToInfo)
    for name, content in changes.items():
        if name not in existing and content is not None:
            written.append(_write_member(target, name, content, level, _DOS_EPOCH, 0o600 << 16))
    _write_directory(target, written)


def _copy_member(raw: BinaryIO, target: BinaryIO, info: zipfile.ZipInfo) -> _Written:
    """Copy one member's local header and compressed data byte for byte."""
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL.size)
    fields = _LOCAL.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_length, extra_length = fields[9], fields[10]
    name_and_extra = raw.read(name_length + extra_length)
    offset = target.tell()
    if offset > _LIMIT or info.compress_size > _LIMIT:
        raise PackageTooLarge(info.filename)
    # Rewrite the local header with the sizes and CRC known from the central
    # directory, so that a member written with a data descriptor needs none here.
    flags = info.flag_bits & ~0x08
    target.write(_LOCAL.pack(b"PK\x03\x04", fields[1], flags, info.compress_type,
                             fields[4], fields[5], info.CRC, info.compress_size,
                             info.file_size, name_length, extra_length))
    target.write(name_and_extra)
    _copy_bytes(raw, target, info.compress_size)
    return _Written(name_and_extra[:name_length], flags, info.compress_type, fields[4],
                    fields[5], info.CRC, info.compress_size, info.file_size, offset,
                    info.external_attr)


def _copy_bytes(raw: BinaryIO, target: BinaryIO, count: int) -> None:
    while count:
        block = raw.read(min(count, 1 << 22))
        if not block:
            raise zipfile.BadZipFile("member data is truncated")
        target.write(block)
        count -= len(block)


def _chunks(content: Content) -> Iterator[bytes]:
    if isinstance(content, bytes):
        yield content
    else:
        yield from _prefetched(iter(content))


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_END_OF_STREAM = object()


def _prefetched(chunks: Iterator[bytes], depth: int = 4) -> Iterator[bytes]:
    """``chunks`` produced in a second thread while this one compresses.

    A streamed part is read and decompressed from the source, edited, then
    compressed again; zlib lets go of the interpreter, so on two cores the two
    halves overlap. An error in the producer is raised here.
    """
    pipe: queue.Queue[object] = queue.Queue(depth)

    def produce() -> None:
        try:
            for chunk in chunks:
                pipe.put(chunk)
            pipe.put(_END_OF_STREAM)
        except BaseException as error:  # handed to the consumer, raised there
            pipe.put(_Failed(error))

    threading.Thread(target=produce, name="backoffice-part-reader", daemon=True).start()
    while True:
        item = pipe.get()
        if item is _END_OF_STREAM:
            return
        if isinstance(item, _Failed):
            raise item.error
        assert isinstance(item, bytes)
        yield item


def _write_member(target: BinaryIO, name: str, content: Content, level: int,
                  date_time: tuple[int, ...], external_attr: int) -> _Written:
    """Compress ``content`` into a new member; the header is patched once sizes are known."""
    encoded = name.encode("utf-8")
    flags = 0x800 if not encoded.isascii() else 0
    dos_time = (date_time[3] << 11) | (date_time[4] << 5) | (date_time[5] // 2)
    dos_date = ((date_time[0] - 1980) << 9) | (date_time[1] << 5) | date_time[2]
    offset = target.tell()
    target.write(_LOCAL.pack(b"PK\x03\x04", 20, flags, zipfile.ZIP_DEFLATED, dos_time,
                             dos_date, 0, 0, 0, len(encoded), 0))
    target.write(encoded)
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    crc = size = compressed = 0
    for chunk in _chunks(content):
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out = compressor.compress(chunk)
        compressed += len(out)
        target.write(out)
    out = compressor.flush()
    compressed += len(out)
    target.write(out)
    if size > _LIMIT or compressed > _LIMIT or offset > _LIMIT:
        raise PackageTooLarge(name)
    end = target.tell()
    target.seek(offset + 14)
    target.write(struct.pack("<3L", crc, compressed, size))
    target.seek(end)
    return _Written(encoded, flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, compressed,
                    size, offset, external_attr)


def _write_directory(target: BinaryIO, written: list[_Written]) -> None:
    start = target.tell()
    for item in written:
        target.write(_CENTRAL.pack(b"PK\x01\x02", 20, 20, item.flags, item.method, item.time,
                                   item.date, item.crc, item.compressed, item.size,
                                   len(item.name), 0, 0, 0, 0, item.external_attr, item.offset))
        target.write(item.name)
    size = target.tell() - start
    if start > _LIMIT or len(written) > 0xFFFF:
        raise PackageTooLarge("central directory")
    target.write(_END.pack(b"PK\x05\x06", 0, 0, len(written), len(written), size, start, 0))
