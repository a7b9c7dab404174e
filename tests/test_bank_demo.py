"""The demo company's year of bank statements, imported and reconciled (issue 24).

The statements come from the demo ledger's own account 1102 with a year's noise:
receipts a day late, a monthly fee, interest and its 20 % final tax, and a supplier
transfer booked on 28 May that the bank executed on 4 June. The demo imports them into
the ledger, keeps three Bank rules and reconciles December.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from backoffice.bank.frames import statement_lines
from backoffice.bank.importing import import_statement
from backoffice.bank.readers import read_statement
from backoffice.bank.reconciling import reconcile_book
from backoffice.books import open_book
from backoffice.checking import read_book
from backoffice.demo import run_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACKOFFICE_CACHE", str(tmp_path_factory.mktemp("cache")))
        result = run_demo(str(folder), lang="en")
    assert "12 monthly BCA statements" in result.summary
    assert "unexplained difference 0.00" in result.summary
    return folder


def test_the_demo_ledger_holds_its_year_of_statements_and_december_reconciled(
        demo: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.xlsx"
    shutil.copy(demo / "ledger.xlsx", ledger)
    statements = sorted((demo / "bank").glob("bca_2025-*.csv"))
    assert len(statements) == 12
    with open_book(str(ledger)) as book:
        data = read_book(book).data
    proof = CalamineWorkbook.from_path(str(ledger)).get_sheet_by_name(
        "Reconciliation 1102").to_python()
    lines = statement_lines(data)
    # every line of the twelve files is in the sheet, each with a proposal (none decided)
    read = [read_statement(str(path)) for path in statements]
    assert lines.height == sum(len(s.lines) for s in read)
    assert set(lines["status"].to_list()) == {"proposed"}
    assert lines.filter(pl.col("match") == "").height == 0
    fees = lines.filter(pl.col("description") == "BIAYA ADM")
    assert fees.height == 12 and set(fees["rule"]) == {"bank rule: BIAYA ADM → 6108"}
    figures = {row[0]: row[3] for row in proof if row and row[0]}
    assert figures["Unexplained difference (zero when reconciled)"] == 0
    assert figures["Balance per bank"] * 100 == read[-1].closing
    # importing the same statements again adds nothing: they overlap the sheet entirely
    outcomes = [import_statement(str(ledger), str(path), "1102") for path in statements]
    assert all(o.appended == 0 and o.already == len(o.statement.lines) and o.gap is None
               for o in outcomes)
    assert all(o.statement.lines[-3].description == "BUNGA" for o in outcomes)


def test_every_month_is_explained_and_the_wrong_month_transfer_is_outstanding(
        demo: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.xlsx"
    shutil.copy(demo / "ledger.xlsx", ledger)
    may = reconcile_book(str(ledger), "1102", "2025-05").proof
    june = reconcile_book(str(ledger), "1102", "2025-06").proof
    assert may.difference == 0 and june.difference == 0
    # the transfer booked on 28 May is an outstanding payment at the end of May; the
    # bank's line of 4 June carries its entry number, so June matches it by reference
    booked_may = may.open_postings.filter(pl.col("date") == dt.date(2025, 5, 28))
    assert booked_may.height == 1 and booked_may["amount"][0] < 0
    assert may.outstanding_payments >= -booked_may["amount"][0]
    assert booked_may["pid"][0] not in june.open_postings["pid"].to_list()
    assert june.open_lines.filter(pl.col("date") == dt.date(2025, 6, 4)).height == 0
    # the bank's own lines of May (interest, its tax, the fee) are what the books lack
    assert sorted(may.open_lines.filter(pl.col("date") == dt.date(2025, 5, 31))
                  ["description"].to_list()) == ["BIAYA ADM", "BUNGA", "PAJAK BUNGA"]
    december = reconcile_book(str(ledger), "1102", "2025-12").proof
    assert december.difference == 0


def test_the_demo_dashboard_shows_the_reconciliation_of_the_bank_data_it_has(
        demo: Path) -> None:
    """The Dashboard's bank line is the one the ledger's Bank statement gives once the
    demo is built (its statements imported and reconciled after the first Post): every
    line proposed, none confirmed, up to the last statement's date."""
    from backoffice.bank.status import dashboard_notes

    with open_book(str(demo / "ledger.xlsx")) as book:
        data = read_book(book).data
    expected = dashboard_notes(data, "en")
    assert expected and expected[0].startswith("Bank 1102: NOT reconciled, 0 of ")
    board = CalamineWorkbook.from_path(str(demo / "ledger.xlsx")).get_sheet_by_name(
        "Dashboard").to_python()
    shown = [row[0] for row in board if row and str(row[0]).startswith("Bank ")]
    assert shown == expected
