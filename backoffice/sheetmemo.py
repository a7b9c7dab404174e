"""Sheets already read and column-checked, kept in memory by a long-lived process.

The add-ins' warm worker is handed the whole open book at every click, and most of
its sheets (Accounts, Settings, Customers…) have not changed since the last one.
Reading a sheet (its table, the coercion of every column, the column checks) is a
pure function of its cells and of what the reader was told (header, schema, locale,
base currency, language), so the worker keeps the outcome under a key made of all of
that: the sheet's content fingerprint (:func:`backoffice.books.grid.fingerprint`,
values AND kinds AND state) and a digest of the reader's inputs. Any change to a cell
gives another fingerprint, so a changed sheet is always read again.

Off unless :func:`enable` is called (the worker does; a command-line run reads each
sheet once and gains nothing). Entries are copied out, never shared: a caller that
adds to a sheet's ``flagged`` cells does not change what the next click gets.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from typing import Any

from backoffice.issues import Issue
from backoffice.schema import SheetData

#: At most this many sheets are kept (a book has about 20 known sheets).
MAX_ENTRIES = 64
#: And at most about this many bytes of frames (a 100,000-row journal is about 30 MB).
MAX_BYTES = 512 << 20

_entries: OrderedDict[str, tuple[SheetData, tuple[Issue, ...], int]] = OrderedDict()
_state = {"enabled": False, "hits": 0, "misses": 0}


def enable(on: bool = True) -> None:
    """Keep read sheets from now on (``on=False``: stop, and forget them)."""
    _state["enabled"] = on
    if not on:
        clear()


def enabled() -> bool:
    return bool(_state["enabled"])


def clear() -> None:
    """Forget every sheet kept."""
    _entries.clear()
    _state["hits"] = _state["misses"] = 0


def stats() -> dict[str, int]:
    """{"entries", "hits", "misses"} since the last :func:`clear` (tests, bench)."""
    return {"entries": len(_entries), "hits": int(_state["hits"]),
            "misses": int(_state["misses"])}


def make_key(fingerprint: str, *inputs: object) -> str:
    """The key of a sheet with content ``fingerprint`` read with ``inputs`` (whose repr
    must say everything the reading depends on)."""
    return hashlib.sha256(repr((fingerprint, *inputs)).encode()).hexdigest()


def get(key: str) -> tuple[SheetData, list[Issue]] | None:
    """A copy of what was kept under ``key``, or None."""
    found = _entries.get(key)
    if found is None:
        _state["misses"] += 1
        return None
    _entries.move_to_end(key)
    _state["hits"] += 1
    data, issues, _size = found
    return _copy(data), list(issues)


def put(key: str, data: SheetData, issues: list[Issue]) -> None:
    """Keep a copy of ``data`` and its ``issues`` under ``key`` (when enabled)."""
    if not enabled():
        return
    size = _size(data.frame)
    _entries[key] = (_copy(data), tuple(issues), size)
    _entries.move_to_end(key)
    total = sum(entry[2] for entry in _entries.values())
    while _entries and (len(_entries) > MAX_ENTRIES or total > MAX_BYTES):
        _old, (_d, _i, dropped) = _entries.popitem(last=False)
        total -= dropped


def _copy(data: SheetData) -> SheetData:
    frame: Any = data.frame
    return dataclasses.replace(
        data, frame=frame.clone() if hasattr(frame, "clone") else frame,
        letters=dict(data.letters), headers=dict(data.headers), values=dict(data.values),
        flagged=set(data.flagged))


def _size(frame: Any) -> int:
    try:
        return int(frame.estimated_size())
    except (AttributeError, TypeError):
        return 0
