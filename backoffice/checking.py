"""Check: read every sheet backoffice knows in a book, coerce it, validate it, report.

Every problem is collected (nothing stops at the first one) into a
:class:`~backoffice.issues.Report`. Only what makes the book unusable for
checking raises: not a workbook, no sheet we know, a required column missing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import polars as pl

from backoffice import coerce, ruleset, sheetmemo
from backoffice.bookkind import resolve_book_language
from backoffice.books import GridBook, open_book
from backoffice.books.base import Book
from backoffice.books.ooxml import column_index, column_letter
from backoffice.coerce import Context
from backoffice.errors import BookHasErrors, MissingColumn, UnusableInput
from backoffice.issues import Issue, Localized, Report, SheetSummary, make_issue
from backoffice.locales import get_locale
from backoffice.reading import HeaderMatch, find_header, read_sheet
from backoffice.schema import BookData, Registry, SheetData, SheetSchema, normalize_name
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema
from backoffice.validate import check_columns


def check(path: str, lang: str | None = None, mark: bool = False) -> Report:
    """Check the workbook at ``path``; messages in ``lang`` (else Settings, else environment).

    With ``mark``, the book is also marked: an Issues sheet listing every problem
    with a link to its cell, and a highlight and note on each wrong cell, after
    removing the previous Check's marks (see :mod:`backoffice.marking`).
    """
    with open_book(path) as book:
        report = check_book(book, lang)
    if mark:
        from backoffice.marking import mark_book

        mark_book(path, report, report.language)
    return report


@dataclass
class ReadBook:
    """A book read and coerced, before the cross-sheet rules: what Check and import share.

    Attributes:
        data: every known sheet's typed data and the effective settings.
        issues: the problems found while reading and in column checks.
        found: sheet kind -> the book's sheet of that kind.
        matches: sheet kind -> where its header is and which column holds which field.
        ctx: the book's locale, base currency and message language.
    """

    data: BookData
    issues: list[Issue]
    found: dict[str, str]
    matches: dict[str, HeaderMatch]
    ctx: Context


def read_book(book: Book, lang: str | None = None, registry: Registry = REGISTRY) -> ReadBook:
    """Read, coerce and column-check every sheet backoffice knows in ``book``."""
    found = _known_sheets(book, registry)
    issues: list[Issue] = []
    issues += book.problems(registry, frozenset(found.values()))  # what no reader reports
    settings = settings_schema.defaults()
    settings_data = None
    if "settings" in found:
        settings_data, settings_issues = read_settings(book, found["settings"], registry["settings"])
        settings.update({k: v for k, v in settings_data.values.items() if v is not None})
        issues += settings_issues
    language = resolve_book_language(lang, settings_data.values.get("language")
                                     if settings_data else None, list(found.values()))
    locale = get_locale(settings.get("locale"))
    ctx = Context(locale, settings.get("base_currency") or "IDR", False, language)

    matches = _find_headers(book, found, registry, language)
    sheets: dict[str, SheetData] = {}
    if settings_data is not None:
        sheets["settings"] = settings_data
    for kind, match in matches.items():
        data, sheet_issues = _read_and_check(book, found[kind], registry[kind], match, ctx)
        issues += sheet_issues
        sheets[kind] = data
    return ReadBook(BookData(sheets, settings, language), issues, found, matches, ctx)


def _read_and_check(book: Book, sheet: str, schema: SheetSchema, match: HeaderMatch,
                    ctx: Context) -> tuple[SheetData, list[Issue]]:
    """One table sheet read, coerced and column-checked; kept by a warm process
    (:mod:`backoffice.sheetmemo`) under the sheet's content and every input here."""
    key = None
    if sheetmemo.enabled() and isinstance(book, GridBook):
        key = sheetmemo.make_key(book.read_key(sheet, match.row), sheet, schema.kind, id(schema),
                                 match, ctx, book.date1904)
        kept = sheetmemo.get(key)
        if kept is not None:
            return kept
    data, issues = read_sheet(book, sheet, schema, match, ctx)
    issues += check_columns(data, ctx.locale)
    if key is not None:
        sheetmemo.put(key, data, issues)
    return data, issues


def run_rules(data: BookData, registry: Registry = REGISTRY) -> list[Issue]:
    """Every cross-row and cross-sheet rule of every sheet kind: the schema's own, then
    those the engines registered for it (:mod:`backoffice.ruleset`)."""
    return [issue for schema in registry
            for rule in (*schema.rules, *ruleset.rules_for(schema.kind)) for issue in rule(data)]


def check_book(book: Book, lang: str | None = None, registry: Registry = REGISTRY) -> Report:
    """Check an open book. See :func:`check`."""
    return check_and_read(book, lang, registry)[0]


def check_and_read(book: Book, lang: str | None = None, registry: Registry = REGISTRY
                   ) -> tuple[Report, ReadBook]:
    """Check an open book and keep what was read, for actions that go on (Post, report)."""
    started = time.perf_counter()
    read = read_book(book, lang, registry)
    issues = read.issues + run_rules(read.data, registry)
    issues += _missing_sheet_warnings(read.found, registry, read.data.lang)
    order = {name: i for i, name in enumerate(book.sheet_names())}
    issues.sort(key=lambda i: (order.get(i.sheet, -1), *i.sort_key()[1:]))
    summaries = tuple(
        SheetSummary(data.sheet, kind, data.frame.height if data.frame is not None else
                     len(data.values))
        for kind, data in read.data.sheets.items()
    )
    stats = {"seconds": round(time.perf_counter() - started, 3)}
    return Report(book.name, tuple(issues), summaries, read.data.lang, stats), read


