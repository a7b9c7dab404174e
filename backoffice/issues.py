"""Data problems as records, and the report that collects them.

An :class:`Issue` is one problem at one place (sheet, cell) with a stable code
from :mod:`backoffice.catalogue`. Rendering into English or Indonesian happens
only at the edge (:meth:`Issue.message`), so one report can be shown in either
language. A :class:`Report` is what every action returns; its exit code is the
one the CLI uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backoffice import catalogue
from backoffice.catalogue import Localized

__all__ = ["Issue", "Localized", "Report", "SheetSummary", "make_issue"]
from backoffice.errors import EXIT_CLEAN, EXIT_PROBLEMS

#: Version of the JSON shape of a report (see docs/check-json.md). Bump it when a
#: key is removed or changes meaning; adding a key does not bump it.
REPORT_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a book.

    Attributes:
        code: catalogue code, e.g. "not-a-date".
        sheet: the sheet's name as it is in the workbook.
        row: 1-based worksheet row, or None for a sheet- or book-level problem.
        column: column letter ("E"), or None.
        field: the schema field key ("debit"), or None.
        value: the offending value as the user sees it, or None.
        params: extra template parameters, as sorted (name, value) pairs.
    """

    code: str
    sheet: str
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def severity(self) -> str:
        """"error" or "warning", from the catalogue."""
        return catalogue.lookup(self.code).severity

    @property
    def cell(self) -> str | None:
        """The A1 address ("E12"), or None when the issue is not about one cell."""
        if self.row is None or self.column is None:
            return None
        return f"{self.column}{self.row}"

    def message(self, lang: str = "en") -> tuple[str, str]:
        """(what is wrong, how to fix it) in ``lang``."""
        params = {"sheet": self.sheet, "row": self.row, "value": self.value, **dict(self.params)}
        return catalogue.render(self.code, params, lang)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.sheet, self.row or 0, _column_order(self.column), self.code)


def _column_order(letter: str | None) -> str:
    # "B" < "AA" in sheet order: compare by length first.
    return f"{len(letter or ''):02d}{letter or ''}"


def make_issue(code: str, sheet: str, *, row: int | None = None, column: str | None = None,
               field: str | None = None, value: Any = None, **params: Any) -> Issue:
    """Build an :class:`Issue`, turning ``value`` into the text the user sees."""
    shown = None if value is None else str(value)
    return Issue(code, sheet, row, column, field, shown, tuple(sorted(params.items())))


@dataclass(frozen=True, slots=True)
class SheetSummary:
    """What was read from one sheet: its name in the book, its kind and its data rows."""

    sheet: str
    kind: str
    rows: int


@dataclass(frozen=True)
class Report:
    """The result of an action on a book.

    Attributes:
        book: the path (or name) of the book.
        issues: every problem found, in sheet order.
        sheets: the sheets that were read.
        language: the language messages are rendered in.
    """

    book: str
    issues: tuple[Issue, ...]
    sheets: tuple[SheetSummary, ...] = ()
    language: str = "en"
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings never make a book invalid)."""
        return not any(i.severity == "error" for i in self.issues)

    @property
    def exit_code(self) -> int:
        return EXIT_CLEAN if self.valid else EXIT_PROBLEMS

    def flatten(self, *keys: str) -> list[tuple[Any, ...]]:
        """Issues as tuples of the given attributes: terse, readable test assertions."""
        return [tuple(getattr(i, k) for k in keys) for i in self.issues]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The documented JSON shape (docs/check-json.md), messages in ``lang``."""
        lang = lang or self.language
        issues = []
        for issue in self.issues:
            message, fix = issue.message(lang)
            issues.append({
                "code": issue.code,
                "severity": issue.severity,
                "sheet": issue.sheet,
                "cell": issue.cell,
                "row": issue.row,
                "column": issue.column,
                "field": issue.field,
                "value": issue.value,
                "message": message,
                "fix": fix,
            })
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "book": self.book,
            "language": lang,
            "valid": self.valid,
            "exit_code": self.exit_code,
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "sheets": [{"sheet": s.sheet, "kind": s.kind, "rows": s.rows} for s in self.sheets],
            },
            "issues": issues,
        }
