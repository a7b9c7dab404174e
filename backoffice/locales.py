"""How a book's locale writes numbers and dates when they are typed as text.

The locale comes from the book's Settings (``id-ID`` when none is given). It
matters only for values typed as text: a real Excel number or date is never
reinterpreted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Locale:
    """Separators and date order of one locale.

    Attributes:
        code: BCP 47 tag, e.g. "id-ID".
        decimal: the decimal mark.
        group: the digit-grouping mark.
        date_order: "DMY" or "MDY", the order of a numeric text date; "ISO" accepts
            only year-month-day.
        example_date: how a date is written, for messages.
    """

    code: str
    decimal: str
    group: str
    date_order: str
    example_date: str


LOCALES: dict[str, Locale] = {
    "id-ID": Locale("id-ID", ",", ".", "DMY", "31/01/2026"),
    "en-ID": Locale("en-ID", ".", ",", "DMY", "31/01/2026"),
    "en-GB": Locale("en-GB", ".", ",", "DMY", "31/01/2026"),
    "en-SG": Locale("en-SG", ".", ",", "DMY", "31/01/2026"),
    "en-US": Locale("en-US", ".", ",", "MDY", "01/31/2026"),
}
DEFAULT_LOCALE = LOCALES["id-ID"]

#: How machines write: "." as the decimal mark, no digit grouping, ISO dates (CSV import).
MACHINE = Locale("C", ".", "", "ISO", "2026-01-31")

LANGUAGES = ("en", "id")

# Month names typed in text dates ("5 Maret 2026", "5 Mar 2026", "March 5, 2026").
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "januari"),
        ("february", "feb", "februari", "pebruari"),
        ("march", "mar", "maret"),
        ("april", "apr"),
        ("may", "mei"),
        ("june", "jun", "juni"),
        ("july", "jul", "juli"),
        ("august", "aug", "agustus", "agu", "ags"),
        ("september", "sep", "sept"),
        ("october", "oct", "oktober", "okt"),
        ("november", "nov", "nopember"),
        ("december", "dec", "desember", "des"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number


def get_locale(code: str | None) -> Locale:
    """The :class:`Locale` for ``code`` (case-insensitive, "_" or "-"), else the default."""
    if not code:
        return DEFAULT_LOCALE
    wanted = code.replace("_", "-").lower()
    for known, locale in LOCALES.items():
        if known.lower() == wanted:
            return locale
    return DEFAULT_LOCALE


def language_from_environment() -> str | None:
    """"id" or "en" from BACKOFFICE_LANG, LC_ALL, LC_MESSAGES or LANG; None if none says."""
    for name in ("BACKOFFICE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip().lower()
        if not value or value in ("c", "posix", "c.utf-8"):
            continue
        return "id" if value.startswith(("id", "in_")) else "en"
    return None


def resolve_language(explicit: str | None, from_settings: str | None) -> str:
    """The message language: ``--lang``, else the book's Settings, else the environment, else en."""
    for candidate in (explicit, from_settings, language_from_environment()):
        if candidate in LANGUAGES:
            return candidate
    return "en"
