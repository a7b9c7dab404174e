"""The dashboard's figures: a fiscal year month by month, in the base currency.

Per month: income and expenses with their natural signs (income positive when
earned, expenses positive when spent; the year-end closing lines are left out,
as on the income statement), the net result, and the cash position, which is
the balance of the cash and bank accounts (Accounts' *Cash flow* = Cash, and
their sub-accounts) at the end of the month.

Amounts are integer minor units of the base currency. Postings in another
currency count at their base amounts (:mod:`backoffice.ledger.base`), so a
foreign-currency bank account shows at the rates of its postings, as on the
balance sheet; postings without any rate are left out and counted.

The second half of this module is the ``Dashboard`` / ``Dasbor`` sheet Post writes:

A small table (one row per month of the fiscal year: income, expenses, net
result, cash position, then a total row and notes) and two charts over it:
monthly income against expenses (columns) and the cash position (a line). The
charts reference the table's cells and carry their values, so they show at once
in Excel, LibreOffice and viewers that do not recalculate. The figures come from
:func:`compute` above; the same table serves ``backoffice report BOOK
dashboard`` as CSV or JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.books import BookWriter
from backoffice.books.charts import Chart, Series, cell_range
from backoffice.books.sheetxml import OutputTable
from backoffice.ledger import reports
from backoffice.ledger.base import base_amounts, with_rounding
from backoffice.ledger.cashflow import cash_accounts
from backoffice.ledger.postings import chart_of, postings_of
from backoffice.money import from_minor
from backoffice.months import fiscal_year_start
from backoffice.schema import BookData


@dataclass(frozen=True)
class Month:
    """One month's figures (minor units); None for a month after the figures' end.

    Attributes:
        start: the first day of the month.
        income: income earned in the month (natural sign).
        expenses: expenses of the month (natural sign).
        cash: the cash and bank balance at the end of the month; None also when the
            book has no cash accounts.
    """

    start: dt.date
    income: int | None
    expenses: int | None
    cash: int | None

    @property
    def net(self) -> int | None:
        """Income less expenses."""
        if self.income is None or self.expenses is None:
            return None
        return self.income - self.expenses


@dataclass(frozen=True)
class Dashboard:
    """A fiscal year's monthly figures and what a reader must be told about them.

    Attributes:
        base: the base currency; ``exp`` its ISO 4217 exponent.
        year_start: the first day of the fiscal year.
        through: the last day the figures cover.
        months: the twelve months of the fiscal year.
        cash_accounts: the codes of the cash and bank accounts (empty: no cash figures).
        excluded: postings left out for want of an exchange rate.
    """

    base: str
    exp: int
    year_start: dt.date
    through: dt.date
    months: tuple[Month, ...]
    cash_accounts: tuple[str, ...]
    excluded: int


def month_starts(year_start: dt.date) -> list[dt.date]:
    """The first days of the twelve months from ``year_start``."""
    index = year_start.year * 12 + year_start.month - 1
    return [dt.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(12)]


def compute(book: BookData, through: dt.date | None = None) -> Dashboard:
    """The dashboard of the checked ``book`` for the fiscal year containing ``through``
    (default: the date of the latest posting), with figures up to ``through``."""
    postings = postings_of(book)
    chart = chart_of(book)
    base = book.settings.get("base_currency") or "IDR"
    exp = money.exponent(base) if money.is_currency(base) else 2
    first_month = int(book.settings.get("fiscal_year_start") or 1)
    last = postings["date"].max() if postings.height else None
    through = through or (last if isinstance(last, dt.date) else dt.date.today())
    year_start = fiscal_year_start(through, first_month)
    converted = with_rounding(base_amounts(postings, book), book)
    excluded = converted["base"].null_count()
    types = dict(chart.accounts.select("code", "type").iter_rows())
    frame = converted.filter(pl.col("base").is_not_null() & (pl.col("date") <= through)
                             ).with_columns(
        pl.col("account").replace_strict(types, default=None).alias("type"),
        pl.col("date").dt.truncate("1mo").alias("month"))
    result = frame.filter(~pl.col("closing") & (pl.col("date") >= year_start))
    income = _by_month(result.filter(pl.col("type") == "income"))
    expenses = _by_month(result.filter(pl.col("type") == "expense"))
    cash_codes = cash_accounts(chart)
    cash = frame.filter(pl.col("account").is_in(list(cash_codes)))
    opening = int(cash.filter(pl.col("date") < year_start)["base"].sum())
    cash_changes = _by_month(cash.filter(pl.col("date") >= year_start))
    months = []
    balance = opening
    for start in month_starts(year_start):
        if start > through:
            months.append(Month(start, None, None, None))
            continue
        balance += cash_changes.get(start, 0)
        months.append(Month(start, -income.get(start, 0), expenses.get(start, 0),
                            balance if cash_codes else None))
    return Dashboard(base, exp, year_start, through, tuple(months), cash_codes, excluded)


def _by_month(frame: pl.DataFrame) -> dict[dt.date, int]:
    """Debit-positive base sums per month start."""
    return {month: int(total) for month, total in
            frame.group_by("month").agg(pl.col("base").sum()).iter_rows()}


# The sheet Post writes.

KIND = "dashboard"
SHEET_NAMES = {"en": "Dashboard", "id": "Dasbor"}

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
}

COLUMNS = [
    reports.Field("month", "Month", "Bulan", width=12),
    reports.Field("income", "Income", "Pendapatan", "amount", 18),
    reports.Field("expenses", "Expenses", "Beban", "amount", 18),
    reports.Field("net", "Net result", "Laba (rugi) bersih", "amount", 18),
    reports.Field("cash", "Cash position", "Posisi kas", "amount", 18),
]

TEXT = {
    "en": {"total": "Total", "income-title": "Income and expenses", "cash-title": "Cash position",
           "year": "fiscal year", "million": "million", "thousand": "thousand",
           "amounts": "Amounts in {base} (base currency), fiscal year {start} to {end}; "
                      "figures up to {through}.",
           "cash": "Cash position: the balance of the cash and bank accounts at month end "
                   "({accounts}).",
           "no-cash": "No cash or bank accounts: set Cash flow to Cash for them on the "
                      "Accounts sheet.",
           "excluded": "{count} postings in other currencies are not included (they have no "
                       "exchange rate)."},
    "id": {"total": "Jumlah", "income-title": "Pendapatan dan beban", "cash-title": "Posisi kas",
           "year": "tahun buku", "million": "juta", "thousand": "ribu",
           "amounts": "Jumlah dalam {base} (mata uang dasar), tahun buku {start} s.d. {end}; "
                      "angka sampai {through}.",
           "cash": "Posisi kas: saldo akun kas dan bank pada akhir bulan ({accounts}).",
           "no-cash": "Tidak ada akun kas atau bank: isi Arus kas dengan Kas untuk akun "
                      "tersebut di sheet Akun.",
           "excluded": "{count} posting dalam mata uang lain tidak termasuk (tidak ada kurs)."},
}

#: Bar and line colours: income blue, expenses orange, cash green.
COLORS = {"income": "2E75B6", "expenses": "ED7D31", "cash": "548235"}

FIRST_ROW = 2  # the table's first month row (row 1 holds the headers)


def month_label(day: dt.date, lang: str) -> str:
    """``Jan 2025`` / ``Agu 2025``: the month's short name in ``lang`` and the year."""
    return f"{MONTHS[lang][day.month - 1]} {day.year}"


