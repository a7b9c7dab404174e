"""Regenerate every bad workbook in this folder, byte for byte the same each run.

Run from anywhere with the project's venv::

    /work/venv/bin/python tests/bad_workbooks/make_bad_workbooks.py

Each file is something a user might hand to ``backoffice check`` that cannot be
used: not a workbook, a damaged one, a password-protected or old-format one, or
a workbook without the sheets and columns backoffice needs. What each one must
give is in ``manifest.json``; ``README.md`` explains them. The files are the
test fixtures and are committed; this script only exists to rebuild them (for
instance after a new case is added). It needs xlsxwriter, xlwt and
msoffcrypto-tool (``pip install xlwt msoffcrypto-tool``).

Determinism: xlsxwriter already stamps zip members 1980-01-01; the document
properties get a fixed creation date; zips written here use fixed timestamps;
the encryption's random salts and keys come from a seeded generator.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).resolve().parent

#: Fixed timestamp for every zip member written here and for document properties.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)

JOURNAL_HEADER = ["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency"]


# -- helpers ----------------------------------------------------------------------


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
    """A valid .xlsx (xlsxwriter) holding ``sheets``: name -> rows of plain values."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"created": CREATED, "author": "backoffice tests"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    workbook.close()
    return buffer.getvalue()


def journal_rows(count: int) -> list[list[Any]]:
    """``count`` balanced journal lines (pairs), varied enough not to compress to nothing."""
    rng = random.Random(20240101)
    rows: list[list[Any]] = []
    for i in range(count // 2):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 365)
        amount = rng.randrange(1_000, 99_000_000) * 100
        entry = f"JV-{i + 1:05d}"
        text = f"Payment {rng.randrange(10**6, 10**7)} to supplier {rng.choice('ABCDEFGH')}"
        rows.append([day, entry, "5101", text, amount, None, "IDR"])
        rows.append([day, entry, "1101", text, None, amount, "IDR"])
    return rows


def zip_bytes(members: Sequence[tuple[str, bytes | str]], stored_first: bool = False) -> bytes:
    """A zip of ``members`` (name, content) with fixed timestamps.

    ``stored_first`` stores the first member uncompressed, as OpenDocument
    requires for its ``mimetype``.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, content) in enumerate(members):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = (zipfile.ZIP_STORED if stored_first and index == 0
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str)
                             else content)
    return buffer.getvalue()


def sheet_member(data: bytes, sheet_name: str) -> str:
    """The zip member (xl/worksheets/sheetN.xml) holding ``sheet_name`` in an xlsx."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    sheet = re.search(rf'<sheet name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', workbook)
    assert sheet, f"no sheet {sheet_name!r}"
    target = re.search(rf'Id="{re.escape(sheet.group(1))}"[^>]*Target="([^"]+)"', rels) \
        or re.search(rf'Target="([^"]+)"[^>]*Id="{re.escape(sheet.group(1))}"', rels)
    assert target, f"no relationship {sheet.group(1)}"
    path = target.group(1).lstrip("/")
    return path if path.startswith("xl/") else "xl/" + path


def damage_member(data: bytes, member: str) -> bytes:
    """Rewrite the zip ``data`` member by member, damaging the compressed bytes of ``member``.

    Every member is copied with its compressed bytes as they are (the zip
    structure, sizes and CRCs stay valid); in ``member`` a run of bytes in the
    middle of the deflate stream is overwritten, so inflating it fails or its
    CRC-32 no longer matches.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(_clone(info), source.read(info.filename))
    result = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(result))) as archive:
        info = archive.getinfo(member)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        offset = info.header_offset
        name_len, extra_len = struct.unpack("<HH", result[offset + 26:offset + 30])
        start = offset + 30 + name_len + extra_len
        size = info.compress_size
    assert size > 2000, f"{member} is too small ({size} bytes) for the damage to land in data"
    middle = start + size // 2
    for i in range(16):
        result[middle + i] ^= 0xA5
    damaged = bytes(result)
    # Make sure the damage is real: reading the member must now fail.
    try:
        zipfile.ZipFile(io.BytesIO(damaged)).read(member)
    except (zipfile.BadZipFile, zlib.error):
        return damaged
    raise AssertionError(f"damaging {member} did not make it unreadable")


def _clone(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, ZIP_TIME)
    copy.compress_type = zipfile.ZIP_DEFLATED
    copy.external_attr = info.external_attr
    return copy


def encrypt(data: bytes, password: str) -> bytes:
    """``data`` (an .xlsx) encrypted with ``password`` by msoffcrypto-tool (ECMA-376 Agile).

    The salts and keys normally come from ``secrets`` and the OLE directory is
    stamped with the current time; a seeded generator and a fixed clock make the
    file the same every run. Fine for a fixture, never for a real secret.
    """
    from msoffcrypto.format.ooxml import OOXMLFile
    from msoffcrypto.method import ecma376_agile
    from msoffcrypto.method.container import ecma376_encrypted

    class FixedClock(dt.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> FixedClock:
            return cls(2024, 1, 1, 0, 0, 0)

    rng = random.Random(1234)
    saved = ecma376_agile._random_buffer, ecma376_encrypted.datetime
    ecma376_agile._random_buffer = rng.randbytes  # type: ignore[assignment]
    ecma376_encrypted.datetime = FixedClock  # type: ignore[misc]
    try:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    finally:
        ecma376_agile._random_buffer, ecma376_encrypted.datetime = saved
    return out.getvalue()


def xls_bytes() -> bytes:
    """A legacy Excel 97-2003 .xls (xlwt) with a small Journal sheet."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Journal")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, header in enumerate(JOURNAL_HEADER):
        sheet.write(0, c, header)
    for r, row in enumerate(journal_rows(4), start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write(r, c, dt.datetime.combine(value, dt.time()), date_style)
            else:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- the cases --------------------------------------------------------------------

# A 1x1 transparent PNG: signature, IHDR, IDAT, IEND.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

CSV = ("Date,Entry,Account,Description,Debit,Credit\r\n"
       "2024-01-02,JV-001,5101,Office supplies,150000,\r\n"
       "2024-01-02,JV-001,1101,Office supplies,,150000\r\n")

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>'
)
RELS_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:body><w:p><w:r><w:t>Journal for January</w:t></w:r></w:p></w:body></w:document>'
)

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Journal"><table:table-row>'
    + "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p>'
              '</table:table-cell>' for h in JOURNAL_HEADER)
    + '</table:table-row></table:table></office:spreadsheet></office:body>'
    '</office:document-content>'
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>'
)

