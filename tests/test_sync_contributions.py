"""Payroll and stock journals reach the ledger through the store, on SQLite and PostgreSQL.

A payroll book and a stock book hold no Journal; on Sync they send their generated
blocks (finalized payroll months, the stock journal) to the store's Journal, and a
ledger book receives them on its own Sync: the same rows ``--post-to`` would write,
while the salaries stay in the payroll book. Real .xlsx books throughout; openpyxl
stands in for a person's edits in Excel.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from backoffice.sync.engine import SyncRefused
from conftest import SETTINGS
from sync_helpers import edit, run, store_rows, table

from backoffice.checking import check
from backoffice.cli import main
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.run import post_months, run_payroll

D = dt.date
ACCOUNTS = [["Code", "Name", "Type", "Parent"],
            ["1101", "Cash", "asset", None], ["1301", "Office supplies", "asset", None],
            ["2103", "PPh 21 payable", "liability", None],
            ["2104", "BPJS payable", "liability", None],
            ["2105", "Salaries payable", "liability", None],
            ["2106", "Other payroll payables", "liability", None],
            ["2190", "Goods received not invoiced", "liability", None],
            ["3101", "Capital", "equity", None],
            ["6101", "Salaries", "expense", None], ["6102", "Employer BPJS", "expense", None],
            ["6106", "Office supplies expense", "expense", None],
            ["6110", "Stock differences", "expense", None]]
JOURNAL = [["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency", "Source"],
           [D(2025, 1, 1), "OPEN-1", "1101", "Opening", 100000000, None, None, None],
           [D(2025, 1, 1), "OPEN-1", "3101", "Opening", None, 100000000, None, None]]
KEYS = ("Date", "Entry", "Account", "Description", "Debit", "Credit", "Source")


def _ledger(make_book, journal=JOURNAL, name="ledger.xlsx"):
    return make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": journal}, name=name)


def _payroll(tmp_path, months=("2025-01", "2025-02"), name="payroll.xlsx"):
    """Two employees (one of them in another department), the months finalized."""
    employees = [
        {"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
         "basic": 8000000, "fixed_allowances": 2000000, "department": "OPS"},
        {"employee": "E2", "name": "Budi", "from": D(2025, 1, 1), "ptkp": "K/1",
         "basic": 12000000, "department": "SALES"}]
    path = write_payroll_book(str(tmp_path / name), employees, settings={"company": "PT Uji"})
    for month in months:
        assert run_payroll(path, period=month, finalize=True).finalized == [month]
    return tmp_path / name


def _rows(path, prefix):
    return sorted((tuple(r.get(k) for k in KEYS) for r in table(path, "Journal")
                   if str(r.get("Source") or "").startswith(prefix)), key=lambda r: r[6])


def _codes(result):
    return sorted({issue.code for issue in result.held})


def test_payroll_journal_reaches_the_ledger_through_the_store_and_salaries_do_not(
        make_book, tmp_path, store_url):
    """The payroll book's finalized months arrive in the ledger exactly as --post-to writes
    them; before the ledger has sent its Accounts they are held back; nothing moves twice."""
    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path)
    early = run(payroll, store_url, user="citra")
    assert early.exit_code == 1 and _codes(early) == ["sync-journal-account-unknown"]
    assert "journal" not in early.pushed and not store_rows(store_url, "journal")

    assert run(ledger, store_url).exit_code == 0  # Accounts and the opening entry go up
    sent = run(payroll, store_url, user="citra")
    assert sent.exit_code == 0 and sent.held == []
    inserted, updated, deleted = sent.pushed["journal"]
    assert inserted > 0 and (updated, deleted) == (0, 0)
    stored = [r for r in store_rows(store_url, "journal") if r["row_id"].startswith("payroll:")]
    assert len(stored) == inserted
    assert {r["row_id"].split("#")[0] for r in stored} == {"payroll:2025-01", "payroll:2025-02"}

    received = run(ledger, store_url)
    assert received.exit_code == 0 and received.pulled == {"journal": (inserted, 0, 0)}
    # The same rows --post-to writes into a copy of the ledger as it was.
    posted = tmp_path / "posted.xlsx"
    _ledger(make_book, name="posted.xlsx")
    for month in ("2025-01", "2025-02"):
        post_months(run_payroll(str(payroll), period=month), str(posted))
    assert _rows(ledger, "payroll:") == _rows(posted, "payroll:")
    assert len(_rows(ledger, "payroll:")) == inserted
    report = check(str(ledger))
    assert report.valid, [i.code for i in report.issues]
    # Salaries stay in the payroll book: the ledger holds no employee sheet, and its
    # Journal carries only department totals.
    names = openpyxl.load_workbook(ledger, read_only=True).sheetnames
    assert not {"Employees", "Pay items", "Karyawan"} & set(names)
    assert not any("Ani" in str(r.get("Description")) for r in table(ledger, "Journal"))

    before = ledger.read_bytes(), payroll.read_bytes()
    for path, user in ((payroll, "citra"), (ledger, "ana")):
        again = run(path, store_url, user=user)
        assert (again.pushed, again.pulled, again.saved, again.exit_code) == ({}, {}, False, 0)
    assert (ledger.read_bytes(), payroll.read_bytes()) == before


def test_a_payroll_entry_deleted_in_the_ledger_is_put_back(make_book, tmp_path, store_url):
    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path, months=("2025-01",))
    assert run(ledger, store_url).exit_code == 0
    assert run(payroll, store_url, user="citra").exit_code == 0
    assert run(ledger, store_url).exit_code == 0
    rows = table(ledger, "Journal")
    mine = [i for i, r in enumerate(rows) if str(r.get("Source") or "").startswith("payroll:")]
    expected = _rows(ledger, "payroll:")
    edit(ledger, "Journal", delete=mine)
    assert _rows(ledger, "payroll:") == []

    result = run(ledger, store_url)
    assert result.exit_code == 1 and _codes(result) == ["sync-generated-restored"]
    assert "journal" not in result.pushed
    assert _rows(ledger, "payroll:") == expected
    assert all(not r["deleted"] for r in store_rows(store_url, "journal"))
    assert check(str(ledger)).valid
    assert run(ledger, store_url).exit_code == 0


def test_an_entry_number_the_ledger_already_uses_is_not_sent(make_book, tmp_path, store_url):
    """The ledger typed PAY-2025-01 itself: that month is held back with the reason, the
    other month is sent."""
    journal = JOURNAL + [[D(2025, 1, 31), "PAY-2025-01", "6101", "Salaries by hand", 5000, None,
                          None, None],
                         [D(2025, 1, 31), "PAY-2025-01", "1101", "Salaries by hand", None, 5000,
                          None, None]]
    ledger = _ledger(make_book, journal)
    payroll = _payroll(tmp_path)
    assert run(ledger, store_url).exit_code == 0
    result = run(payroll, store_url, user="citra")
    assert result.exit_code == 1 and _codes(result) == ["sync-journal-entry-taken"]
    assert dict(result.held[0].params)["entry"] == "PAY-2025-01"
    stored = {r["row_id"].split("#")[0] for r in store_rows(store_url, "journal")
              if r["row_id"].startswith("payroll:")}
    assert stored == {"payroll:2025-02"}


def test_a_payroll_book_without_its_months_does_not_wipe_the_ledger(make_book, tmp_path,
                                                                     store_url):
    """A second payroll book of the company with nothing finalized would delete every
    payroll row: the mass-delete guard refuses it, even when the book takes over payroll."""
    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path)
    assert run(ledger, store_url).exit_code == 0
    assert run(payroll, store_url, user="citra").exit_code == 0
    empty = _payroll(tmp_path, months=(), name="new-payroll.xlsx")
    with pytest.raises(SyncRefused) as refused:
        run(empty, store_url, user="citra", take_over=True)
    assert refused.value.code == "sync-mass-delete"
    assert all(not r["deleted"] for r in store_rows(store_url, "journal"))


def test_a_payroll_book_with_errors_sends_nothing_and_keeps_what_was_sent(make_book, tmp_path,
                                                                          store_url):
    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path)
    assert run(ledger, store_url).exit_code == 0
    assert run(payroll, store_url, user="citra").exit_code == 0
    count = len(store_rows(store_url, "journal"))
    edit(payroll, "Employees", {0: {"PTKP status": "K/9"}})
    result = run(payroll, store_url, user="citra")
    assert result.exit_code == 1 and "sync-journal-unsent" in _codes(result)
    assert "journal" not in result.pushed
    assert len(store_rows(store_url, "journal")) == count
    assert all(not r["deleted"] for r in store_rows(store_url, "journal"))


STOCK_SETTINGS = [["Setting", "Value"], ["Company", "PT Uji"], ["Base currency", "IDR"],
                  ["Language", "English"], ["Inventory account", "1301"],
                  ["Stock expense account", "6106"], ["Stock adjustment account", "6110"],
                  ["Stock receipts account", "2190"]]
ITEMS = [["SKU", "Name (English)", "Name (Indonesian)", "Unit", "Category", "Location",
          "Reorder point", "Reorder quantity", "Preferred supplier", "Last cost"],
         ["PAP-A4", "A4 paper", "Kertas A4", "ream", "Paper", "GUDANG", 10, 20, None, 45000]]
MOVES = [["Date", "SKU", "In", "Out", "Unit cost", "Reference", "Department", "Location",
          "To location"],
         [D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-001", None, None, None],
         [D(2025, 1, 15), "PAP-A4", None, 15, None, None, "Sales", None, None],
         [D(2025, 2, 3), "PAP-A4", None, 5, None, None, "Finance", None, None]]


def test_stock_journal_changes_flow_to_the_ledger(make_book, store_url):
    """Sales took 16 reams instead of 15: January's stock rows are updated in the store and
    in the ledger, which then holds what --post-to writes into a fresh copy."""
    ledger = _ledger(make_book)
    stock = make_book({"Settings": STOCK_SETTINGS, "Items": ITEMS, "Stock moves": MOVES,
                       "Stock counts": [["Date", "Location", "SKU", "Counted"]]},
                      name="stock.xlsx")
    assert run(ledger, store_url).exit_code == 0
    first = run(stock, store_url, user="dewi")
    assert first.exit_code == 0 and first.pushed["journal"][0] > 0
    assert run(ledger, store_url).exit_code == 0
    sales = [r for r in _rows(ledger, "stock:2025-01") if r[3] == "Stock taken by Sales, 2025-01"]
    assert sales[0][4] == 675000  # 15 x 45.000

    edit(stock, "Stock moves", {1: {"Out": 16}})
    changed = run(stock, store_url, user="dewi")
    assert changed.exit_code == 0
    assert changed.pushed["journal"][1] > 0  # updated in place, same IDs
    received = run(ledger, store_url)
    assert received.exit_code == 0 and received.pulled["journal"][1] > 0
    sales = [r for r in _rows(ledger, "stock:2025-01") if r[3] == "Stock taken by Sales, 2025-01"]
    assert sales[0][4] == 720000  # 16 x 45.000
    assert check(str(ledger)).valid

    posted = ledger.with_name("posted.xlsx")
    shutil.copy(_ledger(make_book, name="fresh.xlsx"), posted)
    from backoffice.cli import main

    assert main(["stock", str(stock), "--post-to", str(posted)]) == 0
    assert _rows(ledger, "stock:") == _rows(posted, "stock:")


@pytest.mark.parametrize("point", ["before-commit", "after-commit"])
def test_a_payroll_sync_killed_at_the_store_converges_on_the_next(make_book, tmp_path, store_url,
                                                                  point, monkeypatch):
    """The payroll book keeps no memory of what it sent: killed before the commit, nothing
    was sent; after it, the next Sync finds the store equal to the journal and sends nothing.
    Either way the store holds each row once and the audit chain verifies."""
    from backoffice.sync.audit import verify
    from backoffice.sync.faults import FAULT_ENV, InjectedFault
    from backoffice.sync.store import Store

    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path)
    # The payroll book's own sheets first (its journal waits for the ledger's Accounts).
    assert _codes(run(payroll, store_url, user="citra")) == ["sync-journal-account-unknown"]
    assert run(ledger, store_url).exit_code == 0
    before = payroll.read_bytes()
    monkeypatch.setenv(FAULT_ENV, point)
    with pytest.raises(InjectedFault):
        run(payroll, store_url, user="citra")
    monkeypatch.delenv(FAULT_ENV)
    assert payroll.read_bytes() == before  # the journal leaves no trace in the payroll book
    sent = [r for r in store_rows(store_url, "journal") if r["row_id"].startswith("payroll:")]
    assert bool(sent) == (point == "after-commit")
    result = run(payroll, store_url, user="citra")
    assert result.exit_code == 0 and ("journal" in result.pushed) == (point == "before-commit")
    rows = [r for r in store_rows(store_url, "journal") if r["row_id"].startswith("payroll:")]
    assert len(rows) == len({r["row_id"] for r in rows}) == len(_rows_after_receipt(ledger,
                                                                                     store_url))
    with Store(store_url) as store:
        assert verify(store).findings == []  # the chain, and the tables against it


def _rows_after_receipt(ledger, store_url):
    assert run(ledger, store_url).exit_code == 0
    return _rows(ledger, "payroll:")


def test_a_stock_book_without_ledger_accounts_sends_no_journal(make_book, store_url):
    """Blank inventory accounts in Settings: the company keeps stock out of the ledger, so
    the stock book's Sync sends its own sheets and no journal (and removes none)."""
    ledger = _ledger(make_book)
    stock = make_book({"Settings": STOCK_SETTINGS[:4], "Items": ITEMS, "Stock moves": MOVES,
                       "Stock counts": [["Date", "Location", "SKU", "Counted"]]},
                      name="stock.xlsx")
    assert run(ledger, store_url).exit_code == 0
    result = run(stock, store_url, user="dewi")
    assert result.exit_code == 0 and result.held == []
    assert "journal" not in result.pushed and "stock_moves" in result.pushed
    assert not [r for r in store_rows(store_url, "journal") if r["row_id"].startswith("stock:")]