def report_table(book: BookData, options: reports.Options) -> reports.Table:
    """The dashboard's figures for scripts: one row per month, ISO months (2025-01)."""
    figures = compute(book, options.as_of or options.end)
    rows = [(m.start.strftime("%Y-%m"), *_amounts(figures, m)) for m in figures.months]
    return reports.Table(KIND, COLUMNS, rows, figures.through.isoformat())


def sheet(book: BookData, options: reports.Options, lang: str) -> tuple[OutputTable, list[Chart]]:
    """The Dashboard sheet of the checked ``book`` in ``lang``: its table and its charts."""
    figures = compute(book, options.as_of or options.end)
    text = TEXT[lang]
    name = SHEET_NAMES[lang]
    rows: list[tuple[object, ...]] = [(month_label(m.start, lang), *_amounts(figures, m))
                                      for m in figures.months]
    known = [m for m in figures.months if m.income is not None]
    last_cash = known[-1].cash if known and figures.cash_accounts else None
    rows.append((text["total"], _money(sum(m.income or 0 for m in known), figures),
                 _money(sum(m.expenses or 0 for m in known), figures),
                 _money(sum(m.net or 0 for m in known), figures), _money(last_cash, figures)))
    rows.append((None,) * len(COLUMNS))
    for note in _notes(figures, lang):
        rows.append((note,) + (None,) * (len(COLUMNS) - 1))
    from backoffice.bank.status import dashboard_notes  # reconciliation per bank (issue 24)

    for note in dashboard_notes(book, lang):
        rows.append((note,) + (None,) * (len(COLUMNS) - 1))
    table = reports.Table(KIND, COLUMNS, rows)
    output = reports.to_output(table, lang)
    output.tab_color = "FF548235"
    labels = [month_label(m.start, lang) for m in figures.months]
    return output, _charts(figures, name, labels, lang)


