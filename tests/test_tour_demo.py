"""Issue 17 item 11: the demo is current and complete, and a book knows its company's store."""

from __future__ import annotations

import shutil

from backoffice.schemas import REGISTRY
from backoffice.sync.state import read_state
from backoffice.sync.store import DEFAULT_FILE

from backoffice.cli import main
from backoffice.demo import ledger_sheets
from backoffice.demo.stock import stock_sheets
from backoffice.templates import new_book


def test_the_demo_ledger_has_every_sheet_of_the_current_template():
    """The template's sheets in its order, then the compliance calendar's, which no template
    has yet (issue 23: Filings, Permits and contracts, Documents)."""
    assert [s.schema.kind for s in ledger_sheets("id")] == \
        [s.kind for s in REGISTRY.for_book("ledger")] + ["filings", "permits", "archive"]


def test_the_demo_stock_book_names_its_journal_accounts_in_the_demo_chart():
    from backoffice.demo.company import ACCOUNTS

    settings = stock_sheets("id")[0].rows[0]
    codes = {code: kind for code, _id, _en, kind, _parent in ACCOUNTS}
    assert codes[settings["inventory_account"]] == "asset"
    assert {codes[settings[k]] for k in ("stock_expense_account", "stock_adjustment_account",
                                         "stock_receipts_account")} == {"expense"}


def test_a_copy_of_a_synced_book_syncs_with_the_company_store(tmp_path, capsys):
    """Without --store, a book goes to the store it last synced with, not a new one beside it."""
    office, home = tmp_path / "office", tmp_path / "home"
    office.mkdir()
    home.mkdir()
    book = office / "ledger.xlsx"
    new_book("ledger", str(book), "en")
    store = tmp_path / "company.sqlite"
    assert main(["sync", str(book), "--store", str(store), "--user", "ana"]) == 0
    assert read_state(str(book)).url == f"sqlite:///{store}"
    copy = home / "ana.xlsx"
    shutil.copy(book, copy)
    capsys.readouterr()
    assert main(["sync", str(copy), "--user", "ana"]) == 0
    assert not (home / DEFAULT_FILE).exists() and not (office / DEFAULT_FILE).exists()
    assert "company.sqlite" in capsys.readouterr().out
    moved = tmp_path / "moved"
    shutil.copytree(office, moved / "office")  # a store beside the book moves with it
    near = moved / "office" / "ledger.xlsx"
    assert main(["sync", str(book), "--store", str(office / "s.sqlite"), "--user", "ana"]) == 0
    assert read_state(str(book)).url == "sqlite:///s.sqlite"
    shutil.copy(book, near)
    shutil.copy(office / "s.sqlite", moved / "office" / "s.sqlite")
    assert main(["sync", str(near), "--user", "ana"]) == 0
    assert not (moved / "office" / DEFAULT_FILE).exists()


def test_the_demo_tour_has_no_dead_ends(tmp_path, capsys):
    """On the demo as made: upgrade has nothing to add to any of its books, stock --post-to posts, payroll
    --post-to says why nothing changed, and Sync of a person's copy uses the company store."""
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--lang", "en"]) == 0
    ledger = folder / "ledger.xlsx"
    capsys.readouterr()
    for book in (ledger, folder / "payroll.xlsx", folder / "stock.xlsx"):
        assert main(["upgrade", str(book)]) == 0
        assert capsys.readouterr().out.strip() == f"{book} is up to date."
    assert main(["stock", str(folder / "stock.xlsx"), "--as-of", "2025-12-31",
                 "--post-to", str(ledger)]) == 0
    posted = [line for line in capsys.readouterr().out.splitlines() if "posted stock:" in line]
    assert len(posted) == 12 and all(int(line.split(": ")[-1].split()[0]) > 0 for line in posted)
    assert main(["check", str(ledger), "--no-marks"]) == 0
    capsys.readouterr()
    assert main(["payroll", str(folder / "payroll.xlsx"), "--period", "2025-03",
                 "--post-to", str(ledger)]) == 0
    assert (f"payroll:2025-03 in {ledger}: unchanged (it already holds these lines, posted "
            "before or brought by Sync).") in capsys.readouterr().out
    assert main(["sync", str(folder / "sync" / "ana.xlsx"), "--user", "ana"]) == 0
    assert not (folder / "sync" / DEFAULT_FILE).exists()
