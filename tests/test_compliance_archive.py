"""The document register: retention from dated data, documents the books point at but the
register lacks, and file paths that point nowhere, on a real ledger book."""

from __future__ import annotations

import datetime as dt

from arapbook import ACCOUNTS, CUSTOMERS, INVOICE_HEADER, JOURNAL, PAYMENT_HEADER, RATES, SETTINGS, SUPPLIERS

from backoffice.cli import main
from backoffice.compliance.archive import retention_for, run

D = dt.date
REGISTER = [["Type", "Number", "Date", "Party", "Where it is", "Disposed"],
            ["Sales invoice", "INV-1", D(2026, 3, 2), "C01", "scans/INV-1.pdf", None],
            ["Sales invoice", "INV-OLD", D(2014, 5, 1), "C01", "Rak 3", None],
            ["Purchase bill", "B-OLD", D(2016, 6, 1), "S01", "Rak 3", None],
            ["Sales invoice", "INV-GONE", D(2012, 1, 5), "C02", "Rak 1", D(2024, 1, 10)],
            ["Contract", "C-9", D(2020, 1, 1), "PT Gedung", "scans/lease.pdf", None],
            ["Company document", "AKTA-1", D(2001, 1, 1), None, "https://drive.example/akta",
             None]]


def ledger(make_book, tmp_path):
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "INV-1.pdf").write_bytes(b"%PDF-1.4\n")
    invoices = [["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None],
                ["INV-2", D(2026, 3, 5), "C02", None, None, None, "Goods", 2, 500, None, None]]
    return make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": JOURNAL,
                      "Customers": CUSTOMERS, "Suppliers": SUPPLIERS, "Rates": RATES,
                      "Invoices": [INVOICE_HEADER, *invoices], "Payments": [PAYMENT_HEADER],
                      "Documents": REGISTER})


def test_retention_is_dated_data_with_its_source():
    assert retention_for("invoice", D(2026, 1, 1)).years == 10
    assert retention_for("invoice", D(2026, 1, 1)).source.startswith("UU KUP Ps. 28 ayat (11)")
    assert retention_for("company", D(2026, 1, 1)).years is None  # kept while of use
    assert retention_for("invoice", D(2000, 1, 1)) is None  # before UU KUP's 2008 wording


def test_disposal_missing_and_broken_links_by_hand(make_book, tmp_path):
    path = ledger(make_book, tmp_path)
    report, text = run(str(path), D(2026, 12, 3))
    # INV-OLD of 2014: ten years from the end of 2014 ran out on 2024-12-31. B-OLD of 2016 is
    # kept to 2026-12-31, so not yet; INV-GONE is already disposed of; AKTA-1 is kept for good.
    assert report.disposable == [(3, "invoice", "INV-OLD", D(2014, 5, 1), D(2024, 12, 31),
                                  "UU KUP Ps. 28 ayat (11); UU 8/1997 Ps. 11 ayat (1)")]
    assert report.missing == [("invoice", "INV-2")]
    assert report.broken == [(6, "scans/lease.pdf")]
    # Types by their labels in the register's dropdown, not the stored codes.
    assert "  Sales invoice INV-2" in text and "row 6: scans/lease.pdf" in text
    assert "row 3: Sales invoice INV-OLD of 2014-05-01" in text
    later, _ = run(str(path), D(2027, 1, 1))
    assert [d[2] for d in later.disposable] == ["INV-OLD", "B-OLD"]


def test_the_cli_exits_1_when_something_is_missing(make_book, tmp_path, capsys):
    path = ledger(make_book, tmp_path)
    assert main(["archive", str(path), "--as-of", "2026-12-03", "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert "Ada di pembukuan tetapi tidak ada di arsip:\n  Faktur penjualan INV-2" in out
    assert "Boleh dimusnahkan:\n  baris 3: Faktur penjualan INV-OLD tanggal 2014-05-01" in out
    assert "invoice" not in out
