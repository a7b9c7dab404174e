"""A new ledger with a starter chart posts its first invoice, bill and payment on day one.

The figures are worked by hand: a sale of 10 × Rp1.000.000 under PPN12 carries PPN of
12% × 11/12 of the price (PMK 131/2024 art. 3) = Rp1.100.000; a Rp2.000.000 service
bill under PPN12 with PPh 23 withheld at 2% of the gross (UU PPh art. 23(1)c) owes the
supplier 2.000.000 + 220.000 − 40.000 = Rp2.180.000.
"""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from backoffice.cli import main
from backoffice.ledger.starter_charts import CHARTS, load_chart, role_accounts
from backoffice.schemas import settings as settings_schema


def _csv(tmp_path, name, text):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


@pytest.mark.parametrize("chart", CHARTS)
def test_every_role_is_a_posting_account_of_the_chart(chart):
    accounts = load_chart(chart)
    codes = [a.code for a in accounts]
    assert len(codes) == len(set(codes)), "codes are unique"
    parents = {a.parent for a in accounts if a.parent}
    types = {a.code: a.type for a in accounts}
    assert all(types[a.parent] == a.type for a in accounts if a.parent), "a child has its parent's type"
    roles = role_accounts(accounts)
    ledger_accounts = {f.key for f in settings_schema.schema_for("ledger").fields
                       if f.key.endswith("_account")}
    payroll = {f.key: f.default for f in settings_schema.schema_for("payroll").fields
               if f.key.endswith("_account")}
    wanted = ledger_accounts | set(payroll) | {"ppn_output", "ppn_input", "pph23_prepaid",
                                               "pph23_payable", "inventory_account",
                                               "stock_expense_account", "stock_adjustment_account"}
    assert wanted <= set(roles), wanted - set(roles)
    assert not {roles[r] for r in wanted} & parents, "roles are posting (leaf) accounts"
    # The payroll book's default accounts are the chart's: its journal lands on them.
    assert all(roles[key] == default for key, default in payroll.items())
    assert any(a.cash_flow == "cash" for a in accounts)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("chart", CHARTS)
def test_a_new_ledger_with_a_chart_posts_on_day_one(tmp_path, chart, lang, capsys):
    path = tmp_path / "ledger.xlsx"
    assert main(["new", "ledger", str(path), "--lang", lang, "--chart", chart]) == 0
    assert main(["check", str(path), "--no-marks"]) == 0
    imports = {
        "Customers": "Code,Name,NPWP,Terms (days)\nC01,Toko Makmur,0123456789012345,30\n",
        "Suppliers": "Code,Name,NPWP\nS01,PT Konsultan,0111222233334444\n",
        "Journal": "Date,Entry,Account,Description,Debit,Credit\n"
                   "2026-01-02,OPEN,1102,Setoran modal,50000000,\n"
                   "2026-01-02,OPEN,3101,Setoran modal,,50000000\n",
        "Invoices": "Number,Date,Customer,Description,Quantity,Unit price,Tax code\n"
                    "INV-1,2026-01-10,C01,Barang,10,1000000,PPN12\n",
        "Bills": "Number,Date,Supplier,Description,Quantity,Unit price,Tax code,Withholding\n"
                 "BILL-1,2026-01-12,S01,Jasa konsultan,1,2000000,PPN12,PPH23\n",
        "Payments": "Number,Date,Type,Party,Bank account,Amount,Document\n"
                    "R-1,2026-01-25,Received,C01,1102,11100000,INV-1\n",
    }
    for sheet, text in imports.items():
        assert main(["import", str(path), sheet, _csv(tmp_path, f"{sheet}.csv", text)]) == 0, \
            capsys.readouterr()
    # A PKP company charges PPN: say so in Settings, as a bookkeeper would.
    book = openpyxl.load_workbook(path)
    settings = book.worksheets[0]
    for row in settings.iter_rows(min_row=2):
        if row[0].value in ("PKP (registered for VAT)", "PKP"):
            row[1].value = "yes" if lang == "en" else "ya"
    book.save(path)
    capsys.readouterr()
    assert main(["post", str(path)]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["report", str(path), "trial-balance", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    balance = {r["account"]: Decimal(r["balance"]) for r in rows if r["name"] is not None}
    roles = role_accounts(load_chart(chart))
    assert balance[roles["receivables_account"]] == 0  # invoiced 11.100.000, then paid
    assert balance["1102"] == 50_000_000 + 11_100_000
    assert balance[roles["sales_account"]] == -10_000_000
    assert balance[roles["ppn_output"]] == -1_100_000
    assert balance[roles["purchases_account"]] == 2_000_000
    assert balance[roles["ppn_input"]] == 220_000
    assert balance[roles["pph23_payable"]] == -40_000
    assert balance[roles["payables_account"]] == -2_180_000


def test_chart_is_for_ledgers_only(tmp_path, capsys):
    path = tmp_path / "payroll.xlsx"
    assert main(["new", "payroll", str(path), "--chart", "emkm"]) == 2
    assert "--chart is for a ledger book" in capsys.readouterr().err
    assert not path.exists()