def test_a_payroll_month_the_ledger_closed_is_not_changed_from_the_payroll_book(
        make_book, tmp_path, store_url):
    """January's payroll reached the ledger and the ledger closed January. A new payroll
    book of the company with other January figures, even one that takes over payroll,
    cannot change it (held back, with the reason); February, still open, goes through."""
    from backoffice.ledger.closing import close_period

    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path, months=("2025-01",))
    assert run(ledger, store_url).exit_code == 0
    assert run(payroll, store_url, user="citra").exit_code == 0
    assert run(ledger, store_url).exit_code == 0
    close_period(str(ledger), "2025-01")
    assert run(ledger, store_url).pushed["period-locks"][0] > 0
    january = sorted((r["row_id"], r["debit"], r["credit"]) for r in store_rows(
        store_url, "journal") if r["row_id"].startswith("payroll:2025-01"))
    # The payroll book again, with a raise that changes January, and February finalized.
    employees = [
        {"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
         "basic": 9000000, "fixed_allowances": 2000000, "department": "OPS"},
        {"employee": "E2", "name": "Budi", "from": D(2025, 1, 1), "ptkp": "K/1",
         "basic": 12000000, "department": "SALES"}]
    other = write_payroll_book(str(tmp_path / "other.xlsx"), employees,
                               settings={"company": "PT Uji"})
    for month in ("2025-01", "2025-02"):
        run_payroll(other, period=month, finalize=True)
    result = run(Path(other), store_url, user="citra", take_over=True)
    assert result.exit_code == 1 and _codes(result) == ["sync-journal-period-closed"]
    assert dict(result.held[0].params) == {"entry": "PAY-2025-01", "period": "2025-01"}
    assert sorted((r["row_id"], r["debit"], r["credit"]) for r in store_rows(
        store_url, "journal") if r["row_id"].startswith("payroll:2025-01")) == january
    assert any(r["row_id"].startswith("payroll:2025-02") for r in store_rows(store_url,
                                                                               "journal"))


