"""A small PKP trading company's ledger book with receivables and payables, for the tests.

``arap_book(make_book, invoices=..., bills=..., payments=...)`` writes a real .xlsx
ledger book with Settings (PKP, the control, fee, write-off and FX accounts, a
tolerance of Rp100), Accounts, an opening Journal entry, Customers, Suppliers,
Rates (USD 16,000 from 2026-03-01, 16,500 from 2026-04-01) and the given document
rows (headers as below, first row of each list).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import openpyxl

SETTINGS = [["Setting", "Value"], ["Company", "PT Uji Dagang"], ["Base currency", "IDR"],
            ["Locale", "id-ID"], ["Language", "English"], ["PKP (registered for VAT)", "yes"],
            ["Receivables account", "1201"], ["Payables account", "2101"],
            ["Sales account", "4101"], ["Purchases account", "6101"],
            ["Payment differences account", "7901"], ["Bank fees account", "6108"],
            ["Exchange gain/loss account", "7101"], ["Payment difference tolerance", 100],
            ["Rounding account", "7902"]]
ACCOUNTS = [["Code", "Name", "Type", "Parent"],
            ["1102", "Bank BCA", "asset", None], ["1103", "Bank USD", "asset", None],
            ["1201", "Trade receivables", "asset", None], ["1401", "PPN input", "asset", None],
            ["1403", "Prepaid PPh 23", "asset", None], ["2101", "Trade payables", "liability", None],
            ["2102", "PPN output", "liability", None], ["2105", "PPh 23 payable", "liability", None],
            ["2106", "PPh final payable", "liability", None],
            ["3101", "Capital", "equity", None], ["4101", "Sales", "income", None],
            ["6101", "Services", "expense", None], ["6108", "Bank charges", "expense", None],
            ["6901", "PPh final", "expense", None],
            ["7101", "Exchange gain/loss", "income", None],
            ["7901", "Payment differences", "expense", None],
            ["7902", "Rounding", "expense", None]]
JOURNAL = [["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency", "Source",
            "Rate"],
           [dt.date(2026, 3, 1), "OPEN", "1102", "Capital paid in", 500_000_000, None, None, None,
            None],
           [dt.date(2026, 3, 1), "OPEN", "3101", "Capital paid in", None, 500_000_000, None, None,
            None]]
CUSTOMERS = [["Code", "Name", "NPWP", "Address", "Terms (days)"],
             ["C01", "Toko Makmur", "0123456789012345", "Bandung", 30],
             ["C02", "PT Jasa Klien", "0987654321098765", "Jakarta", 14],
             ["C03", "CV Lebih Bayar", None, "Cimahi", 0],
             ["C04", "Export Buyer Ltd", None, "Singapore", 30]]
SUPPLIERS = [["Code", "Name", "NPWP", "Terms (days)"],
             ["S01", "PT Konsultan", "0111222233334444", 30]]
RATES = [["Date", "Currency", "Rate"], [dt.date(2026, 3, 1), "USD", 16000],
         [dt.date(2026, 4, 1), "USD", 16500]]
INVOICE_HEADER = ["Number", "Date", "Customer", "Type", "Applies to", "Currency", "Description",
                  "Quantity", "Unit price", "Tax code", "Account"]
BILL_HEADER = ["Number", "Date", "Supplier", "Type", "Description", "Quantity", "Unit price",
               "Tax code", "Withholding", "Account"]
PAYMENT_HEADER = ["Number", "Date", "Type", "Party", "Bank account", "Amount", "Bank fee",
                  "Currency", "Document", "Allocated", "PPh 23 withheld", "Withholding slip no."]


def arap_book(make_book: Any, invoices: list[list[Any]] = (),  # type: ignore[assignment]
              bills: list[list[Any]] = (), payments: list[list[Any]] = (),  # type: ignore[assignment]
              settings: list[list[Any]] | None = None, name: str = "book.xlsx") -> Any:
    """Write the book; returns its path."""
    sheets = {"Settings": settings or SETTINGS, "Accounts": ACCOUNTS, "Journal": JOURNAL,
              "Customers": CUSTOMERS, "Suppliers": SUPPLIERS, "Rates": RATES,
              "Invoices": [INVOICE_HEADER, *invoices], "Bills": [BILL_HEADER, *bills],
              "Payments": [PAYMENT_HEADER, *payments]}
    return make_book(sheets, name=name)


def journal_entries(path: Any) -> dict[str, list[tuple[str, Decimal | None, Decimal | None,
                                                       str | None]]]:
    """The Journal's generated rows per entry: (account, debit, credit, currency), sorted."""
    sheet = openpyxl.load_workbook(path)["Journal"]
    entries: dict[str, list[tuple[str, Decimal | None, Decimal | None, str | None]]] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[7] and "#" in str(row[7]):
            entries.setdefault(row[1], []).append(
                (row[2], _dec(row[4]), _dec(row[5]), row[6]))
    return {k: sorted(v, key=lambda x: (x[0], x[1] or 0, x[2] or 0)) for k, v in entries.items()}


def _dec(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).normalize() if not isinstance(value, int) else Decimal(value)


def lines(*rows: tuple[str, int | str | None, int | str | None, str | None]
          ) -> list[tuple[str, Decimal | None, Decimal | None, str | None]]:
    """Expected lines, sorted like :func:`journal_entries`."""
    out = [(a, _dec(Decimal(str(d))) if d is not None else None,
            _dec(Decimal(str(c))) if c is not None else None, cur) for a, d, c, cur in rows]
    return sorted(out, key=lambda x: (x[0], x[1] or 0, x[2] or 0))
