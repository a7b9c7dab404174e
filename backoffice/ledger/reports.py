"""Ledger reports as tables: for the output sheets Post writes, and for ``backoffice report``.

A report is built from a checked book's postings into a :class:`Table` whose
amounts are Decimal major units. The same table becomes an output sheet (in
the book's language), or CSV/JSON for scripts (English column names, "." as the
decimal mark, no digit grouping, whatever the book's locale).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from backoffice.books.sheetxml import Column, OutputTable
from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused, UsageError
from backoffice.formula_text import csv_text, where
from backoffice.ledger import balances, cashflow, statements
from backoffice.ledger.base import base_amounts, with_rounding
from backoffice.ledger.postings import chart_of, postings_of
from backoffice.ledger.statements import Statement
from backoffice.money import exponent, from_minor
from backoffice.months import fiscal_year_start, month_end
from backoffice.schema import BookData

REPORTS = ("trial-balance", "general-ledger", "income-statement", "balance-sheet", "cash-flow")

SHEET_NAMES = {
    "trial-balance": {"en": "Trial Balance", "id": "Neraca Saldo"},
    "general-ledger": {"en": "General Ledger", "id": "Buku Besar"},
    "income-statement": {"en": "Income Statement", "id": "Laba Rugi"},
    "balance-sheet": {"en": "Balance Sheet", "id": "Neraca"},
    "cash-flow": {"en": "Cash Flow", "id": "Arus Kas"},
}

LABELS = {
    "en": {"income": "Income", "expense": "Expenses", "total-income": "Total income",
           "total-expense": "Total expenses", "net-income": "Net income", "asset": "Assets",
           "liability": "Liabilities", "equity": "Equity", "total-asset": "Total assets",
           "total-liability": "Total liabilities", "total-equity": "Total equity",
           "liabilities-and-equity": "Total liabilities and equity",
           "retained-earnings": "Retained earnings (results of earlier years)",
           "current-earnings": "Current-year earnings", "opening": "Opening balance",
           "total": "Total", "cash-opening": "Cash and bank at the start ({date})",
           "cash-closing": "Cash and bank at the end ({date})",
           "operating": "Operating activities", "investing": "Investing activities",
           "financing": "Financing activities", "total-operating": "Net cash from operating",
           "total-investing": "Net cash from investing",
           "total-financing": "Net cash from financing",
           "exchange-effect": "Effect of exchange rates on cash",
           "net-change": "Net change in cash and bank",
           "no-cash-accounts": "No account is marked Cash in the Accounts sheet's Cash flow "
                               "column, so there is no cash to report."},
    "id": {"income": "Pendapatan", "expense": "Beban", "total-income": "Jumlah pendapatan",
           "total-expense": "Jumlah beban", "net-income": "Laba (rugi) bersih", "asset": "Aset",
           "liability": "Liabilitas", "equity": "Ekuitas", "total-asset": "Jumlah aset",
           "total-liability": "Jumlah liabilitas", "total-equity": "Jumlah ekuitas",
           "liabilities-and-equity": "Jumlah liabilitas dan ekuitas",
           "retained-earnings": "Saldo laba (hasil tahun-tahun sebelumnya)",
           "current-earnings": "Laba tahun berjalan", "opening": "Saldo awal", "total": "Jumlah",
           "cash-opening": "Kas dan bank awal periode ({date})",
           "cash-closing": "Kas dan bank akhir periode ({date})",
           "operating": "Aktivitas operasi", "investing": "Aktivitas investasi",
           "financing": "Aktivitas pendanaan", "total-operating": "Kas bersih dari operasi",
           "total-investing": "Kas bersih dari investasi",
           "total-financing": "Kas bersih dari pendanaan",
           "exchange-effect": "Pengaruh perubahan kurs terhadap kas",
           "net-change": "Kenaikan (penurunan) bersih kas dan bank",
           "no-cash-accounts": "Tidak ada akun bertanda Kas di kolom Arus kas sheet Akun, "
                               "jadi tidak ada kas untuk dilaporkan."},
}


@dataclass(frozen=True)
class Field:
    """A report column: its key (the CSV/JSON name), headers, kind and width."""

    key: str
    en: str
    id: str
    kind: str = "text"
    width: float = 14


@dataclass
class Table:
    """A report: its columns and rows (values: str, Decimal, date, int or None)."""

    name: str
    columns: list[Field]
    rows: list[tuple[object, ...]]
    title: str = ""


@dataclass(frozen=True)
class Options:
    """What a report covers: ``as_of`` a date, or a period (``start``..``end``)."""

    as_of: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    monthly: bool = False


def options_from(as_of: str | None = None, start: str | None = None, end: str | None = None,
                 period: str | None = None, monthly: bool = False) -> Options:
    """Report options from the command line's text: ISO dates, or a period 2026-03 / 2026."""
    begin, finish = _date(start), _date(end)
    if period and (start or end):
        raise UsageError(detail=Localized(
            "Give either --period or --from/--to: they exclude each other.",
            "Berikan --period atau --from/--to, tidak keduanya."))
    if period:
        begin, finish = _period_bounds(period)
    return Options(_date(as_of), begin, finish, monthly)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(detail=Localized(f"{text!r} is not a date like 2026-01-31.",
                                          f"{text!r} bukan tanggal seperti 2026-01-31.")) from exc


