"""Run payroll on a book: check it, compute the months, write the outputs, store, post.

``run_payroll`` is what ``backoffice payroll BOOK --period 2026-03`` calls. It
refuses a book with errors (the report says why). A run is a draft: it writes
the *Payroll register* (the year up to the month asked for) and a payslip
sheet per month asked for, and running it again replaces them. With
``finalize`` the months asked for are stored in the book; from then on they
are read from the store, never recomputed, and finalizing one again is
refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from backoffice.bookkind import require_kind
from backoffice.books import BookWriter, open_book, open_writer
from backoffice.books.sheetxml import Column, OutputTable
from backoffice.catalogue import Localized
from backoffice.checking import check_and_read
from backoffice.compliance.run import payroll_sheet as compliance_sheet
from backoffice.errors import UnusableInput, UsageError
from backoffice.hr.outputs import tables as people_tables
from backoffice.issues import Report
from backoffice.ledger.reports import to_output
from backoffice.months import parse_month
from backoffice.payroll import journal, outputs, severance_out
from backoffice.payroll.checks import pack_of
from backoffice.payroll.engine import run_year
from backoffice.payroll.inputs import PayrollData, read_payroll
from backoffice.payroll.leavers import severance_of
from backoffice.payroll.model import MonthResult
from backoffice.payroll.rules import RulesNotCovered
from backoffice.payroll.severance import Severance
from backoffice.schema import BookData
from backoffice.schemas.payroll_runs import RUNS_SHEET


class NoEmployees(UnusableInput):
    code = "payroll-no-employees"


class MonthFinalized(UsageError):
    code = "payroll-month-finalized"


class FinalizeOutOfOrder(UsageError):
    code = "payroll-finalize-out-of-order"


@dataclass
class PayrollRun:
    """What a run did.

    Attributes:
        report: the book's check report (a run with errors computes nothing).
        results: the register rows of the months asked for.
        year_results: every register row of the year up to the last month asked for.
        periods: the months asked for.
        sheets: the output sheets written.
        finalized: the months stored by this run.
        posted: ledger rows written per month, with ``post_to``.
        severance: the leavers whose last day is in a month asked for.
        unchanged: the months whose block the ledger already held as it is (0 rows written).
    """

    report: Report
    results: list[MonthResult] = field(default_factory=list)
    year_results: list[MonthResult] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    finalized: list[str] = field(default_factory=list)
    posted: dict[str, int] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    data: PayrollData | None = None
    lang: str = "en"
    settings: dict[str, object] = field(default_factory=dict)
    #: the people's output sheets (backoffice.hr.outputs), written beside the register
    people: list = field(default_factory=list)
    book: BookData | None = None  # the book as read, for the Compliance sheet
    severance: list[Severance] = field(default_factory=list)


def parse_request(period: str | None, year: str | int | None) -> tuple[int, int | None]:
    """(year, month) from ``--period YYYY-MM`` or (year, None) from ``--year YYYY``."""
    if (period is None) == (year is None):
        raise UsageError(detail=Localized("Give either --period YYYY-MM or --year YYYY.",
                                          "Berikan --period YYYY-MM atau --year YYYY."))
    if period is not None:
        return parse_month(period.strip())
    if not re.fullmatch(r"\d{4}", str(year).strip()):
        raise UsageError(detail=Localized(f"{year!r} is not a year like 2026.",
                                          f"{year!r} bukan tahun seperti 2026."))
    return int(str(year).strip()), None


def compute(path: str, period: str | None = None, year: str | int | None = None,
            lang: str | None = None) -> PayrollRun:
    """Check the book and compute the months asked for, writing nothing. With neither
    ``period`` nor ``year``: the year of the latest finalized month, else this year."""
    latest = period is None and year is None
    wanted_year, month = (dt.date.today().year, None) if latest else parse_request(period, year)
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    run = PayrollRun(report)
    if not report.valid:
        return run
    from backoffice.ledger.posting import _book_language

    run.lang = _book_language(read.found, read.data.lang)
    pack = pack_of(read.data)
    data = read_payroll(read.data)
    run.data = data
    if latest and data.stored:
        wanted_year = max(int(p[:4]) for p in data.stored)
    if month is not None:
        run.periods = [f"{wanted_year}-{month:02d}"]
    else:
        run.periods = data.periods_with_data(wanted_year)
    if not run.periods:
        raise NoEmployees(path=path, period=str(wanted_year))
    first = dt.date(wanted_year, int(run.periods[0][5:]), 1)
    if not pack.covers(first):
        raise RulesNotCovered(pack=pack.name, family="all", period=run.periods[0],
                              start=pack.coverage_start.isoformat())
    last_month = int(run.periods[-1][5:])
    run.year_results = run_year(data, pack, wanted_year, last_month)
    run.results = [r for r in run.year_results if r.period in run.periods]
    if not run.results:
        raise NoEmployees(path=path, period=", ".join(run.periods))
    run.settings = dict(read.data.settings)
    run.people = people_tables(read.data, run.periods, run.lang)
    run.book = read.data
    run.severance = [s for s in severance_of(read.data)
                     if s.leaver.last_day.strftime("%Y-%m") in run.periods]
    return run


def run_payroll(path: str, period: str | None = None, year: str | int | None = None,
                finalize: bool = False, post_to: str | None = None,
                lang: str | None = None) -> PayrollRun:
    """Compute, then write the register and payslips (and store, and post) into the book."""
    parse_request(period, year)  # a run names its month or year; only reports default one
    require_kind(path, "payroll", "payroll")
    if post_to:
        require_kind(post_to, "ledger", "payroll --post-to")
    run = compute(path, period, year, lang)
    if not run.report.valid:
        return run
    assert run.data is not None
    if finalize:
        already = [p for p in run.periods if p in run.data.stored]
        if already and period is not None:
            raise MonthFinalized(period=", ".join(already))
        run.finalized = [p for p in run.periods if p not in run.data.stored]
        year = run.periods[0][:4]
        drafts = [p for p in run.data.periods_with_data(int(year))
                  if p < run.periods[0] and p not in run.data.stored]
        if drafts:
            raise FinalizeOutOfOrder(period=run.periods[0], earlier=", ".join(drafts))
        for result in run.year_results:
            if result.period in run.finalized:
                result.status = "final"
    company = str(run.settings.get("company") or "")
    with open_writer(path) as writer:
        name = outputs.REGISTER_SHEET[run.lang]
        writer.write_output_sheet(name, to_output(outputs.register_table(run.year_results,
                                                                         run.lang), run.lang),
                                  "payroll-register")
        run.sheets.append(name)
        lines = [line for month in run.periods
                 for line in journal.journal_lines(run.results, month, run.settings, run.lang,
                                                   run.data.departments, run.severance)]
        sources = {f"PAY-{month}": journal.source(month) for month in run.periods}
        name = outputs.JOURNAL_SHEET[run.lang]
        writer.write_output_sheet(name, to_output(outputs.journal_table(lines, sources),
                                                  run.lang), "payroll-journal")
        run.sheets.append(name)
        for month in run.periods:
            rows = outputs.payslip_rows([r for r in run.results if r.period == month], company,
                                        run.lang)
            sheet = outputs.PAYSLIP_SHEET[run.lang].format(period=month)
            columns = [Column("", "text", 34), Column("", "text", 44),
                       Column({"en": "Amount (IDR)", "id": "Jumlah (IDR)"}[run.lang],
                              "amount", 18)]
            writer.write_output_sheet(sheet, OutputTable(columns, rows, len(rows)), "payslips")
            run.sheets.append(sheet)
        for name, table in run.people:
            writer.write_output_sheet(name, to_output(table, run.lang), table.name)
            run.sheets.append(name)
        if run.book is not None:
            run.sheets += compliance_sheet(writer, run.book, run.year_results, run.lang)
        if run.severance:
            name = severance_out.SEVERANCE_SHEET[run.lang]
            writer.write_output_sheet(name, severance_out.severance_table(run.severance,
                                                                          run.lang), "severance")
            run.sheets.append(name)
            rows = severance_out.statement_rows(run.severance, company, run.lang)
            name = severance_out.STATEMENT_SHEET[run.lang]
            columns = [Column("", "text", 34), Column("", "text", 44),
                       Column({"en": "Amount (IDR)", "id": "Jumlah (IDR)"}[run.lang],
                              "amount", 18)]
            writer.write_output_sheet(name, OutputTable(columns, rows, len(rows)),
                                      "termination-statements")
            run.sheets.append(name)
        if run.finalized:
            _store(writer, run)
        writer.save()
    if post_to:
        run.posted = post_months(run, post_to, run.unchanged)
    return run


def _store(writer: BookWriter, run: PayrollRun) -> None:
    """Rewrite the store: the months finalized before, then those of this run."""
    assert run.data is not None
    rows = [(p, e, r.to_json()) for p, by_employee in sorted(run.data.stored.items())
            for e, r in sorted(by_employee.items())]
    rows += [(r.period, r.employee, r.to_json()) for r in run.year_results
             if r.period in run.finalized]
    columns = [Column("Period"), Column("Employee"), Column("Data", width=80)]
    writer.write_output_sheet(RUNS_SHEET, OutputTable(columns, rows, len(rows)), "payroll_runs",
                              hidden=True)


def post_months(run: PayrollRun, ledger_book: str, unchanged: list[str] | None = None
                ) -> dict[str, int]:
    """Replace each month's ``payroll:YYYY-MM`` block in ``ledger_book`` with its journal;
    ``unchanged`` collects the months whose block the ledger already held as it is."""
    from backoffice.ledger.generated import post_block

    posted: dict[str, int] = {}
    for month in run.periods:
        lines = journal.journal_lines(run.results, month, run.settings, run.lang,
                                      run.data.departments if run.data else None,
                                      run.severance)
        done = post_block(ledger_book, journal.source(month), lines)
        posted[month] = done.written
        if unchanged is not None and not done.changed:
            unchanged.append(month)
    return posted

