"""Render the README's pictures with real LibreOffice: ``python docs/pictures/make_pictures.py``.

Needs LibreOffice (``soffice``) and poppler (``pdftoppm``) on the PATH. The
pictures show what a user sees when opening the books backoffice writes; they
are rendered from files made by the product's own writer.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.demo import demo_payroll_owed, ledger_sheets

HERE = Path(__file__).parent
DPI = 80


def render_first_page(book: Path, png: Path, height_px: int) -> None:
    """Convert ``book`` to PDF with LibreOffice and save the top of page 1 as ``png``."""
    out = book.parent
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(book)], check=True, capture_output=True, timeout=180)
    pdf = book.with_suffix(".pdf")
    stem = out / "page"
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                    "-x", "0", "-y", "0", "-W", str(int(11.69 * DPI)), "-H", str(height_px),
                    str(pdf), str(stem)], check=True, capture_output=True, timeout=60)
    shutil.copy(stem.with_suffix(".png"), png)


def render_page_with(book: Path, words: list[str], png: Path, height_px: int,
                     dpi: int = DPI) -> None:
    """Render the top of the first PDF page of ``book`` that shows all ``words``."""
    out = book.parent
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(book)], check=True, capture_output=True, timeout=300)
    pdf = book.with_suffix(".pdf")
    page = 1
    while True:
        done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise LookupError(f"no page shows {words}")
        text = done.stdout
        if all(word in text for word in words):
            break
        page += 1
    stem = out / f"page-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", "-x", "0", "-y", "0", "-W", str(int(11.69 * dpi)),
                    "-H", str(height_px), str(pdf), str(stem)], check=True, capture_output=True,
                   timeout=60)
    shutil.copy(stem.with_suffix(".png"), png)


def checked_book(folder: Path) -> Path:
    """The book with mistakes, checked with marks, as the bookkeeper then sees it."""
    from backoffice.checking import check

    book = mistakes_example(folder)
    check(str(book), "id", mark=True)
    return book


def demo_journal(png: Path) -> None:
    """The first rows of the demo company's journal, in Indonesian."""
    sheets = ledger_sheets("id", demo_payroll_owed())
    journal = next(s for s in sheets if s.schema.kind == "journal")
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "jurnal.xlsx"
        write_new_workbook(str(book), [SheetRows(journal.schema, journal.rows[:24])], "id")
        render_first_page(book, png, height_px=330)


def only_marked_rows(book: Path, sheet: str, keep_above: int = 3) -> Path:
    """A copy of ``book`` where the rows of ``sheet`` far from a marked cell are hidden, so the
    rendered page shows the highlighted cells instead of the first screenful (LibreOffice
    leaves hidden rows out of a PDF). Marks are fills and notes; openpyxl keeps both."""
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    worksheet = workbook[sheet]
    marked = {cell.row for row in worksheet.iter_rows(min_row=2) for cell in row
              if cell.comment is not None}
    if not marked:
        raise LookupError(f"no marked cell in {sheet}")
    near = {r + d for r in marked for d in range(-keep_above, 2)}
    for row in range(2, worksheet.max_row + 1):
        if row not in near:
            worksheet.row_dimensions[row].hidden = True
    copy = book.with_name(book.stem + "-marked.xlsx")
    workbook.save(copy)
    return copy


def mistakes_example(folder: Path) -> Path:
    """The demo ledger with three mistakes people make, for the README's Check example."""
    sheets = ledger_sheets("id", demo_payroll_owed())
    journal = next(s for s in sheets if s.schema.kind == "journal")
    rows = [dict(r) for r in journal.rows]
    # The first cash sale (credit sales are Invoices, whose entries Post generates).
    first_sale = next(i for i, r in enumerate(rows) if str(r["entry"]).startswith("KM"))
    rows[first_sale]["account"] = "1109"          # an account that does not exist
    del rows[first_sale + 2]                       # the PPN line of that invoice, forgotten
    fee = next(r for r in rows if r["description"] == "Biaya administrasi bank")
    fee["debit"] = "150.000"                       # typed as text, with a thousands dot
    book = folder / "ledger.xlsx"
    write_new_workbook(str(book), [sheets[0], sheets[1], SheetRows(journal.schema, rows)], "id")
    return book


def posted_balance_sheet(png: Path) -> None:
    """The demo company's books after Post: the balance sheet as LibreOffice shows it."""
    from backoffice.demo import run_demo
    from backoffice.ledger.posting import post

    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")
        book = Path(folder) / "ledger.xlsx"
        post(str(book))
        render_page_with(book, ["Jumlah liabilitas dan ekuitas", "Saldo laba"], png, 560, dpi=90)


def posted_dashboard(png: Path) -> None:
    """The demo company's Dashboard (Dasbor) after Post: its table and its two native charts,
    in Indonesian like the rest of the demo."""
    from backoffice.demo import run_demo

    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")  # run_demo posts the book
        book = Path(folder) / "ledger.xlsx"
        render_page_with(book, ["Posisi kas", "Laba (rugi) bersih"], png, 500, dpi=90)


