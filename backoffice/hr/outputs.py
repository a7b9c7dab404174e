"""The people's output sheets, written by Run payroll beside the register.

For the last month of a run: the contracts ending within the company's reminder window
after it (*Contract reminders*), each employee's annual leave for the year (*Leave
balances*), the warning letters in force on its last day (*Warnings in force*), and the
Pay items the people's records propose for the months run (*Proposed pay items*). A book
without the people's sheets gets none of them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import polars as pl

from backoffice.hr import checks, contracts, letters, payitems, people, rules
from backoffice.ledger.reports import Field, Table
from backoffice.schema import BookData

SHEETS = {
    "hr-contract-reminders": {"en": "Contract reminders", "id": "Pengingat kontrak"},
    "hr-leave-balances": {"en": "Leave balances", "id": "Saldo cuti"},
    "hr-warnings-in-force": {"en": "Warnings in force", "id": "SP berlaku"},
    "hr-proposed-pay-items": {"en": "Proposed pay items", "id": "Usulan komponen gaji"},
}
_TYPES = {"pkwt": {"en": "PKWT", "id": "PKWT"}, "pkwtt": {"en": "PKWTT", "id": "PKWTT"}}
_ITEMS = {"bonus": {"en": "Bonus", "id": "Bonus"}, "salary": {"en": "Salary", "id": "Gaji"}}


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a ``YYYY-MM`` period."""
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def tables(book: BookData, periods: list[str], lang: str) -> list[tuple[str, Table]]:
    """(sheet name, table) of each people's output the book has the sheets for."""
    if not periods:
        return []
    as_of = month_bounds(periods[-1])[1]
    out: list[Table] = []
    rows = checks.contract_rows(book)
    wages = people.wages(book)
    pol = checks.policy(book, as_of)
    if rows is not None:
        out.append(reminders(rows, wages, as_of, int(pol["contract_reminder_days"]), pol))
    inputs = checks.leave_inputs(book)
    if inputs is not None:
        reqs, spans = inputs
        table, _pol = checks.leave_balances(book, reqs, spans, until=as_of.year)
        out.append(balances_table(table.filter(pl.col("year") == as_of.year)))
    letter_rows = checks.letter_rows(book)
    if letter_rows is not None:
        out.append(letters_table(letters.in_force(letter_rows, as_of), lang))
    if rows is not None or inputs is not None:
        proposals = []
        for period in periods:
            first, _last = month_bounds(period)
            law = rules.law_on(first)
            if rows is not None:
                proposals += payitems.compensation_items(rows, wages, first.year, first.month, law)
            if inputs is not None:
                proposals += payitems.leave_items(inputs[0], wages, first.year, first.month, law)
        out.append(proposals_table(proposals, lang))
    return [(SHEETS[t.name][lang], t) for t in out]


def reminders(rows: pl.DataFrame, wages: pl.DataFrame, as_of: dt.date, days: int,
              law: dict[str, Decimal]) -> Table:
    """Contracts ending after ``as_of`` and within ``days`` of it, soonest first, each PKWT
    with the uang kompensasi its end would owe."""
    soon = contracts.ending_between(rows, as_of + dt.timedelta(days=1),
                                    as_of + dt.timedelta(days=days))
    owed = {c.contract: c.amount for c in contracts.compensation_due(
        soon, wages, as_of + dt.timedelta(days=1), as_of + dt.timedelta(days=days), law)}
    columns = [Field("contract", "Contract", "No. kontrak"), Field("employee", "Employee", "Karyawan"),
               Field("type", "Type", "Jenis", width=8), Field("start", "Start", "Mulai", "date"),
               Field("last", "Ends", "Berakhir", "date"),
               Field("days", "Days left", "Sisa hari", "number", 10),
               Field("compensation", "Uang kompensasi", "Uang kompensasi", "amount", 16)]
    out = [(r["contract"], r["employee"], r["type"].upper(), r["start"], r["last"],
            (r["last"] - as_of).days, owed.get(r["contract"]))
           for r in soon.iter_rows(named=True)]
    return Table("hr-contract-reminders", columns, out)


def balances_table(table: pl.DataFrame) -> Table:
    """Annual leave per employee for the year, in days."""
    columns = [Field("employee", "Employee", "Karyawan"), Field("year", "Year", "Tahun", "number", 8),
               Field("entitled", "Entitled from", "Berhak sejak", "date"),
               Field("entitlement", "Entitlement", "Hak cuti", "number", 12),
               Field("carried", "Carried over", "Sisa tahun lalu", "number", 12),
               Field("lapsed", "Lapsed", "Hangus", "number", 10),
               Field("joint", "Joint leave", "Cuti bersama", "number", 12),
               Field("taken", "Taken", "Diambil", "number", 10),
               Field("balance", "Balance", "Sisa", "number", 10)]
    keys = [f.key for f in columns]
    return Table("hr-leave-balances", columns, list(table.select(keys).iter_rows()))


def letters_table(rows: pl.DataFrame, lang: str) -> Table:
    """The warning letters in force, by employee and level."""
    columns = [Field("employee", "Employee", "Karyawan"), Field("letter", "Letter", "No. surat"),
               Field("level", "Level", "Tingkat", width=8), Field("date", "Date", "Tanggal", "date"),
               Field("until", "In force until", "Berlaku s.d.", "date"),
               Field("reason", "Reason", "Alasan", width=30)]
    if "reason" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, pl.String).alias("reason"))
    return Table("hr-warnings-in-force", columns,
                 list(rows.select([f.key for f in columns]).iter_rows()))


def proposals_table(proposals: list[payitems.Proposal], lang: str) -> Table:
    """Proposed Pay items rows, in the Pay items sheet's column order."""
    columns = [Field("date", "Date", "Tanggal", "date"), Field("employee", "Employee", "Karyawan"),
               Field("item", "Item", "Komponen", width=10),
               Field("amount", "Amount", "Jumlah", "amount", 16),
               Field("description", "Description", "Keterangan", width=60)]
    out = [(p.date, p.employee, _ITEMS[p.item][lang], p.amount, p.description(lang))
           for p in sorted(proposals, key=lambda p: (p.date, p.employee))]
    return Table("hr-proposed-pay-items", columns, out)
