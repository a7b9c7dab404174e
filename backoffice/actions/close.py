"""Close: lock a month's entries, or post a fiscal year's closing entry."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, name_of, path_of, step
from backoffice.bank.status import close_warning
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN, UsageError
from backoffice.ledger import closing
from backoffice.ledger.postings import CLOSING_SOURCE
from backoffice.wording import book_language, grouped


@dataclass(frozen=True)
class CloseOptions:
    """Either period (a month, YYYY-MM) or year (a fiscal year, FY2025); lang: messages."""

    period: str | None = None
    year: str | None = None
    lang: str | None = None


def close(book: BookRef, options: CloseOptions,
          progress: ProgressCallback | None = None) -> ActionResult:
    """Close a month (its entries are locked) or a year (its result moves into retained
    earnings); refused when the book has errors."""
    if (options.period is None) == (options.year is None):
        raise UsageError(detail=Localized("Give either --period YYYY-MM or --year FY2025.",
                                          "Berikan --period YYYY-MM atau --year FY2025."))
    path = path_of(book)
    name = name_of(book)
    if options.year is not None:
        step(progress, "posting the closing entry", "memposting jurnal penutup")
        lines = closing.close_year(path, options.year, options.lang)
        block = f"{CLOSING_SOURCE}{options.year}"
        return ActionResult(
            "close", EXIT_CLEAN,
            Localized(f"Closed {options.year} of {name}: a closing entry of {lines:,} lines was "
                      "posted.",
                      f"{options.year} pada {name} ditutup: entri penutup {grouped(lines, 'id')} "
                      "baris diposting."),
            written=Written(blocks={name: (block,)}),
            language=book_language(path, options.lang), value=lines)
    step(progress, "locking the month's entries", "mengunci entri bulan itu")
    count = closing.close_period(path, options.period)  # type: ignore[arg-type]
    # A month closed with bank lines not yet confirmed is allowed, but said (issue 24).
    warning = Localized(*(close_warning(path, options.period, lang) or ""  # type: ignore[arg-type]
                          for lang in ("en", "id")))
    entries = "entry" if count == 1 else "entries"
    return ActionResult(
        "close", EXIT_CLEAN,
        Localized(f"Closed {options.period} of {name}: {count:,} {entries} locked.",
                  f"{options.period} pada {name} ditutup: {grouped(count, 'id')} entri dikunci."),
        details=(warning,) if warning.en else (),
        written=Written(files=(name,)), language=book_language(path, options.lang), value=count)
