"""What every action gives back, and how it reports progress.

An action is one thing a person does to a book (check it, post it, close a
month…): ``action(book, options, progress=None) -> ActionResult``. Every client
calls the same function — the CLI, ``import backoffice``, a menu in a
spreadsheet — and shows what it got back: the exit code, the Report, what was
written, and a short outcome in English and Bahasa Indonesia fit for a toast or
a message box. Only the client decides how to show it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backoffice.books import GridBook, location_name
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN, BackofficeError
from backoffice.issues import Report

#: A book as an action takes it: the path of a workbook, or a grid book a client holds
#: (LibreOffice, Excel, Google Sheets), whose writes become its edit plan (``book.plan``).
BookRef = str | os.PathLike[str] | GridBook

#: Told each step as it starts; returning False cancels the action before that step
#: (nothing of the step is written). None or True goes on.
ProgressCallback = Callable[[Localized], bool | None]


class ActionCancelled(BackofficeError):
    """The client's progress callback asked to stop; nothing more was written."""

    code = "action-cancelled"
    exit_code = 3  # retryable: the person may simply run it again


@dataclass(frozen=True)
class Written:
    """What an action wrote.

    Attributes:
        sheets: the output sheets written or replaced, by their names in the book.
        rows: rows appended, per sheet name.
        blocks: generated journal blocks written (``payroll:2025-01``), per book path.
        files: other files written (a PDF, a CSV, a book that was created).
    """

    sheets: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)
    blocks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        """Whether anything at all was written."""
        return bool(self.sheets or self.rows or self.blocks or self.files)


@dataclass(frozen=True)
class ActionResult:
    """What an action gives back to every client.

    Attributes:
        action: the action's name ("check", "post", …).
        exit_code: 0 clean, 1 data problems, 2 unusable or refused, 3 retryable.
        outcome: one line for a toast or a message box, in English and Indonesian.
        details: further lines a client may show under the outcome.
        report: the Check report the action was based on, when it checked the book.
        show_report: whether the report explains the outcome (refused, or warnings), so a
            client should show it with the outcome.
        written: what was written.
        language: the language the book or the options chose for messages.
        value: the engine's own result, for callers that want its figures.
        text: a document the action produced for standard output (a report as CSV).
    """

    action: str
    exit_code: int
    outcome: Localized
    details: tuple[Localized, ...] = ()
    report: Report | None = None
    show_report: bool = False
    written: Written = field(default_factory=Written)
    language: str = "en"
    value: Any = None
    text: str | None = None

    def lines(self, lang: str | None = None) -> list[str]:
        """The outcome and its details, in ``lang`` (default: the result's language)."""
        pick = lang or self.language
        return [line.pick(pick) for line in (self.outcome, *self.details) if line.pick(pick)]

    @property
    def ok(self) -> bool:
        """Whether the action did what it was asked (exit code 0)."""
        return self.exit_code == EXIT_CLEAN


def step(progress: ProgressCallback | None, en: str, id_: str) -> None:
    """Tell the client that a step starts; stop here if it asks to cancel."""
    if progress is not None and progress(Localized(en, id_)) is False:
        raise ActionCancelled()


def path_of(book: BookRef) -> str:
    """The workbook's path as the engines take it; a grid book is passed on as it is (the
    engines open it with :func:`backoffice.books.open_book`, which takes either)."""
    return book if isinstance(book, GridBook) else os.fspath(book)  # type: ignore[return-value]


def name_of(book: BookRef) -> str:
    """What to call the book in an outcome line: its path, or the grid book's name."""
    return location_name(book)


NOTHING = Localized("", "")
