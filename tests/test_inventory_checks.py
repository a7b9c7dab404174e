"""Wrong inventory books, through the CLI: every problem with its sheet and cell."""

from __future__ import annotations

import datetime as dt
import json

from test_inventory import COUNTS, ITEMS, MOVES_HEADER, SETTINGS

from backoffice.cli import main

D = dt.date


def _issues(path, capsys, *args):
    code = main(["check", str(path), "--no-marks", "--format", "json", *args])
    shown = json.loads(capsys.readouterr().out)
    return code, [(i["code"], i["sheet"], i["cell"], i["severity"]) for i in shown["issues"]]


def _book(make_book, moves, counts=COUNTS, settings=SETTINGS):
    return make_book({"Settings": settings, "Items": ITEMS, "Stock moves": [MOVES_HEADER, *moves],
                      "Stock counts": counts})


def test_every_kind_of_wrong_move_is_reported_at_its_cell(make_book, capsys):
    moves = [[D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-1", None, None, None],
             [D(2025, 1, 3), "PAP-A5", 30, None, 45000, "PO-1", None, None, None],
             [D(2025, 1, 4), "PAP-A4", 10, None, None, "PO-2", None, None, None],
             [D(2025, 1, 5), "PAP-A4", None, 50, None, None, "Finance", None, None],
             [D(2025, 1, 6), "PAP-A4", 3, 2, 100, None, None, None, None],
             [D(2025, 1, 7), "PAP-A4", None, None, None, None, None, None, None],
             [D(2025, 1, 8), "PAP-A4", 3, None, 100, None, None, None, "LT2"],
             [D(2025, 1, 9), "PAP-A4", -1, None, 100, None, None, None, None],
             [D(2025, 1, 10), "PAP-A4", None, 1, None, None, None, None, "GUDANG"]]
    code, issues = _issues(_book(make_book, moves, [["Date", "Location", "SKU", "Counted"]]),
                           capsys)
    assert code == 1
    assert issues == [
        ("stock-sku-unknown", "Stock moves", "B3", "error"),
        ("stock-receipt-cost-missing", "Stock moves", "E4", "error"),
        ("stock-insufficient", "Stock moves", "D5", "error"),
        ("stock-in-and-out", "Stock moves", "D6", "error"),
        ("stock-quantity-missing", "Stock moves", "C7", "error"),
        ("stock-transfer-not-out", "Stock moves", "I8", "error"),
        ("out-of-range", "Stock moves", "C9", "error"),
        ("stock-quantity-missing", "Stock moves", "C9", "error"),
        ("stock-transfer-same-location", "Stock moves", "I10", "error"),
    ]


def test_the_insufficient_message_says_what_was_there(make_book, capsys):
    moves = [[D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-1", None, None, None],
             [D(2025, 1, 5), "PAP-A4", None, 50, None, None, "Finance", None, None]]
    main(["check", str(_book(make_book, moves, [["Date", "Location", "SKU", "Counted"]])),
          "--no-marks", "--lang", "id"])
    out = capsys.readouterr().out
    assert "50 ream PAP-A4 dikeluarkan dari GUDANG pada 2025-01-05, padahal hanya ada 30; " \
           "stoknya menjadi -20" in out


def test_a_count_resets_the_stock_for_the_check(make_book, capsys):
    """30 received, a count finds 40 on 31 Jan (surplus 10), so taking 35 on 01 Feb is fine;
    taking 6 more on 02 Feb is not (5 left)."""
    moves = [[D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-1", None, None, None],
             [D(2025, 2, 1), "PAP-A4", None, 35, None, None, "Finance", None, None],
             [D(2025, 2, 2), "PAP-A4", None, 6, None, None, "Finance", None, None]]
    counts = [["Date", "Location", "SKU", "Counted"], [D(2025, 1, 31), "GUDANG", "PAP-A4", 40]]
    assert _issues(_book(make_book, moves, counts), capsys)[1] == [
        ("stock-insufficient", "Stock moves", "D4", "error")]


def test_a_day_s_receipts_count_before_its_issues(make_book, capsys):
    moves = [[D(2025, 1, 2), "PAP-A4", None, 5, None, None, "Finance", None, None],
             [D(2025, 1, 2), "PAP-A4", 5, None, 45000, "PO-1", None, None, None]]
    assert _issues(_book(make_book, moves, [["Date", "Location", "SKU", "Counted"]]),
                   capsys) == (0, [])


def test_wrong_counts_are_reported_at_their_cells(make_book, capsys):
    moves = [[D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-1", None, None, None]]
    counts = [["Date", "Location", "SKU", "Counted"],
              [D(2025, 1, 31), "LT9", "PAP-A4", 20], [D(2025, 1, 31), "GUDANG", "XX", 1],
              [D(2025, 1, 31), "GUDANG", "PAP-A4", 1], [D(2025, 1, 31), "GUDANG", "PAP-A4", 2]]
    code, issues = _issues(_book(make_book, moves, counts), capsys)
    assert issues == [("stock-location-unknown", "Stock counts", "B2", "error"),
                      ("stock-sku-unknown", "Stock counts", "C3", "error"),
                      ("stock-count-duplicate", "Stock counts", "D5", "error")]


def test_stock_refuses_a_book_with_errors_and_leaves_it_unchanged(make_book, capsys):
    moves = [[D(2025, 1, 5), "PAP-A4", None, 50, None, None, "Finance", None, None]]
    path = _book(make_book, moves)
    before = path.read_bytes()
    assert main(["stock", str(path), "--as-of", "2025-02-28"]) == 1
    assert "Stock not computed: fix the errors above first." in capsys.readouterr().out
    assert path.read_bytes() == before


def test_posting_without_the_accounts_is_refused_with_the_setting_named(make_book, capsys):
    moves = [[D(2025, 1, 2), "PAP-A4", 30, None, 45000, "PO-1", None, None, None]]
    settings = [row for row in SETTINGS if row[0] != "Stock expense account"]
    path = _book(make_book, moves, [["Date", "Location", "SKU", "Counted"]], settings)
    before = path.read_bytes()
    ledger = path.parent / "ledger.xlsx"
    assert main(["stock", str(path), "--post-to", str(ledger)]) == 2
    err = capsys.readouterr().err
    assert "Stock expense account is not set in Settings" in err
    assert path.read_bytes() == before


def test_a_bad_as_of_date_is_a_usage_error(make_book, capsys):
    path = _book(make_book, [])
    assert main(["stock", str(path), "--as-of", "31/01/2025"]) == 2
    assert "is not a date like 2026-01-31" in capsys.readouterr().err


def test_stock_on_a_book_without_items_is_refused(make_book, capsys):
    path = make_book({"Settings": SETTINGS, "Stock moves": [MOVES_HEADER]})
    assert main(["stock", str(path)]) == 2
    assert "has no Items sheet, which backoffice stock needs" in capsys.readouterr().err
