"""The demo company's office supplies: an inventory book with a year of stock moves.

PT Sinar Abadi Niaga keeps its paper, pens, toner and pantry supplies in the
store room (``GUDANG``) and a small stock at the front desk (``RESEPSIONIS``).
Early each month the office manager orders what the Reorder sheet lists; the
departments take supplies every week; the store room is counted at the end of
each quarter, with a little shrinkage. At year end a few items are at or under
their reorder point again, so the Reorder sheet has draft purchase orders.

Its Settings name the stock journal's accounts in the demo ledger's chart, so
``backoffice stock stock.xlsx --post-to ledger.xlsx`` works: the ledger books
office supplies as an expense (6106) when bought, so receipts move them from
that expense into supplies on hand (1302) and what the departments take moves
back to the expense; shrinkage found by the counts is an expense too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import random
from dataclasses import dataclass

from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.demo.company import COMPANY, FISCAL_YEAR
from backoffice.inventory.run import StockRun, run_stock
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema

STOCK_FILE = "stock.xlsx"
STORE, DESK = "GUDANG", "RESEPSIONIS"
DEPARTMENTS = ("Keuangan", "Penjualan", "Gudang", "Umum")

# (sku, Indonesian name, English name, unit, category, reorder point, reorder qty, supplier,
#  cost in rupiah, weekly use at most)
ITEMS = (
    ("KRT-A4-70", "Kertas HVS A4 70 gsm", "A4 copy paper 70 gsm", "rim", "paper", 10, 25,
     "CV Kertas Nusantara", 52_000, 6),
    ("KRT-F4-70", "Kertas HVS F4 70 gsm", "F4 copy paper 70 gsm", "rim", "paper", 5, 10,
     "CV Kertas Nusantara", 57_500, 3),
    ("AMP-PJG", "Amplop panjang putih", "Long white envelopes", "box", "paper", 2, 5,
     "CV Kertas Nusantara", 26_000, 1),
    ("PLP-HTM", "Pulpen gel hitam", "Black gel pen", "pcs", "writing", 24, 60,
     "PT Indo Stationery", 3_500, 12),
    ("PLP-BIRU", "Pulpen gel biru", "Blue gel pen", "pcs", "writing", 24, 60,
     "PT Indo Stationery", 3_500, 10),
    ("SPD-HTM", "Spidol papan tulis hitam", "Whiteboard marker, black", "pcs", "writing", 6,
     12, "PT Indo Stationery", 9_000, 3),
    ("STB-KNG", "Stabilo kuning", "Yellow highlighter", "pcs", "writing", 6, 12,
     "PT Indo Stationery", 7_500, 2),
    ("TNR-85A", "Toner HP 85A", "HP 85A toner", "pcs", "ink-toner", 2, 4,
     "PT Indo Stationery", 785_000, 1),
    ("TNT-EPS", "Tinta Epson 003 hitam", "Epson 003 black ink", "botol", "ink-toner", 3, 6,
     "PT Indo Stationery", 78_000, 1),
    ("MAP-PLS", "Map plastik kancing", "Plastic button folder", "pcs", "filing", 20, 50,
     "PT Indo Stationery", 2_500, 8),
    ("ODN-7CM", "Ordner 7 cm", "Lever arch file 7 cm", "pcs", "filing", 5, 12,
     "PT Indo Stationery", 32_000, 2),
    ("STP-10", "Isi staples no. 10", "Staples no. 10", "box", "desk", 10, 20,
     "PT Indo Stationery", 3_000, 3),
    ("LKB-BSR", "Lakban bening besar", "Clear packing tape, large", "roll", "desk", 6, 24,
     "PT Mega Plastik", 12_500, 4),
    ("KOP-SCH", "Kopi sachet", "Coffee sachets", "pak", "pantry", 4, 10,
     "PT Rumah Tangga Prima", 28_000, 3),
    ("GLA-1KG", "Gula pasir 1 kg", "Sugar 1 kg", "kg", "pantry", 2, 6,
     "PT Rumah Tangga Prima", 17_500, 1),
    ("TSU-KTK", "Tisu kotak", "Box tissues", "kotak", "cleaning", 6, 24,
     "PT Rumah Tangga Prima", 14_000, 4),
    ("SBN-CUC", "Sabun cuci tangan 500 ml", "Hand soap 500 ml", "botol", "cleaning", 3, 6,
     "PT Rumah Tangga Prima", 21_000, 1),
    ("BAT-AA", "Baterai AA (isi 4)", "AA batteries (4-pack)", "pak", "electrical", 3, 6,
     "PT Indo Stationery", 38_000, 1),
)


def stock_sheets(lang: str, seed: int = FISCAL_YEAR) -> list[SheetRows]:
    """The demo inventory book: Settings, Items, a year of Stock moves, quarterly counts."""
    settings = {"company": COMPANY, "base_currency": "IDR", "fiscal_year_start": 1,
                "locale": "id-ID", "language": lang, "valuation_method": "moving-average",
                "allow_negative_stock": False,
                # the demo ledger's chart (backoffice.demo.company.ACCOUNTS)
                "inventory_account": "1302", "stock_expense_account": "6106",
                "stock_adjustment_account": "6106", "stock_receipts_account": "6106"}
    items = [{"sku": sku, "name_id": name_id, "name_en": name_en, "unit": unit,
              "category": category, "location": STORE, "reorder_point": point,
              "reorder_qty": lot, "supplier": supplier, "last_cost": cost}
             for sku, name_id, name_en, unit, category, point, lot, supplier, cost, _use in ITEMS]
    moves, counts = _year(random.Random(seed))
    return [SheetRows(settings_schema.schema_for("inventory"), [settings]),
            SheetRows(REGISTRY["items"], items),
            SheetRows(REGISTRY["stock_moves"], moves), SheetRows(REGISTRY["stock_counts"], counts)]


def _year(rng: random.Random) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    stock = {(item[0], place): 0 for item in ITEMS for place in (STORE, DESK)}
    cost = {item[0]: item[8] for item in ITEMS}
    moves: list[dict[str, object]] = []
    counts: list[dict[str, object]] = []
    for month in range(1, 13):
        last = calendar.monthrange(FISCAL_YEAR, month)[1]
        first_workday = next(d for d in range(1, 8)
                             if dt.date(FISCAL_YEAR, month, d).weekday() < 5)
        day = dt.date(FISCAL_YEAR, month, first_workday)
        _receive(rng, day, month, stock, cost, moves)
        for week_start in range(first_workday + 1, last, 7):
            _issue_week(rng, dt.date(FISCAL_YEAR, month, min(week_start, last - 1)), stock,
                        moves)
        if month % 3 == 0:
            _count(rng, dt.date(FISCAL_YEAR, month, last), stock, counts)
    return moves, counts


def _receive(rng: random.Random, day: dt.date, month: int, stock: dict, cost: dict,
             moves: list) -> None:  # type: ignore[type-arg]
    for sku, _n, _e, _u, _c, point, lot, _s, _cost, _use in ITEMS:  # noqa: B007
        on_hand = stock[sku, STORE] + stock[sku, DESK]
        if on_hand > point:
            continue
        if month >= 7:  # the suppliers' mid-year price rise, 8% rounded to Rp 500
            cost[sku] = _cost * 108 // 100 // 500 * 500
        quantity = lot * (1 + (point - on_hand) // lot)
        stock[sku, STORE] += quantity
        moves.append({"date": day, "sku": sku, "qty_in": quantity, "unit_cost": cost[sku],
                      "reference": f"PO-{day:%y%m}-{len(moves) % 100:02d}"})
        if sku in ("PLP-HTM", "KRT-A4-70") and stock[sku, STORE] >= 10:
            stock[sku, STORE] -= 5
            stock[sku, DESK] += 5
            moves.append({"date": day, "sku": sku, "qty_out": 5, "location": STORE,
                          "to_location": DESK, "note": "Stok meja resepsionis"})


def _issue_week(rng: random.Random, day: dt.date, stock: dict, moves: list) -> None:  # type: ignore[type-arg]
    for sku, *_rest, use in ITEMS:
        for place in (STORE, DESK):
            if place == DESK and stock[sku, DESK] == 0:
                continue
            quantity = min(rng.randint(0, use), stock[sku, place])
            if quantity:
                stock[sku, place] -= quantity
                moves.append({"date": day, "sku": sku, "qty_out": quantity,
                              "department": rng.choice(DEPARTMENTS), "location": place,
                              "reference": f"BPB-{day:%m%d}"})


def _count(rng: random.Random, day: dt.date, stock: dict, counts: list) -> None:  # type: ignore[type-arg]
    for sku, *_rest in ITEMS:
        found = max(stock[sku, STORE] - (1 if rng.random() < 0.25 else 0), 0)
        counts.append({"date": day, "location": STORE, "sku": sku, "counted": found,
                       "note": "Opname akhir kuartal"})
        stock[sku, STORE] = found


@dataclass(frozen=True)
class DemoStock:
    """The demo inventory book written and its outputs computed."""

    path: str
    run: StockRun

    def summary(self, lang: str) -> str:
        """Two lines for the demo's summary."""
        sheets = ", ".join(self.run.sheets) or "-"
        if lang == "id":
            return (f"  {STOCK_FILE}  persediaan perlengkapan kantor: barang, mutasi setahun, "
                    f"stok opname\nStok per 31-12-{FISCAL_YEAR}: ditulis {sheets}.")
        return (f"  {STOCK_FILE}  the office supplies: items, a year of stock moves and counts\n"
                f"Stock as of {FISCAL_YEAR}-12-31: wrote {sheets}.")


def make_stock_book(directory: str, book_lang: str, message_lang: str) -> DemoStock:
    """Write the demo inventory book into ``directory`` and run ``backoffice stock`` on it."""
    path = os.path.join(directory, STOCK_FILE)
    write_new_workbook(path, stock_sheets(book_lang), book_lang)
    return DemoStock(path, run_stock(path, dt.date(FISCAL_YEAR, 12, 31), lang=message_lang))
