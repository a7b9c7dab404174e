"""What a book remembers of its last Sync: a very hidden sheet, ``_backoffice_sync``.

For every synced row: its sheet kind, ID, the store version the book last
agreed with (0: stamped, not yet pushed), the digest of its content then, its
group (the journal entry it belonged to) and, for a row in conflict, the store
version the conflict was found against. Beside them: the company and the
highest store version the book has seen, the identity of the store those
versions come from, and the book's anchors in the store's audit log (the
record of the version it last synced at, and of a few syncs before: see
:mod:`backoffice.sync.anchoring`).

The sheet is written by backoffice only (an output sheet, very hidden so that
Excel's Unhide does not list it) and replaced whole at each Sync, in the same
atomic save as the rows it describes: the book and its memory never disagree.
It is read whatever its visibility: a save in LibreOffice leaves it merely
hidden, and every write of backoffice makes it very hidden again (the format of
all hidden state is docs/hidden-state.md).
Its content is one compressed table (Arrow IPC, zstd, base64 in cells of at
most 32,000 characters), so that a book of a million rows does not carry, and
rewrite at every Sync, a million-row sheet only backoffice reads. Row 1 says
what it is; row 2 holds the company and the version seen, as JSON.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

import polars as pl

from backoffice.books.grid import GridBook
from backoffice.books.ooxml import Package
from backoffice.books.sheetxml import Column, OutputTable
from backoffice.errors import CorruptWorkbook, HiddenStateDamaged

SHEET = "_backoffice_sync"
FORMAT = "backoffice sync state v1: written by backoffice Sync; do not edit"
CELL_CHARS = 32_000
_MAX_ROWS = 1_000_000  # a state of a million-row book is about 1,000 cells of blob
_SCHEMA = {"kind": pl.String, "id": pl.String, "version": pl.Int64, "digest": pl.String,
           "group": pl.String, "conflict": pl.Int64}


class Base(NamedTuple):
    """A row as last synced (a tuple: a million of them are made quickly)."""

    version: int
    digest: str
    group: str | None = None
    conflict: int | None = None


@dataclass
class SyncState:
    """The book's memory: company, high-water mark, and the base of every row by kind."""

    company: str | None = None
    seen: int = 0
    rows: dict[str, dict[str, Base]] = field(default_factory=dict)
    store: str | None = None  # the identity of the store these versions come from
    # The audit records of the versions the book synced at, oldest first: (seq, version,
    # hash), so a store that went back or was rewritten is noticed (see .anchoring).
    anchors: list[tuple[int, int, str]] = field(default_factory=list)
    # The book's own identity and where it was at its last Sync (see .bookid): a copy of
    # the file is told from the book it was copied from.
    book: str | None = None
    where: str | None = None
    url: str | None = None  # where the store is, as .storeurl remembers it

    def of(self, kind: str) -> dict[str, Base]:
        return self.rows.setdefault(kind, {})


def read_state(path: str | GridBook) -> SyncState:
    """The state stored in the book at ``path`` (empty for a book never synced): a file, or
    a grid book a client holds (its very hidden sheet as the client read it).

    A state that cannot be read as backoffice wrote it (cut short, edited,
    damaged in the file) raises :class:`HiddenStateDamaged` (exit 2): Sync must
    not guess what the book last agreed with the store.
    """
    if isinstance(path, GridBook):
        if SHEET not in path.sheet_names():
            return SyncState()
        return _state_of([str(row.get(0) or "") for _n, row in path.head(SHEET, _MAX_ROWS)],
                         path.name)
    try:
        package = Package(path)
    except (OSError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile, zlib.error) as exc:
        raise CorruptWorkbook(path=path, detail=_first_line(exc)) from exc
    try:
        if SHEET not in [s.name for s in package.sheets]:
            return SyncState()
        head = package.head(SHEET, max_rows=_MAX_ROWS)
    except (OSError, EOFError, IndexError, ValueError, SyntaxError, zipfile.BadZipFile,
            zlib.error) as exc:
        raise HiddenStateDamaged(path=path, sheet=SHEET, detail=_first_line(exc)) from exc
    finally:
        package.close()
    return _state_of([str(row.get(0) or "") for _number, row in head], path)


def _state_of(cells: list[str], path: str) -> SyncState:
    """The state in column A of the hidden sheet, top down (see :func:`read_state`)."""
    if not cells or cells[0] != FORMAT:
        if cells and cells[0].startswith("backoffice sync state"):
            raise HiddenStateDamaged(path=path, sheet=SHEET, detail=cells[0][:80])
        return SyncState()
    try:
        return _parse(cells)
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error,
            pl.exceptions.PolarsError, pl.exceptions.PanicException, OSError) as exc:
        # Any of: row 2 not the JSON we wrote, a blob not base64 or not Arrow, columns
        # missing or of another type. The state is unusable, and saying so is the only
        # safe answer (an empty state would push every row again).
        raise HiddenStateDamaged(path=path, sheet=SHEET, detail=_first_line(exc)) from exc


def _parse(cells: list[str]) -> SyncState:
    if len(cells) < 2:
        raise ValueError("the state has no company row")
    meta = json.loads(cells[1])
    if not isinstance(meta, dict):
        raise ValueError("the company row is not an object")
    state = SyncState(meta.get("company"), int(meta.get("seen", 0)), store=meta.get("store"),
                      anchors=[(int(a), int(v), str(h)) for a, v, h in meta.get("anchors", ())],
                      book=meta.get("book"), where=meta.get("where"), url=meta.get("url"))
    blob = "".join(cells[2:])
    if not blob:
        return state
    frame = pl.read_ipc(io.BytesIO(base64.b64decode(blob, validate=True)))
    if dict(frame.schema) != _SCHEMA:
        raise ValueError(f"the rows have columns {list(frame.columns)}")
    for kind, ids, versions, digests, groups, conflicts in frame.group_by("kind").agg(
            pl.col("id"), pl.col("version"), pl.col("digest"), pl.col("group"),
            pl.col("conflict")).iter_rows():
        state.rows[kind] = dict(zip(ids, map(Base._make, zip(versions, digests, groups,
                                                             conflicts, strict=True)),
                                    strict=True))
    return state


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:160]}" if text else type(exc).__name__


def state_table(state: SyncState) -> OutputTable:
    """The state as the output sheet written into the book."""
    columns: dict[str, list] = {key: [] for key in _SCHEMA}
    for kind, bases in state.rows.items():
        columns["kind"].extend([kind] * len(bases))
        columns["id"].extend(bases)
        if bases:
            versions, digests, groups, conflicts = zip(*bases.values(), strict=True)
            columns["version"].extend(versions)
            columns["digest"].extend(digests)
            columns["group"].extend(groups)
            columns["conflict"].extend(conflicts)
    buffer = io.BytesIO()
    pl.DataFrame(columns, schema=_SCHEMA).write_ipc(buffer, compression="zstd")
    blob = base64.b64encode(buffer.getvalue()).decode()
    meta = json.dumps({"company": state.company, "seen": state.seen, "store": state.store,
                       "anchors": [list(a) for a in state.anchors], "book": state.book,
                       "where": state.where, "url": state.url})
    rows = [[meta], *([blob[i:i + CELL_CHARS]] for i in range(0, len(blob), CELL_CHARS))]
    return OutputTable([Column(FORMAT, width=60)], rows, row_count=len(rows))
