"""A Google Sheet the server reaches: ``gsheet:<id or URL>`` (issue 20).

A Google Sheet has no folder to say whose it is, so the company's admin registers it by
putting someone on its allow-list (``backoffice server allow COMPANY gsheet:<id> EMAIL``):
the sheet belongs to the company whose allow-list names it. A sheet nobody registered is
out of reach (404), and one two companies claim is refused rather than guessed.

An action runs on :class:`~backoffice.addin.gsheets.book.GoogleSheetBook` (the sheets read
in one batch); a writing action's plan is written in one ``batchUpdate`` after the sheets
are read again, so a colleague who typed meanwhile makes the run stale (exit 3) instead of
being overwritten. Every Google call spends from the one budget kept in the store for all
worker processes (:mod:`backoffice.addin.server.quota`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from backoffice.addin.server import refusals
from backoffice.addin.server.config import ServerConfig
from backoffice.addin.server.state import ALLOWED, open_state
from sqlalchemy.engine import Engine

from backoffice.actions.base import ActionResult


@dataclass(frozen=True)
class SheetBook:
    """A Google Sheet the server runs actions on (see :mod:`backoffice.addin.server.addresses`)."""

    address: str
    company: str
    name: str
    file_id: str
    #: Google's quota shared by every worker (:mod:`backoffice.addin.server.quota`)
    budget: Any = field(default=None, compare=False, repr=False)

    def run(self, action, writes: bool, in_place: bool = False) -> ActionResult:  # type: ignore[no-untyped-def]
        """Read the sheet, run ``action`` on it and, when it ``writes``, write its plan
        if the sheets are still as they were read."""
        from backoffice.addin.gsheets.book import GoogleSheetBook
        from backoffice.addin.gsheets.client import make_client

        book = GoogleSheetBook(make_client(budget=self.budget), self.file_id)
        result = action(book)
        if writes:
            book.commit()  # reads again first: StalePlan (exit 3) when a colleague typed
        return result


PREFIX = "gsheet:"
#: The id inside a sheet's URL (https://docs.google.com/spreadsheets/d/<id>/edit…).
_URL_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]{10,})")
_BARE_ID = re.compile(r"[A-Za-z0-9_-]{10,}")


def book_key(book: str) -> str:
    """The one spelling of a book's address the store keeps: ``gsheet:<id>`` whether the
    admin typed the id or pasted the sheet's URL; any other address as it is."""
    if not book.startswith(PREFIX):
        return book
    body = book[len(PREFIX):]
    found = _URL_ID.search(body)
    if found:
        return PREFIX + found[1]
    return PREFIX + body if _BARE_ID.fullmatch(body) else book


@functools.lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    return open_state(url)


def companies_of(engine: Engine, address: str) -> list[str]:
    """The companies whose allow-lists name the sheet at ``address``."""
    with engine.connect() as connection:
        return sorted(set(connection.execute(
            sa.select(ALLOWED.c.company).where(ALLOWED.c.book == address)).scalars()))


def resolve_gsheet(rest: str, config: ServerConfig) -> SheetBook:
    """The Google Sheet ``gsheet:<rest>``, belonging to the company that registered it."""
    address = book_key(PREFIX + rest)
    if address == PREFIX + rest and not _BARE_ID.fullmatch(rest):
        raise refusals.unknown_book(PREFIX + rest)  # neither an id nor a sheet's URL
    companies = companies_of(_engine(config.store), address)
    if len(companies) != 1:  # none registered it, or two claim it: never guessed
        raise refusals.unknown_book(address)
    from backoffice.addin.server.quota import store_budget

    return SheetBook(address=address, company=companies[0], name=address,
                     file_id=address[len(PREFIX):],
                     budget=store_budget(config.store, config.sheets_quota, config.sheets_quota))
