"""The inventory book end to end: golden books with figures worked by hand.

The book (``_book``): A4 paper (PAP-A4, ream) kept at GUDANG, black pens and
a toner cartridge; IDR, so money is in sen (2 decimals).

PAP-A4 by moving average:

* 02 Jan receive 30 @ 45.000            -> 30 ream, 1.350.000,00
* 05 Jan Finance takes 8: 1.350.000 x 8/30 = 360.000,00
                                        -> 22 ream,   990.000,00
* 10 Jan receive 20 @ 46.500 = 930.000  -> 42 ream, 1.920.000,00
* 15 Jan Sales takes 15: 1.920.000 x 15/42 = 685.714,2857 -> 685.714,29 (half up)
                                        -> 27 ream, 1.234.285,71
* 20 Jan 5 moved from GUDANG to LT2 (no value moves)
* 31 Jan count: GUDANG 20 found, the moves say 22 -> shrinkage 2:
  1.234.285,71 x 2/27 = 91.428,5715 -> 91.428,57
                                        -> 25 ream, 1.142.857,14 (20 GUDANG, 5 LT2)

PAP-A4 by FIFO: Finance 8 x 45.000 = 360.000; Sales 15 x 45.000 = 675.000 (7 @
45.000 and 20 @ 46.500 left); the shrinkage takes 2 x 45.000 = 90.000; left
5 x 45.000 + 20 x 46.500 = 1.155.000,00.

Pens: 50 @ 2.500 received 03 Feb, Sales takes 30 (75.000): 20 left, at or
under the reorder point 24, so the reorder is one lot of 48 (estimated
120.000). Toner: 2 @ 850.000, Finance takes 1: 1 left = reorder point 1; a
blank reorder quantity orders lots of the reorder point: 1 (850.000). Both
are from PT Indo Stationery: one draft purchase order of 970.000,00.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from programs import needs

from backoffice.books import open_book
from backoffice.checking import check_and_read
from backoffice.cli import main
from backoffice.inventory.engine import compute
from backoffice.inventory.journal import accounts_from, stock_journal

D = dt.date
SETTINGS = [["Setting", "Value"], ["Company", "PT Uji"], ["Base currency", "IDR"],
            ["Language", "English"], ["Inventory account", "1301"],
            ["Stock expense account", "6106"], ["Stock adjustment account", "6110"]]
ITEMS = [["SKU", "Name (English)", "Name (Indonesian)", "Unit", "Category", "Location",
          "Reorder point", "Reorder quantity", "Preferred supplier", "Last cost"],
         ["PAP-A4", "A4 paper", "Kertas A4", "ream", "Paper", "GUDANG", 10, 20,
          "CV Kertas Nusantara", 45000],
         ["PEN-BLK", "Black pen", "Pulpen hitam", "pcs", "Writing", "GUDANG", 24, 48,
          "PT Indo Stationery", 2500],
         ["TNR-85A", "Toner 85A", "Toner 85A", "pcs", "Ink and toner", "GUDANG", 1, None,
          "PT Indo Stationery", 850000]]
MOVES_HEADER = ["Date", "SKU", "In", "Out", "Unit cost", "Reference", "Department", "Location",
                "To location"]
MOVES = [[D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-001", None, None, None],
         [D(2025, 1, 5), "PAP-A4", None, 8, None, None, "Finance", None, None],
         [D(2025, 1, 10), "PAP-A4", 20, None, 46500, "PO-002", None, None, None],
         [D(2025, 1, 15), "PAP-A4", None, 15, None, None, "Sales", None, None],
         [D(2025, 1, 20), "PAP-A4", None, 5, None, None, None, None, "LT2"],
         [D(2025, 2, 3), "PEN-BLK", 50, None, 2500, "PO-003", None, None, None],
         [D(2025, 2, 4), "PEN-BLK", None, 30, None, None, "Sales", None, None],
         [D(2025, 2, 5), "TNR-85A", 2, None, 850000, "PO-003", None, None, None],
         [D(2025, 2, 6), "TNR-85A", None, 1, None, None, "Finance", None, None]]
COUNTS = [["Date", "Location", "SKU", "Counted"],
          [D(2025, 1, 31), "GUDANG", "PAP-A4", 20],
          [D(2025, 1, 31), "LT2", "PAP-A4", 5]]


def _book(make_book, settings=SETTINGS, moves=MOVES, counts=COUNTS, name="stock.xlsx"):
    return make_book({"Settings": settings, "Items": ITEMS,
                      "Stock moves": [MOVES_HEADER, *moves], "Stock counts": counts}, name=name)


def _sheet(path, name):
    book = openpyxl.load_workbook(path)
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def _run(path, *args):
    return main(["stock", str(path), "--as-of", "2025-02-28", *args])


def test_moving_average_golden_book(make_book, capsys):
    path = _book(make_book)
    assert _run(path) == 0
    assert "wrote Stock on hand, Valuation, Usage, Reorder, Count differences" in \
        capsys.readouterr().out
    assert _sheet(path, "Valuation")[1:] == [
        ("PAP-A4", "A4 paper", "ream", 25, 45714.29, 1142857.14),
        ("PEN-BLK", "Black pen", "pcs", 20, 2500, 50000),
        ("TNR-85A", "Toner 85A", "pcs", 1, 850000, 850000),
        ("Total", "moving average", None, None, None, 2042857.14)]
    assert _sheet(path, "Stock on hand")[1:] == [
        ("PAP-A4", "A4 paper", "ream", "GUDANG", 20, 10),
        ("PAP-A4", "A4 paper", "ream", "LT2", 5, 10),
        ("PEN-BLK", "Black pen", "pcs", "GUDANG", 20, 24),
        ("TNR-85A", "Toner 85A", "pcs", "GUDANG", 1, 1)]
    assert _sheet(path, "Usage")[1:] == [
        ("2025-01", "Finance", "PAP-A4", "A4 paper", "ream", 8, 360000),
        ("2025-01", "Finance", None, "Total", None, None, 360000),
        ("2025-01", "Sales", "PAP-A4", "A4 paper", "ream", 15, 685714.29),
        ("2025-01", "Sales", None, "Total", None, None, 685714.29),
        ("2025-02", "Finance", "TNR-85A", "Toner 85A", "pcs", 1, 850000),
        ("2025-02", "Finance", None, "Total", None, None, 850000),
        ("2025-02", "Sales", "PEN-BLK", "Black pen", "pcs", 30, 75000),
        ("2025-02", "Sales", None, "Total", None, None, 75000)]
    draft = "DRAFT-20250228-01"
    assert _sheet(path, "Reorder")[1:] == [
        (draft, "PT Indo Stationery", "PEN-BLK", "Black pen", "pcs", 20, 24, 48, 2500, 120000),
        (draft, "PT Indo Stationery", "TNR-85A", "Toner 85A", "pcs", 1, 1, 1, 850000, 850000),
        (draft, "PT Indo Stationery", None, "Total", None, None, None, None, None, 970000)]
    differences = _sheet(path, "Count differences")[1:]
    assert [row[1:] for row in differences] == [
        ("GUDANG", "PAP-A4", "A4 paper", "ream", 22, 20, -2, "Shrinkage", -91428.57),
        ("LT2", "PAP-A4", "A4 paper", "ream", 5, 5, 0, None, 0)]


def test_fifo_golden_book(make_book):
    path = _book(make_book, SETTINGS + [["Valuation method", "FIFO"]])
    assert _run(path) == 0
    assert _sheet(path, "Valuation")[1] == ("PAP-A4", "A4 paper", "ream", 25, 46200, 1155000)
    usage = _sheet(path, "Usage")
    assert usage[3] == ("2025-01", "Sales", "PAP-A4", "A4 paper", "ream", 15, 675000)
    assert _sheet(path, "Count differences")[1][-1] == -90000


def test_as_of_an_earlier_date_leaves_out_what_came_later(make_book):
    """On 12 Jan: 42 ream at GUDANG worth 1.920.000; nothing of February; nothing to reorder
    but the pens and toner, which have no stock yet (0 <= their reorder points)."""
    path = _book(make_book)
    assert main(["stock", str(path), "--as-of", "2025-01-12"]) == 0
    assert _sheet(path, "Stock on hand")[1][3:5] == ("GUDANG", 42)
    assert _sheet(path, "Valuation")[1][3:] == (42, 45714.29, 1920000)
    assert [row[2] for row in _sheet(path, "Reorder")[1:]] == ["PEN-BLK", "TNR-85A", None]


def test_running_again_rewrites_the_outputs_in_place(make_book):
    path = _book(make_book)
    assert _run(path) == 0
    first = {name: _sheet(path, name) for name in ("Valuation", "Reorder", "Usage")}
    sheets = openpyxl.load_workbook(path).sheetnames
    assert _run(path) == 0
    assert openpyxl.load_workbook(path).sheetnames == sheets
    assert {name: _sheet(path, name) for name in first} == first


def test_the_stock_journal_balances_and_moves_inventory_by_the_stock_value(make_book):
    """January: issues 360.000 + 685.714,29 to 6106, shrinkage 91.428,57 to 6110; February:
    issues 75.000 + 850.000. With receipts posted to 2190, inventory (1301) ends at the
    stock value, 2.042.857,14."""
    path = _book(make_book, SETTINGS + [["Stock receipts account", "2190"]])
    with open_book(str(path)) as book:
        report, read = check_and_read(book)
    assert report.valid
    result = compute(read.data, D(2025, 2, 28))
    journal = stock_journal(result, accounts_from(read.data.settings, True), 2)
    assert list(journal) == ["2025-01", "2025-02"]
    january = [(x.entry, x.account, x.debit, x.credit) for x in journal["2025-01"]]
    assert january == [
        ("STK-2025-01-R", "1301", Decimal("2280000.00"), None),
        ("STK-2025-01-R", "2190", None, Decimal("2280000.00")),
        ("STK-2025-01-I", "6106", Decimal("360000.00"), None),
        ("STK-2025-01-I", "6106", Decimal("685714.29"), None),
        ("STK-2025-01-I", "1301", None, Decimal("1045714.29")),
        ("STK-2025-01-A", "6110", Decimal("91428.57"), None),
        ("STK-2025-01-A", "1301", None, Decimal("91428.57"))]
    assert {x.date for x in journal["2025-01"]} == {D(2025, 1, 31)}
    lines = [x for month in journal.values() for x in month]
    for entry in {x.entry for x in lines}:
        debit = sum(x.debit or 0 for x in lines if x.entry == entry)
        assert debit == sum(x.credit or 0 for x in lines if x.entry == entry), entry
    inventory = sum((x.debit or 0) - (x.credit or 0) for x in lines if x.account == "1301")
    assert inventory == Decimal("2042857.14")


def test_an_indonesian_book_gets_indonesian_outputs(make_book):
    settings = [["Pengaturan", "Nilai"], ["Perusahaan", "PT Uji"], ["Bahasa", "Indonesia"]]
    items = [["SKU", "Nama (Indonesia)", "Satuan", "Lokasi", "Titik pesan ulang"],
             ["MAP-01", "Map plastik", "pcs", "GUDANG", 5]]
    moves = [["Tanggal", "SKU", "Masuk", "Keluar", "Harga satuan", "Departemen"],
             [D(2025, 3, 1), "MAP-01", 10, None, 3000, None],
             [D(2025, 3, 2), "MAP-01", None, 6, None, "Keuangan"]]
    path = make_book({"Pengaturan": settings, "Barang": items, "Mutasi stok": moves})
    assert main(["stock", str(path), "--as-of", "2025-03-31"]) == 0
    names = openpyxl.load_workbook(path).sheetnames
    assert names[-5:] == ["Stok tersedia", "Nilai persediaan", "Pemakaian", "Pesan ulang",
                          "Selisih opname"]
    assert _sheet(path, "Pesan ulang")[1] == ("DRAF-20250331-01", "(tanpa pemasok)", "MAP-01",
                                              "Map plastik", "pcs", 4, 5, 5, 3000, 15000)


def test_negative_stock_when_allowed_is_a_warning_and_costed_at_the_fallback(make_book):
    """Allowed: 8 pens out of an empty store on 01 Feb are costed at Items' Last cost 2.500
    (20.000); the receipt of 50 @ 2.600 on 03 Feb first fills the 8: a cost correction of
    8 x 100 = 800 to expense; 42 @ 2.600 = 109.200 are left."""
    settings = SETTINGS + [["Allow negative stock", "yes"]]
    moves = [[D(2025, 2, 1), "PEN-BLK", None, 8, None, None, "Sales", None, None],
             [D(2025, 2, 3), "PEN-BLK", 50, None, 2600, "PO-9", None, None, None]]
    path = _book(make_book, settings, moves, [["Date", "Location", "SKU", "Counted"]])
    with open_book(str(path)) as book:
        report, read = check_and_read(book)
    assert report.flatten("code", "cell") == [("stock-goes-negative", "D2")]
    assert report.valid
    result = compute(read.data, D(2025, 2, 28))
    pens = result.flows.filter(result.flows["sku"] == "PEN-BLK")
    assert pens.select("kind", "value", "reval").rows() == [("issue", -2000000, 0),
                                                           ("receipt", 13000000 - 80000, 80000)]
    assert result.stock.filter(result.stock["sku"] == "PEN-BLK").rows() == [
        ("PEN-BLK", 42, 10920000)]
    journal = stock_journal(result, accounts_from(read.data.settings, False), 2)
    assert [(x.account, x.debit, x.credit) for x in journal["2025-02"]] == [
        ("6106", Decimal("20000.00"), None), ("6106", Decimal("800.00"), None),
        ("1301", None, Decimal("20800.00"))]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_inventory_template_has_its_sheets(tmp_path, lang):
    path = tmp_path / "inventory.xlsx"
    assert main(["new", "inventory", str(path), "--lang", lang]) == 0
    names = openpyxl.load_workbook(path).sheetnames
    assert names == {"en": ["Settings", "Items", "Stock moves", "Stock counts", "Help"],
                     "id": ["Pengaturan", "Barang", "Mutasi stok", "Stok opname",
                            "Bantuan"]}[lang]


LEDGER_ACCOUNTS = [["Code", "Name", "Type", "Parent"], ["1301", "Office supplies", "asset", None],
                   ["2190", "Goods received not invoiced", "liability", None],
                   ["3101", "Capital", "equity", None],
                   ["6106", "Office supplies expense", "expense", None],
                   ["6110", "Stock differences", "expense", None]]
LEDGER_JOURNAL = [["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency",
                   "Source"],
                  [D(2025, 1, 1), "OPEN-1", "1301", "Opening", 0.01, None, None, None],
                  [D(2025, 1, 1), "OPEN-1", "3101", "Opening", None, 0.01, None, None]]


def _journal_rows(path):
    rows = _sheet(path, "Journal")
    return [row for row in rows[1:] if row[7] and str(row[7]).startswith("stock:")]


def test_post_to_a_ledger_replaces_the_month_blocks(make_book, capsys):
    """Posted to the ledger: January's receipts (2.280.000), issues and shrinkage and
    February's; 1301 ends at 0,01 (opening) + 2.042.857,14. Posting again changes nothing;
    after Sales took 16 instead of 15 on 15 Jan, January's block is replaced in place."""
    settings = SETTINGS + [["Stock receipts account", "2190"]]
    path = _book(make_book, settings)
    ledger = make_book({"Settings": SETTINGS[:4], "Accounts": LEDGER_ACCOUNTS,
                        "Journal": LEDGER_JOURNAL}, name="ledger.xlsx")
    assert _run(path, "--post-to", str(ledger)) == 0
    out = capsys.readouterr().out
    assert "posted stock:2025-01 to" in out and "posted stock:2025-02 to" in out
    first = _journal_rows(ledger)
    assert [(r[1], r[2], r[4], r[5]) for r in first[:3]] == [
        ("STK-2025-01-R", "1301", 2280000, None), ("STK-2025-01-R", "2190", None, 2280000),
        ("STK-2025-01-I", "6106", 360000, None)]
    assert len(first) == 7 + 5
    balance = sum((r[4] or 0) - (r[5] or 0) for r in _sheet(ledger, "Journal")[1:]
                  if r[2] == "1301")
    assert round(balance, 2) == 2042857.15
    assert main(["check", str(ledger), "--no-marks"]) == 0
    capsys.readouterr()
    assert _run(path, "--post-to", str(ledger)) == 0
    assert "stock:2025-01 in" in capsys.readouterr().out
    assert _journal_rows(ledger) == first
    moves = [list(m) for m in MOVES]
    moves[3][3] = 16
    changed = _book(make_book, settings, moves, [["Date", "Location", "SKU", "Counted"]],
                    name="changed.xlsx")
    assert _run(changed, "--post-to", str(ledger)) == 0
    again = _journal_rows(ledger)
    sales = [r for r in again if r[3] == "Stock taken by Sales, 2025-01"]
    assert sales[0][4] == 731428.57  # 1.920.000 x 16/42 = 731.428,571
    assert not any(r[1] == "STK-2025-01-A" for r in again)  # no counts in this book
    assert main(["check", str(ledger), "--no-marks"]) == 0