def read_clean(path: str, lang: str | None = None) -> ReadBook:
    """Open, check and read the book at ``path`` for an action that needs it without
    errors; :func:`require_valid` refuses it otherwise."""
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    require_valid(report, path)
    return read


def require_valid(report: Report, path: str) -> None:
    """:class:`BookHasErrors` (exit 2) saying how many errors the book has and what to
    run, unless ``report`` has none."""
    if not report.valid:
        count = len(report.errors)
        raise BookHasErrors(detail=Localized(
            f"{path} has {count} error{'' if count == 1 else 's'}; run 'backoffice check "
            f"{path}' first.",
            f"{path} berisi {count} galat; jalankan 'backoffice check {path}' lebih dulu."))


def _known_sheets(book: Book, registry: Registry) -> dict[str, str]:
    """Sheet kind -> the book's sheet of that kind (the first, if several)."""
    found: dict[str, str] = {}
    for name in book.sheet_names():
        schema = registry.match_sheet(name)
        if schema is not None and schema.kind not in found:
            found[schema.kind] = name
    if not found:
        examples = ", ".join(f"{s.en}/{s.id}" for s in registry)
        raise UnusableInput("no-known-sheets", path=book.name, examples=examples)
    return found


def _find_headers(book: Book, found: dict[str, str], registry: Registry,
                  lang: str) -> dict[str, HeaderMatch]:
    """The header of every table sheet; every missing required column at once, or raise."""
    matches: dict[str, HeaderMatch] = {}
    missing: list[str] = []
    for kind, sheet in found.items():
        schema = registry[kind]
        if schema.layout != "table":
            continue
        match = find_header(book.head(sheet), schema.fields)
        lacking = schema.required if match is None else tuple(match.missing(schema))
        if lacking:
            missing.append(f"{sheet} ({', '.join(f.header(lang) for f in lacking)})")
        elif match is not None:
            matches[kind] = match
    if missing:
        raise MissingColumn(path=book.name, missing="; ".join(missing))
    return matches


def read_settings(book: Book, sheet: str, schema: SheetSchema
                  ) -> tuple[SheetData, list[Issue]]:
    """Read a name/value Settings sheet: each known setting coerced with its own kind."""
    head = book.head(sheet, max_rows=200)
    columns = (settings_schema.NAME_COLUMN, settings_schema.VALUE_COLUMN)
    match = find_header(head, columns)
    if match is not None:
        name_col = column_index(match.letters["setting"])
        value_col = column_index(match.letters.get("value", column_letter(name_col + 1)))
        body = [(row, cells) for row, cells in head if row > match.row]
    else:  # no header: the first column names, the next one holds values
        name_col = min((min(cells) for _r, cells in head if cells), default=0)
        value_col = name_col + 1
        body = head
    lookup = {normalize_name(n): f for f in schema.fields for n in f.names()}
    ctx = Context(get_locale(None), "IDR", book_date1904(book), "en")
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    letters: dict[str, str] = {}
    for row, cells in body:
        name = cells.get(name_col)
        if not isinstance(name, str) or not name.strip():
            continue
        field = lookup.get(normalize_name(name))
        if field is None:
            known = Localized(", ".join(f.en for f in schema.fields),
                              ", ".join(f.id for f in schema.fields))
            issues.append(make_issue("setting-unknown", sheet, row=row, column=column_letter(name_col),
                                     value=name.strip(), known=known))
            continue
        letters[field.key] = column_letter(value_col)
        raw = pl.Series([cells.get(value_col)], dtype=_dtype(cells.get(value_col)))
        result = coerce.READERS[field.kind](raw, field, ctx)
        for cell in result.issues:
            params = dict(cell.params)
            params.setdefault("header", name.strip())
            issues.append(make_issue(cell.code, sheet, row=row, column=column_letter(value_col),
                                     field=field.key, value=cell.value, **params))
        values[field.key] = result.values[0]
    for field in schema.fields:
        if field.required and values.get(field.key) is None:
            issues.append(make_issue("setting-missing", sheet, field=field.key,
                                     setting=Localized(field.en, field.id)))
    data = SheetData(schema, sheet, None, letters, {}, values)
    return data, issues


def book_date1904(book: Book) -> bool:
    return bool(getattr(book, "date1904", False))


def _dtype(value: object) -> pl.DataType:
    if isinstance(value, bool):
        return pl.Boolean()
    if isinstance(value, float):
        return pl.Float64()
    return pl.String()


def _missing_sheet_warnings(found: dict[str, str], registry: Registry, lang: str) -> list[Issue]:
    warnings = []
    if "settings" not in found:
        what = Localized("base currency IDR, locale id-ID and the other defaults are used",
                         "mata uang dasar IDR, lokal id-ID dan bawaan lainnya dipakai")
        warnings.append(make_issue("sheet-missing-default", registry["settings"].name(lang),
                                   what=what))
    if "journal" in found and "accounts" not in found:
        what = Localized("journal accounts are not checked", "akun di jurnal tidak diperiksa")
        warnings.append(make_issue("sheet-missing-default", registry["accounts"].name(lang),
                                   what=what))
    return warnings
