"""References to a sheet by its name, and how they read once the sheet is renamed.

A workbook names its sheets in many places besides the tab: formulas
(``=Issues!B2``, ``='My Sheet'!A1``), defined names and print areas, hyperlink
locations (``'Issues'!A1``), chart series, pivot sources, the links of a
``HYPERLINK("#Issues!A1", …)``. Renaming a sheet the way Excel does means
rewriting each of them; this module does it on text, one formula or one XML
part (or a worksheet's stream of chunks) at a time, and leaves everything else
as it was, byte for byte.

What is left as it is, as Excel leaves it: a reference into another workbook
(``[1]Issues!A1``), text that only looks like a reference (``"Issues!A1"`` as a
string that is not a ``#`` link location).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

#: Characters Excel refuses in a sheet name.
_FORBIDDEN = set("[]:*?/\\")
#: The longest sheet name Excel accepts.
MAX_NAME = 31

_WORD = re.compile(r"[\w.]+")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_LOOKS_LIKE_REF = re.compile(r"(?i)[A-Z]{1,3}\d+|R\d*C?\d*|C\d*|TRUE|FALSE")


def check_sheet_name(name: str) -> None:
    """ValueError when Excel would refuse ``name`` as a sheet name."""
    if not name or len(name) > MAX_NAME or _FORBIDDEN & set(name) \
            or name.startswith("'") or name.endswith("'"):
        raise ValueError(f"not a sheet name Excel accepts: {name!r}")


def sheet_prefix(name: str, quoted: bool = False) -> str:
    """``name`` as written before ``!`` in a formula: quoted when it must be (or ``quoted``)."""
    if quoted or not _PLAIN.fullmatch(name) or _LOOKS_LIKE_REF.fullmatch(name):
        return "'" + name.replace("'", "''") + "'"
    return name


def rename_in_formula(formula: str, old: str, new: str) -> str:
    """``formula`` (without its ``=``, as a file stores it) with every reference to the sheet
    ``old`` (compared regardless of case, as Excel does) naming ``new`` instead."""
    wanted = old.casefold()
    out: list[str] = []
    i, n = 0, len(formula)
    after_bracket = False  # the previous token was [book]: the sheet is another book's
    while i < n:
        ch = formula[i]
        if ch == '"':
            end = _closing(formula, i, '"')
            literal = formula[i + 1:end].replace('""', '"')
            if literal.startswith("#"):  # a link location: HYPERLINK("#Issues!A1", …)
                renamed = "#" + rename_in_formula(literal[1:], old, new)
                out.append('"' + renamed.replace('"', '""') + '"' if renamed != literal
                           else formula[i:end + 1])
            else:
                out.append(formula[i:end + 1])
            i, after_bracket = end + 1, False
            continue
        if ch == "'":
            end = _closing(formula, i, "'")
            name = formula[i + 1:end].replace("''", "'")
            if formula.startswith("!", end + 1) and name.casefold() == wanted and not after_bracket:
                out.append(sheet_prefix(new, quoted=True))
            else:
                out.append(formula[i:end + 1])
            i, after_bracket = end + 1, False
            continue
        if ch == "[":
            end, depth = i, 0
            while end < n:
                depth += {"[": 1, "]": -1}.get(formula[end], 0)
                if depth == 0:
                    break
                end += 1
            out.append(formula[i:end + 1])
            i, after_bracket = end + 1, True
            continue
        word = _WORD.match(formula, i)
        if word is not None:
            text = word.group(0)
            if formula.startswith("!", word.end()) and text.casefold() == wanted \
                    and not after_bracket:
                out.append(sheet_prefix(new))
            else:
                out.append(text)
            i, after_bracket = word.end(), False
            continue
        out.append(ch)
        i, after_bracket = i + 1, False
    return "".join(out)


def _closing(text: str, start: int, quote: str) -> int:
    """The index of the quote that closes the one at ``start`` (doubled quotes are text)."""
    j = start + 1
    while True:
        k = text.find(quote, j)
        if k < 0:
            return len(text) - 1
        if text.startswith(quote * 2, k):
            j = k + 2
            continue
        return k


#: Elements whose text is a formula: cells (``f``), chart series (``c:f``), conditional
#: formats (``formula``), validations (``formula1``/``formula2``, ``xm:f``), defined names.
_FORMULA_ELEMENT = re.compile(
    r"(<((?:\w+:)?(?:f|formula|formula1|formula2|definedName))\b[^>]*(?<!/)>)([^<]*)(</\2>)")
#: Attributes that hold a location (``hyperlink location``, ``Target="#…"`` of a
#: relationship) or a sheet name (a pivot cache's ``worksheetSource sheet``).
_LOCATION = re.compile(r'(\blocation=")([^"]*)(")')
_TARGET = re.compile(r'(\bTarget="#)([^"]*)(")')
_SHEET_ATTR = re.compile(r'(<(?:\w+:)?worksheetSource\b[^>]*\bsheet=")([^"]*)(")')


def rename_in_xml(text: str, old: str, new: str) -> str:
    """An XML part's text with every reference to the sheet ``old`` naming ``new``; the
    text itself (not a copy) when nothing refers to it, so untouched parts stay as they were."""
    if old.casefold() not in html.unescape(text).casefold():
        return text

    def formula(match: re.Match[str]) -> str:
        before = html.unescape(match.group(3))
        after = rename_in_formula(before, old, new)
        if after == before:
            return match.group(0)
        return match.group(1) + _escape_text(after) + match.group(4)

    def location(match: re.Match[str]) -> str:
        before = html.unescape(match.group(2))
        after = rename_in_formula(before, old, new)
        return match.group(0) if after == before else \
            match.group(1) + _escape_attr(after) + match.group(3)

    def sheet(match: re.Match[str]) -> str:
        if html.unescape(match.group(2)).casefold() != old.casefold():
            return match.group(0)
        return match.group(1) + _escape_attr(new) + match.group(3)

    text = _FORMULA_ELEMENT.sub(formula, text)
    text = _LOCATION.sub(location, text)
    text = _TARGET.sub(location, text)
    return _SHEET_ATTR.sub(sheet, text)


def rename_in_chunks(chunks: Iterable[bytes], old: str, new: str) -> Iterator[bytes]:
    """A worksheet's chunks (as read from the package) with :func:`rename_in_xml` applied,
    never cutting an element in two: each chunk is cut before its last opening tag, and
    what follows waits for the next one."""
    carry = b""
    for block in chunks:
        data = carry + block
        cut = last_opening_tag(data)
        head, carry = data[:cut], data[cut:]
        if head:
            yield rename_in_xml(head.decode("utf-8"), old, new).encode("utf-8")
    if carry:
        yield rename_in_xml(carry.decode("utf-8"), old, new).encode("utf-8")


def last_opening_tag(data: bytes) -> int:
    """Where the last tag that opens an element starts (a formula element begun there
    closes after it; one begun before has closed before it); 0 when there is none."""
    at = len(data)
    while True:
        at = data.rfind(b"<", 0, at)
        if at < 0:
            return 0
        # A "<" that ends the data may open a closing tag whose "/" is in the next chunk.
        if at + 1 < len(data) and data[at + 1:at + 2] != b"/":
            return at


def rename_in_titles(app: str, old: str, new: str) -> str:
    """docProps/app.xml with the sheet's entry in ``TitlesOfParts`` (and the entries of
    names scoped to it, ``Issues!Print_Area``) naming ``new``."""
    titles = re.search(r"<TitlesOfParts>.*?</TitlesOfParts>", app, re.S)
    if titles is None:
        return app

    def entry(match: re.Match[str]) -> str:
        before = html.unescape(match.group(2))
        after = new if before.casefold() == old.casefold() else rename_in_formula(before, old, new)
        return match.group(0) if after == before else \
            match.group(1) + _escape_text(after) + match.group(3)

    inside = re.sub(r"(<vt:lpstr>)([^<]*)(</vt:lpstr>)", entry, titles.group(0))
    return app[:titles.start()] + inside + app[titles.end():]


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;")