def posted_ar_aging(png: Path) -> None:
    """The demo company's receivables aging after Post (Umur Piutang), as LibreOffice shows
    it: only that sheet, so the picture is the aging and nothing else."""
    import openpyxl

    from backoffice.demo import run_demo

    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")
        book = Path(folder) / "ledger.xlsx"
        workbook = openpyxl.load_workbook(book)
        for name in workbook.sheetnames:
            if name != "Umur Piutang":
                del workbook[name]
        aging = Path(folder) / "umur-piutang.xlsx"
        workbook.save(aging)
        render_first_page(aging, png, height_px=230)



def compliance_calendar(png: Path) -> None:
    """The demo company's compliance calendar after Post (Kepatuhan): its one late PPN in
    red with the penalty rule, the deadlines moved off days off, its permits."""
    import openpyxl

    from backoffice.demo import run_demo

    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")
        workbook = openpyxl.load_workbook(Path(folder) / "ledger.xlsx")
        for name in workbook.sheetnames:
            if name != "Kepatuhan":
                del workbook[name]
        sheet = workbook["Kepatuhan"]
        # from July 2025 on: the LKPM of the first half, the late August PPN, the year's end
        earlier = sum(1 for (due,) in sheet.iter_rows(min_row=2, max_col=1, values_only=True)
                      if due is not None and due.date() < dt.date(2025, 7, 1))
        sheet.delete_rows(2, earlier)
        # the source, the shift and the THR's employees: wide text, the CLI shows them
        sheet.delete_cols(10, 3)
        sheet.delete_cols(2)  # the code is for scripts
        sheet.auto_filter.ref = None
        # deleting columns leaves their widths behind: give each kept column its own again
        for letter, width in zip("ABCDEFGH", (12, 42, 9, 15, 16, 62, 18, 20), strict=True):
            sheet.column_dimensions[letter].width = width
        calendar = Path(folder) / "kepatuhan.xlsx"
        workbook.save(calendar)
        render_first_page(calendar, png, height_px=300)


def reconciliation_sheet(png: Path) -> None:
    """The demo company's bank reconciliation of December (Rekonsiliasi Bank 1102): the
    proof of the month, then the open items (the bank's interest, its final tax and fees,
    which the Bank rules propose as entries)."""
    import openpyxl

    from backoffice.demo import run_demo

    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")  # run_demo imports the year's statements and reconciles
        workbook = openpyxl.load_workbook(Path(folder) / "ledger.xlsx")
        for name in workbook.sheetnames:
            if name != "Rekonsiliasi Bank 1102":
                del workbook[name]
        proof = Path(folder) / "rekonsiliasi.xlsx"
        workbook.save(proof)
        render_first_page(proof, png, height_px=330)


def reorder_sheet(png: Path) -> None:
    """The demo company's office supplies at year end: the Reorder sheet's draft orders."""
    from backoffice.demo import run_demo

    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")
        render_page_with(Path(folder) / "stock.xlsx", ["Draf PO", "Perkiraan biaya"], png, 290,
                         dpi=90)


if __name__ == "__main__":
    reconciliation_sheet(HERE / "reconciliation.png")
    print("wrote", HERE / "reconciliation.png")
    compliance_calendar(HERE / "compliance.png")
    print("wrote", HERE / "compliance.png")
    reorder_sheet(HERE / "reorder.png")
    print("wrote", HERE / "reorder.png")
    posted_ar_aging(HERE / "ar-aging.png")
    print("wrote", HERE / "ar-aging.png")
    posted_balance_sheet(HERE / "balance-sheet.png")
    print("wrote", HERE / "balance-sheet.png")
    posted_dashboard(HERE / "dashboard.png")
    print("wrote", HERE / "dashboard.png")
    demo_journal(HERE / "demo-journal.png")
    print("wrote", HERE / "demo-journal.png")
    with tempfile.TemporaryDirectory() as folder:
        book = checked_book(Path(folder))
        # Only the rows around the marked cells, so the highlighted cells are in the picture.
        render_page_with(only_marked_rows(book, "Jurnal"), ["No. Bukti", "1109"],
                         HERE / "checked-journal.png", 330)
        render_page_with(book, ["Tingkat", "Cara memperbaiki"], HERE / "checked-issues.png", 230, dpi=140)
    print("wrote", HERE / "checked-journal.png", HERE / "checked-issues.png")
    with tempfile.TemporaryDirectory() as folder:
        example = mistakes_example(Path(folder))
        result = subprocess.run(["backoffice", "check", str(example), "--lang", "en"],
                                capture_output=True, text=True, check=False)
        (HERE / "check-example.txt").write_text(
            result.stdout.replace(str(example), "demo/ledger.xlsx"), "utf-8")
    print("wrote", HERE / "check-example.txt")
