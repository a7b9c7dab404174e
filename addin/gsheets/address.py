"""The one seam where the CLI meets Google Sheets: ``gsheet:<id or URL>`` as a BOOK.

:func:`open_book_address` gives a book for such an address (None for a file path, which
the CLI opens as before); :func:`finish_book` writes what the action planned.
"""

from __future__ import annotations

import os
from typing import Any

#: How a Google Sheet is named where the CLI takes a BOOK (no gspread import for files).
PREFIX = "gsheet:"


def is_gsheet(text: Any) -> bool:
    """Whether ``text`` is a Google Sheet address."""
    return isinstance(text, str) and text.startswith(PREFIX)


def open_book_address(text: str | os.PathLike[str]) -> Any:
    """A :class:`~backoffice.addin.gsheets.book.GoogleSheetBook` for ``gsheet:<id or URL>``
    (read in two calls plus the token), None for anything else."""
    if not is_gsheet(text):
        return None
    from backoffice.addin.gsheets.book import GoogleSheetBook, spreadsheet_id
    from backoffice.addin.gsheets.client import make_client

    return GoogleSheetBook(make_client(), spreadsheet_id(str(text)))


def refuse_gsheet_post_to(post_to: str | None) -> None:
    """Refuse (exit 2, in en and id) a Google Sheet as the ledger ``--post-to`` names: the
    posting is written into that ledger as a file while the action runs (docs/edit-plan.md,
    what v1 does not carry)."""
    if is_gsheet(post_to):
        from backoffice.addin.gsheets.errors import GsheetsError

        raise GsheetsError("gsheet-post-to", text=post_to)


def finish_book(book: Any) -> int:
    """Write a Google Sheet book's plan (one batchUpdate when it fits); 0 for anything else."""
    from backoffice.addin.gsheets.book import GoogleSheetBook

    return book.commit() if isinstance(book, GoogleSheetBook) else 0
