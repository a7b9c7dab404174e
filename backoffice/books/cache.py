"""A cache of parsed sheets, so a repeated Check of an unchanged sheet skips the parse.

The key is the content of the parts a sheet's values depend on (a SHA-256 of
their stored bytes, never the zip directory's CRC, size or a modification time,
which a damaged file can keep while its bytes changed), the header
row, the columns read with their kinds kept, and the versions of backoffice
and the reader. The same bytes give the same key whatever the file is called,
and any edit gives another key. Entries are Arrow IPC files written atomically;
a damaged or unreadable entry is ignored, never trusted. The cache lives in
``$BACKOFFICE_CACHE`` (default ``~/.cache/backoffice``); ``BACKOFFICE_CACHE=off``
disables it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import polars as pl

from backoffice.books.base import RawTable
from backoffice.books.ooxml import CellProblem

_MAX_ENTRIES = 16
#: The cache keeps at most this many bytes (a 1M-row journal is about 100 MB).
_MAX_BYTES = 1 << 30
_FORMAT = 2  # 2: keys hash the parts' bytes (1 trusted the zip's CRC)


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    setting = os.environ.get("BACKOFFICE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(setting) if setting else Path.home() / ".cache" / "backoffice"
    return base / "sheets"


def make_key(*parts: object) -> str:
    return hashlib.sha256(repr((_FORMAT, *parts)).encode()).hexdigest()[:40]


def load(key: str) -> RawTable | None:
    """The cached table for ``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    meta_path, data_path = folder / f"{key}.json", folder / f"{key}.arrow"
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        frame = pl.read_ipc(data_path)
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return None
    try:
        os.utime(meta_path)  # least recently used goes first
    except OSError:
        pass  # a read-only cache still serves
    return RawTable(
        sheet=meta["sheet"],
        header_row=meta["header_row"],
        headers=meta["headers"],
        frame=frame,
        cell_problems=[CellProblem(*p) for p in meta["cell_problems"]],
        date1904=meta["date1904"],
    )


def store(key: str, table: RawTable) -> None:
    """Keep ``table`` under ``key``; any failure is ignored (the cache is only a speed-up)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "sheet": table.sheet,
            "header_row": table.header_row,
            "headers": table.headers,
            "cell_problems": [[p.row, p.column, p.kind, p.text] for p in table.cell_problems],
            "date1904": table.date1904,
        }
        # Data first, metadata last: an entry without metadata is never read.
        _atomic_write(folder / f"{key}.arrow", lambda f: table.frame.write_ipc(f))
        _atomic_write(folder / f"{key}.json", lambda f: f.write(json.dumps(meta).encode()))
        _evict(folder)
    except (OSError, pl.exceptions.PolarsError):
        return


def _atomic_write(path: Path, write) -> None:  # type: ignore[no-untyped-def]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _evict(folder: Path) -> None:
    """Keep the most recently used entries within the count and size limits."""
    metas = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    total = 0
    for rank, meta in enumerate(metas):
        data = meta.with_suffix(".arrow")
        total += data.stat().st_size if data.exists() else 0
        if rank >= _MAX_ENTRIES or total > _MAX_BYTES:
            meta.unlink(missing_ok=True)
            data.unlink(missing_ok=True)
    kept = {m.stem for m in folder.glob("*.json")}
    for orphan in folder.glob("*.arrow"):  # data whose metadata was never written
        if orphan.stem not in kept:
            orphan.unlink(missing_ok=True)
