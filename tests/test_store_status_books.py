"""``backoffice store status`` lists the books the store knows (their identities): name,
where it is, whose copy, when it last synced, in the book's language. Two real books
synced with a real SQLite store."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ACCOUNTS, JOURNAL_HEADER, SETTINGS
from sync_helpers import journal_rows

from backoffice.cli import main

WHEN = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_books_the_store_knows_are_listed(make_book, capsys, lang):
    path = make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS,
                      "Journal": [JOURNAL_HEADER, *journal_rows(("JV-1", "sale", 100))]})
    assert main(["sync", str(path), "--user", "ana"]) == 0
    (path.parent / "budi").mkdir()
    copy = path.parent / "budi" / path.name
    shutil.copy(path, copy)  # the whole file: at its first Sync it becomes a copy
    store = str(path.parent / "backoffice-store.sqlite")
    assert main(["sync", str(copy), "--user", "budi", "--store", store]) == 0
    capsys.readouterr()
    assert main(["store", "status", "--book", str(path), "--lang", lang]) == 0
    out = capsys.readouterr().out
    heading = {"en": "books of pt-uji: 2", "id": "buku pt-uji: 2"}[lang]
    assert heading in out, out
    rows = [line for line in out.splitlines() if line.startswith("    ")]
    assert len(rows) == 2, out
    original, copied = sorted(rows, key=lambda line: "budi" in line)
    synced = {"en": "last sync", "id": "sinkron terakhir"}[lang]
    assert re.search(rf"{path.name} \(b[0-9a-f]{{16}}\): {re.escape(str(path.resolve()))}, "
                     rf"{synced} {WHEN}", original), original
    copy_of = {"en": "copy of", "id": "salinan dari"}[lang]
    original_id = re.search(r"\((b[0-9a-f]{16})\)", original).group(1)  # type: ignore[union-attr]
    assert f"{copy_of} {original_id}" in copied, copied
    assert str(copy.resolve()) in copied
