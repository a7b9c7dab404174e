"""Bank statements in: each format read to exact figures, imports that never duplicate,
balances checked, gaps reported, unreadable files refused (issue 24)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from backoffice.bank.frames import statement_lines
from backoffice.bank.importing import import_statement
from backoffice.bank.readers import read_statement
from backoffice.books import open_book
from backoffice.checking import check, read_book
from backoffice.cli import main
from backoffice.errors import ActionRefused
from backoffice.templates import new_book

DATA = Path(__file__).parent / "data" / "bank"
D = dt.date


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.xlsx")
    new_book("ledger", path, "id", chart="emkm")
    return path


def _lines(path: str):  # type: ignore[no-untyped-def]
    with open_book(path) as book:
        return statement_lines(read_book(book).data)


def test_bca_year_from_period_pend_left_out_and_db_cr_marks() -> None:
    s = read_statement(str(DATA / "bca_2026-01.csv"))
    assert (s.source, s.currency, s.account_number) == ("bca", "IDR", "0123456789")
    assert (s.opening, s.closing, s.pending) == (1_000_000_000, 1_145_500_000, 1)
    # 29/12 and 31/12 fall in 2025, 02/01 and 05/01 in 2026: the period spans the new year
    assert [(line.date, line.amount) for line in s.lines] == [
        (D(2025, 12, 29), 250_000_000), (D(2025, 12, 31), -1_500_000),
        (D(2026, 1, 2), -1_500_000), (D(2026, 1, 2), -1_500_000), (D(2026, 1, 5), -100_000_000)]
    assert s.lines[-1].balance == 1_145_500_000


@pytest.mark.parametrize(("name", "source", "amounts", "last_balance"), [
    ("mandiri_2026-01.csv", "mandiri", [250_000_000, -120_000_000, -1_500_000], 1_128_500_000),
    ("bri_2026-01.csv", "bri", [500_000_000, 1_250_000, -250_000], 1_501_000_000),
    ("bni_2026-01.csv", "bni", [75_000_000, -50_000_000], 1_025_000_000),
    ("mandiri_2026-01.mt940", "mt940", [250_000_000, -120_000_000, -1_500_000], 1_128_500_000),
    ("camt053_2026-01.xml", "camt053", [250_000_000, -120_000_000, -1_500_000], 1_128_500_000),
])
def test_each_format_read_to_exact_minor_units(name: str, source: str, amounts: list[int],
                                               last_balance: int) -> None:
    s = read_statement(str(DATA / name))
    assert s.source == source
    assert [line.amount for line in s.lines] == amounts
    assert s.lines[-1].balance == last_balance


def test_bri_two_digit_years_and_indonesian_numbers() -> None:
    s = read_statement(str(DATA / "bri_2026-01.csv"))
    assert s.account_number == "034101000123301"
    assert [line.date for line in s.lines] == [D(2026, 1, 2), D(2026, 1, 15), D(2026, 1, 15)]
    assert s.lines[0].reference == "8888123"


def test_camt_pending_entry_left_out_and_references_kept() -> None:
    s = read_statement(str(DATA / "camt053_2026-01.xml"))
    assert s.pending == 1 and s.opening == 1_000_000_000 and s.closing == 1_128_500_000
    assert [line.reference for line in s.lines] == ["REF001", "REF002", ""]
    assert s.lines[2].description == "BIAYA ADM"


def test_generic_csv_with_a_column_mapping() -> None:
    s = read_statement(str(DATA / "generic.csv"),
                       columns="date=Tgl,description=Ket,amount=Jumlah,balance=Saldo Akhir")
    assert [(line.date, line.amount, line.balance) for line in s.lines] == [
        (D(2026, 1, 3), 10_000_000, 110_000_000), (D(2026, 1, 4), -500_000, 109_500_000)]


def test_pdf_refused_with_a_way_out() -> None:
    with pytest.raises(ActionRefused) as refused:
        read_statement(str(DATA / "estatement.pdf"))
    assert "PDF" in refused.value.render("en") and "CSV" in refused.value.render("en")
    assert "Unduh" in refused.value.render("id")


def test_a_statement_whose_balances_do_not_add_up_is_refused(tmp_path: Path,
                                                             ledger: str) -> None:
    tampered = tmp_path / "bca.csv"
    tampered.write_text((DATA / "bca_2026-01.csv").read_text().replace(
        '"1,000,000.00",DB', '"1,000,001.00",DB'))
    with pytest.raises(ActionRefused, match="line 5"):
        import_statement(ledger, str(tampered), "1102")
    assert _lines(ledger).height == 0


def test_overlapping_import_adds_only_new_lines_and_twin_fees_stay_two(
        tmp_path: Path, ledger: str) -> None:
    first = import_statement(ledger, str(DATA / "bca_2026-01.csv"), "1102")
    assert (first.appended, first.already, first.gap) == (5, 0, None)
    again = import_statement(ledger, str(DATA / "bca_2026-01.csv"), "1102")
    assert (again.appended, again.already) == (0, 5)
    # the next statement overlaps from 02/01: both BIAYA ADM lines of that day are known
    later = tmp_path / "bca_next.csv"
    later.write_text(
        "No. rekening : 0123456789\nPeriode : 02/01/2026 - 08/01/2026\n"
        "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n"
        "'02/01,BIAYA ADM,0000,\"15,000.00\",DB,\"12,470,000.00\"\n"
        "'02/01,BIAYA ADM,0000,\"15,000.00\",DB,\"12,455,000.00\"\n"
        "'05/01,TRSF E-BANKING DB 0501/FTSCY/WS1 BILL-2026-003 CV SUMBER,0000,"
        "\"1,000,000.00\",DB,\"11,455,000.00\"\n"
        "'07/01,BIAYA ADM,0000,\"15,000.00\",DB,\"11,440,000.00\"\n")
    outcome = import_statement(ledger, str(later), "1102")
    assert (outcome.appended, outcome.already, outcome.gap) == (1, 3, None)
    lines = _lines(ledger)
    assert lines.height == 6
    assert lines.filter(lines["description"] == "BIAYA ADM").height == 4
    assert lines["amount"].sum() == 250_000_000 - 4 * 1_500_000 - 100_000_000
    assert lines["balance"].to_list()[-1] == 1_144_000_000


def test_twin_lines_without_balances_stay_two(tmp_path: Path, ledger: str) -> None:
    twins = tmp_path / "twins.csv"
    twins.write_text("Tgl,Ket,Jumlah\n2026-01-03,BIAYA ADM,-5000\n2026-01-03,BIAYA ADM,-5000\n")
    mapping = "date=Tgl,description=Ket,amount=Jumlah"
    assert import_statement(ledger, str(twins), "1102", columns=mapping).appended == 2
    assert import_statement(ledger, str(twins), "1102", columns=mapping).appended == 0
    assert _lines(ledger)["amount"].to_list() == [-500_000, -500_000]


def test_a_missing_statement_is_reported_as_a_gap_and_by_check(tmp_path: Path,
                                                               ledger: str) -> None:
    january = tmp_path / "jan.csv"
    january.write_text("Tgl,Ket,Jumlah,Saldo\n2026-01-03,Setoran,100000,1100000\n")
    march = tmp_path / "mar.csv"
    march.write_text("Tgl,Ket,Jumlah,Saldo\n2026-03-02,Biaya,-5000,1300000\n")
    mapping = "date=Tgl,description=Ket,amount=Jumlah,balance=Saldo"
    import_statement(ledger, str(january), "1102", columns=mapping)
    outcome = import_statement(ledger, str(march), "1102", columns=mapping)
    assert outcome.gap == (110_000_000, 130_500_000)
    report = check(ledger)
    breaks = [i for i in report.issues if i.code == "bank-balance-break"]
    assert len(breaks) == 1 and breaks[0].row == 3
    assert dict(breaks[0].params)["difference"] in ("205.000,00", "205,000.00")
    unreconciled = [i for i in report.issues if i.code == "bank-lines-unreconciled"]
    assert len(unreconciled) == 1 and dict(unreconciled[0].params)["count"] == 2


def test_unknown_account_refused(ledger: str) -> None:
    with pytest.raises(ActionRefused, match="9999"):
        import_statement(ledger, str(DATA / "mandiri_2026-01.csv"), "9999")


def test_cli_bank_import(tmp_path: Path, ledger: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "import", ledger, str(DATA / "bca_2026-01.csv"), "--account", "1102",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "5 new lines" in out and "1 pending" in out
    copy = tmp_path / "e.pdf"
    shutil.copy(DATA / "estatement.pdf", copy)
    assert main(["bank", "import", ledger, str(copy), "--account", "1102"]) == 2


def test_an_xlsx_download_reads_like_the_csv(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "mandiri.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Statement")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Account No", "Ccy", "Date", "Description", "Reference No.",
                           "Debit", "Credit", "Balance"])
    rows = [(D(2026, 1, 5), "TRANSFER DARI PT MAJU JAYA INV-2026-001", None, 2_500_000.0,
             12_500_000.0),
            (D(2026, 1, 10), "PEMBAYARAN KE CV SUMBER BILL-77", 1_200_000.0, None,
             11_300_000.0),
            (D(2026, 1, 31), "BIAYA ADM", 15_000.5, None, 11_284_999.5)]
    for i, (when, text, debit, credit, balance) in enumerate(rows, start=1):
        sheet.write_string(i, 0, "1370012345678")
        sheet.write_string(i, 1, "IDR")
        sheet.write_datetime(i, 2, dt.datetime.combine(when, dt.time()), day)
        sheet.write_string(i, 3, text)
        for column, value in ((5, debit), (6, credit), (7, balance)):
            if value is not None:
                sheet.write_number(i, column, value)
    book.close()
    s = read_statement(str(path))
    assert s.source == "mandiri"
    assert [(line.date, line.amount, line.balance) for line in s.lines] == [
        (D(2026, 1, 5), 250_000_000, 1_250_000_000), (D(2026, 1, 10), -120_000_000,
                                                      1_130_000_000),
        (D(2026, 1, 31), -1_500_050, 1_128_499_950)]


def test_one_sheet_holds_each_account_apart(tmp_path: Path) -> None:
    """One Bank statement sheet for every cash account (its Account column says whose): the
    same bank line on two accounts is two lines, each account's import and reconciliation
    sees only its own, and a line that names no cash account is an error, not a guess."""
    from sync_helpers import edit

    from backoffice.bank.reconciling import reconcile_book

    book = tmp_path / "two.xlsx"
    new_book("ledger", str(book), "en", chart="emkm")
    statement = DATA / "mandiri_2026-01.csv"
    assert import_statement(str(book), str(statement), "1102").appended == 3
    # the same file for the cash account: no line of 1102 is taken for one of 1101
    assert import_statement(str(book), str(statement), "1101").appended == 3
    assert import_statement(str(book), str(statement), "1101").already == 3
    lines = _lines(str(book))
    assert sorted(lines.group_by("account").len().rows()) == [("1101", 3), ("1102", 3)]
    with pytest.raises(ActionRefused, match="not a cash or bank account"):
        import_statement(str(book), str(statement), "4101")
    proof = reconcile_book(str(book), "1102", "2026-01").proof
    assert proof.open_lines.height == 3 and proof.bank_balance == 1_128_500_000
    edit(book, "Bank statement", {0: {"Account": "4101"}})
    errors = [i for i in check(str(book)).issues if i.code == "bank-account-not-cash"]
    assert [(i.row, i.value) for i in errors] == [(2, "4101")]
