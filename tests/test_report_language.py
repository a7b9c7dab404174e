"""Words a report or a printed stock output writes into its rows (not its column names,
which stay English for scripts) follow the book's language: an Indonesian ledger's
customer statement says "Pembayaran" beside "Faktur INV-1", never "Payment", and an
Indonesian stock book's valuation "rata-rata bergerak". Real .xlsx books through the CLI."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from arapbook import arap_book
from backoffice.schemas import REGISTRY
from test_inventory import ITEMS, MOVES, MOVES_HEADER, SETTINGS

from backoffice.cli import main

D = dt.date


def _indonesian(sheets: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The same book with its sheets and headers named in Indonesian (Language: Indonesia)."""
    out: dict[str, list[list[Any]]] = {}
    for name, rows in sheets.items():
        schema = REGISTRY.match_sheet(name)

        def header(text: str, schema: Any = schema) -> str:
            return next(f.id for f in schema.fields if text in (f.en, *f.aliases))

        if schema.layout == "settings":
            out[schema.id] = [["Pengaturan", "Nilai"], *(
                [header(r[0]), "Indonesia" if r[0] == "Language" else r[1]] for r in rows[1:])]
        else:
            out[schema.id] = [[header(h) for h in rows[0]], *rows[1:]]
    return out


def _maker(make_book: Any, lang: str) -> Any:
    if lang == "en":
        return make_book
    return lambda sheets, name="book.xlsx": make_book(_indonesian(sheets), name=name)


@pytest.mark.parametrize(("lang", "invoice", "payment"), [("en", "Invoice INV-1", "Payment"),
                                                           ("id", "Faktur INV-1", "Pembayaran")])
def test_a_customer_statement_names_a_payment_in_the_books_language(make_book, capsys, lang,
                                                                   invoice, payment):
    path = arap_book(_maker(make_book, lang), invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None]],
        payments=[["R-1", D(2026, 3, 20), "Received", "C01", "1102", 400, None, None, "INV-1",
                   None, None, None]])
    assert main(["report", str(path), "customer-statements", "--as-of", "2026-03-31"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "customer,name,currency,date,number,description,debit,credit,balance",
        f"C01,Toko Makmur,IDR,2026-03-02,INV-1,{invoice},1000.00,,1000.00",
        f"C01,Toko Makmur,IDR,2026-03-20,R-1,{payment},,400.00,600.00"]


@pytest.mark.parametrize(("lang", "total", "method"), [("en", "Total", "moving average"),
                                                       ("id", "Jumlah", "rata-rata bergerak")])
def test_a_printed_valuation_names_its_method_in_the_books_language(make_book, capsys, lang,
                                                                    total, method):
    book = _maker(make_book, lang)
    path = book({"Settings": SETTINGS, "Items": ITEMS, "Stock moves": [MOVES_HEADER, *MOVES]},
                name="stock.xlsx")
    assert main(["stock", str(path), "--as-of", "2025-02-28", "--print", "valuation"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "sku,name,unit,on_hand,unit_cost,value"
    assert lines[-1].startswith(f"{total},{method},"), lines[-1]
