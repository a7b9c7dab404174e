"""Post and report on the demo company: output sheets in the book, CSV/JSON for scripts."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import openpyxl

from backoffice.cli import main
from backoffice.demo import run_demo


def test_post_writes_the_ledger_sheets_and_the_balance_sheet_balances(tmp_path, capsys):
    run_demo(str(tmp_path), lang="id")
    book = tmp_path / "ledger.xlsx"
    assert main(["post", str(book)]) == 0
    assert "Neraca Saldo" in capsys.readouterr().out
    workbook = openpyxl.load_workbook(book)
    ledger_sheets = ["Neraca Saldo", "Buku Besar", "Laba Rugi", "Neraca", "Arus Kas"]
    # then receivables and payables' five sheets, the compliance calendar, then the Dashboard
    assert workbook.sheetnames[-16:-11] == ledger_sheets
    assert workbook.sheetnames[-6:-4] == ["Kepatuhan", "Dasbor"]
    assert workbook.sheetnames[-4] == "_backoffice_sync"  # the demo's book was synced
    # then the year's bank statements the demo imported, and December's reconciliation
    assert workbook.sheetnames[-3:] == ["Mutasi bank", "Aturan bank", "Rekonsiliasi Bank 1102"]
    lines = {row[1].strip(): row[2] for row in workbook["Neraca"].iter_rows(min_row=2,
                                                                          values_only=True)
             if row[1]}
    # 1,387,316,047 before the demo's leavers were paid their severance (issue 22)
    assert lines["Jumlah aset"] == lines["Jumlah liabilitas dan ekuitas"] == 1_344_724_967
    trial = list(workbook["Neraca Saldo"].iter_rows(min_row=2, values_only=True))
    assert trial[-1][0] == "Jumlah" and trial[-1][3] == trial[-1][4]
    # Posting again rewrites the same sheets in place.
    assert main(["post", str(book)]) == 0
    assert openpyxl.load_workbook(book).sheetnames == workbook.sheetnames


def test_post_refuses_a_book_with_errors(make_book, capsys):
    import datetime as dt

    from conftest import ledger

    path = make_book(ledger([[dt.date(2025, 1, 2), "JV-1", "1101", "a", 10, None, None],
                             [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, 9, None]]))
    before = path.read_bytes()
    assert main(["post", str(path), "--lang", "en"]) == 1
    assert "Not posted" in capsys.readouterr().out
    assert path.read_bytes() == before


def test_reports_for_scripts_are_locale_independent(tmp_path, capsys):
    run_demo(str(tmp_path), lang="id")
    book = str(tmp_path / "ledger.xlsx")
    assert main(["report", book, "trial-balance"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["account", "name", "currency", "debit", "credit", "balance"]
    cash = next(r for r in rows if r["account"] == "1101")
    assert cash["balance"] == "5585360.00"
    total = rows[-1]
    assert Decimal(total["debit"]) == Decimal(total["credit"])
    assert main(["report", book, "income-statement", "--period", "2025-03", "--format",
                 "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    net = next(r for r in report["rows"] if r["line"] == "Net income")
    assert net == {"account": None, "line": "Net income", "amount": "-6774415.00",
                   "previous": "39082687.00"}
    target = tmp_path / "gl.xlsx"
    assert main(["report", book, "general-ledger", "--format", "xlsx", "--output",
                 str(target)]) == 0
    sheet = openpyxl.load_workbook(target)["general-ledger"]
    assert [c.value for c in sheet[1]][:3] == ["Account", "Name", "Currency"]
