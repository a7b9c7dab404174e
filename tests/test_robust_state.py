"""Issue 15: damaged hidden sync state is a problem reported (exit 2), never a crash.

A book is synced for real (SQLite store), then its very hidden ``_backoffice_sync``
sheet is damaged in the ways a file can be: the blob is no base64, the company row
is no JSON, the sheet is cut short, the columns are others. Sync must stop with one
line naming the sheet, change nothing in the book or the store.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import polars as pl
import pytest
from backoffice.sync.state import SHEET, read_state
from conftest import ledger, rewrite_part
from sync_helpers import journal_rows

from backoffice.books.ooxml import Package
from backoffice.cli import main
from backoffice.errors import EXIT_UNUSABLE, HiddenStateDamaged


def _state_part(path: Path) -> str:
    with Package(str(path)) as package:
        return package.sheet(SHEET).part


def _other_columns(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"kind": ["journal"], "id": [1]}).write_ipc(buffer)
    blob = base64.b64encode(buffer.getvalue())
    return re.sub(rb"(<t[^>]*>)[A-Za-z0-9+/=]{100,}(</t>)", rb"\g<1>" + blob + rb"\2", xml,
                  count=1)


DAMAGE = {
    "not-base64": lambda xml: re.sub(rb"(<t[^>]*>)[A-Za-z0-9+/=]{40}", rb"\1!!!not base64!!!",
                                     xml, count=1),
    "not-arrow": lambda xml: re.sub(rb"(<t[^>]*>)[A-Za-z0-9+/=]{100,}(</t>)", rb"\1QUJDRA==\2",
                                    xml, count=1),
    "not-json": lambda xml: re.sub(rb"\{&quot;company|\{\"company", b"{nope", xml, count=1),
    "other-columns": _other_columns,
    "cut-short": lambda xml: xml[: len(xml) // 2],
}


@pytest.fixture
def synced(make_book, tmp_path: Path, capsys) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    rows = journal_rows(("JV-1", "Sale", 1000), ("JV-2", "Sale", 2000))
    path = make_book(ledger(rows))
    store = tmp_path / "store.sqlite"
    assert main(["sync", str(path), "--store", str(store)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert read_state(str(path)).company is not None
    return path, store


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_state_stops_sync_with_one_line(synced, capsys, damage: str
                                                ) -> None:  # type: ignore[no-untyped-def]
    path, store = synced
    rewrite_part(path, _state_part(path), DAMAGE[damage])
    before_book, before_store = path.read_bytes(), store.read_bytes()
    with pytest.raises(HiddenStateDamaged) as raised:
        read_state(str(path))
    assert raised.value.params["sheet"] == SHEET
    code = main(["sync", str(path), "--store", str(store)])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_UNUSABLE, err
    assert len(err.splitlines()) == 1 and SHEET in err and "damaged" in err
    assert path.read_bytes() == before_book
    assert store.read_bytes() == before_store
    # In Indonesian for an Indonesian book: a failure about a book is said in the book's
    # language (its Settings, before the environment: locales.resolve_language).
    assert main(["settings", str(path), "language", "id"]) == 0
    assert main(["sync", str(path), "--store", str(store)]) == EXIT_UNUSABLE
    assert "rusak" in capsys.readouterr().err


def test_an_intact_state_reads_back(synced) -> None:  # type: ignore[no-untyped-def]
    path, _store = synced
    state = read_state(str(path))
    assert sum(len(rows) for rows in state.rows.values()) >= 4  # four journal lines at least
    assert state.seen > 0
