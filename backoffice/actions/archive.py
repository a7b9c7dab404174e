"""Archive: the book's document register against its own entries and the files beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, path_of, step
from backoffice.compliance import archive as register
from backoffice.compliance.command import parse_date
from backoffice.errors import EXIT_CLEAN, EXIT_PROBLEMS


@dataclass(frozen=True)
class ArchiveOptions:
    """as_of: the day to measure retention against (YYYY-MM-DD, default today); lang."""

    as_of: str | dt.date | None = None
    lang: str | None = None


def archive(book: BookRef, options: ArchiveOptions | None = None,
            progress: ProgressCallback | None = None) -> ActionResult:
    """``text``: what is due for disposal, missing from the register, or not there; exit 1
    when a document is missing or a file is not there."""
    options = options or ArchiveOptions()
    as_of = parse_date(options.as_of) if isinstance(options.as_of, str) else options.as_of
    step(progress, "checking the book and its register", "memeriksa buku dan arsipnya")
    report, language = register.archive_of(path_of(book), as_of, options.lang)
    return ActionResult("archive", EXIT_CLEAN if report.clean else EXIT_PROBLEMS,
                        register.summary(report), language=language, value=report,
                        text=register.to_text(report, language))
