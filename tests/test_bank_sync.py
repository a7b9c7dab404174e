"""Bank statement lines and the bookkeeper's confirmed matches travel through the store
(issue 24), on SQLite and the real PostgreSQL like every sync test."""

from __future__ import annotations

import shutil
from pathlib import Path

from sync_helpers import edit, run, store_rows, table

from backoffice.bank.importing import import_statement
from backoffice.templates import new_book

DATA = Path(__file__).parent / "data" / "bank"


def test_statement_lines_and_a_confirmation_reach_the_other_book(tmp_path: Path,
                                                                  store_url: str) -> None:
    ana = tmp_path / "ana.xlsx"
    new_book("ledger", str(ana), "en", chart="emkm")
    import_statement(str(ana), str(DATA / "mandiri_2026-01.csv"), "1102")
    assert run(ana, store_url).exit_code == 0
    budi = tmp_path / "budi.xlsx"  # a colleague's copy of the synced book
    shutil.copy(ana, budi)
    assert run(budi, store_url, user="budi").exit_code == 0
    rows = [r for r in store_rows(store_url, "bank_statement") if not r.get("deleted")]
    assert len(rows) == 3
    edit(ana, "Bank statement", {2: {"Match": "BANK-4", "Status": "Confirmed"}})
    assert run(ana, store_url).exit_code == 0
    assert run(budi, store_url, user="budi").exit_code == 0
    lines = table(budi, "Bank statement")
    assert [(r["Money out"], r["Match"], r["Status"]) for r in lines] == [
        (None, None, None), (1_200_000, None, None), (15_000, "BANK-4", "Confirmed")]
