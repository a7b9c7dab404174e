"""The ``Dashboard`` / ``Dasbor`` sheet Post writes: a year at a glance, with native charts.

A small table (one row per month of the fiscal year: income, expenses, net
result, cash position, then a total row and notes) and two charts over it:
monthly income against expenses (columns) and the cash position (a line). The
charts reference the table's cells and carry their values, so they show at once
in Excel, LibreOffice and viewers that do not recalculate. The figures come from
:mod:`backoffice.ledger.dashboard`; the same table serves ``backoffice report BOOK
dashboard`` as CSV or JSON.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from backoffice import reports
from backoffice.books.charts import Chart, Series, cell_range
from backoffice.books.sheetxml import OutputTable
from backoffice.books.writer import WorkbookWriter
from backoffice.ledger.dashboard import Dashboard, compute
from backoffice.money import from_minor
from backoffice.schema import BookData

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


def write(writer: WorkbookWriter, book: BookData, options: reports.Options,
          lang: str) -> str | None:
    """Write (or rewrite in place) the Dashboard sheet and its charts; its name.

    A sheet of that name that backoffice did not write (the owner's own dashboard)
    is left alone and nothing is written: None. Unlike the statements, whose names
    are backoffice's, "Dashboard" is a name people already use, and their sheet
    must not stop Post.
    """
    name = SHEET_NAMES[lang]
    taken = any(s.name.casefold() == name.casefold() for s in writer.package.sheets)
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
