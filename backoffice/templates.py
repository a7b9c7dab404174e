"""``backoffice new``: ready-to-use books generated from the schemas.

A template has every sheet its book kind is made of (from the schema registry),
a Help sheet, and the settings filled with defaults and a placeholder company
name, so that a fresh template checks clean. The files in ``workbooks/`` are
these templates in English and Indonesian; ``python -m backoffice.templates
workbooks`` regenerates them, and a test fails when they are out of date.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from backoffice.books import macros
from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused, UsageError
from backoffice.ledger import starter_charts
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema

BOOK_KINDS = ("ledger", "payroll", "inventory")
PLACEHOLDER_COMPANY = {"en": "My Company", "id": "Perusahaan Saya"}


def template_sheets(kind: str, lang: str, chart: str | None = None) -> list[SheetRows]:
    """The sheets of a new ``kind`` book, empty but for the settings' defaults, and, for a
    ledger with a starter ``chart`` ("emkm", "ep"), its accounts and the settings and tax
    codes pointing into them."""
    if kind not in BOOK_KINDS:
        raise UsageError(detail=f"unknown book kind {kind!r}; choose {', '.join(BOOK_KINDS)}.")
    accounts = starter_charts.load_chart(chart) if chart else []
    roles = starter_charts.role_accounts(accounts)
    sheets = []
    for schema in REGISTRY.for_book(kind):
        rows: list[dict[str, object]] = []
        if schema.layout == "settings":
            # A book shows only its own settings (a payroll book has no receivables account).
            schema = settings_schema.schema_for(kind)
            defaults = {f.key: roles.get(f.key, f.default) for f in schema.fields}
            rows = [{**defaults, "company": PLACEHOLDER_COMPANY[lang], "language": lang}]
        elif schema.kind == "taxcodes":  # shipped with the Indonesian codes, editable
            from backoffice.arap.taxcodes import seed_rows

            rows = starter_charts.with_chart_accounts(seed_rows(), accounts)
        elif schema.kind == "accounts":
            rows = starter_charts.account_rows(accounts, lang)
        sheets.append(SheetRows(schema, rows))
    return sheets


def new_book(kind: str, path: str, lang: str = "en", chart: str | None = None) -> None:
    """Write a new ``kind`` book ("ledger", "payroll", "inventory") at ``path`` in ``lang``;
    a ledger may start with a starter ``chart`` of accounts
    (:mod:`backoffice.ledger.starter_charts`)."""
    if chart is not None and kind != "ledger":
        raise UsageError(detail=Localized(
            f"--chart is for a ledger book; a {kind} book has no chart of accounts.",
            f"--chart untuk buku ledger; buku {kind} tidak punya bagan akun."))
    if os.path.exists(path):
        raise ActionRefused(
            detail=Localized(f"{path} already exists.", f"{path} sudah ada."),
            fix=Localized("Choose another file name: backoffice never writes a new book over "
                          "an existing file.",
                          "Pilih nama berkas lain: backoffice tidak pernah menimpa berkas yang "
                          "sudah ada dengan buku baru."))
    if not path.lower().endswith((".xlsx", ".xlsm")):
        raise UsageError(detail=Localized(f"{path}: the file name must end in .xlsx or .xlsm.",
                                          f"{path}: nama berkas harus berakhiran .xlsx atau "
                                          f".xlsm."))
    # An .xlsm is macro-enabled, with the buttons of its kind on the Help sheet; Excel
    # refuses an .xlsm that carries the plain workbook content type.
    buttons = kind if macros.is_macro_name(path) else None
    write_new_workbook(path, template_sheets(kind, lang, chart), lang, title=f"backoffice {kind}",
                       buttons=buttons)


def shipped_templates() -> dict[str, tuple[str, str]]:
    """File name in ``workbooks/`` -> (book kind, language)."""
    return {f"{kind}-{lang}.xlsx": (kind, lang) for kind in BOOK_KINDS for lang in ("en", "id")}


def write_shipped_templates(folder: str) -> list[str]:
    """(Re)write every shipped template into ``folder``; the paths written."""
    written = []
    for name, (kind, lang) in shipped_templates().items():
        path = Path(folder) / name
        path.unlink(missing_ok=True)
        new_book(kind, str(path), lang)
        written.append(str(path))
    return written


if __name__ == "__main__":
    for written_path in write_shipped_templates(sys.argv[1] if len(sys.argv) > 1 else "workbooks"):
        print(written_path)