def _period_bounds(text: str) -> tuple[dt.date, dt.date]:
    try:
        if len(text) == 7 and text[4] == "-":
            year, month = int(text[:4]), int(text[5:])
            return dt.date(year, month, 1), month_end(year, month)
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError as exc:
        raise UsageError(detail=Localized(f"{text!r} is not a period like 2026-03 or 2026.",
                                          f"{text!r} bukan periode seperti 2026-03 atau 2026.")
                         ) from exc


def build(name: str, book: BookData, options: Options, lang: str) -> Table:
    """The report ``name`` of the checked ``book``."""
    postings = postings_of(book)
    chart = chart_of(book)
    base = book.settings.get("base_currency") or "IDR"
    fiscal_start = int(book.settings.get("fiscal_year_start") or 1)
    last = postings["date"].max() if postings.height else dt.date.today()
    if name == "trial-balance":
        # Month by month, a year-end close would show as a December full of reversals.
        monthly = postings.filter(~pl.col("closing")) if "closing" in postings.columns else postings
        return _monthly(monthly, chart, options, lang) if options.monthly else \
            _trial_balance(postings, chart, options, lang)
    if name == "general-ledger":
        return _general_ledger(postings, chart, options, lang)
    if name in ("income-statement", "balance-sheet", "cash-flow"):
        postings, excluded = _in_base_currency(postings, book, base)
    if name == "cash-flow":
        start, end = _period(options, last, fiscal_start)
        flow = cashflow.cash_flow(postings, chart, start, end)
        return _cash_flow_table(flow, chart, base, lang, start, end, excluded)
    if name == "income-statement":
        postings = postings.filter(~pl.col("closing")) if "closing" in postings.columns \
            else postings
        start, end = _period(options, last, fiscal_start)
        previous = _previous(start, end)
        statement = statements.income_statement(postings, chart, base, start, end, *previous,
                                                LABELS[lang])
        statement.excluded_foreign = excluded
        return _statement_table(name, statement, base, lang, previous=True,
                                title=f"{start.isoformat()} – {end.isoformat()}")
    if name == "balance-sheet":
        as_of = options.as_of or last
        year_start = fiscal_year_start(as_of, fiscal_start)
        statement = statements.balance_sheet(postings, chart, base, as_of, year_start, LABELS[lang])
        statement.excluded_foreign = excluded
        closed = bool(postings.filter(pl.col("closing") & pl.col("date").is_between(
            year_start, as_of)).height) if "closing" in postings.columns else False
        statement.notes.append({
            ("en", True): "The year has been closed: its result is in the retained earnings "
                          "account.",
            ("en", False): "The year is not closed: its result is shown as current-year "
                           "earnings.",
            ("id", True): "Tahun buku sudah ditutup: hasilnya ada di akun saldo laba.",
            ("id", False): "Tahun buku belum ditutup: hasilnya ditampilkan sebagai laba tahun "
                           "berjalan.",
        }[lang, closed])
        return _statement_table(name, statement, base, lang, previous=False,
                                title=as_of.isoformat())
    raise ValueError(name)


