"""The document register's reports: what may go, what is missing, what points nowhere.

* **Due for disposal**: a document kept longer than its type's retention period
  (``data/retention.csv``, dated, with its source: ten years for books, records
  and documents, UU KUP Ps. 28(11)), counted from the end of its year, as the
  tax year's books are kept whole. Types kept "while of use" are never listed.
* **Missing**: every invoice, bill and payment of the book, and every payslip
  month of the payroll, should have its paper or file in the register.
* **Broken links**: a *Where it is* that is a file path (not a link, not a
  shelf) which does not exist beside the book.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from backoffice.catalogue import Localized
from backoffice.schema import BookData
from backoffice.schemas.archive import TYPES

DATA = Path(__file__).parent / "data" / "retention.csv"

#: Register type -> the book sheet whose numbers should each have a document.
_BOOK_SHEETS = {"invoice": "invoices", "bill": "bills", "payment": "payments"}


@dataclass(frozen=True)
class Retention:
    """How long a type of document is kept (None: while of use), from when, and why."""

    type: str
    years: int | None
    effective_from: dt.date
    source: str


@cache
def retentions() -> tuple[Retention, ...]:
    """Every row of the retention data."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(Retention(r["type"], int(r["years"]) if r["years"] else None,
                               dt.date.fromisoformat(r["effective_from"]), r["source"])
                     for r in csv.DictReader(handle))


def retention_for(kind: str, day: dt.date) -> Retention | None:
    """The retention in force for a document of ``kind`` dated ``day``."""
    for row in _by_type().get(kind, ()):
        if row.effective_from <= day:
            return row
    return None


@cache
def _by_type() -> dict[str, list[Retention]]:
    """Type -> its retention rows, the latest in force first."""
    table: dict[str, list[Retention]] = {}
    for row in retentions():
        table.setdefault(row.type, []).append(row)
    return {k: sorted(v, key=lambda r: r.effective_from, reverse=True) for k, v in table.items()}


@dataclass
class ArchiveReport:
    """The three lists (see the module docstring); each item carries its register row."""

    disposable: list[tuple[int, str, str, dt.date, dt.date, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    broken: list[tuple[int, str]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.broken)


def archive_report(book: BookData, folder: Path | None, as_of: dt.date) -> ArchiveReport:
    """The register of ``book`` against its own sheets and the files beside it in ``folder``."""
    report = ArchiveReport()
    sheet = book.get("archive")
    held: set[tuple[str, str]] = set()
    if sheet is not None and sheet.frame is not None and sheet.frame.height:
        frame = sheet.frame
        height = frame.height
        # Whole columns, zipped: a register of 100,000 documents is read in a blink.
        columns = [frame.get_column(c).to_list() if c in frame.columns else [None] * height
                   for c in ("_row", "type", "number", "date", "disposed", "location")]
        for row, kind, number, day, disposed, location in zip(*columns, strict=True):
            if kind and number:
                held.add((kind, str(number)))
            if disposed is not None:
                continue
            keep = retention_for(kind, day) if kind and day else None
            if keep is not None and keep.years is not None:
                until = dt.date(day.year + keep.years, 12, 31)
                if as_of > until:
                    report.disposable.append((row, kind, str(number or ""), day, until,
                                              keep.source))
            where = str(location or "").strip()
            if folder is not None and _is_path(where) and not (folder / where).exists():
                report.broken.append((row, where))
    for kind, expected in _expected(book):
        if (kind, expected) not in held:
            report.missing.append((kind, expected))
    return report


def _expected(book: BookData) -> list[tuple[str, str]]:
    """(type, number) of every document the books point at, in sheet order."""
    wanted: list[tuple[str, str]] = []
    for kind, sheet_kind in _BOOK_SHEETS.items():
        sheet = book.get(sheet_kind)
        if sheet is None or sheet.frame is None or "number" not in sheet.frame.columns:
            continue
        numbers = sheet.frame.get_column("number").drop_nulls().unique(maintain_order=True)
        wanted += [(kind, str(n)) for n in numbers.to_list()]
    runs = book.get("payroll_runs")
    if runs is not None and runs.frame is not None and "period" in runs.frame.columns:
        periods = runs.frame.get_column("period").drop_nulls().unique(maintain_order=True)
        wanted += [("payslip", str(p)) for p in periods.to_list()]
    return wanted


def _is_path(location: str) -> bool:
    """A file path, not a link ("https://…") and not a shelf ("Shelf 3"/"Rak 3": no slash
    and no extension)."""
    if not location or "://" in location:
        return False
    return "/" in location or "\\" in location or Path(location).suffix != ""


def to_text(report: ArchiveReport, lang: str) -> str:
    """The report for the terminal, in ``lang``."""
    en = lang != "id"
    lines: list[str] = []
    if report.disposable:
        lines.append("Due for disposal:" if en else "Boleh dimusnahkan:")
        for row, kind, number, day, until, source in report.disposable:
            kind = _label(kind, lang)
            lines.append(f"  row {row}: {kind} {number} of {day.isoformat()}, kept until "
                         f"{until.isoformat()} ({source})" if en else
                         f"  baris {row}: {kind} {number} tanggal {day.isoformat()}, disimpan "
                         f"sampai {until.isoformat()} ({source})")
    if report.missing:
        lines.append("In the books but not in the register:" if en else
                     "Ada di pembukuan tetapi tidak ada di arsip:")
        lines += [f"  {_label(kind, lang)} {number}" for kind, number in report.missing]
    if report.broken:
        lines.append("Files that are not there:" if en else "Berkas yang tidak ditemukan:")
        lines += [f"  {'row' if en else 'baris'} {row}: {location}"
                  for row, location in report.broken]
    if not lines:
        lines.append("The register is complete and nothing is due for disposal." if en else
                     "Arsip lengkap dan tidak ada yang perlu dimusnahkan.")
    return "\n".join(lines) + "\n"


def _label(kind: str, lang: str) -> str:
    """A register type as its dropdown shows it in ``lang`` ("Faktur penjualan"), not its
    stored code ("invoice"), which is English in an Indonesian book."""
    return next((c.label(lang) for c in TYPES if c.value == kind), kind)


def run(path: str, as_of: dt.date | None = None, lang: str | None = None
        ) -> tuple[ArchiveReport, str]:
    """``backoffice archive BOOK``: check the book, then its register's report and text."""
    report, language = archive_of(path, as_of, lang)
    return report, to_text(report, language)


def archive_of(path: str, as_of: dt.date | None = None, lang: str | None = None
               ) -> tuple[ArchiveReport, str]:
    """Check the book at ``path``, then its register's report, and the language to say it
    in (``lang``, else the book's)."""
    from backoffice.checking import read_clean
    from backoffice.ledger.posting import _book_language

    read = read_clean(path, lang)
    report = archive_report(read.data, Path(path).resolve().parent, as_of or dt.date.today())
    return report, lang or _book_language(read.found, read.data.lang)


def summary(report: ArchiveReport) -> Localized:
    """One line on the register: complete, or what is missing, not there, due for disposal."""
    if not (report.missing or report.broken or report.disposable):
        return Localized("The register is complete and nothing is due for disposal.",
                         "Arsip lengkap dan tidak ada yang perlu dimusnahkan.")
    return Localized(f"{len(report.missing)} missing from the register, {len(report.broken)} "
                     f"files not there, {len(report.disposable)} due for disposal.",
                     f"{len(report.missing)} tidak ada di arsip, {len(report.broken)} berkas "
                     f"tidak ditemukan, {len(report.disposable)} boleh dimusnahkan.")
