"""The compliance calendar at scale: a company with E employees (a year of payroll register
rows, an Employees sheet with their religions) and D documents (the Documents register, as
many invoices, and 1,000 permits).

    python bench/compliance_bench.py [E D ...]      (default: 10000 100000)

The data is generated here (deterministic): the register rows are ``MonthResult``s as the
payroll stores them, the sheets are the typed tables Check hands to the calendar, so the
steps timed are the calendar's own: amounts from the register, the THR of each religious
holiday with the employees it covers and the WLKP and LKPM of Settings, the year's obligations
with their deadlines moved off days off and their Filings, the Compliance table, the .ics
file, the permits of the year and the document register's report. Wall seconds, and the
CPU seconds of this process (on a shared, loaded machine the wall time is mostly waiting).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

import polars as pl
from backoffice.schemas import REGISTRY

from backoffice.compliance import calendar
from backoffice.compliance.amounts import Amounts, add_payroll, add_people, add_settings
from backoffice.compliance.archive import archive_report
from backoffice.compliance.calendar import Filing
from backoffice.compliance.ics import to_ics
from backoffice.compliance.permits import permit_entries
from backoffice.compliance.sheet import calendar_table
from backoffice.payroll.model import MonthResult
from backoffice.schema import BookData, SheetData

YEAR = 2025
AS_OF = dt.date(2026, 6, 30)


#: Religions as often as in a large Indonesian workforce, give or take; "" is left blank.
RELIGIONS = (("islam", 860), ("protestant", 70), ("catholic", 30), ("hindu", 17),
             ("buddhist", 10), ("confucian", 3), ("", 10))
#: The month each religion's THR is paid in 2025 (a week or more before its holiday).
THR_MONTH = {"islam": 3, "protestant": 12, "catholic": 12, "hindu": 3, "buddhist": 5,
             "confucian": 1}


def religions(employees: int) -> list[str]:
    rng = random.Random(employees + 1)
    names, weights = zip(*RELIGIONS, strict=True)
    return rng.choices(names, weights, k=employees)


def register(employees: int) -> list[MonthResult]:
    """A year of register rows: a 10,000,000 wage give or take, BPJS at the usual rates, a
    month's wage of THR in the month before each employee's holiday."""
    rng = random.Random(employees)
    faith = religions(employees)
    rows = []
    for month in range(1, 13):
        for n in range(employees):
            wage = 5_000_000 + rng.randrange(10_000_000)
            thr = wage if THR_MONTH.get(faith[n]) == month else 0
            rows.append(MonthResult(period=f"{YEAR}-{month:02d}", employee=f"E{n:05d}",
                                    salary=wage, thr=thr, gross=wage + thr, pph21=wage // 20,
                                    jht_employer=wage * 37 // 1000, jht_employee=wage // 50,
                                    jp_employer=wage // 50, jp_employee=wage // 100,
                                    jkk=wage * 24 // 10000, jkm=wage * 3 // 1000,
                                    kes_employer=wage // 25, kes_employee=wage // 100))
    return rows


def staff(employees: int) -> SheetData:
    """The Employees sheet: one row each, joined in 2020, a religion (1% left blank)."""
    faith = religions(employees)
    frame = pl.DataFrame({"employee": [f"E{n:05d}" for n in range(employees)],
                          "name": [f"Employee {n}" for n in range(employees)],
                          "from": [dt.date(2020, 1, 2)] * employees,
                          "joined": [dt.date(2020, 1, 2)] * employees,
                          "left": [None] * employees,
                          "religion": [f or None for f in faith],
                          "_row": range(2, employees + 2)}, schema_overrides={"left": pl.Date})
    return SheetData(REGISTRY["employees"], "Employees", frame)


def book(documents: int, employees: int) -> BookData:
    """Invoices, a Documents register missing every 50th of them, 1,000 permits, Filings."""
    rng = random.Random(documents)
    days = [dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
            for _ in range(documents)]
    numbers = [f"INV-{n:06d}" for n in range(documents)]
    invoices = pl.DataFrame({"number": numbers, "date": days, "_row": range(2, documents + 2)})
    kept = [n for n in range(documents) if n % 50]
    archive = pl.DataFrame({"type": ["invoice"] * len(kept), "number": [numbers[n] for n in kept],
                            "date": [days[n] for n in kept],
                            "location": ["Rak 3"] * len(kept), "disposed": [None] * len(kept),
                            "_row": range(2, len(kept) + 2)},
                           schema_overrides={"disposed": pl.Date})
    permits = pl.DataFrame({"name": [f"Permit {n}" for n in range(1000)],
                            "kind": ["licence"] * 1000,
                            "expires": [dt.date(YEAR, 1, 1) + dt.timedelta(days=n % 730)
                                        for n in range(1000)],
                            "remind_days": [30] * 1000, "renewed": [None] * 1000,
                            "_row": range(2, 1002)}, schema_overrides={"renewed": pl.Date,
                                                                        "remind_days": pl.Int64})
    sheets = {"invoices": SheetData(REGISTRY["invoices"], "Invoices", invoices),
              "archive": SheetData(REGISTRY["archive"], "Documents", archive),
              "permits": SheetData(REGISTRY["permits"], "Permits", permits),
              "employees": staff(employees)}
    return BookData(sheets, {"base_currency": "IDR", "business_scale": "large",
                             "wlkp_first_report": dt.date(2018, 3, 1)})


def run(employees: int, documents: int) -> list[tuple[str, float, float]]:
    steps = []
    rows = register(employees)
    data = book(documents, employees)
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 5, 31)

    def timed(name, action):  # type: ignore[no-untyped-def]
        began, cpu = time.perf_counter(), time.process_time()
        result = action()
        steps.append((name, time.perf_counter() - began, time.process_time() - cpu))
        return result

    amounts = Amounts()
    timed(f"amounts from {len(rows):,} register rows", lambda: add_payroll(rows, amounts))
    timed(f"THR per holiday ({employees:,} employees), WLKP, LKPM",
          lambda: (add_people(data, amounts), add_settings(data, amounts)))
    assert len(amounts.covers) == 5 and amounts.periods["lkpm-quarterly"]
    filings = {(code, f"{YEAR}-{m:02d}"): Filing(code, f"{YEAR}-{m:02d}", dt.date(YEAR, m, 28))
               for code in ("pph21-pay", "bpjs-kes") for m in range(1, 13)}
    entries = timed("obligations of the year, moved and matched",
                    lambda: calendar.entries(amounts, filings, start, end, AS_OF))
    permits = timed("permits of the year (1,000 rows)",
                    lambda: permit_entries(data, start, end, AS_OF))
    everything = sorted(entries + permits, key=lambda e: e.due)
    timed("Compliance table", lambda: calendar_table(everything, "id", AS_OF))
    timed(".ics export", lambda: to_ics(everything, "id"))
    report = timed(f"document register ({documents:,} documents)",
                   lambda: archive_report(data, None, AS_OF))
    assert len(report.missing) == documents // 50
    steps.append(("total", sum(s[1] for s in steps), sum(s[2] for s in steps)))
    return steps


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    for employees, documents in zip(sizes[::2], sizes[1::2], strict=True):
        print(f"\n{employees:,} employees, {documents:,} documents")
        print(f"{'step':48} {'wall s':>8} {'CPU s':>8}")
        for name, seconds, cpu in run(employees, documents):
            print(f"{name:48} {seconds:8.3f} {cpu:8.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
