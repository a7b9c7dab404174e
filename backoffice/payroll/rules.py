"""Rule packs: a country's payroll rules as data files, picked by the period they are in force.

A pack is a folder of CSV files, one per rule family (``ter_monthly.csv``,
``jp.csv``, ...). Every row has an ``effective_from`` date and a ``source`` (the
regulation it comes from). The rows of a family that share the latest
``effective_from`` on or before a day are the family's table in force that day:
a new JP wage cap is a new block of rows, never an edit of the old one, so a
run for February 2025 still sees the cap of February 2025.

A period before a family's first ``effective_from`` is refused
(:class:`RulesNotCovered`): the engine never guesses a rate it was not given.

A few families are *listings* instead (:data:`LISTINGS`): every row is in force
on its own, from ``effective_from`` through ``until``, and a day no row covers
simply has none. The PPh 21 DTP eligibility (``dtp.csv``: one row per business
classification code and months, per regulation) is one: an incentive that
does not exist in a month is no gap in the rules, and a listing does not
narrow the pack's coverage.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from backoffice.errors import UnusableInput

PACKS_DIR = Path(__file__).parent / "rules"

#: The packs shipped with backoffice: name -> the families it must have.
PACKS = {
    "id": ("ptkp", "ter_monthly", "pasal17", "biaya_jabatan", "bpjs_kesehatan", "jht", "jp",
           "jkk", "jkm", "overtime", "overtime_wage", "thr", "dtp",
           "severance_reasons", "severance_pesangon", "severance_upmk", "severance_tax",
           "severance_terms"),
    "generic": ("tax", "contributions"),
}

#: Families whose rows each hold from ``effective_from`` through ``until`` (see above).
LISTINGS = frozenset({"dtp"})


class RulesNotCovered(UnusableInput):
    """The period is before the first day a rule family of the pack covers."""

    code = "payroll-rules-not-covered"


@dataclass(frozen=True)
class RuleTable:
    """The rows of one family in force on a day, with their date and legal sources."""

    family: str
    effective_from: dt.date
    rows: tuple[dict[str, str], ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.get("source", "") for r in self.rows))

    def first(self) -> dict[str, str]:
        return self.rows[0]

    def number(self, column: str, row: int = 0) -> Decimal:
        """An exact decimal from ``column`` of row ``row``."""
        return Decimal(self.rows[row][column])


class RulePack:
    """One country's rules, read from its folder of CSV files."""

    def __init__(self, name: str, folder: Path | None = None) -> None:
        self.name = name
        self.folder = folder or PACKS_DIR / name
        if not self.folder.is_dir():
            raise KeyError(name)
        self.families: dict[str, list[dict[str, str]]] = {}
        for path in sorted(self.folder.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            for row in rows:
                if not row.get("effective_from") or not row.get("source"):
                    raise ValueError(f"{path.name}: every row needs effective_from and source")
                row["effective_from"] = row["effective_from"].strip()
                if path.stem in LISTINGS and not (row.get("until") or "").strip():
                    raise ValueError(f"{path.name}: every row of a listing needs until")
            self.families[path.stem] = rows
        missing = set(PACKS.get(name, ())) - set(self.families)
        if missing:
            raise ValueError(f"rule pack {name} lacks {', '.join(sorted(missing))}")

    @property
    def coverage_start(self) -> dt.date:
        """The first day every family has a row in force."""
        return max(min(dt.date.fromisoformat(r["effective_from"]) for r in rows)
                   for family, rows in self.families.items() if family not in LISTINGS)

    def covers(self, day: dt.date) -> bool:
        return day >= self.coverage_start

    def listed(self, family: str, day: dt.date) -> tuple[dict[str, str], ...]:
        """The rows of the listing ``family`` in force on ``day`` (possibly none)."""
        iso = day.isoformat()
        return tuple(r for r in self.families[family]
                     if r["effective_from"] <= iso <= r["until"].strip())

    def table(self, family: str, day: dt.date) -> RuleTable:
        """The rows of ``family`` in force on ``day``; refuses a day before its coverage."""
        rows = self.families[family]
        dates = sorted({dt.date.fromisoformat(r["effective_from"]) for r in rows})
        in_force = [d for d in dates if d <= day]
        if not in_force:
            raise RulesNotCovered(pack=self.name, family=family, period=day.strftime("%Y-%m"),
                                  start=dates[0].isoformat())
        chosen = in_force[-1].isoformat()
        return RuleTable(family, in_force[-1],
                         tuple(r for r in rows if r["effective_from"] == chosen))


@cache
def load_pack(name: str) -> RulePack:
    """The shipped pack ``name`` ("id", "generic"), read once."""
    return RulePack(name)
