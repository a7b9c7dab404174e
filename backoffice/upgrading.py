"""``backoffice upgrade BOOK``: bring a book made from an older template up to the schemas.

What the current schemas have and the book lacks is added: columns (at the
right of the header row, inside the Excel table if there is one, with their
dropdowns and input messages), whole sheets, and settings rows with their
defaults. Nothing the user typed is changed or moved: the data rows of every
sheet stay byte for byte as they were. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from backoffice.books import BookWriter, open_book, open_writer
from backoffice.books.ooxml import column_index, column_letter
from backoffice.books.sheetxml import dropdown_labels, validation
from backoffice.checking import _known_sheets, read_settings
from backoffice.locales import resolve_language
from backoffice.reading import find_header
from backoffice.schema import SheetSchema, normalize_name
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema
from backoffice.templates import BOOK_KINDS


@dataclass
class UpgradeResult:
    """What an upgrade added, as lines for the user (empty: the book was up to date)."""

    added: list[str] = field(default_factory=list)
    #: The language of the words above: --lang, else the book's Settings, else its sheets'.
    lang: str = "en"


#: What an upgrade added, in the book's language.
_WORDS = {"column": {"en": "column", "id": "kolom"},
          "dropdown": {"en": "dropdown for", "id": "daftar pilihan untuk"},
          "setting": {"en": "setting", "id": "pengaturan"}}


def book_kind(found: dict[str, str]) -> str | None:
    """Which kind of book (ledger, payroll, inventory) has these sheets; None if unclear."""
    scores = {kind: sum(1 for s in REGISTRY.for_book(kind) if s.kind in found and
                        s.kind != "settings") for kind in BOOK_KINDS}
    best = max(scores.values())
    winners = [k for k, v in scores.items() if v == best]
    return winners[0] if best and len(winners) == 1 else None


def upgrade(path: str, lang: str | None = None) -> UpgradeResult:
    """Add to the book at ``path`` what the current schemas have and it lacks."""
    result = UpgradeResult()
    with open_book(path) as book:
        found = _known_sheets(book, REGISTRY)
        book_lang = _book_language(found, lang)
        heads = {kind: book.head(sheet, 200) for kind, sheet in found.items()}
        settings_values = (read_settings(book, found["settings"], REGISTRY["settings"])[0]
                           if "settings" in found else None)
    result.lang = resolve_language(lang, (settings_values.values.get("language")
                                          if settings_values else None) or book_lang)
    kind = book_kind(found)
    schemas = REGISTRY.for_book(kind) if kind else [REGISTRY[k] for k in found]
    with open_writer(path) as writer:
        for schema in schemas:
            sheet = found.get(schema.kind)
            if sheet is None:
                name = writer.add_input_sheet(schema, book_lang)
                result.added.append(f"sheet {name}")
            elif schema.layout == "settings":
                _add_settings(writer, sheet, heads[schema.kind], settings_values, book_lang,
                              result, kind)
            else:
                _add_columns(writer, sheet, schema, heads[schema.kind], book_lang, result)
        if result.added:
            writer.save()
    return result


def _book_language(found: dict[str, str], lang: str | None) -> str:
    """The language the book is written in: its sheet names say it, else ``lang``."""
    for kind, sheet in found.items():
        schema = REGISTRY[kind]
        if normalize_name(schema.id) != normalize_name(schema.en):
            if normalize_name(sheet) == normalize_name(schema.id):
                return "id"
            if normalize_name(sheet) == normalize_name(schema.en):
                return "en"
    return resolve_language(lang, None)


def _add_columns(writer: BookWriter, sheet: str, schema: SheetSchema, head, lang: str,
                 result: UpgradeResult) -> None:  # type: ignore[no-untyped-def]
    match = find_header(head, schema.fields)
    if match is None:
        return
    header_cells = dict(next(cells for row, cells in head if row == match.row))
    next_column = max(header_cells, default=-1) + 1
    headers: dict[str, str] = {}
    validations = []
    for item in schema.fields:
        if item.key in match.letters:
            continue
        letter = column_letter(next_column + len(headers))
        headers[letter] = item.header(lang)
        validations.append(validation(item, letter, match.row + 1, lang))
        result.added.append(f"{sheet}: {_WORDS['column'][result.lang]} {item.header(lang)} ({letter})")
    have_dropdowns = writer.dropdown_columns(sheet)
    for item in schema.fields:
        letter = match.letters.get(item.key)
        if letter and dropdown_labels(item, lang) is not None and letter not in have_dropdowns:
            validations.append(validation(item, letter, match.row + 1, lang))
            result.added.append(f"{sheet}: {_WORDS['dropdown'][result.lang]} {match.headers[item.key]} "
                                f"({letter})")
    if headers or validations:
        writer.add_columns(sheet, match.row, headers, validations)


def _add_settings(writer: BookWriter, sheet: str, head, data, lang: str,  # type: ignore[no-untyped-def]
                  result: UpgradeResult, kind: str | None) -> None:
    columns = (settings_schema.NAME_COLUMN, settings_schema.VALUE_COLUMN)
    match = find_header(head, columns)
    if match is None or data is None:
        return
    missing = [f for f in settings_schema.for_book(kind) if f.key not in data.letters]
    if not missing:
        return
    name_letter = match.letters["setting"]
    value_letter = match.letters.get("value", column_letter(column_index(name_letter) + 1))
    rows = []
    for item in missing:
        value = item.default
        if item.choices:
            value = next((c.label(lang) for c in item.choices if c.value == value), value)
        rows.append({name_letter: item.header(lang), value_letter: value})
        result.added.append(f"{sheet}: {_WORDS['setting'][result.lang]} {item.header(lang)}")
    writer.append_rows(sheet, match.row, rows, {value_letter: "text", name_letter: "text"})
