"""Words and numbers as the book's language writes them, for the lines commands print.

Every line a command prints about a book is in one language: ``--lang``, else
the book's Settings, else the environment's, else the language the book's sheets
are named in. Counts are grouped the way that language writes them:
``Jurnal (2.724)``, ``Journal (2,724)``.
"""

from __future__ import annotations

from backoffice.catalogue import Localized
from backoffice.locales import resolve_language

#: A book kind as a new book of it is called.
NEW_BOOK = {
    "ledger": Localized("a new ledger book", "buku besar (ledger) baru"),
    "payroll": Localized("a new payroll book", "buku penggajian (payroll) baru"),
    "inventory": Localized("a new inventory book", "buku persediaan (inventory) baru"),
}


def grouped(number: int, lang: str) -> str:
    """``number`` with digit grouping: 2,724 in English, 2.724 in Indonesian."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "id" else text


def one_decimal(number: float, lang: str) -> str:
    """A duration or ratio shown with one decimal: 8.4 in English, 8,4 in Indonesian."""
    text = f"{number:.1f}"
    return text.replace(".", ",") if lang == "id" else text


def book_language(path: str, explicit: str | None = None) -> str:
    """The language to speak about the book at ``path``: ``explicit`` (``--lang``), else
    the book's Settings, else the environment, else its sheet names. A file that cannot
    be read says nothing (the command's own error will)."""
    if explicit:
        return resolve_language(explicit, None)
    from backoffice.bookkind import resolve_book_language
    from backoffice.books import open_book
    from backoffice.errors import BackofficeError
    from backoffice.schemas import REGISTRY

    try:
        with open_book(path) as book:
            names = list(book.sheet_names())
            settings = next((s for s in names
                             if REGISTRY.match_sheet(s) is REGISTRY["settings"]), None)
            from_settings = None
            if settings is not None:
                from backoffice.checking import read_settings

                data, _ = read_settings(book, settings, REGISTRY["settings"])
                from_settings = data.values.get("language")
    except (OSError, BackofficeError):
        return resolve_language(None, None)
    return resolve_book_language(None, from_settings, names)
