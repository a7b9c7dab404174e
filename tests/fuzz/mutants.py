"""A deterministic generator of damaged and malicious workbooks, made from real ones.

Each mutant is one thing a clumsy user, another program or an attacker can do
to a book: flip bytes in the compressed data, cut the file short, break the XML
of one part, type odd values, reach for the last cell of the grid, inflate a
part (a small zip bomb), write huge text, lose or duplicate a sheet, damage the
hidden sync state. ``make_mutants(source, folder, seed, count)`` writes them as
files and returns (name, path, damaged): ``damaged`` says that an honest Check
must not call the book clean (the file as a whole cannot be read as it was).

The same source, seed and count give the same files, so a failure is replayed
by its name. Used by tests/test_robust_fuzz.py and bench/fuzz_bench.py.
"""

from __future__ import annotations

import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Members = dict[str, bytes]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: Path
    damaged: bool  # an honest Check cannot report this book clean


def _read(source: Path) -> tuple[list[zipfile.ZipInfo], Members]:
    with zipfile.ZipFile(source) as archive:
        infos = archive.infolist()
        return infos, {i.filename: archive.read(i.filename) for i in infos}


def _write(path: Path, members: Members, stored: frozenset[str] = frozenset()) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name in stored
                             else zipfile.ZIP_DEFLATED)


def _sheet_parts(members: Members) -> dict[str, str]:
    """Sheet name -> part, from the workbook and its relationships."""
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    found = {}
    for name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"',
                                members["xl/workbook.xml"].decode()):
        target = targets.get(rid, "")
        found[name] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return found


#: The data sheets mutated first, by name (a ledger's journal, a payroll book's timesheet).
DATA_SHEETS = ("Journal", "Jurnal", "Timesheet", "Absensi", "Employees", "Karyawan",
               "Stock moves", "Mutasi stok")


