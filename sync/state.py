"""What a book remembers of its last Sync: a very hidden sheet, ``_backoffice_sync``.

One row per synced row: its sheet kind, ID, the store version the book last
agreed with (0: stamped, not yet pushed), the digest of its content then, its
group (the journal entry it belonged to) and, for a row in conflict, the
store version the conflict was found against. Rows of kind ``_meta`` hold the
company and the highest store version the book has seen.

The sheet is written by backoffice only (an output sheet, very hidden so that
Excel's Unhide does not list it) and replaced whole at each Sync, in the same
atomic save as the rows it describes: the book and its memory never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from backoffice.books.sheetxml import Column, OutputTable
from backoffice.books.xlsx import XlsxBook

SHEET = "_backoffice_sync"
COLUMNS = ("Kind", "ID", "Version", "Digest", "Group", "Conflict")


@dataclass(frozen=True, slots=True)
class Base:
    """A row as last synced."""

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

    def of(self, kind: str) -> dict[str, Base]:
        return self.rows.setdefault(kind, {})


def read_state(path: str) -> SyncState:
    """The state stored in the book at ``path`` (empty for a book never synced)."""
    state = SyncState()
    with XlsxBook(path) as book:
        if SHEET not in book.sheet_names():
            return state
        raw = book.read_table(SHEET, 1, textual=frozenset("ABCDEF")).frame
    columns = [c for c in "ABCDEF"]
    for letter in columns:
        if letter not in raw.columns:
            raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(letter))
    raw = raw.select([pl.col(c).cast(pl.String) for c in columns])
    for kind, row_id, version, digest, group, conflict in raw.iter_rows():
        if kind is None or row_id is None:
            continue
        if kind == "_meta":
            if row_id == "company":
                state.company = group
            elif row_id == "seen":
                state.seen = int(float(group or 0))
            continue
        state.of(kind)[row_id] = Base(int(float(version or 0)), digest or "", group,
                                      int(float(conflict)) if conflict else None)
    return state


def state_table(state: SyncState) -> OutputTable:
    """The state as the output sheet written into the book."""

    def rows():  # type: ignore[no-untyped-def]
        yield ("_meta", "company", None, None, state.company, None)
        yield ("_meta", "seen", None, None, str(state.seen), None)
        for kind, bases in state.rows.items():
            for row_id, base in bases.items():
                yield (kind, row_id, str(base.version), base.digest, base.group,
                       None if base.conflict is None else str(base.conflict))

    count = 2 + sum(len(b) for b in state.rows.values())
    return OutputTable([Column(c) for c in COLUMNS], rows(), row_count=count)
