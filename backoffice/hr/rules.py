"""The legal figures of the people's records, dated and sourced, with the company's policy.

``backoffice/data/hr_rules.csv`` holds one row per rule and date: the value in force
from ``effective_from`` until a later row of the same rule, the unit, and the
regulation and article it comes from. The company's Rules sheet may raise a figure
where the law sets a minimum (more annual leave days, a longer warning letter
validity where its regulation says so) and sets what the law leaves to it
(carry-over of annual leave and when it expires): :func:`policy_on` merges both.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "hr_rules.csv"

#: Company rules (Rules sheet keys) that may only raise the legal figure of the same name.
MINIMUMS = ("annual_leave_days",)
#: Company rules with no legal counterpart, and their value when the company sets none.
POLICY_DEFAULTS = {"leave_carry_over_days": Decimal(0), "leave_carry_over_months": Decimal(0),
                   "contract_reminder_days": Decimal(30)}


@cache
def _rows() -> tuple[tuple[dt.date, str, Decimal, str], ...]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = [(dt.date.fromisoformat(r["effective_from"]), r["rule"], Decimal(r["value"]),
                 r["source"]) for r in csv.DictReader(handle)]
    return tuple(sorted(rows))


def law_on(day: dt.date) -> dict[str, Decimal]:
    """Every legal figure in force on ``day``, by rule."""
    return {rule: value for start, rule, value, _ in _rows() if start <= day}


def change_dates() -> list[dt.date]:
    """The days on which some legal figure changes, in order (the first is the earliest)."""
    return sorted({start for start, *_ in _rows()})


def source(rule: str, day: dt.date) -> str:
    """The regulation and article behind ``rule`` as in force on ``day``."""
    found = [src for start, name, _, src in _rows() if name == rule and start <= day]
    if not found:
        raise KeyError(rule)
    return found[-1]


def policy_on(day: dt.date, overrides: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
    """The figures that apply on ``day``: the law, raised by the company's Rules where the
    law is a minimum, plus the company's own policy (``overrides``: rule -> value)."""
    values = {**POLICY_DEFAULTS, **law_on(day)}
    for rule, value in (overrides or {}).items():
        if rule in MINIMUMS:
            values[rule] = max(values[rule], value)
        elif rule == "warning_validity_months" or rule in POLICY_DEFAULTS:
            values[rule] = value
    return values
