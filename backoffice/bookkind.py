"""What kind of book a workbook is, and refusing the wrong kind before an action writes.

A ledger, a payroll and an inventory book are told apart by the sheets only
that kind has (Journal, Employees, Items...). Sheets several kinds share
(Settings, the KMK rates) say nothing. An action meant for one kind refuses
another kind of book with what the book is and what the action needs, in the
book's language, before reading or writing anything else: ``post`` on a
payroll book would otherwise write six empty ledger sheets into it.

A workbook whose kind cannot be told (no known sheet, or as many of one kind's
sheets as of another's) is left to the action, which reports what it misses.
"""

from __future__ import annotations

from backoffice.books import open_book
from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused, BackofficeError
from backoffice.locales import language_from_environment, resolve_language
from backoffice.schema import normalize_name
from backoffice.schemas import REGISTRY

KINDS = ("ledger", "payroll", "inventory")

#: A book kind in a sentence, in each language.
KIND_NAMES = {
    "ledger": Localized("a ledger book", "buku besar (ledger)"),
    "payroll": Localized("a payroll book", "buku penggajian (payroll)"),
    "inventory": Localized("an inventory book", "buku persediaan (inventory)"),
}


class WrongBookKind(ActionRefused):
    """An action met a book of another kind (exit 2); rendered in the book's language
    unless ``--lang`` says otherwise (``book_lang``)."""

    def __init__(self, book_lang: str | None = None, **params: object) -> None:
        self.book_lang = book_lang
        super().__init__(**params)


def kind_of(sheet_names: list[str]) -> str | None:
    """The book kind whose own sheets these are; None when no known sheet tells, or a tie."""
    scores = dict.fromkeys(KINDS, 0)
    for name in sheet_names:
        schema = REGISTRY.match_sheet(name)
        if schema is not None and len(schema.books) == 1 and schema.books[0] in scores:
            scores[schema.books[0]] += 1
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def language_of(sheet_names: list[str]) -> str | None:
    """"id" or "en" when a known sheet's name is in one language only, else None."""
    for name in sheet_names:
        schema = REGISTRY.match_sheet(name)
        if schema is None or normalize_name(schema.id) == normalize_name(schema.en):
            continue
        return "id" if normalize_name(name) == normalize_name(schema.id) else (
            "en" if normalize_name(name) == normalize_name(schema.en) else None)
    return None


def resolve_book_language(explicit: str | None, from_settings: str | None,
                          sheet_names: list[str]) -> str:
    """The language to speak about a book: ``--lang``, else its Settings, else the
    environment, else the language its sheets are named in, else English."""
    if explicit or from_settings or language_from_environment():
        return resolve_language(explicit, from_settings)
    return language_of(sheet_names) or "en"


def require_kind(path: str, needed: str, command: str) -> None:
    """Refuse (:class:`WrongBookKind`, exit 2) the book at ``path`` when it is plainly
    another kind of book than ``needed``, which ``command`` ("post") works on.

    A missing or unreadable file is not refused here: the action's own opening says
    what is wrong with it.
    """
    try:
        with open_book(path) as book:
            names = list(book.sheet_names())
    except (OSError, BackofficeError):  # missing, locked, damaged: the action's own words
        return
    found = kind_of(names)
    if found is None or found == needed:
        return
    raise WrongBookKind(
        book_lang=language_of(names),
        detail=Localized(
            f"{path} is {KIND_NAMES[found].en}; {command} works on {KIND_NAMES[needed].en}.",
            f"{path} adalah {KIND_NAMES[found].id}; {command} bekerja pada "
            f"{KIND_NAMES[needed].id}."),
        fix=Localized(f"Run {command} on {KIND_NAMES[needed].en} ('backoffice new {needed} "
                      "FILE.xlsx' creates one).",
                      f"Jalankan {command} pada {KIND_NAMES[needed].id} ('backoffice new "
                      f"{needed} BERKAS.xlsx' membuatnya)."))
