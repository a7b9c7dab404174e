"""How the server reaches a book: one function, :func:`resolve`, from an address to a book.

Today an address is a file under the configured folder, ``<company>/<file>.xlsx`` (or with
``file:`` before it): the first folder is the company the book belongs to. Another kind
of book registers its scheme with :func:`register` — the Google Sheets connector adds
``gsheet:<id>`` — and gives back an object with the same three attributes and ``run``;
nothing else in the server changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from backoffice.addin.server import refusals
from backoffice.addin.server.config import ServerConfig
from backoffice.addin.server.filebook import FileBook
from backoffice.addin.server.sheetbook import resolve_gsheet

from backoffice.actions.base import ActionResult, BookRef

#: An action bound to its options, waiting for the book to run on.
Bound = Callable[[BookRef], ActionResult]


class ServedBook(Protocol):
    """A book the server can run actions on.

    ``address`` is its normalised address (the lock's and the allow-list's key),
    ``company`` the company it belongs to, ``name`` what outcome lines call it. ``run``
    runs the action; when ``writes`` it must write only if the book is still as the action
    read it (else raise :class:`backoffice.books.editplan.StalePlan`, exit 3).
    """

    address: str
    company: str
    name: str

    def run(self, action: Bound, writes: bool, in_place: bool = False) -> ActionResult: ...


Resolver = Callable[[str, ServerConfig], ServedBook]

_SCHEMES: dict[str, Resolver] = {"gsheet": resolve_gsheet}

SUFFIXES = (".xlsx", ".xlsm")


def register(scheme: str, resolver: Resolver) -> None:
    """Let addresses ``<scheme>:…`` be reached through ``resolver``."""
    _SCHEMES[scheme] = resolver


def resolve(address: str, config: ServerConfig) -> ServedBook:
    """The book at ``address``, or a :class:`~backoffice.addin.server.refusals.Refusal` (404)."""
    scheme, sep, rest = address.partition(":")
    if sep and scheme != "file" and len(scheme) > 1:  # "C:" would be a drive, never served
        if scheme not in _SCHEMES:
            raise refusals.unsupported_address(address, scheme)
        return _SCHEMES[scheme](rest, config)
    return resolve_file(rest if sep else address, config)


def resolve_file(relative: str, config: ServerConfig) -> FileBook:
    """A file under the books folder: ``<company>/…/<name>.xlsx``, nothing outside it."""
    root = Path(config.books).resolve()
    parts = Path(relative).parts
    if (len(parts) < 2 or Path(relative).is_absolute() or ".." in parts
            or any(part.startswith(".") for part in parts)):
        raise refusals.unknown_book(relative)
    path = (root / relative).resolve()
    if (not path.is_relative_to(root) or path.suffix.lower() not in SUFFIXES
            or not path.is_file()):
        raise refusals.unknown_book(relative)
    return FileBook(address="/".join(parts), company=parts[0], name=path.name, path=path,
                    root=root)
