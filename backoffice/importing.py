"""``backoffice import BOOK SHEET FILE.csv``: append rows from a CSV, all or nothing.

The CSV's header names the sheet's columns (English or Indonesian, any case or
spacing). The file is read as Excel saves it (:mod:`backoffice.csvimport.text`:
a byte-order mark, UTF-8, else the Windows code page with a warning; ``,``,
``;`` or tab between fields), and its numbers and dates as text typed in a cell
of the book: by the book's locale (or the one given), with the same ambiguity
rules (``30/12/2025``, ``50.000,00`` and ``1500000.50`` in id-ID; ``50.000`` is
read as fifty thousand, with a warning). Every row is validated first, together
with what the book already holds (an imported journal line must balance its
entry, use a known account, not repeat an account code, nor an entry or document
number already in the book), and the whole-book rules the new rows set off (a
setting invoices need) are reported too: if any row has an error, nothing is
written and the report points at the CSV's line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from backoffice import money
from backoffice.books import open_book, open_writer
from backoffice.books.ooxml import column_letter
from backoffice.catalogue import Localized
from backoffice.checking import read_book, run_rules
from backoffice.coerce import Context
from backoffice.csvimport.text import read_csv_text
from backoffice.errors import ActionRefused, MissingColumn, MissingSheet, UsageError
from backoffice.issues import Issue, Report, SheetSummary, make_issue
from backoffice.locales import get_locale
from backoffice.reading import HeaderMatch, coerce_table
from backoffice.schema import BookData, Kind, SheetData, normalize_name
from backoffice.schemas import REGISTRY
from backoffice.validate import check_columns

_WRITE_KIND = {Kind.AMOUNT: "amount", Kind.DATE: "date", Kind.NUMBER: "number",
               Kind.INTEGER: "number"}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the report (addressed to the CSV) and the rows appended (0 if refused)."""

    report: Report
    appended: int
    first_row: int | None = None


def import_csv(book_path: str, sheet: str, csv_path: str, lang: str | None = None,
               locale: str | None = None) -> ImportResult:
    """Validate the CSV's rows against ``sheet`` of the book and append them if all are valid.

    ``locale`` ("id-ID", "en-US"...) reads the CSV's numbers and dates; default, the book's.
    """
    schema = REGISTRY.match_sheet(sheet)
    if schema is None or schema.layout != "table":
        raise UsageError(detail=Localized(f"{sheet} is not a sheet rows can be imported into.",
                                          f"{sheet} bukan sheet yang bisa diimpor."))
    with open_book(book_path) as book:
        read = read_book(book, lang)
    target = read.found.get(schema.kind)
    if target is None or schema.kind not in read.matches:
        raise MissingSheet(path=book_path, sheet=schema.name(read.data.lang), action="import")
    name = Path(csv_path).name
    header, records, guessed = _read_csv(csv_path)
    match = _csv_header(header, schema, name)
    frame = pl.DataFrame(
        {column_letter(i): [r[i] if i < len(r) else None for r in records]
         for i in range(len(header))},
        schema={column_letter(i): pl.String for i in range(len(header))},
    ).with_columns(pl.int_range(2, len(records) + 2, dtype=pl.Int64).alias("_row"))
    reading = get_locale(locale) if locale else read.ctx.locale
    ctx = Context(reading, read.ctx.base_currency, False, read.data.lang)
    incoming, issues = coerce_table(frame, name, schema, match, ctx)
    issues += _numbers_in_book(read.data, schema.kind, incoming, name)
    trial = _trial(read.data, schema.kind, incoming)
    later = check_columns(trial.sheets[schema.kind], read.ctx.locale) + run_rules(trial)
    issues += [_readdress(i, incoming, name) for i in later if _is_incoming(i, trial, schema.kind)]
    # Whole-book problems the new rows set off (invoices without the receivables setting);
    # those the book had before are Check's to report, not the import's.
    had = [i for i in run_rules(read.data) if i.row is None]
    issues += [_unshifted(i) for i in later if i.row is None and i not in had]
    issues.sort(key=lambda i: i.sort_key())
    if guessed:
        issues.insert(0, make_issue("csv-code-page", name, file=name))
    summary = (SheetSummary(name, schema.kind, incoming.frame.height),)
    report = Report(name, tuple(issues), summary, read.data.lang)
    if not report.valid or incoming.frame.height == 0:
        return ImportResult(report, 0)
    rows = _rows_to_write(incoming, read.matches[schema.kind], read.data.lang,
                          read.ctx.base_currency)
    kinds = {read.matches[schema.kind].letters[f.key]: _WRITE_KIND.get(f.kind, "text")
             for f in schema.fields if f.key in read.matches[schema.kind].letters}
    with open_writer(book_path) as writer:
        first = writer.append_rows(target, read.matches[schema.kind].row, rows, kinds)
        writer.save()
    return ImportResult(report, len(rows), first)


def _read_csv(path: str) -> tuple[list[str], list[list[str | None]], bool]:
    """(header, body, whether the encoding was guessed) of the CSV at ``path``."""
    text = read_csv_text(Path(path).read_bytes())
    rows = text.rows
    if not rows:
        raise ActionRefused(
            detail=Localized(f"{path} is empty.", f"{path} kosong."),
            fix=Localized("Import a CSV file whose first row is the header.",
                          "Impor berkas CSV yang baris pertamanya adalah judul kolom."))
    header, body = rows[0], rows[1:]
    return header, [[v if v.strip() else None for v in row] for row in body], text.guessed


