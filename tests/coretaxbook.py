"""Books made the way users make them (``backoffice new ledger``), filled in for tax tests.

``new_ledger(tmp_path, lang)`` runs ``backoffice new ledger`` and returns its path;
``fill(path, sheet_kind, rows)`` appends rows given by field key (``{"number": ...}``),
finding each column by the header the book shows in its own language, so the same
test runs on an English and an Indonesian book; ``set_settings`` fills Settings
values by key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from backoffice.schemas import REGISTRY
from backoffice.schemas.settings import SETTINGS

from backoffice.cli import main

#: A PKP company's accounts for receivables, payables, PPN and PPh 23.
ACCOUNTS = [("1102", "Bank", "asset"), ("1201", "Trade receivables", "asset"),
            ("1401", "PPN input", "asset"), ("1403", "Prepaid PPh 23", "asset"),
            ("2101", "Trade payables", "liability"), ("2102", "PPN output", "liability"),
            ("2105", "PPh 23 payable", "liability"), ("3101", "Capital", "equity"),
            ("4101", "Sales", "income"), ("6101", "Services", "expense")]
#: Settings of that company (the Company NPWP is the seller's and the withholder's).
PKP = {"pkp": "yes", "receivables_account": "1201", "payables_account": "2101",
       "sales_account": "4101", "purchases_account": "6101", "npwp": "0012345678901000"}


def new_ledger(folder: Path, lang: str = "en", name: str = "ledger.xlsx") -> Path:
    """A ledger book made by ``backoffice new ledger``."""
    return new_book(folder, "ledger", lang, name)


def new_book(folder: Path, kind: str, lang: str = "en", name: str | None = None) -> Path:
    """A ``kind`` book made by ``backoffice new``."""
    path = folder / (name or f"{kind}-{lang}.xlsx")
    assert main(["new", kind, str(path), "--lang", lang]) == 0
    return path


def _lang(workbook: openpyxl.Workbook) -> str:
    return "id" if "Pengaturan" in workbook.sheetnames else "en"


def fill(path: Path, kind: str, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` (field key -> value) to the book's sheet of ``kind``."""
    workbook = openpyxl.load_workbook(path)
    lang = _lang(workbook)
    schema = REGISTRY[kind]
    sheet = workbook[schema.name(lang)]
    headers = [c.value for c in sheet[1]]
    for values in rows:
        row: list[Any] = [None] * len(headers)
        for key, value in values.items():
            field = next(f for f in schema.fields if f.key == key)
            row[headers.index(field.header(lang))] = value
        sheet.append(row)
    workbook.save(path)


def set_settings(path: Path, values: dict[str, Any]) -> None:
    """Fill Settings values by key (the row named in the book's language)."""
    workbook = openpyxl.load_workbook(path)
    lang = _lang(workbook)
    sheet = workbook["Pengaturan" if lang == "id" else "Settings"]
    names = {f.header(lang): f.key for f in SETTINGS}
    found = set()
    for row in sheet.iter_rows(min_row=2):
        key = names.get(row[0].value)
        if key in values:
            row[1].value = values[key]
            found.add(key)
    for key in set(values) - found:
        field = next(f for f in SETTINGS if f.key == key)
        sheet.append([field.header(lang), values[key]])
    workbook.save(path)


def pkp_company(path: Path) -> None:
    """Make the new book a PKP company with the accounts the documents post to."""
    set_settings(path, PKP)
    fill(path, "accounts", [{"code": c, "name": n, "type": t} for c, n, t in ACCOUNTS])
