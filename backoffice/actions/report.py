"""Report: one of the ledger's, payroll's or tax reports, as text or into a file."""

from __future__ import annotations

from dataclasses import dataclass, field

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, name_of, path_of, step
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.ledger import reporting
from backoffice.ledger.reports import Options


@dataclass(frozen=True)
class ReportOptions:
    """name: the report (trial-balance, ar-aging, coretax-faktur-xml, …); output: csv, json,
    xlsx or xml (default: the report's own); target: a file to write (required for xlsx);
    coretax: the input-VAT list downloaded from Coretax (efaktur-input-reconciliation);
    period: which dates; lang: messages."""

    name: str
    output: str | None = None
    target: str | None = None
    coretax: str | None = None
    period: Options = field(default_factory=Options)
    lang: str | None = None


def report(book: BookRef, options: ReportOptions,
           progress: ProgressCallback | None = None) -> ActionResult:
    """Build the report; its text is ``result.text`` unless it went to ``options.target``.
    What a Coretax file leaves out for the user to file by hand comes as ``details``."""
    path = path_of(book)
    name = name_of(book)
    notes: list[Localized] = []
    step(progress, f"building {options.name}", f"menyusun {options.name}")
    text = reporting.run_report(path, options.name, options.output, options.period,
                                options.lang, options.target, options.coretax, notes.append)
    if options.target is not None:
        outcome = Localized(f"Wrote {options.name} of {name} to {options.target}.",
                            f"{options.name} dari {name} ditulis ke {options.target}.")
        written = Written(files=(options.target,))
    else:
        outcome, written = Localized(f"{options.name} of {name}.",
                                     f"{options.name} dari {name}."), Written()
    return ActionResult("report", EXIT_CLEAN, outcome, tuple(notes), written=written,
                        text=text, language=options.lang or "en")
