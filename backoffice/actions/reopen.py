"""Reopen: unlock a closed month, on the record (the Periods sheet keeps when and why)."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, name_of, path_of, step
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.ledger import closing
from backoffice.wording import book_language


@dataclass(frozen=True)
class ReopenOptions:
    """period: the closed month (YYYY-MM); reason: why it is reopened; lang: messages."""

    period: str
    reason: str
    lang: str | None = None


def reopen(book: BookRef, options: ReopenOptions,
           progress: ProgressCallback | None = None) -> ActionResult:
    """Reopen the month; the reason is kept in the Periods sheet."""
    path = path_of(book)
    name = name_of(book)
    step(progress, "reopening the month", "membuka kembali bulan itu")
    closing.reopen_period(path, options.period, options.reason)
    return ActionResult("reopen", EXIT_CLEAN,
                        Localized(f"Reopened {options.period} of {name}.",
                                  f"{options.period} pada {name} dibuka kembali."),
                        written=Written(files=(name,)),
                        language=book_language(path, options.lang))
