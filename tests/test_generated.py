"""Generated journal blocks: posting replaces a block, and Check sees hand edits to it.

Payroll, stock and the year-end close post their lines through
:func:`backoffice.ledger.generated.post_block`; these tests use it directly on
real .xlsx ledger books and read the result back with openpyxl and Check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from conftest import ACCOUNTS, SETTINGS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice.checking import check
from backoffice.errors import ActionRefused, UsageError
from backoffice.ledger import identity
from backoffice.ledger.closing import close_period
from backoffice.ledger.generated import GeneratedLine, post_block

HEADER = ["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency", "Source"]
MARCH = dt.date(2026, 3, 31)
USER_ROWS = [[dt.date(2026, 3, 2), "JV-1", "1101", "Capital in", 1000, None, None, None],
             [dt.date(2026, 3, 2), "JV-1", "2101", "Capital in", None, 1000, None, None]]


def _book(make_book, rows=USER_ROWS):  # type: ignore[no-untyped-def]
    return make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": [HEADER, *rows]})


def _salaries(amounts: list[int], entry: str = "PAY-2026-03") -> list[GeneratedLine]:
    """One entry: an expense line per department, and the payable for their total."""
    lines = [GeneratedLine(MARCH, entry, "5101", f"Salaries, department {i + 1}",
                           debit=Decimal(a)) for i, a in enumerate(amounts)]
    return [*lines, GeneratedLine(MARCH, entry, "2101", "Salaries payable",
                                  credit=Decimal(sum(amounts)))]


def _journal(path):  # type: ignore[no-untyped-def]
    sheet = openpyxl.load_workbook(path)["Journal"]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_posting_a_block_stamps_every_row_and_checks_clean(make_book):
    path = _book(make_book)
    result = post_block(path, "payroll:2026-03", _salaries([300, 200]))
    assert (result.written, result.emptied, result.changed) == (3, 0, True)
    rows = _journal(path)
    assert rows[:2] == [[*r[:4], r[4], r[5], None, None] for r in
                        [[dt.datetime(2026, 3, 2), "JV-1", "1101", "Capital in", 1000, None],
                         [dt.datetime(2026, 3, 2), "JV-1", "2101", "Capital in", None, 1000]]]
    stamps = [identity.parse(r[7]) for r in rows[2:]]
    assert [(s.block, s.index, s.count) for s in stamps] == [("payroll:2026-03", i, 3)
                                                             for i in (1, 2, 3)]
    assert [r[4] for r in rows[2:]] == [300, 200, None] and rows[4][5] == 500
    assert check(str(path), mark=False).issues == ()


def test_posting_the_same_lines_again_changes_nothing(make_book):
    path = _book(make_book)
    post_block(path, "payroll:2026-03", _salaries([300, 200]))
    before = path.read_bytes()
    assert post_block(path, "payroll:2026-03", _salaries([300, 200])).changed is False
    assert path.read_bytes() == before


def test_reposting_replaces_the_block_in_place_and_keeps_later_rows(make_book):
    path = _book(make_book)
    post_block(path, "payroll:2026-03", _salaries([300, 200, 100]))  # rows 4-7
    later = [dt.date(2026, 4, 1), "JV-2", "1101", "Sale", 50, None, None, None]
    sheet_rows = _journal(path)
    book = openpyxl.load_workbook(path)
    for col, value in enumerate(later, start=1):
        book["Journal"].cell(8, col, value)
    book["Journal"].cell(9, 1, dt.date(2026, 4, 1))
    for col, value in enumerate(["JV-2", "4101", "Sale", None, 50], start=2):
        book["Journal"].cell(9, col, value)
    book.save(path)

    result = post_block(path, "payroll:2026-03", _salaries([400]))  # 2 lines for 4 rows
    assert (result.written, result.emptied) == (2, 2)
    rows = _journal(path)
    assert rows[:2] == sheet_rows[:2]
    assert [r[2:6] for r in rows[2:4]] == [["5101", "Salaries, department 1", 400, None],
                                          ["2101", "Salaries payable", None, 400]]
    assert rows[4] == [None] * 8 and rows[5] == [None] * 8  # emptied, nothing moved
    assert rows[6][1:3] == ["JV-2", "1101"] and rows[7][1:3] == ["JV-2", "4101"]
    assert check(str(path), mark=False).issues == ()

    post_block(path, "payroll:2026-03", _salaries([1, 2, 3, 4, 5]))  # 6 lines: 2 + 2 + 2 new
    rows = _journal(path)
    assert [r[7].split("#")[1].split(":")[0] for r in rows if r[7]] == [
        f"{i}/6" for i in range(1, 7)]
    assert rows[6][1] == "JV-2" and rows[8][1] == "PAY-2026-03"  # appended below the last row
    assert check(str(path), mark=False).issues == ()


def test_check_flags_a_hand_edit_a_deleted_row_and_a_copied_row(make_book):
    path = _book(make_book)
    post_block(path, "payroll:2026-03", _salaries([300, 200]))
    book = openpyxl.load_workbook(path)
    journal = book["Journal"]
    journal["E4"] = 350       # the bookkeeper changes department 1's salary...
    journal["F6"] = 550       # ...and the payable, so the entry still balances
    book.save(path)
    codes = [(i.code, i.row) for i in check(str(path), mark=False).issues]
    assert codes == [("generated-row-edited", 4), ("generated-row-edited", 6)]

    path2 = _book(make_book)
    post_block(path2, "payroll:2026-03", _salaries([300, 200]))
    book = openpyxl.load_workbook(path2)
    journal = book["Journal"]
    for col in range(1, 9):  # line 2 (row 5) copied to row 7, below the block
        journal.cell(7, col, journal.cell(5, col).value)
    book.save(path2)
    codes = [(i.code, i.row) for i in check(str(path2), mark=False).issues]
    assert ("generated-row-duplicated", 7) in codes
    book = openpyxl.load_workbook(path2)
    book["Journal"].delete_rows(7)  # the copy goes, and line 2 with it
    book["Journal"].delete_rows(5)
    book.save(path2)
    codes = [(i.code, i.row) for i in check(str(path2), mark=False).issues]
    assert ("generated-row-missing", 4) in codes


@pytest.mark.parametrize(("lines", "said"), [
    ([GeneratedLine(MARCH, "PAY-1", "9999", "x", debit=Decimal(5)),
      GeneratedLine(MARCH, "PAY-1", "2101", "x", credit=Decimal(5))], "9999 is not in Accounts"),
    ([GeneratedLine(MARCH, "PAY-1", "1", "x", debit=Decimal(5)),
      GeneratedLine(MARCH, "PAY-1", "2101", "x", credit=Decimal(5))], "1 has sub-accounts"),
    ([GeneratedLine(MARCH, "PAY-1", "5101", "x", debit=Decimal(5)),
      GeneratedLine(MARCH, "PAY-1", "2101", "x", credit=Decimal(4))], "does not balance"),
    ([GeneratedLine(MARCH, "JV-1", "5101", "x", debit=Decimal(5)),
      GeneratedLine(MARCH, "JV-1", "2101", "x", credit=Decimal(5))], "JV-1 is already used"),
    ([GeneratedLine(MARCH, "PAY-1", "5101", "x", debit=Decimal(5), credit=Decimal(5))],
     "one positive debit or credit"),
])
def test_lines_the_ledger_would_reject_are_refused_and_the_book_is_untouched(make_book, lines,
                                                                           said):
    path = _book(make_book)
    before = path.read_bytes()
    with pytest.raises(ActionRefused, match=said) as refused:
        post_block(path, "payroll:2026-03", lines)
    assert str(refused.value).endswith("then post again; the ledger was not changed.")
    assert path.read_bytes() == before


def test_a_block_in_a_closed_month_is_refused(make_book):
    path = _book(make_book)
    close_period(str(path), "2026-03")
    with pytest.raises(UsageError, match="2026-03 is closed"):
        post_block(path, "payroll:2026-03", _salaries([300]))


def test_a_bad_block_name_is_refused(make_book):
    with pytest.raises(UsageError, match="block name"):
        post_block(_book(make_book), "payroll#3", _salaries([300]))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(st.integers(1, 10**9), min_size=1, max_size=6),
       second=st.lists(st.integers(1, 10**9), min_size=1, max_size=6))
def test_reposting_is_idempotent_and_the_last_post_wins(make_book, first, second):
    path = _book(make_book)
    post_block(path, "payroll:2026-03", _salaries(first))
    post_block(path, "payroll:2026-03", _salaries(second))
    before = path.read_bytes()
    assert post_block(path, "payroll:2026-03", _salaries(second)).changed is False
    assert path.read_bytes() == before
    rows = [r for r in _journal(path) if r[7]]
    assert [r[4] for r in rows[:-1]] == second and rows[-1][5] == sum(second)
    assert check(str(path), mark=False).issues == ()
