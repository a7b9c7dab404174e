"""Check: read every sheet backoffice knows, report every problem, mark the book."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from backoffice import checking, marking
from backoffice.actions.base import (
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
    step,
)
from backoffice.catalogue import Localized
from backoffice.errors import FileLocked, NotWritable
from backoffice.render import summary


@dataclass(frozen=True)
class CheckOptions:
    """lang: the messages' language (default: the book's Settings, else the environment);
    marks: write the Issues sheet and the highlights and notes on wrong cells."""

    lang: str | None = None
    marks: bool = True


def check(book: BookRef, options: CheckOptions | None = None,
          progress: ProgressCallback | None = None) -> ActionResult:
    """Check ``book``; exit 0 when clean (warnings allowed), 1 when problems were found."""
    options = options or CheckOptions()
    path = path_of(book)
    step(progress, "checking the book", "memeriksa buku")
    report = checking.check(path, options.lang)  # looked up here, so a test can replace it
    return ActionResult("check", report.exit_code,
                        Localized(summary(report, "en"), summary(report, "id")),
                        report=report, show_report=True, language=report.language)


def mark(book: BookRef, result: ActionResult, progress: ProgressCallback | None = None
         ) -> ActionResult:
    """Write the marks of a Check result into ``book`` (after a client has shown the report,
    so that a locked file still gets its report). A book that cannot be written now (open
    in Excel, read-only) keeps the result's exit code: the result gains a detail that says
    the marks were not written and why (the report is complete without them)."""
    assert result.report is not None
    step(progress, "marking the book", "menandai buku")
    try:
        wrote = marking.mark_book(path_of(book), result.report, result.report.language)
    except (FileLocked, NotWritable) as exc:
        return dataclasses.replace(result, details=(*result.details, marking.unmarked(exc)))
    return ActionResult(result.action, result.exit_code, result.outcome, result.details,
                        result.report, result.show_report,
                        Written(files=(name_of(book),) if wrote else ()),
                        result.language, result.value, result.text)


def check_and_mark(book: BookRef, options: CheckOptions | None = None,
                   progress: ProgressCallback | None = None) -> ActionResult:
    """Check, then (with ``options.marks``) mark: what a button does in one go."""
    options = options or CheckOptions()
    result = check(book, options, progress)
    return mark(book, result, progress) if options.marks else result