def _payroll_rows(url):  # type: ignore[no-untyped-def]
    return sorted((r["row_id"], r["debit"], r["credit"], r["deleted"], r["book"])
                  for r in store_rows(url, "journal") if r["row_id"].startswith("payroll:"))


def test_a_second_payroll_book_does_not_replace_the_payroll_another_book_sent(
        make_book, tmp_path, store_url):
    """payroll.xlsx sent January. A copy under another name that agrees is told nothing. A
    copy that finalized February is held back, naming the book that keeps payroll, and
    the store keeps its rows; with --take-over it sends February, and from then on it is
    payroll.xlsx that is held back rather than deleting February."""
    ledger = _ledger(make_book)
    payroll = _payroll(tmp_path, months=("2025-01",))
    assert run(ledger, store_url).exit_code == 0
    assert run(payroll, store_url, user="citra").exit_code == 0
    sent = _payroll_rows(store_url)
    assert sent and {r[4] for r in sent} == {"payroll.xlsx"}

    agreeing = tmp_path / "payroll-copy.xlsx"
    shutil.copy(payroll, agreeing)
    quiet = run(agreeing, store_url, user="dewi")
    assert (quiet.exit_code, quiet.held, quiet.pushed) == (0, [], {})

    renamed = tmp_path / "payroll 2025.xlsx"
    shutil.copy(payroll, renamed)
    run_payroll(renamed, period="2025-02", finalize=True)
    held = run(renamed, store_url, user="dewi")
    assert held.exit_code == 1 and _codes(held) == ["sync-journal-other-book"]
    assert dict(held.held[0].params) == {"namespace": "payroll", "owner": "payroll.xlsx",
                                         "count": 1}
    assert "journal" not in held.pushed and _payroll_rows(store_url) == sent

    assert main(["sync", str(renamed), "--store", store_url, "--user", "dewi",
                 "--take-over"]) == 0
    now = _payroll_rows(store_url)
    february = [r for r in now if r[0].startswith("payroll:2025-02")]
    assert february and {r[4] for r in february} == {"payroll 2025.xlsx"}
    assert [r for r in now if r not in february] == sent
    back = run(payroll, store_url, user="citra")
    assert back.exit_code == 1 and _codes(back) == ["sync-journal-other-book"], back.held
    assert dict(back.held[0].params)["owner"] == "payroll 2025.xlsx"
    assert _payroll_rows(store_url) == now
