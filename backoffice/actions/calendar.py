"""Calendar: every tax, BPJS and filing obligation of one or more books due in a month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, path_of, step
from backoffice.compliance import command


@dataclass(frozen=True)
class CalendarOptions:
    """month: YYYY-MM; as_of: the day to judge late against (YYYY-MM-DD, default today);
    ics: also write the calendar to this .ics file; output: text, csv or json; lang."""

    month: str
    as_of: str | None = None
    ics: str | None = None
    output: str = "text"
    lang: str | None = None


def calendar(books: Sequence[BookRef], options: CalendarOptions,
             progress: ProgressCallback | None = None) -> ActionResult:
    """``text``: the month's obligations, done, due or late; refused (exit 2) when a book
    has errors."""
    step(progress, "checking the books and listing the obligations",
         "memeriksa buku dan mendaftar kewajiban")
    result = command.calendar_for([path_of(b) for b in books], options.month, options.as_of,
                                  options.ics, options.lang)
    return ActionResult("calendar", 0, command.summary(result, options.month),
                        written=Written(files=(options.ics,)) if options.ics else Written(),
                        language=result.lang, value=result,
                        text=command.render(result, options.month, options.ics, options.output))
