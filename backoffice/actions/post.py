"""Post: rebuild the ledger's output sheets from its Journal."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from backoffice.errors import EXIT_CLEAN
from backoffice.ledger import posting
from backoffice.ledger.reports import Options


@dataclass(frozen=True)
class PostOptions:
    """lang: the messages' language; period: which dates the output sheets cover."""

    lang: str | None = None
    period: Options = field(default_factory=Options)


def post(book: BookRef, options: PostOptions | None = None,
         progress: ProgressCallback | None = None) -> ActionResult:
    """Post ``book``; refused (exit 1, the report shown) when it has errors."""
    options = options or PostOptions()
    path = path_of(book)
    step(progress, "posting the ledger", "memposting buku besar")
    result = posting.post(path, options.lang, options.period)
    report = result.report
    if not result.sheets:
        return ActionResult("post", report.exit_code,
                            Localized("Not posted: fix the errors above first.",
                                      "Tidak diposting: perbaiki galat di atas lebih dulu."),
                            report=report, show_report=True, language=report.language,
                            value=result)
    sheets = ", ".join(result.sheets)
    skipped = tuple(Localized(
        f"{sheet} not written: the book has its own sheet of that name; rename it to get "
        "backoffice's.",
        f"{sheet} tidak ditulis: buku ini punya sheet sendiri dengan nama itu; ganti namanya "
        "untuk mendapatkan yang dari backoffice.") for sheet in result.skipped)
    return ActionResult("post", EXIT_CLEAN,
                        Localized(f"Posted {name_of(book)}: wrote {sheets}.",
                                  f"{name_of(book)} diposting: ditulis {sheets}."),
                        skipped, report, written=Written(sheets=tuple(result.sheets)),
                        language=report.language, value=result)