def _data_sheet(members: Members) -> str:
    """The part of the book's main data sheet (never an output sheet)."""
    parts = _sheet_parts(members)
    for name in DATA_SHEETS:
        if parts.get(name) in members:
            return parts[name]
    names = [n for n in parts if parts[n] in members and n != "_backoffice_sync"]
    return max((parts[n] for n in names[: max(1, len(names) // 2)]),
               key=lambda p: len(members[p]))


def _journal_name(members: Members) -> str:
    parts = _sheet_parts(members)
    part = _data_sheet(members)
    return next(n for n, p in parts.items() if p == part)


# -- mutations of the members (each returns the new members, or None to skip) ----------------

def _set_cell(xml: bytes, rng: random.Random, value: bytes, kind: bytes | None) -> bytes:
    """A random numeric or shared-string data cell (below row 2) gets ``value`` (and ``t``)."""
    cells = [m for m in re.finditer(rb'<c r="([A-Z]+)(\d+)"([^>]*?)><v>[^<]*</v></c>', xml)
             if int(m.group(2)) > 2]
    if not cells:
        return xml
    m = rng.choice(cells)
    attrs = re.sub(rb'\s?t="\w+"', b"", m.group(3))
    if kind:
        attrs += b' t="' + kind + b'"'
    cell = b'<c r="' + m.group(1) + m.group(2) + b'"' + attrs + b"><v>" + value + b"</v></c>"
    return xml[:m.start()] + cell + xml[m.end():]


def _append_cell(xml: bytes, ref: bytes, value: bytes = b"1") -> bytes:
    """A numeric cell at ``ref`` in a new last row."""
    row = re.match(rb"[A-Z]+(\d+)", ref).group(1)  # type: ignore[union-attr]
    extra = b'<row r="' + row + b'"><c r="' + ref + b'"><v>' + value + b"</v></c></row>"
    return xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)


def _inline_text(xml: bytes, rng: random.Random, text: bytes) -> bytes:
    cells = [m for m in re.finditer(rb'<c r="([A-Z]+)(\d+)"([^>]*?)>(?:<v>[^<]*</v>|<is>.*?</is>)'
                                    rb"</c>", xml) if int(m.group(2)) > 2]
    if not cells:
        return xml
    m = rng.choice(cells)
    attrs = re.sub(rb'\s?t="\w+"', b"", m.group(3))
    cell = (b'<c r="' + m.group(1) + m.group(2) + b'"' + attrs + b' t="inlineStr"><is><t>'
            + text + b"</t></is></c>")
    return xml[:m.start()] + cell + xml[m.end():]


ODD_VALUES: list[tuple[str, bytes, bytes | None]] = [
    ("number-abc", b"abc", None),
    ("number-1e999", b"1e999", None),
    ("number-inf", b"inf", None),
    ("number-nan", b"NaN", None),
    ("number-huge", b"9" * 40, None),
    ("number-tiny", b"1e-320", None),
    ("number-negative-huge", b"-1e308", None),
    ("date-iso", b"2025-03-04T00:00:00", b"d"),
    ("date-year-10000", b"10000-01-01", b"d"),
    ("date-garbage", b"yesterday", b"d"),
    ("date-serial-huge", b"99999999", None),
    ("shared-out-of-range", b"999999", b"s"),
    ("shared-not-a-number", b"x", b"s"),
    ("shared-negative", b"-1", b"s"),
    ("bool-two", b"2", b"b"),
    ("error-cell", b"#REF!", b"e"),
    ("formula-string-empty", b"", b"str"),
]


def _values(members: Members, rng: random.Random) -> list[tuple[str, Members]]:
    part = _data_sheet(members)
    out = []
    for name, value, kind in ODD_VALUES:
        changed = dict(members)
        changed[part] = _set_cell(members[part], rng, value, kind)
        out.append((f"value-{name}", changed))
    return out


def _extremes(members: Members) -> list[tuple[str, Members]]:
    part = _data_sheet(members)
    xml = members[part]
    out = []
    for ref in (b"XFD1048576", b"XFD2", b"ZZZ5000", b"AAA2", b"ZZ1048576", b"A1048577",
                b"A99999999"):
        changed = dict(members)
        changed[part] = _append_cell(xml, ref)
        out.append((f"extreme-{ref.decode()}", changed))
    changed = dict(members)
    changed[part] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml,
                           count=1)
    out.append(("extreme-declared-dimension", changed))
    changed = dict(members)
    # A row without references whose cells run past column ZZ, counted by position.
    cells = b"<c><v>1</v></c>" * 800
    changed[part] = xml.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>", 1)
    out.append(("extreme-implicit-columns", changed))
    changed = dict(members)
    rows = re.findall(rb'<row r="(\d+)"', xml)
    if rows:  # rows out of order: a high row early
        changed[part] = xml.replace(b"<sheetData>", b'<sheetData><row r="1048000"><c r="ZZ1048000">'
                                    b"<v>1</v></c></row>", 1)
        out.append(("extreme-row-out-of-order", changed))
    return out


def _texts(members: Members, rng: random.Random) -> list[tuple[str, Members]]:
    part = _data_sheet(members)
    out = []
    for size in (40_000, 100_000, 1_000_000):
        changed = dict(members)
        changed[part] = _inline_text(members[part], rng, b"x" * size)
        out.append((f"text-{size}", changed))
    for label, text in (("formula-like", b"=HYPERLINK(&quot;http://x&quot;)"),
                        ("control-chars", b"a&#x1;b"), ("bidi", "\u202egnp.exe".encode()),
                        ("entity", b"&amp;lt;&amp;gt;")):
        changed = dict(members)
        changed[part] = _inline_text(members[part], rng, text)
        out.append((f"text-{label}", changed))
    return out


def _xml_damage(members: Members, rng: random.Random) -> list[tuple[str, Members]]:
    out = []
    for name in sorted(members):
        if not name.endswith((".xml", ".rels")):
            continue
        data = members[name]
        changed = dict(members)
        cut = rng.randrange(1, max(2, len(data)))
        changed[name] = data[:cut]
        out.append((f"xml-cut-{name}", changed))
    # A few parts get garbage or a doctype (XXE / billion laughs) instead.
    for name in ("xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                 _data_sheet(members)):
        if name not in members:
            continue
        changed = dict(members)
        changed[name] = b"\x00\xff garbage <<<"
        out.append((f"xml-garbage-{name}", changed))
        changed = dict(members)
        changed[name] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                         b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                         b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
                         b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                         + members[name].split(b"?>", 1)[-1].replace(b"<v>1</v>", b"<v>&d;</v>"))
        out.append((f"xml-doctype-{name}", changed))
    return out


def _sheets(members: Members) -> list[tuple[str, Members]]:
    out = []
    parts = _sheet_parts(members)
    journal = _journal_name(members)
    part = parts[journal]
    changed = dict(members)
    del changed[part]
    out.append(("sheet-part-missing", changed))
    for name in ("sharedStrings",):
        if f"xl/{name}.xml" in members:
            changed = dict(members)
            del changed[f"xl/{name}.xml"]
            out.append(("shared-strings-missing", changed))
            changed = dict(members)
            changed["xl/sharedStrings2.xml"] = changed.pop("xl/sharedStrings.xml")
            out.append(("shared-strings-renamed", changed))
    for twin in (journal.upper(), f" {journal.lower()} ", "Journal" if journal != "Journal"
                 else "Jurnal"):
        changed = dict(members)
        workbook = members["xl/workbook.xml"].decode()
        rels = members["xl/_rels/workbook.xml.rels"].decode()
        new_part = "xl/worksheets/sheet999.xml"
        changed[new_part] = members[part]
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdTwin" Type="http://schemas.'
                            'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                            'Target="worksheets/sheet999.xml"/></Relationships>')
        twin_xml = twin.replace("&", "&amp;")
        workbook = workbook.replace("</sheets>", f'<sheet name="{twin_xml}" sheetId="999" '
                                    'r:id="rIdTwin"/></sheets>')
        changed["xl/workbook.xml"] = workbook.encode()
        changed["xl/_rels/workbook.xml.rels"] = rels.encode()
        ct = members["[Content_Types].xml"].decode().replace(
            "</Types>", '<Override PartName="/xl/worksheets/sheet999.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        changed["[Content_Types].xml"] = ct.encode()
        out.append((f"sheet-twin-{twin.strip() or 'blank'}-{len(twin)}", changed))
    hidden = parts.get("_backoffice_sync")
    if hidden and hidden in members:
        changed = dict(members)
        changed[hidden] = re.sub(rb"(<t[^>]*>)[A-Za-z0-9+/=]{40}", rb"\1!!!not base64!!!",
                                 members[hidden], count=3)
        out.append(("hidden-state-garbage", changed))
        changed = dict(members)
        changed[hidden] = re.sub(rb'\{&quot;company', b"{not json", members[hidden], count=1)
        changed[hidden] = re.sub(rb'\{"company', b"{not json", changed[hidden], count=1)
        out.append(("hidden-state-bad-json", changed))
        changed = dict(members)
        changed[hidden] = members[hidden][: len(members[hidden]) // 2]
        out.append(("hidden-state-cut", changed))
    return out


def _bomb(members: Members) -> list[tuple[str, Members]]:
    """A part inflated to 300 MB of blanks: a few hundred kB on disk."""
    part = _data_sheet(members)
    changed = dict(members)
    changed[part] = members[part].replace(b"</sheetData>", b"</sheetData>" + b" " * 300_000_000, 1)
    changed2 = dict(members)
    changed2["xl/sharedStrings.xml"] = members.get("xl/sharedStrings.xml", b"").replace(
        b"</sst>", b" " * 300_000_000 + b"</sst>", 1)
    return [("bomb-sheet", changed), ("bomb-shared-strings", changed2)]


_Kind = Callable[[Members, random.Random], list[tuple[str, Members]]]


def make_mutants(source: Path, folder: Path, seed: int = 15, count: int | None = None,
                 include: Callable[[str], bool] = lambda name: True) -> list[Mutant]:
    """Write the mutants of ``source`` into ``folder``; ``count`` caps the random byte-level ones."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    _infos, members = _read(source)
    raw = source.read_bytes()
    stem = source.stem
    made: list[Mutant] = []

    def emit(name: str, data: bytes | Members, damaged: bool) -> None:
        if not include(name):
            return
        path = folder / f"{stem}--{name.replace('/', '_')}.xlsx"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            _write(path, data)
        made.append(Mutant(name, path, damaged))

    for name, changed in _values(members, rng):
        emit(name, changed, damaged=False)
    for name, changed in _extremes(members):
        emit(name, changed, damaged=True)
    for name, changed in _texts(members, rng):
        emit(name, changed, damaged=False)
    for name, changed in _xml_damage(members, rng):
        emit(name, changed, damaged=True)
    for name, changed in _sheets(members):
        # The hidden state's content (not its XML) is Sync's to judge: Check leaves it.
        emit(name, changed, damaged=name not in ("hidden-state-garbage", "hidden-state-bad-json"))
    for name, changed in _bomb(members):
        emit(name, changed, damaged=True)
    # Byte-level damage to the file as stored: flips inside a member's compressed data
    # (the zip directory's CRC still claims the old content), and truncation.
    with zipfile.ZipFile(source) as archive:
        spans = [(i.filename, i.header_offset + 30 + len(i.filename.encode()) + len(i.extra),
                  i.compress_size) for i in archive.infolist() if i.compress_size > 16]
    random_count = count if count is not None else 40
    for index in range(random_count):
        name, start, size = rng.choice(spans)
        data = bytearray(raw)
        for _ in range(rng.choice((1, 1, 3, 20))):
            offset = start + rng.randrange(size)
            data[offset] ^= 1 << rng.randrange(8)
        emit(f"flip-{index:03d}-{name}", bytes(data), damaged=True)
    for index in range(max(4, random_count // 8)):
        cut = rng.randrange(1, len(raw))
        emit(f"truncate-{index:03d}-at-{cut}", raw[:cut], damaged=True)
    return made