def test_the_demo_company_keeps_its_office_supplies(tmp_path):
    from backoffice.demo import run_demo

    result = run_demo(str(tmp_path), lang="en")
    assert result.exit_code == 0
    stock_report = result.reports[2]
    assert [s.sheet for s in stock_report.sheets] == ["Settings", "Items", "Stock moves",
                                                      "Stock counts"]
    assert stock_report.issues == ()
    book = openpyxl.load_workbook(tmp_path / "stock.xlsx", read_only=True)
    assert book.sheetnames[-5:] == ["Stock on hand", "Valuation", "Usage", "Reorder",
                                    "Count differences"]
    reorder = list(book["Reorder"].iter_rows(min_row=2, values_only=True))
    totals = [row for row in reorder if row[3] == "Total"]
    assert len(totals) == len({row[1] for row in reorder}) >= 2  # one draft PO per supplier
    for total in totals:
        lines = [row for row in reorder if row[0] == total[0] and row[3] != "Total"]
        assert round(sum(row[9] for row in lines), 2) == total[9]
        assert all(row[5] <= row[6] and row[7] > row[6] - row[5] for row in lines)


def test_print_gives_an_output_as_csv_or_json_and_leaves_the_book_alone(make_book, capsys):
    path = _book(make_book)
    before = path.read_bytes()
    assert _run(path, "--print", "reorder") == 0
    assert capsys.readouterr().out.splitlines() == [
        "draft_po,supplier,sku,name,unit,on_hand,reorder_point,quantity,unit_cost,estimated_cost",
        "DRAFT-20250228-01,PT Indo Stationery,PEN-BLK,Black pen,pcs,20,24,48,2500.00,120000.00",
        "DRAFT-20250228-01,PT Indo Stationery,TNR-85A,Toner 85A,pcs,1,1,1,850000.00,850000.00",
        "DRAFT-20250228-01,PT Indo Stationery,,Total,,,,,,970000.00"]
    assert _run(path, "--print", "valuation", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows[0] == {"sku": "PAP-A4", "name": "A4 paper", "unit": "ream", "on_hand": "25",
                       "unit_cost": "45714.29", "value": "1142857.14"}
    assert path.read_bytes() == before
    assert _run(path, "--print", "usage", "--post-to", "ledger.xlsx") == 2


@needs("soffice")
def test_libreoffice_opens_the_stock_outputs(make_book, tmp_path):
    """Real LibreOffice opens the book backoffice stock wrote and reads the same figures."""
    path = _book(make_book)
    assert _run(path) == 0
    out = tmp_path / "lo"
    subprocess.run([shutil.which("soffice"), "--headless",
                    f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    resaved = out / path.name
    assert _sheet(resaved, "Reorder")[1:] == _sheet(path, "Reorder")[1:]
    assert _sheet(resaved, "Valuation")[1][5] == 1142857.14
    assert openpyxl.load_workbook(resaved).sheetnames[-5:] == [
        "Stock on hand", "Valuation", "Usage", "Reorder", "Count differences"]
