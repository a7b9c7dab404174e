"""Upgrade: bring a book made from an older template up to the current sheets and columns."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice import upgrading
from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, name_of, path_of, step
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN


@dataclass(frozen=True)
class UpgradeOptions:
    """lang: the messages' language (new columns take the book's own language)."""

    lang: str | None = None


def upgrade(book: BookRef, options: UpgradeOptions | None = None,
            progress: ProgressCallback | None = None) -> ActionResult:
    """Add new columns, sheets, settings and dropdowns; nothing typed is changed."""
    options = options or UpgradeOptions()
    path = path_of(book)
    name = name_of(book)
    step(progress, "upgrading the book", "memperbarui buku")
    result = upgrading.upgrade(path, options.lang)
    language = result.lang  # the book's language, unless lang says otherwise
    if not result.added:
        return ActionResult("upgrade", EXIT_CLEAN,
                            Localized(f"{name} is up to date.", f"{name} sudah mutakhir."),
                            language=language, value=result)
    added = tuple(Localized(f"  {line}", f"  {line}") for line in result.added)
    return ActionResult("upgrade", EXIT_CLEAN,
                        Localized(f"{name} upgraded; added:", f"{name} diperbarui; ditambahkan:"),
                        added, written=Written(files=(name,)), language=language, value=result)
