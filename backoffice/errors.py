"""Failures: the exceptions that stop an action.

Data problems (a wrong cell, an unbalanced entry) are not exceptions: they are
:class:`backoffice.issues.Issue` records collected into a report, so one run
reports all of them. An exception means the action cannot run at all, and its
class decides the exit code every command keeps::

    BackofficeError                      (never raised itself)
    ├── UsageError             exit 2    wrong command-line usage
    │   └── ActionRefused                the input is not ready for the action
    ├── UnusableInput          exit 2    the input cannot be used as it is
    │   ├── NotAWorkbook                 not a spreadsheet at all
    │   ├── LegacyWorkbook               an old binary .xls / .xlsb / .ods
    │   ├── EncryptedWorkbook            password-protected
    │   ├── CorruptWorkbook              a damaged .xlsx
    │   ├── BookTooLarge                 beyond what backoffice reads (books/limits.py)
    │   ├── HiddenStateDamaged           backoffice's hidden sheet cannot be read
    │   ├── MissingSheet                 a sheet the action needs is absent
    │   ├── MissingColumn                a column the action needs is absent
    │   └── NotWritable                  read-only, or its folder is missing or read-only
    └── RetryableError         exit 3    try again later
        └── FileLocked                   open in Excel, or read-only

Every failure carries a message code from :mod:`backoffice.catalogue` and its
parameters, so it is rendered in English or Bahasa Indonesia like any issue.
"""

from __future__ import annotations

from typing import Any

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2
EXIT_RETRY = 3
EXIT_INTERNAL = 4


class BackofficeError(Exception):
    """Root of every failure backoffice raises on purpose."""

    exit_code: int = EXIT_UNUSABLE
    code: str = "internal"
    #: The language of the book the failure is about, when known: the message takes it
    #: unless --lang says otherwise.
    book_lang: str | None = None

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        """The one-line message in ``lang`` ("en" or "id")."""
        from backoffice.catalogue import render_failure

        return render_failure(self.code, self.params, lang)


class UsageError(BackofficeError):
    """The command was called the wrong way."""

    code = "usage"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        # The help to point at: the CLI names the subcommand ("backoffice post").
        params.setdefault("command", "backoffice")
        super().__init__(code, **params)


class ActionRefused(UsageError):
    """The action cannot run on its input as it is (a rate, a setting or a column missing
    from the book, a CSV that is not UTF-8, a file already where a new one would go):
    ``detail`` says what is wrong and ``fix`` what to do, both :class:`Localized`. Unlike a
    plain UsageError it does not point at ``--help``, which would not help."""

    code = "refused"


class BookHasErrors(UsageError):
    """An action that needs a book without errors (report, close, revalue, stock) met one."""

    code = "usage"


class UnusableInput(BackofficeError):
    """The workbook cannot be used as it is; the user must fix or convert it."""


class NotAWorkbook(UnusableInput):
    code = "not-a-workbook"


class LegacyWorkbook(UnusableInput):
    code = "legacy-workbook"


class EncryptedWorkbook(UnusableInput):
    code = "encrypted-workbook"


class CorruptWorkbook(UnusableInput):
    code = "corrupt-workbook"


class BookTooLarge(UnusableInput):
    """A sheet or part exceeds a limit of :mod:`backoffice.books.limits` (``sheet``,
    ``found``, ``limit``, ``what``)."""

    code = "book-too-large"


class HiddenStateDamaged(UnusableInput):
    """backoffice's hidden state in the book (``sheet``) cannot be read as it was written."""

    code = "hidden-state-damaged"


class MissingSheet(UnusableInput):
    code = "missing-sheet"


class MissingColumn(UnusableInput):
    code = "missing-column"


class NotWritable(UnusableInput):
    """The file cannot be written and waiting will not help: it is read-only, or its folder
    does not exist or cannot be written to (unlike :class:`FileLocked`, open elsewhere)."""

    code = "not-writable"


class RetryableError(BackofficeError):
    """Nothing is wrong with the data; the same action may succeed later."""

    exit_code = EXIT_RETRY


class FileLocked(RetryableError):
    code = "file-locked"
