"""``backoffice settings BOOK [NAME [VALUE]]``: see, or set, one of a book's settings.

A setting is named in English or Indonesian, any case or spacing ("Receivables
account", "akun piutang usaha"). A value is read like one typed into the
Settings sheet (by the book's locale, a choice in either language) and refused
when it would be a problem there, before the book is touched. It is written in
place of the setting's row, or in a new row below the others, in one atomic save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from backoffice import coerce
from backoffice.books import open_book, open_writer
from backoffice.books.ooxml import column_index, column_letter
from backoffice.catalogue import Localized, render
from backoffice.checking import read_settings
from backoffice.coerce import Context
from backoffice.errors import ActionRefused, MissingSheet
from backoffice.locales import get_locale, resolve_language
from backoffice.reading import find_header
from backoffice.schema import Field, Kind, normalize_name
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema


@dataclass(frozen=True)
class SettingsView:
    """A book's settings as shown: (name in the book's language, value shown) per setting,
    and the language."""

    rows: list[tuple[str, str]]
    lang: str

    def text(self) -> str:
        """Aligned ``Name  value`` lines."""
        width = max((len(name) for name, _ in self.rows), default=0)
        return "\n".join(f"{name:<{width}}  {value}".rstrip() for name, value in self.rows)


def _refused(detail: Localized, fix: Localized, lang: str | None) -> ActionRefused:
    """An ActionRefused said in the book's language ``lang`` (unless --lang says otherwise)."""
    refused = ActionRefused(detail=detail, fix=fix)
    refused.book_lang = lang
    return refused


def find_setting(name: str, lang: str | None = None) -> Field:
    """The setting called ``name`` in either language (or an alias); refused (in ``lang``)
    if there is none."""
    wanted = normalize_name(name)
    for field in settings_schema.SETTINGS:
        if wanted in {normalize_name(n) for n in field.names()} or wanted == field.key.replace(
                "_", ""):
            return field
    raise _refused(
        Localized(f"There is no setting called {name!r}.",
                  f"Tidak ada pengaturan bernama {name!r}."),
        Localized("Run 'backoffice settings BOOK' to see the book's settings.",
                  "Jalankan 'backoffice settings BUKU' untuk melihat pengaturan buku."), lang)


def show(path: str, name: str | None = None, lang: str | None = None) -> SettingsView:
    """The book's settings (only ``name`` when given), with their values."""
    values, language, _ = _read(path, lang)
    from backoffice.bookkind import kind_of

    with open_book(path) as book:
        kind = kind_of(list(book.sheet_names()))
    fields = [find_setting(name, language)] if name else list(settings_schema.for_book(kind))
    return SettingsView([(f.header(language), _shown(f, values.get(f.key), language))
                         for f in fields], language)


def set_setting(path: str, name: str, value: str, lang: str | None = None) -> SettingsView:
    """Set the setting ``name`` of the book at ``path`` to ``value`` (as typed); the setting
    as it now reads."""
    return set_settings(path, [(name, value)], lang)


def set_settings(path: str, pairs: list[tuple[str, str]], lang: str | None = None
                 ) -> SettingsView:
    """Set each (name, value as typed) of ``pairs``, all or none (every value is checked
    before the book is written); the settings set, as they now read."""
    values, language, where = _read(path, lang)
    replaced: dict[int, dict[str, object]] = {}
    appended: list[dict[str, object]] = []
    fields = []
    for name, value in pairs:
        field = find_setting(name, language)
        typed = _coerce(field, value, values, language)
        sheet, header_row, name_col, value_col, row, row_cells = where(field)
        cell = _cell_value(field, typed, value, language)
        if row is None:
            appended.append({column_letter(name_col): field.header(language),
                             column_letter(value_col): cell})
        else:  # the row keeps its name as typed and its help: only the value changes
            replaced[row] = {**row_cells(row), column_letter(value_col): cell}
        fields.append(field)
    if fields:
        with open_writer(path) as writer:
            writer.replace_rows(sheet, header_row, replaced, appended,
                                {column_letter(value_col): "text"})
            writer.save()
    shown = {k: v for k, v in _read(path, lang)[0].items()}
    return SettingsView([(f.header(language), _shown(f, shown.get(f.key), language))
                         for f in fields], language)


