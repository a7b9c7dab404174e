"""The store a book syncs with, remembered in the book's hidden sync state.

A book that has synced once knows its company's store, so the next ``backoffice
sync BOOK`` without ``--store`` goes there rather than starting a second store
beside the book (a copy of the book in another folder included). A SQLite
store is remembered by its path relative to the book's folder when it lies
beside or below it (a folder moved whole keeps working), else absolutely; other
URLs as they are, without their password.
"""

from __future__ import annotations

import os
from pathlib import Path

_SQLITE = "sqlite:///"


def remember(url: str, book: str | None) -> str:
    """What the hidden state keeps of ``url`` for the book at ``book`` (None: a book with no
    folder, open in a spreadsheet, which keeps a SQLite store's absolute path)."""
    if url.startswith(_SQLITE) and book is None:
        return url
    if url.startswith(_SQLITE):
        target = Path(url.removeprefix(_SQLITE))
        folder = Path(book).resolve().parent
        relative = os.path.relpath(target, folder)
        return _SQLITE + (relative if not relative.startswith("..") else str(target))
    from backoffice.sync.store import display_url

    return display_url(url)


def recall(kept: str | None, book: str | None) -> str | None:
    """The store URL the hidden state remembers for the book at ``book``, or None (also for
    a book with no folder, ``book`` None, that remembers a path relative to one)."""
    if not kept:
        return None
    if kept.startswith(_SQLITE):
        path = Path(kept.removeprefix(_SQLITE))
        if not path.is_absolute() and book is None:
            return None
        if not path.is_absolute():
            path = Path(book).resolve().parent / path
        return _SQLITE + str(path)
    return kept


def store_url_for(book: str | None, option: str | None) -> str:
    """The store of a command given ``book`` (and maybe ``--store``): the option, else
    BACKOFFICE_STORE, else the store the book remembers, else the default beside it."""
    from backoffice.sync.state import read_state
    from backoffice.sync.store import resolve_url

    kept = None
    if book and os.path.isfile(book) and not option:
        kept = recall(read_state(book).url, book)
    return resolve_url(book, option, kept)
