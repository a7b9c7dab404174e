"""Hire: make a candidate of the payroll book an employee (an Employees and a Contracts row)."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, path_of, step
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.hr import hiring


@dataclass(frozen=True)
class HireOptions:
    """candidate: the code in the Candidates sheet; lang: the messages' language."""

    candidate: str
    lang: str | None = None


def hire(book: BookRef, options: HireOptions,
         progress: ProgressCallback | None = None) -> ActionResult:
    """Append the candidate's Employees and Contracts rows; refused (exit 1, the report shown)
    when the book has errors, refused (exit 2) for a candidate not there, incomplete or
    already hired."""
    candidate = options.candidate
    step(progress, "checking the book and hiring", "memeriksa buku dan merekrut")
    result = hiring.hire(path_of(book), candidate, options.lang)
    report = result.report
    if result.employee is None:
        return ActionResult("hire", report.exit_code,
                            Localized(f"{candidate} not hired: fix the errors above first.",
                                      f"{candidate} tidak direkrut: perbaiki galat di atas "
                                      "lebih dulu."),
                            report=report, show_report=True, language=report.language,
                            value=result)
    return ActionResult(
        "hire", EXIT_CLEAN,
        Localized(f"Hired {candidate} as {result.employee}, contract {result.contract}.",
                  f"{candidate} direkrut sebagai {result.employee}, kontrak {result.contract}."),
        report=report, written=Written(rows={sheet: 1 for sheet, _first in result.rows}),
        language=report.language, value=result)
