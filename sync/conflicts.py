"""The Conflicts sheet: both versions of every unit changed on both sides, for the user to choose.

Each conflict gets a number and its rows twice: as this book has them
(*This book* / *Buku ini*) and as the store has them (*Store*), with who changed
the store's version, from which book and when (a row a colleague deleted is
listed on the store's side with "(deleted)" after the name, and no values; a line a
colleague moved to another entry with "(moved to JV-9)"). Neither side is overwritten
meanwhile. The user resolves a conflict by typing anything (an ``x``) in the
*Keep* column of the version to keep; to keep an edited version, edit the rows
in the book and keep *This book*. The next Sync applies the choice; conflicts
not yet chosen stay listed.

The sheet is recognised by its name (either language's) and its header row, not only by
backoffice's mark on it: a bookkeeper who copies the book's sheets into a new workbook
(values pasted) brings the Conflicts sheet along without the mark. It is still ours. The
choices typed in it are read by content like any other (conflict number, side, Keep, store
version and ID are all plain values), applied by that Sync, and the sheet is then written
anew with what is still in conflict (and marked again). A sheet of that name with another
header is someone's own: it is not read, and never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.sync.plan import Conflict
from backoffice.sync.rows import cell_value

from backoffice.books import Location, open_book
from backoffice.books.sheetxml import Column, OutputTable
from backoffice.schema import Kind, normalize_name

NAMES = {"en": "Conflicts", "id": "Konflik"}
_KINDS = {Kind.AMOUNT: "amount", Kind.DATE: "date", Kind.NUMBER: "number",
          Kind.INTEGER: "number"}
MINE = {"en": "This book", "id": "Buku ini"}
THEIRS = {"en": "Store", "id": "Store"}
DELETED = {"en": "(deleted)", "id": "(dihapus)"}
MOVED = {"en": "(moved to {group})", "id": "(dipindah ke {group})"}
HEADERS = {
    "en": ("No.", "Sheet", "Version", "Keep", "Changed by", "Book", "When", "Store version", "ID"),
    "id": ("No.", "Sheet", "Versi", "Pilih", "Diubah oleh", "Buku", "Kapan", "Versi store", "ID"),
}


@dataclass(frozen=True)
class Choice:
    """A resolved conflict: the side kept and the IDs it covers (with the store's version)."""

    kind: str
    side: str                      # "mine" or "theirs"
    ids: dict[str, int]            # ID -> store version listed (0 for the book's own rows)


def find_sheet(names: list[str]) -> str | None:
    """The book's Conflicts sheet, by either language's name."""
    wanted = {normalize_name(n) for n in NAMES.values()}
    return next((n for n in names if normalize_name(n) in wanted), None)


def is_conflicts_header(headers: dict[str, str]) -> bool:
    """Whether a sheet's header row (letter -> text) is the Conflicts sheet's, in either
    language (the columns of the rows' fields that follow vary)."""
    return any(all(normalize_name(headers.get(chr(ord("A") + i)) or "") == normalize_name(text)
                   for i, text in enumerate(names)) for names in HEADERS.values())


def read_choices(path: Location, kinds_by_sheet: dict[str, str]) -> tuple[list[Choice], int]:
    """The conflicts the user resolved, and how many rows the sheet lists (none from a
    sheet of the name whose header is not the Conflicts sheet's: not ours)."""
    with open_book(path) as book:
        sheet = find_sheet(book.sheet_names())
        if sheet is None:
            return [], 0
        table = book.read_table(sheet, 1, textual=frozenset("ABCDHI"))
    raw = table.frame
    if not is_conflicts_header(table.headers):
        return [], 0
    if raw.height == 0:
        return [], 0
    columns = {letter: (raw[letter].cast(str).to_list() if letter in raw.columns  # type: ignore[arg-type]
                        else [None] * raw.height) for letter in "ABCDHI"}
    theirs_labels = {normalize_name(v) for v in THEIRS.values()}
    listed: dict[str, list[tuple[str, str, int, bool]]] = {}
    kinds: dict[str, str] = {}
    for i in range(raw.height):
        number, sheet_name, side, keep, version, row_id = (columns[c][i] for c in "ABCDHI")
        if not number or not row_id:
            continue
        number = str(number).removesuffix(".0")
        kinds[number] = kinds_by_sheet.get(str(sheet_name), str(sheet_name))
        is_theirs = normalize_name(str(side or "")) in theirs_labels
        listed.setdefault(number, []).append(
            ("theirs" if is_theirs else "mine", str(row_id),
             int(float(version)) if version else 0, bool(keep and str(keep).strip())))
    choices = []
    for number, rows in listed.items():
        kept = {side for side, _i, _v, keep in rows if keep}
        if len(kept) != 1:
            continue  # not chosen yet (or both: ambiguous, stays listed)
        ids: dict[str, int] = {}
        for _side, row_id, version, _keep in rows:
            ids[row_id] = max(ids.get(row_id, 0), version)
        choices.append(Choice(kinds[number], kept.pop(), ids))
    return choices, raw.height


def conflicts_table(conflicts: list[Conflict], sheets: dict[str, tuple[str, list]],
                    when: dict[int, str], lang: str) -> OutputTable:
    """The Conflicts sheet. ``sheets``: kind -> (sheet name, managed fields)."""
    fields_union: list = []
    seen = set()
    for kind in dict.fromkeys(c.kind for c in conflicts):
        for f in sheets[kind][1]:
            if f.key not in seen:
                seen.add(f.key)
                fields_union.append(f)
    widths = (5, 10, 10, 6, 11, 11, 19, 10, 19)
    columns = [Column(h, "number" if i in (0, 7) else "text", w)
               for i, (h, w) in enumerate(zip(HEADERS[lang], widths, strict=True))]
    columns += [Column(f.header(lang), _KINDS.get(f.kind, "text"), min(f.width, 30))
                for f in fields_union]

    def values(row_values: dict, fields: list) -> list:
        currency = row_values.get("currency")
        keys = {f.key for f in fields}
        return [cell_value(f, row_values.get(f.key), currency, lang) if f.key in keys else None
                for f in fields_union]

    rows = []
    for number, conflict in enumerate(conflicts, start=1):
        sheet, fields = sheets[conflict.kind]
        for mine in conflict.mine:
            rows.append([number, sheet, MINE[lang], None, None, None, None, None, mine.row_id,
                         *values(mine.values, fields)])
        for gone in conflict.deleted_here:
            rows.append([number, sheet, MINE[lang], None, None, None, None, None, gone,
                         *([None] * len(fields_union))])
        for theirs in conflict.theirs:
            rows.append([number, sheet, THEIRS[lang], None, theirs.changed_by, theirs.book,
                         _when(when.get(theirs.version)), theirs.version, theirs.row_id,
                         *values(theirs.values, fields)])
        for removed in conflict.deleted_there:  # who deleted or moved it, when; no values
            # A row gone from the unit is deleted, or still in the store under another unit
            # (a line moved to another entry): that is no deletion, and says where it went.
            gone = (DELETED[lang] if removed.deleted or not removed.group
                    else MOVED[lang].format(group=removed.group))
            rows.append([number, sheet, THEIRS[lang], None,
                         f"{removed.changed_by or '?'} {gone}", removed.book,
                         _when(when.get(removed.version)), removed.version, removed.row_id,
                         *([None] * len(fields_union))])
    return OutputTable(columns, rows, row_count=len(rows), tab_color="FFC00000")


def _when(stamp: str | None) -> str | None:
    """An audit time (ISO, UTC) as people read it: 2026-11-30 14:36 UTC."""
    if not stamp:
        return None
    return stamp[:16].replace("T", " ") + " UTC"
