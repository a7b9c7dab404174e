"""Reading a bank's CSV download with its layout (:mod:`.layouts`).

The bank's notation is the layout's, never the book's locale: BCA writes
``1,500,000.00`` and ``02/01`` (no year), BRI ``1.500.000,00`` and ``02/01/26``.
Rows above the header carry the account number, period and currency; rows below
the lines carry the opening and closing balances (BCA's ``Saldo Awal``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation

from backoffice import money
from backoffice.bank.layouts import Layout
from backoffice.bank.messages import unreadable
from backoffice.bank.model import Statement, StatementLine
from backoffice.schema import normalize_name


def read_rows(text: str) -> list[list[str]]:
    """The CSV's rows; the delimiter is whichever of comma, semicolon and tab splits some
    line into the most cells (a bank's preamble lines often hold none of them)."""
    sample = text[:8192].splitlines()
    delimiter = max(",;\t", key=lambda d: max(
        (len(row) for row in csv.reader(sample, delimiter=d)), default=0))
    return [[cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def find_header(rows: list[list[str]], layout: Layout) -> int | None:
    """The index of the first row holding every header text the layout names."""
    wanted = {normalize_name(h) for h in layout["header"]}
    for i, row in enumerate(rows[:60]):
        if wanted <= {normalize_name(c) for c in row}:
            return i
    return None


def parse_statement(text: str, layout: Layout, source: str, name: str,
                    currency: str) -> Statement:
    """The statement in ``text``, read with ``layout``; ActionRefused when it does not fit."""
    rows = read_rows(text)
    at = find_header(rows, layout)
    if at is None:
        raise unreadable(name, f"no header row with {', '.join(layout['header'])}.",
                         f"tidak ada baris judul dengan {', '.join(layout['header'])}.")
    preamble = "\n".join(",".join(r) for r in rows[:at])
    currency = _currency(preamble, layout, currency)
    exp = money.exponent(currency)
    statement = Statement(source, currency)
    _read_preamble(statement, preamble, layout)
    index = _column_index(rows[at], layout, name)
    for number, row in enumerate(rows[at + 1:], start=at + 2):
        if not any(row):
            continue
        first = row[0].lstrip("'").strip()
        if layout.get("opening_label") and first.lower() == layout["opening_label"].lower():
            statement.opening = _trailer_amount(row, layout, exp, name, number)
            continue
        if layout.get("closing_label") and first.lower() == layout["closing_label"].lower():
            statement.closing = _trailer_amount(row, layout, exp, name, number)
            continue
        cell = _cell(row, index["date"]).lstrip("'").strip()
        if layout.get("pending") and cell.upper() == layout["pending"]:
            statement.pending += 1
            continue
        day = _date(cell, layout, statement, name, number)
        if day is None:  # a summary row below the lines (Mutasi Debet, …)
            continue
        if "account" in index and statement.account_number is None:
            statement.account_number = _cell(row, index["account"]) or None
        statement.lines.append(StatementLine(
            date=day, amount=_amount(row, index, layout, exp, name, number),
            description=" ".join(_cell(row, index["description"]).split()),
            reference=_cell(row, index["reference"]) if "reference" in index else "",
            balance=_number(_cell(row, index["balance"]), layout, exp, name, number)
            if "balance" in index and _cell(row, index["balance"]) else None))
    if statement.lines and statement.start is None:
        statement.start, statement.end = statement.lines[0].date, statement.lines[-1].date
    return statement


def _currency(preamble: str, layout: Layout, default: str) -> str:
    pattern = layout.get("currency_pattern")
    found = re.search(pattern, preamble) if pattern else None
    if found is None:
        return default
    code = found.group(1).upper()
    return "IDR" if code in ("RP", "RUPIAH") else code


def _read_preamble(statement: Statement, preamble: str, layout: Layout) -> None:
    if layout.get("account_pattern"):
        found = re.search(layout["account_pattern"], preamble)
        if found:
            statement.account_number = found.group(1).replace("-", "")
    if layout.get("period_pattern"):
        found = re.search(layout["period_pattern"], preamble)
        if found:
            fmt = layout["period_format"]
            statement.start = dt.datetime.strptime(found.group(1), fmt).date()
            statement.end = dt.datetime.strptime(found.group(2), fmt).date()


def _column_index(header: list[str], layout: Layout, name: str) -> dict[str, int]:
    """Field -> column position, from the layout's header names or positions."""
    positions = {normalize_name(h): i for i, h in reversed(list(enumerate(header))) if h}
    index: dict[str, int] = {}
    for key in ("date", "description", "reference", "amount", "debit", "credit", "balance",
                "sign_column", "account", "currency"):
        where = layout.get(key)
        if where is None:
            continue
        if isinstance(where, int):
            index[key] = where
        elif normalize_name(where) in positions:
            index[key] = positions[normalize_name(where)]
        elif key in ("date", "description", "amount", "debit", "credit"):
            raise unreadable(name, f"the column {where!r} of the {layout['name']} layout is "
                                   "missing.",
                             f"kolom {where!r} dari tata letak {layout['name']} tidak ada.")
    return index


def _cell(row: list[str], i: int) -> str:
    return row[i] if i < len(row) else ""


def _date(text: str, layout: Layout, statement: Statement, name: str,
          number: int) -> dt.date | None:
    fmt = layout["date_format"]
    text = text.split(" ")[0] if " " not in fmt else text  # BNI adds a time
    has_year = "%y" in fmt.lower()
    try:  # a date without its year is read in a leap year, so 29/02 is a date
        parsed = dt.datetime.strptime(text if has_year else f"{text}|2000",
                                      fmt if has_year else f"{fmt}|%Y")
    except ValueError:
        if re.match(r"^\d", text):
            raise unreadable(name, f"line {number}: {text!r} is not a date in the form {fmt}.",
                             f"baris {number}: {text!r} bukan tanggal berbentuk {fmt}.") from None
        return None
    if has_year:
        return parsed.date()
    return _with_year(parsed.month, parsed.day, statement, name, number)


def _with_year(month: int, day: int, statement: Statement, name: str, number: int) -> dt.date:
    """A day and month placed in the statement's period (BCA's dates carry no year)."""
    if statement.start is None or statement.end is None:
        raise unreadable(name, f"line {number}: the date has no year and the file states no "
                               "period.",
                         f"baris {number}: tanggalnya tanpa tahun dan berkas tidak menyebut "
                         "periode.")
    for year in range(statement.start.year, statement.end.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if statement.start <= candidate <= statement.end:
            return candidate
    raise unreadable(name, f"line {number}: {day:02d}/{month:02d} is outside the period "
                           f"{statement.start} – {statement.end}.",
                     f"baris {number}: {day:02d}/{month:02d} di luar periode "
                     f"{statement.start} – {statement.end}.")


def _number(text: str, layout: Layout, exp: int, name: str, number: int) -> int:
    """``text`` in the bank's notation as minor units; a trailing or leading minus, or
    brackets, make it negative."""
    body = text.replace("'", "").replace(" ", "").replace("\u00a0", "")
    negative = body.startswith("-") or body.endswith("-") or body.startswith("(")
    body = body.strip("-()+")
    if layout.get("group_mark"):
        body = body.replace(layout["group_mark"], "")
    body = body.replace(layout.get("decimal_mark", "."), ".")
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise unreadable(name, f"line {number}: {text!r} is not an amount.",
                         f"baris {number}: {text!r} bukan jumlah uang.") from None
    minor = money.to_minor(value, exp)
    if minor is None:
        raise unreadable(name, f"line {number}: {text!r} has more decimals than the currency.",
                         f"baris {number}: {text!r} punya desimal lebih dari mata uangnya.")
    return -minor if negative else minor


def _split_mark(text: str, layout: Layout) -> tuple[str, str]:
    """("1,500,000.00", "CR") from "1,500,000.00 CR"; the mark is "" when there is none."""
    marks = [*layout.get("debit_marks", ()), *layout.get("credit_marks", ())]
    found = re.match(r"^(.*?)[\s]*\b(" + "|".join(sorted(marks, key=len, reverse=True))
                     + r")\.?$", text.strip(), re.IGNORECASE) if marks else None
    if found and re.search(r"\d", found.group(1)):
        return found.group(1), found.group(2).upper()
    return text, ""


def _amount(row: list[str], index: dict[str, int], layout: Layout, exp: int, name: str,
            number: int) -> int:
    if "amount" in index:
        text, mark = _split_mark(_cell(row, index["amount"]), layout)
        if "sign_column" in index and _cell(row, index["sign_column"]):
            mark = _cell(row, index["sign_column"]).strip().upper().rstrip(".")
        value = _number(text, layout, exp, name, number)
        if mark in layout.get("debit_marks", ()):
            return -abs(value)
        if mark in layout.get("credit_marks", ()):
            return abs(value)
        if mark or "sign_column" in index:
            raise unreadable(name, f"line {number}: {mark or 'no'} debit/credit mark.",
                             f"baris {number}: tanda debit/kredit {mark or 'tidak ada'}.")
        return value
    debit = _cell(row, index["debit"])
    credit = _cell(row, index["credit"])
    out = abs(_number(debit, layout, exp, name, number)) if debit else 0
    into = abs(_number(credit, layout, exp, name, number)) if credit else 0
    return into - out


def _trailer_amount(row: list[str], layout: Layout, exp: int, name: str, number: int) -> int:
    """The amount on a ``Saldo Awal,=,"10,000,000.00"`` row: its last number."""
    cells = [c for c in row[1:] if re.search(r"\d", c)]
    if not cells:
        raise unreadable(name, f"line {number}: no amount.", f"baris {number}: tanpa jumlah.")
    return _number(_split_mark(cells[0], layout)[0], layout, exp, name, number)