def _in_base_currency(postings: pl.DataFrame, book: BookData,
                      base: str) -> tuple[pl.DataFrame, int]:
    """Every posting converted to the base currency (rounding residues included), and how
    many could not be converted for want of a rate."""
    converted = with_rounding(base_amounts(postings, book), book)
    excluded = converted["base"].null_count()
    in_base = converted.filter(pl.col("base").is_not_null()).with_columns(
        pl.col("base").alias("amount"), pl.lit(base).alias("currency"))
    return in_base.select(postings.columns), excluded


def _period(options: Options, last: dt.date, first_month: int) -> tuple[dt.date, dt.date]:
    if options.start or options.end:
        start = options.start or fiscal_year_start(options.end or last, first_month)
        return start, options.end or last
    start = fiscal_year_start(last, first_month)
    end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
    return start, end


def _previous(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same shape just before: the previous month, year, or as many days."""
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = _add_months(start, -months)
        return first, start - dt.timedelta(days=1)
    length = end - start
    return start - length - dt.timedelta(days=1), start - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _amount(minor: int, exp: int) -> Decimal:
    return from_minor(int(minor), int(exp))


def _trial_balance(postings: pl.DataFrame, chart, options: Options, lang: str) -> Table:  # type: ignore[no-untyped-def]
    frame = balances.trial_balance(postings, options.as_of, options.start, options.end)
    names = dict(chart.accounts.select("code", "name").iter_rows())
    rows: list[tuple[object, ...]] = []
    for account, currency, debit, credit, balance, exp in frame.iter_rows():
        rows.append((account, names.get(account, ""), currency, _amount(debit, exp),
                     _amount(credit, exp), _amount(balance, exp)))
    for currency, group in frame.group_by("currency", maintain_order=True):
        exp = group["exp"][0]
        rows.append((LABELS[lang]["total"], None, currency[0], _amount(group["debit"].sum(), exp),
                     _amount(group["credit"].sum(), exp), _amount(group["balance"].sum(), exp)))
    columns = [Field("account", "Account", "Akun", width=10), Field("name", "Name", "Nama", width=34),
               Field("currency", "Currency", "Mata Uang", width=9),
               Field("debit", "Debit", "Debit", "amount", 18),
               Field("credit", "Credit", "Kredit", "amount", 18),
               Field("balance", "Balance", "Saldo", "amount", 18)]
    if options.start or options.end:
        title = " – ".join(d.isoformat() if d else "" for d in (options.start, options.end))
    else:
        title = options.as_of.isoformat() if options.as_of else ""
    return Table("trial-balance", columns, rows, title)


def _monthly(postings: pl.DataFrame, chart, options: Options, lang: str) -> Table:  # type: ignore[no-untyped-def]
    frame = balances.monthly_balances(postings, options.as_of)
    names = dict(chart.accounts.select("code", "name").iter_rows())
    rows = [(account, names.get(account, ""), currency, period, _amount(change, exp),
             _amount(balance, exp))
            for account, currency, period, change, balance, exp in frame.iter_rows()]
    columns = [Field("account", "Account", "Akun", width=10), Field("name", "Name", "Nama", width=34),
               Field("currency", "Currency", "Mata Uang", width=9),
               Field("period", "Period", "Periode", width=10),
               Field("change", "Change", "Mutasi", "amount", 18),
               Field("balance", "Balance", "Saldo", "amount", 18)]
    return Table("trial-balance", columns, rows)


def _general_ledger(postings: pl.DataFrame, chart, options: Options, lang: str) -> Table:  # type: ignore[no-untyped-def]
    frame = balances.general_ledger(postings, options.start, options.end or options.as_of)
    names = dict(chart.accounts.select("code", "name").iter_rows())
    opening = LABELS[lang]["opening"]
    rows = []
    for record in frame.iter_rows(named=True):
        amount, exp = record["amount"], record["exp"]
        rows.append((record["account"], names.get(record["account"], ""), record["currency"],
                     record["date"], record["entry"],
                     record["description"] if record["row"] else opening,
                     _amount(amount, exp) if amount > 0 else None,
                     _amount(-amount, exp) if amount < 0 else None,
                     _amount(record["balance"], exp)))
    columns = [Field("account", "Account", "Akun", width=10), Field("name", "Name", "Nama", width=28),
               Field("currency", "Currency", "Mata Uang", width=9),
               Field("date", "Date", "Tanggal", "date", 12),
               Field("entry", "Entry", "No. Bukti", width=14),
               Field("description", "Description", "Keterangan", width=40),
               Field("debit", "Debit", "Debit", "amount", 18),
               Field("credit", "Credit", "Kredit", "amount", 18),
               Field("balance", "Balance", "Saldo", "amount", 18)]
    return Table("general-ledger", columns, rows)


def _statement_table(name: str, statement: Statement, base: str, lang: str, previous: bool,
                     title: str) -> Table:
    exp = exponent(base)
    rows = []
    for line in statement.lines:
        label = ("    " * line.depth) + line.label
        amount = _amount(line.amount, exp) if line.amount is not None else None
        row: tuple[object, ...] = (line.code, label, amount)
        if previous:
            row += (_amount(line.previous, exp) if line.previous is not None else None,)
        rows.append(row)
    columns = [Field("account", "Account", "Akun", width=10),
               Field("line", "Line", "Pos", width=48),
               Field("amount", f"Amount ({base})", f"Jumlah ({base})", "amount", 20)]
    if previous:
        columns.append(Field("previous", f"Previous period ({base})",
                             f"Periode sebelumnya ({base})", "amount", 20))
    for note in statement.notes:
        rows.append((None, note, None) + ((None,) if previous else ()))
    if statement.excluded_foreign:
        note = {"en": f"{statement.excluded_foreign} postings in other currencies are not "
                      "included (they have no exchange rate).",
                "id": f"{statement.excluded_foreign} posting dalam mata uang lain tidak "
                      "termasuk (tidak ada kurs)."}[lang]
        rows.append((None, note, None) + ((None,) if previous else ()))
    return Table(name, columns, rows, title)


def _cash_flow_table(flow: cashflow.CashFlow, chart, base: str, lang: str,  # type: ignore[no-untyped-def]
                     start: dt.date, end: dt.date, excluded: int) -> Table:
    exp = exponent(base)
    labels = LABELS[lang]
    names = dict(chart.accounts.select("code", "name").iter_rows())

    def money(minor: int | None) -> Decimal | None:
        return None if minor is None else _amount(minor, exp)

    rows: list[tuple[object, ...]] = [
        (None, labels["cash-opening"].format(date=start.isoformat()), None, None,
         money(flow.opening))]
    for category in cashflow.CATEGORIES:
        flows = [f for f in flow.flows if f.category == category]
        rows.append((None, labels[category], None, None, None))
        for item in flows:
            rows.append((item.account, "    " + names.get(item.account, item.account),
                         money(item.received), money(item.paid), money(item.net)))
        rows.append((None, labels[f"total-{category}"],
                     money(sum(f.received for f in flows)), money(sum(f.paid for f in flows)),
                     money(flow.total(category))))
    if flow.exchange_effect:
        rows.append((None, labels["exchange-effect"], None, None, money(flow.exchange_effect)))
    rows.append((None, labels["net-change"], None, None, money(flow.net_change)))
    rows.append((None, labels["cash-closing"].format(date=end.isoformat()), None, None,
                 money(flow.closing)))
    if not flow.cash_accounts:
        rows.append((None, labels["no-cash-accounts"], None, None, None))
    if excluded:
        rows.append((None, {"en": f"{excluded} postings in other currencies are not included "
                                  "(they have no exchange rate).",
                            "id": f"{excluded} posting dalam mata uang lain tidak termasuk "
                                  "(tidak ada kurs)."}[lang], None, None, None))
    columns = [Field("account", "Account", "Akun", width=10),
               Field("line", "Line", "Pos", width=48),
               Field("received", f"Received ({base})", f"Diterima ({base})", "amount", 18),
               Field("paid", f"Paid ({base})", f"Dibayar ({base})", "amount", 18),
               Field("net", f"Net ({base})", f"Bersih ({base})", "amount", 18)]
    return Table("cash-flow", columns, rows, f"{start.isoformat()} – {end.isoformat()}")


# -- renderings ------------------------------------------------------------------------

def to_output(table: Table, lang: str) -> OutputTable:
    """The report as an output sheet, headers in ``lang``."""
    columns = [Column(f.id if lang == "id" else f.en, f.kind, f.width) for f in table.columns]
    return OutputTable(columns, table.rows, row_count=len(table.rows), tab_color="FF1F4E78")


#: Reports that are files a program imports (the tax office's e-Faktur and e-Bupot), not
#: reports people open: their text is never given an apostrophe (it would become part of
#: the name the tax office records); formula-like text is refused at Check instead, and
#: here, should it get this far (see :mod:`backoffice.formula_text`).
MACHINE_IMPORTS = frozenset({"efaktur-csv", "efaktur-input-csv", "bupot-csv"})


def to_csv(table: Table) -> str:
    """CSV with English column names, "." as the decimal mark, no grouping, ISO dates.

    Numbers and dates are written bare, so a spreadsheet reads them as numbers and dates
    (``-1500.00`` stays a number). Text that a spreadsheet would take for a formula gets a
    single quote before it, and text holding a separator or a quote is quoted (OWASP's
    rule, see :mod:`backoffice.formula_text`); in a :data:`MACHINE_IMPORTS` file such text
    is refused instead.
    """
    machine = table.name in MACHINE_IMPORTS
    lines = [",".join(csv_text(f.key) for f in table.columns)]
    for row in table.rows:
        lines.append(",".join(_csv_cell(value, table, column, machine)
                              for column, value in enumerate(row)))
    return "".join(line + "\n" for line in lines)


def _csv_cell(value: object, table: Table, column: int, machine: bool) -> str:
    if value is None:
        return ""
    text = _plain(value)
    if not isinstance(value, str):  # a number or a date: a value, not text
        return text
    spot = where(text) if machine else None
    if spot is not None:
        raise ActionRefused(
            detail=Localized(
                f"{table.name}: {table.columns[column].key} {text[:40]!r} {spot.en}, which a "
                "spreadsheet reads as the start of a formula.",
                f"{table.name}: {table.columns[column].key} {text[:40]!r} {spot.id}, yang "
                "dibaca spreadsheet sebagai awal rumus."),
            fix=Localized("Run backoffice check on the book and correct the cell it marks.",
                          "Jalankan backoffice check pada buku dan perbaiki sel yang "
                          "ditandainya."))
    return csv_text(text, neutral=not machine)


def to_json(table: Table) -> str:
    """JSON: a list of objects keyed by the English column names; amounts as strings."""
    records = [{f.key: None if v is None else _plain(v) for f, v in zip(table.columns, row,
                                                                       strict=True)}
               for row in table.rows]
    return json.dumps({"report": table.name, "as_of": table.title or None, "rows": records},
                      ensure_ascii=False, indent=1)


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