CONTENT_TYPES_XLSB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '</Types>'
)
RELS_XLSB = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
)
# BIFF12 records: BrtBeginBook (0x83 0x01, size 0) then BrtEndBook (0x84 0x01, size 0).
WORKBOOK_BIN = bytes.fromhex("83010084 0100".replace(" ", ""))


def small_journal() -> dict[str, list[list[Any]]]:
    return {"Journal": [JOURNAL_HEADER, *journal_rows(4)]}


def make_truncated() -> bytes:
    data = xlsx_bytes(small_journal())
    return data[: len(data) // 2]


def make_damaged_member() -> bytes:
    data = xlsx_bytes({"Journal": [JOURNAL_HEADER, *journal_rows(400)]})
    return damage_member(data, sheet_member(data, "Journal"))


CASES: dict[str, Callable[[], bytes]] = {
    "empty-file.xlsx": lambda: b"",
    "csv-renamed.xlsx": lambda: CSV.encode("utf-8"),
    "png-renamed.xlsx": lambda: PNG,
    "truncated.xlsx": make_truncated,
    "damaged-journal-member.xlsx": make_damaged_member,
    "zip-of-unrelated-files.xlsx": lambda: zip_bytes([
        ("notes.txt", "Remember to send the January invoices.\n"),
        ("photos/receipt.png", PNG),
    ]),
    "word-document-renamed.xlsx": lambda: zip_bytes([
        ("[Content_Types].xml", CONTENT_TYPES_DOCX),
        ("_rels/.rels", RELS_DOCX),
        ("word/document.xml", DOCUMENT_DOCX),
    ]),
    "password-protected.xlsx": lambda: encrypt(xlsx_bytes(small_journal()), "rahasia"),
    "legacy-excel-97.xls": xls_bytes,
    "legacy-excel-97-renamed.xlsx": xls_bytes,
    "opendocument.ods": lambda: zip_bytes([
        ("mimetype", ODS_MIMETYPE),
        ("content.xml", ODS_CONTENT),
        ("META-INF/manifest.xml", ODS_MANIFEST),
    ], stored_first=True),
    "excel-binary.xlsb": lambda: zip_bytes([
        ("[Content_Types].xml", CONTENT_TYPES_XLSB),
        ("_rels/.rels", RELS_XLSB),
        ("xl/workbook.bin", WORKBOOK_BIN),
    ]),
    "only-sheet1-unrelated.xlsx": lambda: xlsx_bytes({"Sheet1": [
        ["Name", "Phone", "City"],
        ["Budi", "0812-555-0101", "Bandung"],
        ["Siti", "0813-555-0202", "Surabaya"],
    ]}),
    "journal-without-debit-credit.xlsx": lambda: xlsx_bytes({"Journal": [
        ["Date", "Entry", "Account", "Description"],
        [dt.date(2024, 1, 2), "JV-001", "5101", "Office supplies"],
        [dt.date(2024, 1, 2), "JV-001", "1101", "Office supplies"],
    ]}),
    "jurnal-without-kredit.xlsx": lambda: xlsx_bytes({"Jurnal": [
        ["Tanggal", "No. Bukti", "Akun", "Keterangan", "Debit"],
        [dt.date(2024, 1, 2), "BKK-001", "5101", "Alat tulis kantor", 150000],
        [dt.date(2024, 1, 2), "BKK-001", "1101", "Alat tulis kantor", None],
    ]}),
    "journal-empty-sheet.xlsx": lambda: xlsx_bytes({"Journal": []}),
}


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else HERE
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        data = make()
        (folder / name).write_bytes(data)
        print(f"{name:40} {len(data):7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
