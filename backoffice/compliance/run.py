"""The calendar of one or more books (``backoffice calendar``), and the Compliance sheet
Post and the payroll write.

Several books of one company (the ledger and the payroll) make one calendar: their
amounts and their Filings rows are put together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from backoffice.books.writer import WorkbookWriter
from backoffice.compliance import calendar
from backoffice.compliance.amounts import Amounts, add_payroll, add_people, add_settings, from_book
from backoffice.compliance.checks import read_filings
from backoffice.compliance.permits import permit_entries
from backoffice.compliance.rules import period_last_month
from backoffice.compliance.sheet import SHEET_NAMES, calendar_table
from backoffice.compliance.thr import nobody_has_religion
from backoffice.ledger.reports import Table, to_output
from backoffice.schema import BookData

if TYPE_CHECKING:
    from backoffice.payroll.model import MonthResult


@dataclass
class CalendarResult:
    """The entries of a stretch of days, and the table that shows them in ``lang``."""

    entries: list[calendar.Entry]
    table: Table
    lang: str
    #: What the calendar could not date, as lines in ``lang`` (a book nobody has a religion in).
    notes: list[str] = field(default_factory=list)


def month_calendar(paths: Sequence[str], month: str, as_of: dt.date | None = None,
                   lang: str | None = None) -> CalendarResult:
    """Every obligation of the books at ``paths`` due in ``month`` ("YYYY-MM").

    Each book is checked first and refused when it has errors (exit 2).
    """
    from backoffice.checking import read_clean
    from backoffice.ledger.posting import _book_language

    start, end = calendar.month_bounds(month)
    as_of = as_of or dt.date.today()
    amounts, filings, language = Amounts(), {}, None
    permits: list[calendar.Entry] = []
    undated: list[str] = []
    for path in paths:
        read = read_clean(path, lang)
        if nobody_has_religion(read.data):
            undated.append(path)
        language = language or _book_language(read.found, read.data.lang)
        amounts.merge(from_book(read.data, range(start.year - 1, end.year + 1)))
        filings.update(read_filings(read.data))
        permits += permit_entries(read.data, start, end, as_of)
    language = lang or language or "en"
    entries = _by_date(calendar.entries(amounts, filings, start, end, as_of) + permits)
    notes = [(f"{path}: tidak ada karyawan yang agamanya diisi (Agama di Karyawan), sehingga "
              "THR tidak dapat diberi tanggal hari raya (Permenaker 6/2016)." if language == "id"
              else f"{path}: no employee has a religion (Religion on Employees), so no THR can "
              "be given its holiday's date (Permenaker 6/2016).") for path in undated]
    return CalendarResult(entries, calendar_table(entries, language, as_of, month), language,
                          notes)


def book_entries(book: BookData, as_of: dt.date | None = None,
                 amounts: Amounts | None = None) -> list[calendar.Entry]:
    """Every obligation of the periods ``book`` has data for (or ``amounts`` has, when
    given), from its first year to the last deadline of its last period."""
    as_of = as_of or dt.date.today()
    if amounts is None:
        years = _years(book)
        if not years:
            return []
        amounts = from_book(book, years)
    periods = [p for kind in amounts.periods.values() for p in kind]
    permits = book.get("permits")
    expiries = ([] if permits is None or "expires" not in permits.frame.columns else
                permits.frame.get_column("expires").drop_nulls().to_list())
    if not periods and not expiries:
        return []
    if periods:
        first = min(periods)
        last = max(periods, key=lambda p: (p[:4], period_last_month(p)))
        year, month = int(last[:4]), period_last_month(last)
        index = year * 12 + month - 1 + 6  # the last deadline: up to five months after
        start = dt.date(int(first[:4]), 1, 1)
        end = dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)
    else:
        start, end = min(expiries), max(expiries)
    start, end = min([start, *expiries]), max([end, *expiries])
    return _by_date(calendar.entries(amounts, read_filings(book), start, end, as_of)
                    + permit_entries(book, start, end, as_of))


def write_sheet(writer: WorkbookWriter, book: BookData, lang: str,
                as_of: dt.date | None = None, amounts: Amounts | None = None) -> list[str]:
    """Write the Compliance / Kepatuhan sheet of ``book``: its name, or none when the book
    has no obligations."""
    as_of = as_of or dt.date.today()
    entries = book_entries(book, as_of, amounts)
    if not entries:
        return []
    name = SHEET_NAMES[lang]
    writer.write_output_sheet(name, to_output(calendar_table(entries, lang, as_of), lang),
                              "compliance")
    return [name]


def post_sheet(writer: WorkbookWriter, book: BookData, lang: str) -> list[str]:
    """What Post writes: the Compliance sheet of a book with invoices, bills or payments, or
    with a Filings sheet (a plain ledger gets none: its only obligation is the annual
    return)."""
    from backoffice.arap.reports import has_documents

    if not has_documents(book) and book.get("filings") is None and book.get("permits") is None:
        return []
    return write_sheet(writer, book, lang)


def payroll_sheet(writer: WorkbookWriter, book: BookData, results: Sequence[MonthResult],
                  lang: str) -> list[str]:
    """What the payroll writes: the Compliance sheet of the months it computed (``results``,
    the register rows), without computing them again."""
    amounts = Amounts()
    add_payroll(results, amounts)
    add_people(book, amounts)
    add_settings(book, amounts)
    return write_sheet(writer, book, lang, amounts=amounts)


def _by_date(entries: list[calendar.Entry]) -> list[calendar.Entry]:
    """Deadlines in date order; on one day the statutory ones first (the sort is stable)."""
    return sorted(entries, key=lambda e: e.due)


def _years(book: BookData) -> list[int]:
    from backoffice.compliance.amounts import _book_years

    years = set(_book_years(book))
    employees = book.get("employees")
    if employees is not None and employees.frame is not None:
        for column in ("from", "joined"):
            if column in employees.frame.columns:
                years |= {d.year for d in employees.frame.get_column(column).drop_nulls().to_list()}
        if years:
            years |= set(range(min(years), dt.date.today().year + 1))
    return sorted(years)