def import_settings(path: str, csv_path: str, lang: str | None = None) -> SettingsView:
    """Set the settings a CSV lists, one a line: a name (either language), then its value;
    a first line naming the columns (Setting, Value) is skipped."""
    from pathlib import Path

    from backoffice.csvimport.text import read_csv_text

    rows = [r for r in read_csv_text(Path(csv_path).read_bytes()).rows if r and r[0].strip()]
    names = {normalize_name(n) for n in settings_schema.NAME_COLUMN.names()}
    if rows and normalize_name(rows[0][0]) in names:
        rows = rows[1:]
    return set_settings(path, [(r[0], r[1] if len(r) > 1 else "") for r in rows], lang)


def _read(path: str, lang: str | None) -> tuple[dict[str, Any], str, Any]:
    """(the settings' values, the book's language, where(field) -> (sheet, header row, name
    column, value column, the setting's row or None, row -> its cells by letter))."""
    with open_book(path) as book:
        sheet = next((s for s in book.sheet_names()
                      if REGISTRY.match_sheet(s) is REGISTRY["settings"]), None)
        if sheet is None:
            raise MissingSheet(path=path, sheet=REGISTRY["settings"].name(
                resolve_language(lang, None)), action="backoffice settings")
        data, _issues = read_settings(book, sheet, REGISTRY["settings"])
        head = book.head(sheet, max_rows=200)
    values = dict(data.values)
    language = resolve_language(lang, values.get("language"))
    match = find_header(head, (settings_schema.NAME_COLUMN, settings_schema.VALUE_COLUMN))
    header_row = match.row if match else 0
    name_col = column_index(match.letters["setting"]) if match else 0
    value_col = column_index(match.letters["value"]) if match and "value" in match.letters \
        else name_col + 1

    rows = {r: cells for r, cells in head}

    def where(field: Field) -> tuple[str, int, int, int, int | None, Any]:
        names = {normalize_name(n) for n in field.names()}
        row = next((r for r, cells in head if r > header_row and isinstance(
            cells.get(name_col), str) and normalize_name(cells[name_col]) in names), None)
        return (sheet, header_row, name_col, value_col, row,
                lambda r: {column_letter(c): v for c, v in rows[r].items()})

    return values, language, where


def _coerce(field: Field, value: str, values: dict[str, Any], lang: str) -> Any:
    """``value`` read as the setting's kind by the book's locale; refused with the problem
    the Settings sheet would show."""
    ctx = Context(get_locale(values.get("locale")), str(values.get("base_currency") or "IDR"),
                  False, lang)
    result = coerce.READERS[field.kind](pl.Series([value.strip()], dtype=pl.String), field, ctx)
    if result.issues:
        issue = result.issues[0]
        params = {"header": field.header(lang), "value": value, **dict(issue.params)}
        message, fix = render(issue.code, params, "en")
        message_id, fix_id = render(issue.code, params, "id")
        raise _refused(Localized(message, message_id), Localized(fix, fix_id), lang)
    typed = result.values[0]
    if field.kind == Kind.INTEGER and typed is not None and (
            field.min_value is not None and typed < field.min_value or
            field.max_value is not None and typed > field.max_value):
        raise _refused(
            Localized(f"{field.en} must be from {field.min_value} to {field.max_value}.",
                      f"{field.id} harus dari {field.min_value} sampai {field.max_value}."),
            Localized("Give a value in that range.", "Berikan nilai dalam rentang itu."), lang)
    return typed


def _cell_value(field: Field, typed: Any, typed_text: str, lang: str) -> object:
    """What the Settings cell gets: a choice's label in the book's language, a date as a
    date, a whole number as a number, else the text as typed."""
    if typed is None:
        return None
    if field.kind == Kind.CHOICE:
        return next((c.label(lang) for c in field.choices if c.value == typed), typed_text)
    if field.kind == Kind.DATE and isinstance(typed, dt.date):
        return typed
    if field.kind == Kind.INTEGER:
        return int(typed)
    return typed_text.strip()


def _shown(field: Field, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if field.kind == Kind.CHOICE:
        return next((c.label(lang) for c in field.choices if c.value == value), str(value))
    if isinstance(value, bool):
        return {True: {"en": "yes", "id": "ya"}, False: {"en": "no", "id": "tidak"}}[value][lang]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
