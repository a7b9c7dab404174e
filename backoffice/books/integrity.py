"""Nothing skipped in silence: what of a book Check would otherwise pass over.

* a sheet the workbook lists whose part is missing from the package;
* a second sheet of a kind already present (``Jurnal`` beside ``Journal``,
  ``JURNAL``, `` jurnal ``): only the first is read, so the second is a problem;
* a part whose stored bytes are damaged (its CRC fails) or whose XML is cut or
  broken, though no reader of Check opens it (an output sheet, the hidden
  state, a table): a later Post or Sync would fail on it, so Check says so now.

The third costs a decompression of every part; its verdict is cached under a
hash of the part's stored bytes (like the sheet cache), so a repeated Check of
unchanged parts costs only the hashing.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from xml.parsers import expat

from backoffice.books import cache
from backoffice.books.ooxml import Package, stored_hash
from backoffice.issues import Issue, make_issue
from backoffice.schema import Registry

_PARSE_BYTES = 64 << 20


def book_problems(path: str, registry: Registry, read_parts: frozenset[str] = frozenset()
                  ) -> list[Issue]:
    """The issues of the package at ``path`` that no sheet reader reports.

    ``read_parts`` are the parts Check's readers open anyway (their damage
    already stops the read).
    """
    issues: list[Issue] = []
    with Package(path) as package:
        for name in package.missing_sheets:
            issues.append(make_issue("sheet-part-missing", name))
        issues += sheet_problems([sheet.name for sheet in package.sheets], registry)
        by_part = {s.part: s.name for s in package.sheets}
        for info in package.zip.infolist():
            if info.is_dir():
                continue
            # A part the readers open is only looked at for a DTD (which OPC forbids and
            # the value readers ignore); its other damage stops the read itself.
            problem = _declares_dtd(package.zip, info) if info.filename in read_parts \
                else _damage(package.zip, info)
            if problem:
                where = by_part.get(info.filename, "")
                issues.append(make_issue("part-damaged", where, part=info.filename,
                                         detail=problem))
    return issues


def sheet_problems(names: Sequence[str], registry: Registry) -> list[Issue]:
    """The issues of a book's sheet list, whatever the book is (a file, a grid): a second
    sheet of a kind already present, which Check would not read."""
    issues: list[Issue] = []
    first: dict[str, str] = {}
    for name in names:
        schema = registry.match_sheet(name)
        if schema is None:
            continue
        if schema.kind in first:
            issues.append(make_issue("sheet-kind-twice", name, first=first[schema.kind]))
        else:
            first[schema.kind] = name
    return issues


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    try:
        with archive.open(info) as stream:
            start = stream.read(4096)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        return _first_line(exc)
    return "XML: a document type declaration" if b"<!DOCTYPE" in start else None


def _damage(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """Why the part cannot be read, or None; verdicts of good parts are cached by content."""
    folder = cache.cache_dir()
    key = None
    if folder is not None:
        try:
            with open(archive.filename or "", "rb") as handle:
                key = cache.make_key("part-ok", info.filename, stored_hash(handle, info))
        except (OSError, zipfile.BadZipFile) as exc:
            return str(exc)
        if (folder / f"{key}.ok").exists():
            return None
    problem = _read_whole(archive, info)
    if problem is None and folder is not None and key is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{key}.ok").write_text(json.dumps({"part": info.filename}))
        except OSError:
            pass
    return problem


def _read_whole(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    # XML is parsed up to a size (a million-row General Ledger would cost seconds);
    # beyond it the inflate and its CRC still catch damaged bytes.
    xml = info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size <= _PARSE_BYTES
    parser = expat.ParserCreate() if xml else None
    if parser is not None:
        # No DTD is ever honoured: an entity declaration is refused, not expanded.
        parser.EntityDeclHandler = _refuse_entities
    try:
        with archive.open(info) as stream:
            while True:
                block = stream.read(1 << 22)
                if parser is not None:
                    parser.Parse(block, not block)
                if not block:
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        return _first_line(exc)
    except expat.ExpatError as exc:
        return f"XML: {expat.ErrorString(exc.code)} (line {exc.lineno})"
    return None


def _refuse_entities(*_args: object) -> None:
    raise ValueError("the XML declares entities")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else type(exc).__name__


def cache_files(folder: Path) -> list[Path]:
    """The verdict files kept in the cache folder (for tests and cleaning)."""
    return sorted(folder.glob("*.ok")) if folder.exists() else []

