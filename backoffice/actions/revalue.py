"""Revalue: foreign-currency balances at a month's end, reversed on the next month's first day."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, name_of, path_of, step
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.ledger import revaluation
from backoffice.wording import book_language, grouped


@dataclass(frozen=True)
class RevalueOptions:
    """period: the month to revalue at its end (YYYY-MM); lang: messages and entry text."""

    period: str
    lang: str | None = None


def revalue(book: BookRef, options: RevalueOptions,
            progress: ProgressCallback | None = None) -> ActionResult:
    """Post (again: replace) the ``reval:YYYY-MM`` block."""
    path, period = path_of(book), options.period
    name = name_of(book)
    step(progress, "revaluing foreign-currency balances", "merevaluasi saldo valuta asing")
    result, lines = revaluation.revalue(path, period, options.lang)
    language = book_language(path, options.lang)
    written = Written(blocks={name: (f"reval:{period}",)}) if result.changed else Written()
    if not lines:
        removed = Localized(" The earlier revaluation entries were removed.",
                            " Entri revaluasi sebelumnya dihapus.") if result.changed else \
            Localized("", "")
        outcome = Localized(
            f"{period}: no foreign-currency balance to revalue in {name}.{removed.en}",
            f"{period}: tidak ada saldo valuta asing untuk direvaluasi di {name}.{removed.id}")
    elif result.changed:
        outcome = Localized(f"Revalued {period} of {name}: {lines:,} lines posted "
                            f"(Source reval:{period}).",
                            f"Revaluasi {period} pada {name}: {grouped(lines, 'id')} baris "
                            "diposting "
                            f"(Sumber reval:{period}).")
    else:
        outcome = Localized(f"{period} of {name} was already revalued at these rates; nothing "
                            "changed.",
                            f"{period} pada {name} sudah direvaluasi dengan kurs ini; tidak ada "
                            "yang berubah.")
    return ActionResult("revalue", EXIT_CLEAN, outcome, written=written, language=language,
                        value=(result, lines))
