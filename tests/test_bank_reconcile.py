"""Matching and the month's proof, on hand-worked books (issue 24).

January 2026, account 1102, the Mandiri MT940 statement of tests/data/bank:
opening 10,000,000; +2,500,000 (5 Jan, INV-2026-001), -1,200,000 (10 Jan,
BILL-77), -15,000 (31 Jan, BIAYA ADM); closing 11,285,000.

The books: opening 10,000,000; JE-1 +2,500,000 on 4 Jan ("Receipt INV-2026-001");
JE-2 -1,200,000 on 10 Jan; JE-3 -700,000 on 30 Jan (a cheque not yet cashed);
JE-4 +400,000 on 31 Jan (a deposit not yet credited). Book balance 11,000,000.

Proof: 11,000,000 - 400,000 deposits in transit + 700,000 outstanding payments
- 15,000 fee not booked = 11,285,000 = the bank's balance; difference 0.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.bank.frames import statement_lines
from backoffice.bank.importing import import_statement
from backoffice.bank.proof import prove
from backoffice.bank.reconciling import reconcile_book
from backoffice.books import open_book
from backoffice.books.writer import WorkbookWriter
from backoffice.checking import read_book
from backoffice.cli import main
from backoffice.importing import import_csv
from backoffice.templates import new_book

DATA = Path(__file__).parent / "data" / "bank"

JOURNAL = """Date,Entry,Account,Description,Debit,Credit
2025-12-31,OB-1,1102,Opening balance,10000000,
2025-12-31,OB-1,3101,Opening balance,,10000000
2026-01-04,JE-1,1102,Receipt INV-2026-001,2500000,
2026-01-04,JE-1,1201,Receipt INV-2026-001,,2500000
2026-01-10,JE-2,2101,Pay CV Sumber,1200000,
2026-01-10,JE-2,1102,Pay CV Sumber,,1200000
2026-01-30,JE-3,2101,Cheque 0042,700000,
2026-01-30,JE-3,1102,Cheque 0042,,700000
2026-01-31,JE-4,1102,Cash deposit,400000,
2026-01-31,JE-4,1201,Cash deposit,,400000
"""


@pytest.fixture
def book(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.xlsx")
    new_book("ledger", path, "en", chart="emkm")
    journal = tmp_path / "journal.csv"
    journal.write_text(JOURNAL)
    assert import_csv(path, "Journal", str(journal)).appended == 10
    import_statement(path, str(DATA / "mandiri_2026-01.mt940"), "1102")
    return path


def _sheet(path: str) -> pl.DataFrame:
    with open_book(path) as opened:
        return statement_lines(read_book(opened).data)


def test_hand_worked_january_is_proven(book: str) -> None:
    result = reconcile_book(book, "1102", "2026-01")
    p = result.proof
    assert (p.bank_balance, p.book_balance) == (1_128_500_000, 1_100_000_000)
    assert (p.outstanding_deposits, p.outstanding_payments, p.unbooked) == (
        40_000_000, 70_000_000, -1_500_000)
    assert p.difference == 0
    assert sorted(p.open_postings["pid"].to_list()) == ["JE-3", "JE-4"]
    lines = _sheet(book)
    assert lines.select("match", "status", "rule").rows() == [
        ("JE-1", "proposed", "reference"), ("JE-2", "proposed", "same day"), ("", None, "")]
    with open_book(book) as opened:
        assert "Reconciliation 1102" in opened.sheet_names()


def _set_cells(path: str, row: int, values: dict[str, object]) -> None:
    """Type into the Bank statement sheet as the bookkeeper would."""
    with open_book(path) as opened:
        read = read_book(opened)
    match = read.matches["bank_statement"]
    record = statement_lines(read.data).filter(pl.col("row") == row).row(0, named=True)
    cells = {"account": record["account"], "date": record["date"],
             "description": record["description"], **values}
    if record["amount"] > 0:
        cells["money_in"] = record["amount"] // 100
    else:
        cells["money_out"] = -record["amount"] // 100
    cells["balance"] = record["balance"] // 100
    with WorkbookWriter(path) as writer:
        writer.replace_rows(read.found["bank_statement"], match.row,
                            {row: {match.letters[k]: v for k, v in cells.items()
                                   if v is not None}}, [], {})
        writer.save()


def test_confirmations_and_rejections_are_kept_by_the_next_run(book: str) -> None:
    reconcile_book(book, "1102", "2026-01")
    _set_cells(book, 2, {"match": "JE-1", "status": "Confirmed"})
    _set_cells(book, 3, {"match": "JE-2", "status": "Rejected"})
    result = reconcile_book(book, "1102", "2026-01")
    assert result.kept == 2 and result.proposed == 0
    lines = _sheet(book)
    assert lines.select("match", "status").rows() == [
        ("JE-1", "confirmed"), ("JE-2", "rejected"), ("", None)]
    # the rejected pair no longer counts: both its sides are open items, still explained
    p = result.proof
    assert (p.outstanding_payments, p.unbooked, p.difference) == (
        190_000_000, -121_500_000, 0)


def test_a_match_typed_by_hand_counts_as_confirmed(book: str) -> None:
    _set_cells(book, 4, {"match": "JE-3"})  # the fee line, wrongly, against the cheque
    result = reconcile_book(book, "1102", "2026-01")
    assert result.kept == 1
    assert "JE-3" not in result.proof.open_postings["pid"].to_list()
    assert result.proof.difference == 70_000_000 - 1_500_000  # amounts differ: unexplained


def test_one_line_paying_several_bills_and_a_reversal(tmp_path: Path) -> None:
    path = str(tmp_path / "l.xlsx")
    new_book("ledger", path, "en", chart="emkm")
    journal = tmp_path / "j.csv"
    journal.write_text(
        "Date,Entry,Account,Description,Debit,Credit\n"
        "2026-02-02,P-1,2101,Bill B-1,300000,\n2026-02-02,P-1,1102,Bill B-1,,300000\n"
        "2026-02-02,P-2,2101,Bill B-2,450000,\n2026-02-02,P-2,1102,Bill B-2,,450000\n"
        "2026-02-03,R-1,1102,Refund,99000,\n2026-02-03,R-1,1201,Refund,,99000\n"
        "2026-02-05,R-1X,1201,Reversal of R-1,99000,\n2026-02-05,R-1X,1102,Reversal of R-1,,99000\n")
    import_csv(path, "Journal", str(journal))
    statement = tmp_path / "s.csv"
    statement.write_text("Tgl,Ket,Jumlah,Saldo\n2026-02-03,TRANSFER KE CV SUMBER,-750000,250000\n")
    import_statement(path, str(statement), "1102",
                     columns="date=Tgl,description=Ket,amount=Jumlah,balance=Saldo")
    result = reconcile_book(path, "1102", "2026-02")
    lines = _sheet(path)
    assert lines.select("match", "rule").rows() == [("P-1 + P-2", "several postings")]
    # the refund and its reversal cancel: open in the books, net zero, nothing unexplained
    p = result.proof
    assert (p.outstanding_deposits, p.outstanding_payments) == (9_900_000, 9_900_000)
    assert p.bank_balance == 25_000_000 and p.book_balance == -75_000_000
    # no opening entry in this book: the statement's opening 1,000,000 is unexplained
    assert p.difference == 100_000_000


def test_cli_reconcile_exit_code_says_proven(book: str, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    assert main(["bank", "reconcile", book, "--account", "1102", "--period", "2026-01",
                 "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Selisih tak terjelaskan" in out and "2 pasangan diusulkan" in out


D0 = dt.date(2026, 3, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-500, 500).filter(bool), st.integers(0, 27),
                          st.integers(0, 5), st.sampled_from(["both", "book", "bank"])),
                min_size=1, max_size=25),
       st.data())
def test_property_bank_equals_book_plus_open_items_after_every_confirmation(items, data
                                                                             ) -> None:
    """bank = book + outstanding payments - outstanding deposits + unbooked lines, with a
    zero difference, whichever pairs are confirmed, in any order."""
    # the statements start the day before the books' first line, from a zero balance
    lines: list[tuple] = [(-1, D0 - dt.timedelta(days=1), 0, 0, "opening")]
    postings: list[tuple] = []
    candidates = []
    for i, (amount, day, lag, side) in enumerate(items):
        if side in ("both", "bank"):
            lines.append((i, D0 + dt.timedelta(days=day + lag), amount * 1000, None, "x"))
        if side in ("both", "book"):
            postings.append((f"E{i}", D0 + dt.timedelta(days=day), amount * 1000, "x"))
        if side == "both":
            candidates.append((i, f"E{i}"))
    line_frame = pl.DataFrame(lines, schema={"id": pl.Int64, "date": pl.Date,
                                             "amount": pl.Int64, "balance": pl.Int64,
                                             "description": pl.String}, orient="row")
    posting_frame = pl.DataFrame(postings, schema={"pid": pl.String, "date": pl.Date,
                                                   "amount": pl.Int64,
                                                   "description": pl.String}, orient="row")
    order = data.draw(st.permutations(candidates))
    end = dt.date(2026, 3, 31)
    for k in range(len(order) + 1):
        pairs = pl.DataFrame(order[:k], schema={"id": pl.Int64, "pid": pl.String},
                             orient="row")
        p = prove("1102", "2026-03", "IDR", end, line_frame, posting_frame, pairs)
        assert p.bank_balance == (p.book_balance + p.outstanding_payments
                                  - p.outstanding_deposits + p.unbooked)
        assert p.difference == 0


def test_a_bank_fee_rule_is_proposed_then_posted_only_once_confirmed(tmp_path: Path,
                                                                     book: str) -> None:
    rules = tmp_path / "rules.csv"
    rules.write_text("Description contains,Account\nbiaya adm,6108\n")
    assert import_csv(book, "Bank rules", str(rules)).appended == 1
    first = reconcile_book(book, "1102", "2026-01")
    lines = _sheet(book)
    assert lines.select("match", "status", "rule").row(2) == (
        "BANK-4", "proposed", "bank rule: BIAYA ADM → 6108")
    assert first.proof.unbooked == -1_500_000 and first.proof.difference == 0
    with open_book(book) as opened:
        journal = read_book(opened).data.sheets["journal"].frame
    assert journal.filter(pl.col("entry") == "BANK-4").height == 0  # not posted unconfirmed
    _set_cells(book, 4, {"match": "BANK-4", "status": "Confirmed",
                         "rule": "bank rule: BIAYA ADM → 6108"})
    second = reconcile_book(book, "1102", "2026-01")
    with open_book(book) as opened:
        journal = read_book(opened).data.sheets["journal"].frame
    posted = journal.filter(pl.col("entry") == "BANK-4").select(
        "account", "debit", "credit", pl.col("source").str.split("#").list.first()).rows()
    assert sorted(posted, key=str) == sorted([("1102", None, 1_500_000, "bank:2026-01"),
                                              ("6108", 1_500_000, None, "bank:2026-01")],
                                             key=str)
    p = second.proof
    assert (p.book_balance, p.unbooked, p.difference) == (1_098_500_000, 0, 0)
    again = reconcile_book(book, "1102", "2026-01")  # nothing posted twice
    assert again.proof.book_balance == 1_098_500_000


def test_closing_a_month_warns_of_an_unreconciled_bank_account(
        book: str, capsys: pytest.CaptureFixture[str]) -> None:
    from backoffice.bank.status import reconciliation_status

    with open_book(book) as opened:
        status = reconciliation_status(read_book(opened).data, "2026-01")
    assert [(s.account, s.lines, s.confirmed, s.reconciled) for s in status] == [
        ("1102", 3, 0, False)]
    assert main(["close", book, "--period", "2026-01"]) == 0
    # The warning is a detail of the close action's result, which every client shows.
    assert "1102 (3)" in capsys.readouterr().out


def test_a_qris_payout_less_its_fee_proposes_the_fee_entry(tmp_path: Path) -> None:
    path = str(tmp_path / "l.xlsx")
    new_book("ledger", path, "en", chart="emkm")
    journal = tmp_path / "j.csv"
    journal.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                       "2026-01-20,JE-9,1102,Sales via QRIS,1000000,\n"
                       "2026-01-20,JE-9,4101,Sales via QRIS,,1000000\n")
    import_csv(path, "Journal", str(journal))
    statement = tmp_path / "s.csv"
    statement.write_text("Tgl,Ket,Jumlah,Saldo\n2026-01-21,QRIS SETTLEMENT MERCHANT 0042,"
                         "993000,993000\n")
    import_statement(path, str(statement), "1102",
                     columns="date=Tgl,description=Ket,amount=Jumlah,balance=Saldo")
    first = reconcile_book(path, "1102", "2026-01")
    assert _sheet(path).select("match", "rule").row(0) == (
        "JE-9 + BANK-2", "net settlement: fee 7000.00 → 6108")
    assert first.proof.difference == -700_000  # the fee, until its entry is confirmed
    _set_cells(path, 2, {"match": "JE-9 + BANK-2", "status": "Confirmed",
                         "rule": "net settlement: fee 7000.00 → 6108"})
    second = reconcile_book(path, "1102", "2026-01")
    with open_book(path) as opened:
        journal_rows = read_book(opened).data.sheets["journal"].frame
    assert sorted(journal_rows.filter(pl.col("entry") == "BANK-2").select(
        "account", "debit", "credit").rows(), key=str) == sorted(
        [("1102", None, 700_000), ("6108", 700_000, None)], key=str)
    p = second.proof
    assert (p.bank_balance, p.book_balance, p.difference) == (99_300_000, 99_300_000, 0)


def test_the_dashboard_shows_each_bank_accounts_reconciliation(book: str) -> None:
    from backoffice.bank.status import dashboard_notes

    reconcile_book(book, "1102", "2026-01")
    _set_cells(book, 2, {"match": "JE-1", "status": "Confirmed"})
    with open_book(book) as opened:
        data = read_book(opened).data
    assert dashboard_notes(data, "en") == [
        "Bank 1102: NOT reconciled, 1 of 3 statement lines confirmed, statement up to "
        "2026-01-31."]
    assert "BELUM direkonsiliasi" in dashboard_notes(data, "id")[0]


def test_a_transfer_between_two_own_banks_matches_one_entry_on_both(tmp_path: Path) -> None:
    path = str(tmp_path / "l.xlsx")
    new_book("ledger", path, "en", chart="emkm")
    journal = tmp_path / "j.csv"
    journal.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                       "2026-01-20,JE-T,1101,Transfer to cash,500000,\n"
                       "2026-01-20,JE-T,1102,Transfer to cash,,500000\n")
    import_csv(path, "Journal", str(journal))
    mapping = "date=Tgl,description=Ket,amount=Jumlah,balance=Saldo"
    out_ = tmp_path / "out.csv"
    out_.write_text("Tgl,Ket,Jumlah,Saldo\n2026-01-20,PINDAH BUKU KE 1101,-500000,-500000\n")
    in_ = tmp_path / "in.csv"
    in_.write_text("Tgl,Ket,Jumlah,Saldo\n2026-01-21,PINDAH BUKU DARI 1102,500000,500000\n")
    import_statement(path, str(out_), "1102", columns=mapping)
    import_statement(path, str(in_), "1101", columns=mapping)
    for account in ("1102", "1101"):
        assert reconcile_book(path, account, "2026-01").proof.difference == 0
    assert _sheet(path).select("account", "match").rows() == [("1102", "JE-T"),
                                                             ("1101", "JE-T")]


def test_an_account_without_statement_lines_has_only_book_items(book: str) -> None:
    p = reconcile_book(book, "1101", "2026-01").proof
    assert (p.bank_balance, p.book_balance, p.difference) == (0, 0, 0)


def test_cli_reconcile_exits_1_while_a_difference_is_unexplained(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "l.xlsx")
    new_book("ledger", path, "en", chart="emkm")
    statement = tmp_path / "s.csv"
    statement.write_text("Tgl,Ket,Jumlah,Saldo\n2026-02-03,SETORAN,750000,1750000\n")
    import_statement(path, str(statement), "1102",
                     columns="date=Tgl,description=Ket,amount=Jumlah,balance=Saldo")
    assert main(["bank", "reconcile", path, "--account", "1102", "--period", "2026-02",
                 "--lang", "en"]) == 1
    out = capsys.readouterr().out
    # the opening 1,000,000 has no opening entry in the books
    assert "Unexplained difference" in out and "1,000,000.00" in out
