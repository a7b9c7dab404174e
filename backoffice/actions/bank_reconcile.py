"""Bank reconcile: match an account's statement lines to its journal lines and prove a month."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import (
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
    step,
)
from backoffice.bank.reconciling import reconcile_book
from backoffice.bank.wording import reconcile_summary
from backoffice.bookkind import require_kind
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN, EXIT_PROBLEMS
from backoffice.wording import book_language


@dataclass(frozen=True)
class BankReconcileOptions:
    """account: the cash or bank account's code; period: YYYY-MM; window: days a journal
    line's date may differ from the bank's; lang: messages (default: the book's language)."""

    account: str
    period: str
    window: int = 3
    lang: str | None = None


def bank_reconcile(book: BookRef, options: BankReconcileOptions,
                   progress: ProgressCallback | None = None) -> ActionResult:
    """Write the proposals and the reconciliation sheet; exit 1 while a difference is left
    unexplained. The outcome is the proof's head line, its figures the details."""
    path, name = path_of(book), name_of(book)
    require_kind(path, "ledger", "bank reconcile")
    step(progress, "matching the statement to the journal", "mencocokkan mutasi dengan jurnal")
    result = reconcile_book(path, options.account, options.period, options.window, options.lang)
    en = reconcile_summary(result, name, "en").split("\n")
    id_ = reconcile_summary(result, name, "id").split("\n")
    lines = [Localized(a, b) for a, b in zip(en, id_, strict=True)]
    return ActionResult("bank-reconcile",
                        EXIT_CLEAN if result.proof.difference == 0 else EXIT_PROBLEMS,
                        lines[0], tuple(lines[1:]),
                        written=Written(sheets=(result.sheet,)) if result.sheet else Written(),
                        language=book_language(path, options.lang), value=result)
