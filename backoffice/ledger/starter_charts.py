"""Starter charts of accounts for a new ledger: ``backoffice new ledger BOOK --chart emkm|ep``.

A new ledger with an empty Accounts sheet cannot post its first invoice: the
receivables, sales and tax accounts are missing. Two Indonesian starter charts
fill it, each account named in English and Indonesian:

* ``emkm``: a short chart in the style of SAK EMKM (Standar Akuntansi Keuangan
  Entitas Mikro, Kecil, dan Menengah, IAI), for micro and small companies: cash,
  bank, receivables, inventory, the taxes and payroll payables, capital and
  retained earnings, sales, cost of sales and the usual expenses.
* ``ep``: a fuller chart in the style of SAK EP (Standar Akuntansi Keuangan Entitas
  Privat, IAI, in force from 1 January 2025, replacing SAK ETAP), grouped as its
  statement of financial position and profit or loss present them: current and
  non-current assets and liabilities, equity, revenue, cost of sales, selling and
  general expenses, other income and expenses, and income tax.

Neither standard prescribes account codes; the codes here follow the common
Indonesian 1-asset … 5-expense numbering, and agree with the payroll book's
default accounts (6101, 6102, 2103–2106), so the payroll journal lands on them.

Each chart is a CSV in ``backoffice/data/charts/``: code, parent, type, cash-flow
role, the names, and the *roles* an account plays: a Settings key it fills
(``receivables_account`` …) or the account a shipped tax code posts to
(``ppn_output``, ``ppn_input``, ``pph23_prepaid``, ``pph23_payable``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib.resources import files

CHARTS = ("emkm", "ep")

#: Tax-code roles: (role, the tax code's column it fills, the kind of tax code).
TAX_ROLES = {"ppn_output": ("sales_account", "vat"), "ppn_input": ("purchase_account", "vat"),
             "pph23_prepaid": ("sales_account", "withholding"),
             "pph23_payable": ("purchase_account", "withholding")}


@dataclass(frozen=True)
class ChartAccount:
    """One account of a starter chart."""

    code: str
    parent: str | None
    type: str
    cash_flow: str | None
    name_id: str
    name_en: str
    roles: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_id if lang == "id" else self.name_en


def load_chart(name: str) -> list[ChartAccount]:
    """The accounts of the starter chart ``name`` ("emkm" or "ep"), in chart order."""
    if name not in CHARTS:
        raise ValueError(f"unknown chart {name!r}; choose {', '.join(CHARTS)}")
    text = files("backoffice").joinpath("data", "charts", f"{name}.csv").read_text("utf-8")
    return [ChartAccount(row["code"], row["parent"] or None, row["type"], row["cash_flow"] or None,
                         row["name_id"], row["name_en"], tuple(row["roles"].split()))
            for row in csv.DictReader(text.splitlines())]


def account_rows(chart: list[ChartAccount], lang: str) -> list[dict[str, object]]:
    """The chart as Accounts rows (field key -> value)."""
    return [{"code": a.code, "name": a.name(lang), "type": a.type, "parent": a.parent,
             "cash_flow": a.cash_flow} for a in chart]


def role_accounts(chart: list[ChartAccount]) -> dict[str, str]:
    """Role (a Settings key or a tax-code role) -> the account code that plays it."""
    return {role: account.code for account in chart for role in account.roles}


def with_chart_accounts(taxcode_rows: list[dict[str, object]],
                        chart: list[ChartAccount]) -> list[dict[str, object]]:
    """The shipped tax codes, posting to the chart's tax accounts."""
    roles = role_accounts(chart)
    rows = []
    for row in taxcode_rows:
        row = dict(row)
        for role, (column, kind) in TAX_ROLES.items():
            if row.get("kind") == kind and role in roles:
                row[column] = roles[role]
        rows.append(row)
    return rows