def write(writer: BookWriter, book: BookData, options: reports.Options,
          lang: str) -> str | None:
    """Write (or rewrite in place) the Dashboard sheet and its charts; its name.

    A sheet of that name that backoffice did not write (the owner's own dashboard)
    is left alone and nothing is written: None. Unlike the statements, whose names
    are backoffice's, "Dashboard" is a name people already use, and their sheet
    must not stop Post.
    """
    name = SHEET_NAMES[lang]
    taken = any(s.casefold() == name.casefold() for s in writer.sheet_names())
    if taken and not writer.is_output(name):
        return None
    output, charts = sheet(book, options, lang)
    writer.write_output_sheet(name, output, KIND, charts=charts)
    return name


def _amounts(figures: Dashboard, month) -> tuple[Decimal | None, ...]:  # type: ignore[no-untyped-def]
    return (_money(month.income, figures), _money(month.expenses, figures),
            _money(month.net, figures), _money(month.cash, figures))


def _money(minor: int | None, figures: Dashboard) -> Decimal | None:
    return None if minor is None else from_minor(minor, figures.exp)


def _notes(figures: Dashboard, lang: str) -> list[str]:
    text = TEXT[lang]
    end = figures.months[-1].start
    notes = [text["amounts"].format(base=figures.base, start=month_label(figures.year_start, lang),
                                    end=month_label(end, lang),
                                    through=figures.through.isoformat())]
    if figures.cash_accounts:
        notes.append(text["cash"].format(accounts=", ".join(figures.cash_accounts)))
    else:
        notes.append(text["no-cash"])
    if figures.excluded:
        notes.append(text["excluded"].format(count=figures.excluded))
    return notes


def _scale(figures: Dashboard, lang: str) -> tuple[str, str]:
    """The value axis's number format and the unit for the titles (IDR million)."""
    largest = max((abs(v) for m in figures.months
                   for v in (m.income, m.expenses, m.cash) if v is not None), default=0)
    largest //= 10 ** figures.exp
    if largest >= 10_000_000:
        fmt, unit = "#,##0,,", TEXT[lang]["million"]
    elif largest >= 100_000:
        fmt, unit = "#,##0,", TEXT[lang]["thousand"]
    else:
        return "#,##0", figures.base
    return fmt, (f"{figures.base} {unit}" if lang == "en" else f"{unit} {figures.base}")


def _charts(figures: Dashboard, name: str, labels: list[str], lang: str) -> list[Chart]:
    text = TEXT[lang]
    last = FIRST_ROW + len(labels) - 1
    categories = cell_range(name, 0, FIRST_ROW, last)
    fmt, unit = _scale(figures, lang)
    year = _year_label(figures)

    def series(column: int, key: str, values: list[Decimal | None]) -> Series:
        header = COLUMNS[column].id if lang == "id" else COLUMNS[column].en
        return Series(header, cell_range(name, column, 1), cell_range(name, column, FIRST_ROW, last),
                      values, COLORS[key])

    money = [_amounts(figures, m) for m in figures.months]
    income = Chart("column", f"{text['income-title']} {year} ({unit})", categories, labels,
                   [series(1, "income", [a[0] for a in money]),
                    series(2, "expenses", [a[1] for a in money])],
                   anchor=(6, 1, 15, 17), number_format=fmt)
    cash = Chart("line", f"{text['cash-title']} {year} ({unit})", categories, labels,
                 [series(4, "cash", [a[3] for a in money])], anchor=(6, 18, 15, 34),
                 number_format=fmt, subtitle="" if figures.cash_accounts else text["no-cash"])
    return [income, cash]


def _year_label(figures: Dashboard) -> str:
    """FY2025, or FY2025/26 when the fiscal year does not start in January."""
    start = figures.year_start
    if start.month == 1:
        return f"FY{start.year}"
    return f"FY{start.year}/{(start.year + 1) % 100:02d}"
