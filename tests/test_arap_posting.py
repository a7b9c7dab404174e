"""Posting documents: blocks per month replaced on repost, moved, emptied, repaired."""

from __future__ import annotations

import datetime as dt

import openpyxl
from arapbook import arap_book, journal_entries
from programs import needs

from backoffice.checking import check
from backoffice.ledger.posting import post

D = dt.date
INVOICE = ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None]


def _sources(path):  # type: ignore[no-untyped-def]
    sheet = openpyxl.load_workbook(path)["Journal"]
    return [row[7] for row in sheet.iter_rows(min_row=2, values_only=True) if row[7]]


def test_a_document_moved_to_another_month_moves_its_entry_and_a_deleted_one_goes(make_book):
    path = arap_book(make_book, invoices=[INVOICE, ["INV-2", D(2026, 3, 5), "C01", None, None,
                                                    None, "Goods", 1, 500, None, None]])
    assert post(str(path)).sheets
    assert {s.split("#")[0] for s in _sources(path)} == {"sales:2026-03"}
    book = openpyxl.load_workbook(path)
    book["Invoices"]["B2"].value = dt.datetime(2026, 4, 2)  # INV-1 now dated in April
    for cell in book["Invoices"][3]:
        cell.value = None  # INV-2 deleted
    book.save(path)
    result = post(str(path))
    assert result.report.errors == ()
    assert sorted({s.split("#")[0] for s in _sources(path)}) == ["sales:2026-04"]
    assert set(journal_entries(path)) == {"INV-1"}
    assert check(str(path)).issues == ()


def test_a_hand_edited_generated_row_is_flagged_and_post_puts_it_back(make_book):
    path = arap_book(make_book, invoices=[INVOICE])
    post(str(path))
    book = openpyxl.load_workbook(path)
    sheet = book["Journal"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 4).value and
               sheet.cell(r, 3).value == "4101")
    sheet.cell(row, 6).value = 999
    book.save(path)
    assert sorted(i.code for i in check(str(path)).errors) == ["entry-unbalanced",
                                                               "generated-row-edited"]
    result = post(str(path))
    assert result.report.errors == () and result.sheets
    assert journal_entries(path)["INV-1"][1][2] == 1000


def test_changing_a_document_of_a_closed_month_is_an_error_on_the_document(make_book):
    from backoffice.ledger.closing import close_period

    path = arap_book(make_book, invoices=[INVOICE])
    assert post(str(path)).sheets
    close_period(str(path), "2026-03")
    assert check(str(path)).errors == ()
    book = openpyxl.load_workbook(path)
    book["Invoices"]["I2"].value = 2000  # the unit price of INV-1, after March was closed
    book.save(path)
    errors = check(str(path)).errors
    assert [(i.code, i.sheet, i.row) for i in errors] == [("arap-period-closed", "Invoices", 2)]
    assert errors[0].message("en")[0] == ("The entries of sales:2026-03 would change, but "
                                          "2026-03 is closed.")
    assert post(str(path)).sheets == ()


def test_deleting_every_document_empties_their_blocks(make_book):
    path = arap_book(make_book, invoices=[INVOICE])
    assert post(str(path)).sheets
    book = openpyxl.load_workbook(path)
    for cell in book["Invoices"][2]:
        cell.value = None
    book.save(path)
    assert post(str(path)).report.errors == ()
    assert journal_entries(path) == {} and _sources(path) == []


@needs("soffice")
def test_a_posted_book_saved_by_libreoffice_checks_clean_and_posts_nothing_new(make_book,
                                                                               tmp_path):
    """The generated rows survive LibreOffice: their digests still match, so Check is clean
    and posting again leaves the Journal as it is."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    path = arap_book(make_book, invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 3, 1_234_567.89, "PPN12",
         None],
        ["INV-2", D(2026, 3, 15), "C04", None, None, "USD", "Export", 1, 1000.5, "PPN0", None]],
        payments=[["R-1", D(2026, 4, 15), "Received", "C04", "1103", 1000.5, None, "USD",
                   "INV-2", None, None, None]])
    assert post(str(path)).sheets
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir",
                    str(tmp_path / "lo"), str(path)], check=True, capture_output=True,
                   timeout=180)
    saved = tmp_path / "lo" / path.name
    assert check(str(saved)).issues == ()
    before = journal_entries(saved)
    from backoffice.arap.posting import changed_blocks
    from backoffice.books import open_book
    from backoffice.checking import check_and_read

    with open_book(str(saved)) as book:
        read = check_and_read(book)[1]
    assert changed_blocks(read.data) == {}
    assert post(str(saved)).sheets and journal_entries(saved) == before
