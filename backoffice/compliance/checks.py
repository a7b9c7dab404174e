"""Check's rules for the Filings / Pelaporan sheet: known obligations and periods, and
every obligation late or unpaid.

The late warnings start at the first period the sheet records: a book with years
of history that starts keeping the sheet today is not told about every month since
it opened. They are measured against today (Check has no other date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from backoffice import money
from backoffice.catalogue import Localized
from backoffice.compliance import calendar
from backoffice.compliance.amounts import from_book
from backoffice.compliance.calendar import Filing
from backoffice.compliance.rules import PERIOD_FORMATS, codes, load_rules, period_first_day, period_ok
from backoffice.issues import Issue, make_issue
from backoffice.ruleset import register
from backoffice.schema import BookData


def read_filings(book: BookData) -> dict[tuple[str, str], Filing]:
    """(obligation, period) -> its Filings row (the last, if several), valid rows only."""
    sheet = book.get("filings")
    if sheet is None or sheet.frame is None:
        return {}
    frequency = {rule.code: rule.frequency for rule in load_rules()}
    # Amount cells are read in minor units of the base currency (sen for IDR).
    scale = Decimal(10) ** money.exponent_or_two(book.settings.get("base_currency") or "IDR")
    found: dict[tuple[str, str], Filing] = {}
    for row in sheet.frame.iter_rows(named=True):
        code, period = row.get("obligation"), row.get("period")
        if code not in frequency or not period_ok(str(period or ""), frequency[code]):
            continue
        amount = row.get("amount")
        found[(code, str(period))] = Filing(code, str(period), row.get("date"),
                                            str(row.get("reference") or ""),
                                            None if amount is None else Decimal(amount) / scale,
                                            row.get("_row"))
    return found


@register("filings")  # unknown obligations and periods, late or unpaid ones
def check_filings(book: BookData, today: dt.date | None = None) -> Iterator[Issue]:
    """Issues of the Filings sheet (see the module docstring)."""
    sheet = book.get("filings")
    if sheet is None or sheet.frame is None or sheet.frame.height == 0:
        return
    frequency = {rule.code: rule.frequency for rule in load_rules()}
    labels = {rule.code: Localized(rule.en, rule.id) for rule in load_rules()}
    for row in sheet.frame.iter_rows(named=True):
        code, period = row.get("obligation"), str(row.get("period") or "")
        if code is None:
            continue
        if code not in frequency:
            yield make_issue("filing-unknown-obligation", sheet.sheet, row=row["_row"],
                             column=sheet.letters.get("obligation"), field="obligation",
                             value=code, header=sheet.header("obligation"),
                             known=", ".join(codes()))
        elif period and not period_ok(period, frequency[code]):
            expected = PERIOD_FORMATS.get(frequency[code], "YYYY")
            yield make_issue("filing-bad-period", sheet.sheet, row=row["_row"],
                             column=sheet.letters.get("period"), field="period", value=period,
                             header=sheet.header("period"), obligation=labels[code],
                             expected=expected)
    filings = read_filings(book)
    if not filings:
        return
    today = today or dt.date.today()
    first = min(period_first_day(period) for _code, period in filings)
    amounts = from_book(book, range(first.year, today.year + 1))
    for entry in calendar.entries(amounts, filings, first, today, today):
        if period_first_day(entry.period) < first:
            continue
        short = _short(entry)
        if short:
            yield make_issue("compliance-underpaid", sheet.sheet, row=entry.filing.row,
                             column=sheet.letters.get("amount"), field="amount",
                             value=entry.filing.amount, period=entry.period,
                             obligation=Localized(entry.rule.en, entry.rule.id),
                             paid=entry.filing.amount, owed=entry.amount, short=short)
        if entry.status not in calendar.LATE:
            continue
        params = {"obligation": Localized(entry.rule.en, entry.rule.id), "period": entry.period,
                  "due": entry.due.isoformat(), "days": entry.days_late(today),
                  "penalty": Localized(entry.rule.penalty_en, entry.rule.penalty_id),
                  "source": entry.rule.penalty_source}
        if entry.status == "late":
            yield make_issue("compliance-late", sheet.sheet, filings=sheet.sheet, **params)
        else:
            assert entry.filing is not None and entry.filing.date is not None
            yield make_issue("compliance-done-late", sheet.sheet, row=entry.filing.row,
                             column=sheet.letters.get("date"), field="date",
                             value=entry.filing.date.isoformat(),
                             date=entry.filing.date.isoformat(), **params)


def _short(entry: calendar.Entry) -> Decimal | None:
    """How much less a recorded payment is than the books' amount (None: not short, or
    nothing to compare: a return, no amount typed, none in the books)."""
    filing = entry.filing
    if (filing is None or filing.amount is None or entry.amount is None
            or not (entry.rule.code.endswith("-pay") or entry.rule.code.startswith("bpjs"))):
        return None
    return entry.amount - filing.amount if filing.amount < entry.amount else None


@register("employees")  # THR needs each employee's holiday
def check_religion(book: BookData) -> Iterator[Issue]:
    """A warning at every Employees row without a religion (its THR has no holiday)."""
    from backoffice.compliance.thr import missing_religion

    sheet = book.get("employees")
    if sheet is None or sheet.frame is None:
        return
    for row in missing_religion(book):
        yield make_issue("employee-no-religion", sheet.sheet, row=row.row,
                         column=sheet.letters.get("religion"), field="religion", value=None,
                         header=sheet.header("religion"),
                         employee=f"{row.employee} {row.name}".strip())
