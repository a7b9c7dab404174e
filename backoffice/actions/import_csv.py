"""Import: append the rows of a CSV file to a sheet, if every row is valid."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice import importing
from backoffice.actions.base import (
    NOTHING,
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
    step,
)
from backoffice.catalogue import Localized
from backoffice.wording import grouped


@dataclass(frozen=True)
class ImportOptions:
    """sheet: the sheet to append to (English or Indonesian name); csv: the file to read;
    lang: the messages' language; locale: how the CSV writes numbers and dates (default:
    the book's locale)."""

    sheet: str
    csv: str
    lang: str | None = None
    locale: str | None = None


def import_rows(book: BookRef, options: ImportOptions,
                progress: ProgressCallback | None = None) -> ActionResult:
    """Append the CSV's rows to the sheet; nothing is written when any row has an error."""
    path = path_of(book)
    name = name_of(book)
    step(progress, "reading and checking the rows", "membaca dan memeriksa baris")
    result = importing.import_csv(path, options.sheet, options.csv, options.lang,
                                 options.locale)
    report = result.report
    if result.appended:
        first = result.first_row
        last = first + result.appended - 1  # type: ignore[operator]
        rows = "row" if result.appended == 1 else "rows"
        outcome = Localized(f"Appended {result.appended:,} {rows} to {options.sheet} "
                            f"(rows {first}–{last}) of {name}.",
                            f"{grouped(result.appended, 'id')} baris ditambahkan ke "
                            f"{options.sheet} "
                            f"(baris {first}–{last}) di {name}.")
        written = Written(rows={options.sheet: result.appended})
    elif not report.valid:
        outcome, written = Localized("Nothing was imported.", "Tidak ada yang diimpor."), Written()
    else:
        outcome, written = NOTHING, Written()
    return ActionResult("import", report.exit_code, outcome, report=report, show_report=True,
                        written=written, language=report.language, value=result)
