"""People's records benchmark: 10,000 employees, their contracts and 100,000 leave requests.

Generates the coerced sheets in memory (the reading of a workbook is timed by
``check_bench.py`` and ``payroll_bench.py``), then times, separately and together,
the Contracts checks, the Leave checks (working days, overlaps, employment, lengths,
balances with the joint leave days), one year's balances alone, and the Warning letters
checks. Target: balances and contract checks under 2 s together. Prints a table.

    .venv/bin/python bench/hr_bench.py [--employees 10000] [--requests 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import polars as pl
from backoffice.schemas import REGISTRY

from backoffice.hr import checks
from backoffice.schema import BookData, SheetData

KINDS = ["sick"] * 6 + ["unpaid", "marriage", "paternity", "bereavement"]


def generate(employees: int, requests: int, seed: int = 21) -> BookData:
    """Employees joined over 2018-2025; half on a PKWT with one extension, half PKWTT (some
    chains over five years, some overlaps); each employee's share of the leave requests
    in distinct weeks of 2026, 1-2 days each, one in five annual leave; one warning letter
    for every twentieth employee."""
    rng = random.Random(seed)
    codes = [f"E{i:05d}" for i in range(employees)]
    joined = [dt.date(2018, 1, 1) + dt.timedelta(rng.randrange(2900)) for _ in codes]
    emp = pl.DataFrame({"employee": codes, "from": joined, "joined": joined,
                        "left": [None] * employees, "basic": [8_000_000_00] * employees,
                        "fixed_allowances": [1_000_000_00] * employees,
                        "_row": range(2, employees + 2)},
                       schema_overrides={"left": pl.Date, "_row": pl.Int64})
    crow = []
    for code, start in zip(codes, joined, strict=True):
        if rng.random() < 0.5:
            crow.append((f"C{code}", code, "pkwtt", start, None, None, start + dt.timedelta(89)))
        else:
            end = start + dt.timedelta(rng.choice([364, 729, 1094]))
            crow.append((f"C{code}", code, "pkwt", start, end, None, None))
            crow.append((f"X{code}", code, "pkwt", end + dt.timedelta(rng.choice([1, 1, 1, 0])),
                         end + dt.timedelta(rng.choice([365, 730, 1500])), f"C{code}", None))
    con = pl.DataFrame(crow, orient="row", schema={
        "contract": pl.String, "employee": pl.String, "type": pl.String, "start": pl.Date,
        "end": pl.Date, "extends": pl.String, "probation_end": pl.Date})
    con = con.with_columns(pl.int_range(2, con.height + 2, dtype=pl.Int64).alias("_row"))
    rrow = []
    per = max(1, requests // employees)
    for code in codes:  # each employee's requests in distinct weeks, as a real book has
        weeks = sorted(rng.sample(range(1, 51), min(per, 50)))
        for week in weeks:
            start = dt.date(2026, 1, 5) + dt.timedelta(weeks=week - 1, days=rng.randrange(3))
            kind = rng.choice(KINDS) if len(rrow) % 5 else "annual"
            rrow.append((f"L{len(rrow):06d}", code, kind, start,
                         start + dt.timedelta(rng.randrange(2))))
    req = pl.DataFrame(rrow, orient="row", schema={
        "request": pl.String, "employee": pl.String, "kind": pl.String, "start": pl.Date,
        "end": pl.Date}).with_columns(pl.int_range(2, requests + 2, dtype=pl.Int64).alias("_row"))
    lrow = [(f"S{i}", code, rng.choice(["SP1", "SP2"]), dt.date(2026, 1, 1)
             + dt.timedelta(rng.randrange(300))) for i, code in enumerate(codes[::20])]
    let = pl.DataFrame(lrow, orient="row", schema={"letter": pl.String, "employee": pl.String,
                                                   "level": pl.String, "date": pl.Date})
    let = let.with_columns(pl.int_range(2, let.height + 2, dtype=pl.Int64).alias("_row"))
    letters = {k: "ABCDEFGHIJ"[i] for i, k in enumerate(["request", "employee", "kind",
                                                          "start", "end"])}
    sheets = {"employees": SheetData(REGISTRY["employees"], "Employees", emp,
                                     letters={"employee": "A"}),
              "contracts": SheetData(REGISTRY["contracts"], "Contracts", con, letters={}),
              "leave_requests": SheetData(REGISTRY["leave_requests"], "Leave", req,
                                          letters=letters),
              "warning_letters": SheetData(REGISTRY["warning_letters"], "Warning letters", let)}
    return BookData(sheets, {"base_currency": "IDR"})


def timed(label: str, fn, rows: list) -> object:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - began, result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    began = time.perf_counter()
    book = generate(args.employees, args.requests)
    generated = time.perf_counter() - began
    checks.check_contracts(book)  # warm polars' thread pool and the holiday file
    rows: list = []
    contracts = timed("Contracts checks", lambda: len(list(checks.check_contracts(book))), rows)
    leave = timed("Leave checks (incl. balances)", lambda: len(list(checks.check_leave(book))),
                  rows)

    def balances() -> int:
        inputs = checks.leave_inputs(book)
        assert inputs is not None
        return checks.leave_balances(book, *inputs)[0].height

    timed("Leave balances alone", balances, rows)
    timed("Warning letters checks", lambda: len(list(checks.check_letters(book))), rows)
    print(f"{args.employees:,} employees, {book.get('contracts').frame.height:,} contracts, "
          f"{args.requests:,} leave requests (generated in {generated:.2f} s)\n")
    print(f"| {'step':<32} | {'seconds':>8} | {'issues / rows':>13} |")
    print(f"| {'-' * 32} | {'-' * 8}: | {'-' * 13}: |")
    for label, seconds, result in rows:
        print(f"| {label:<32} | {seconds:>8.3f} | {result:>13,} |")
    total = rows[0][1] + rows[1][1]
    verdict = "met" if total < 2 else "MISSED"
    print(f"\nContracts + Leave checks: {total:.3f} s (target < 2 s: {verdict}); "
          f"found {contracts:,} contract and {leave:,} leave issues")


if __name__ == "__main__":
    main()