#: The field that numbers a row's entry or document: a number already in the book is an error.
NUMBER_FIELDS = {"journal": "entry", "invoices": "number", "bills": "number",
                 "payments": "number"}


def _numbers_in_book(book: BookData, kind: str, incoming: SheetData, name: str) -> list[Issue]:
    """An entry or document number of the CSV that the book's sheet already has: once per
    number, at its first CSV line (importing a file twice would double its lines)."""
    key = NUMBER_FIELDS.get(kind)
    existing = book.sheets[kind]
    if key is None or key not in incoming.frame.columns or existing.frame is None:
        return []
    first_rows = (existing.frame.filter(pl.col(key).is_not_null())
                  .group_by(key).agg(pl.col("_row").min()))
    known = dict(first_rows.iter_rows())
    issues, seen = [], set()
    for number, line in incoming.frame.select(key, "_row").iter_rows():
        if number is None or number not in known or number in seen:
            continue
        seen.add(number)
        issues.append(make_issue("import-number-exists", name, row=line,
                                 column=incoming.letters.get(key), field=key, value=number,
                                 header=incoming.header(key), in_sheet=existing.sheet,
                                 in_row=known[number]))
    return issues


def _csv_header(header: list[str], schema, name: str) -> HeaderMatch:  # type: ignore[no-untyped-def]
    lookup = {normalize_name(n): f for f in schema.fields for n in f.names()}
    letters: dict[str, str] = {}
    headers: dict[str, str] = {}
    unknown = []
    for i, title in enumerate(header):
        field = lookup.get(normalize_name(title))
        if field is None:
            unknown.append(title)
        elif field.key not in letters:
            letters[field.key] = column_letter(i)
            headers[field.key] = title.strip()
    if unknown:
        raise ActionRefused(
            detail=Localized(f"{name}: columns not in {schema.en}: {', '.join(unknown)}.",
                             f"{name}: kolom yang tidak ada di {schema.id}: {', '.join(unknown)}."),
            fix=Localized("Name the columns as in the template (backoffice new) or remove them, "
                          "then import again.",
                          "Beri nama kolom seperti di template (backoffice new) atau hapus, "
                          "lalu impor lagi."))
    missing = [f.en for f in schema.required if f.key not in letters]
    if missing:
        raise MissingColumn(path=name, missing=", ".join(missing))
    return HeaderMatch(1, letters, headers)


#: Incoming CSV line n is row n + OFFSET in the trial book, past any row a sheet can have.
OFFSET = 10_000_000


def _trial(book: BookData, kind: str, incoming: SheetData) -> BookData:
    """The book as it would be with the incoming rows appended to its ``kind`` sheet."""
    existing = book.sheets[kind]
    shifted = incoming.frame.with_columns(pl.col("_row") + OFFSET)
    frame = pl.concat([existing.frame, shifted.select(existing.frame.columns)], how="vertical")
    to_book = {incoming.letters[key]: existing.letters[key]
               for key in incoming.letters if key in existing.letters}
    flagged = existing.flagged | {(row + OFFSET, to_book.get(letter, ""))
                                  for row, letter in incoming.flagged}
    combined = SheetData(existing.schema, existing.sheet, frame, existing.letters,
                         existing.headers, flagged=flagged)
    return BookData({**book.sheets, kind: combined}, book.settings, book.lang)


def _is_incoming(issue: Issue, trial: BookData, kind: str) -> bool:
    return issue.sheet == trial.sheets[kind].sheet and (issue.row or 0) > OFFSET


def _readdress(issue: Issue, incoming: SheetData, name: str) -> Issue:
    """An issue found in the trial book, pointed at the CSV's line and column instead."""
    assert issue.row is not None
    column = incoming.letters.get(issue.field or "")
    params = tuple((k, _unshift(v)) for k, v in issue.params)
    return Issue(issue.code, name, issue.row - OFFSET, column, issue.field, issue.value, params)


def _unshifted(issue: Issue) -> Issue:
    """A whole-book issue whose parameters name incoming rows by their CSV line."""
    params = tuple((k, _unshift(v)) for k, v in issue.params)
    return Issue(issue.code, issue.sheet, issue.row, issue.column, issue.field, issue.value,
                 params)


def _unshift(value: object) -> object:
    """Row numbers inside a parameter ("rows 10000002–10000003") back to CSV lines."""
    if isinstance(value, int) and value > OFFSET:
        return value - OFFSET
    if isinstance(value, Localized):
        return Localized(str(_unshift(value.en)), str(_unshift(value.id)))
    if isinstance(value, str):
        return re.sub(r"\d{8,}", lambda m: str(int(m.group(0)) - OFFSET)
                      if int(m.group(0)) > OFFSET else m.group(0), value)
    return value


def _rows_to_write(incoming: SheetData, match: HeaderMatch, lang: str,
                   base_currency: str) -> list[dict[str, object]]:
    """The incoming rows as book cells: column letter -> value to write."""
    schema = incoming.schema
    rows: list[dict[str, object]] = []
    present = [f for f in schema.fields if f.key in match.letters and f.key in incoming.letters]
    for record in incoming.frame.iter_rows(named=True):
        row: dict[str, object] = {}
        for field in present:
            value = record[field.key]
            if value is None:
                continue
            if field.kind == Kind.AMOUNT:
                value = money.from_minor(value, money.exponent(record.get("currency")
                                                               or base_currency))
            elif field.kind == Kind.CHOICE:
                value = next(c.label(lang) for c in field.choices if c.value == value)
            row[match.letters[field.key]] = value
        rows.append(row)
    return rows
