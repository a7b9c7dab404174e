"""The banks' statement layouts, kept as data in ``backoffice/data/bank_layouts.toml``.

A layout is a plain mapping; :func:`generic_layout` builds one from the user's
column mapping for any other bank's CSV.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

Layout = dict[str, Any]

#: The keys a column mapping may name.
COLUMN_KEYS = ("date", "description", "reference", "amount", "debit", "credit", "balance",
               "sign_column")


@cache
def bank_layouts() -> dict[str, Layout]:
    """Every shipped layout by its key ("bca", "mandiri", "bri", "bni")."""
    text = resources.files("backoffice").joinpath("data/bank_layouts.toml").read_text("utf-8")
    return tomllib.loads(text)


def generic_layout(columns: dict[str, str], date_format: str = "%Y-%m-%d",
                   decimal_mark: str = ".", group_mark: str = "") -> Layout:
    """A layout for any CSV: ``columns`` maps date, description, amount (or debit and
    credit), and optionally reference and balance, to the file's header texts."""
    layout: Layout = {"name": "generic CSV", "date_format": date_format,
                      "decimal_mark": decimal_mark, "group_mark": group_mark,
                      "debit_marks": ["DB", "D", "DR"], "credit_marks": ["CR", "C", "K"]}
    layout.update(columns)
    layout["header"] = [v for k, v in columns.items() if k in ("date", "description")]
    return layout


def parse_mapping(text: str) -> dict[str, str]:
    """``date=Tanggal,amount=Jumlah`` -> {"date": "Tanggal", "amount": "Jumlah"}."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in COLUMN_KEYS or not value.strip():
            from backoffice.bank.messages import refuse

            raise refuse(f"--columns: {part.strip()!r} is not KEY=Header with KEY one of "
                         f"{', '.join(COLUMN_KEYS)}.",
                         f"--columns: {part.strip()!r} bukan KUNCI=Judul dengan KUNCI salah satu "
                         f"dari {', '.join(COLUMN_KEYS)}.",
                         "Write e.g. --columns 'date=Tanggal,description=Keterangan,"
                         "amount=Jumlah,balance=Saldo'.",
                         "Tulis mis. --columns 'date=Tanggal,description=Keterangan,"
                         "amount=Jumlah,balance=Saldo'.")
        mapping[key] = value.strip()
    if "date" not in mapping or not ({"amount"} <= mapping.keys()
                                     or {"debit", "credit"} <= mapping.keys()):
        from backoffice.bank.messages import refuse

        raise refuse("--columns must name date and amount (or debit and credit).",
                     "--columns harus menyebut date dan amount (atau debit dan credit).",
                     "Add the missing columns to --columns.",
                     "Tambahkan kolom yang kurang ke --columns.")
    return mapping
