"""Lossless write-back: Check marks a book and touches nothing it was not asked to change.

The books here carry what users put in workbooks: a chart and a picture on a
report sheet, a text box, the user's own notes and conditional formats, data
validation, defined names, and (in the .xlsm) a macro project and a button.
After Check writes its marks, every part it did not change is byte-identical,
the cells of every sheet are byte-identical, and real LibreOffice opens the file
with the expected sheets, values and marks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import ledger

from backoffice.checking import check
from backoffice.cli import main

D = dt.date(2025, 2, 3)
SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")

JOURNAL = [
    ["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency"],
    [D, "JV-1", "1101", "Cash sale", 1_500_000, None, None],
    [D, "JV-1", "4101", "Cash sale", None, 1_500_000, None],
    [D, "JV-2", "9999", "Unknown account", 10, None, None],   # row 4: account-unknown
    [D, "JV-2", "4101", "", None, 10, None],
    ["kemarin", "JV-3", "1101", "Bad date", 5, None, None],   # row 6: not-a-date
    [D, "JV-3", "4101", "", None, 5, None],
]


def _png() -> bytes:
    """A real 2x2 PNG picture, built here so the test needs no file."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def rich_book(path: Path, macro: bool = False) -> Path:
    """A ledger book with the things users add to workbooks (see the module docstring)."""
    picture = path.with_name("logo.png")
    picture.write_bytes(_png())
    workbook = xlsxwriter.Workbook(str(path))
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    yellow = workbook.add_format({"bg_color": "#FFFF00"})
    settings = workbook.add_worksheet("Settings")
    for r, row in enumerate([["Setting", "Value"], ["Company", "PT Uji"], ["Language", "English"]]):
        settings.write_row(r, 0, row)
    accounts = workbook.add_worksheet("Accounts")
    for r, row in enumerate([["Code", "Name", "Type", "Parent"], ["1101", "Cash", "asset"],
                             ["4101", "Sales", "income"]]):
        accounts.write_row(r, 0, row)
    journal = workbook.add_worksheet("Journal")
    for r, row in enumerate(JOURNAL):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                journal.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif value is not None:
                journal.write(r, c, value)
    journal.write_comment("D2", "The owner's own note", {"author": "Sari"})
    journal.write_comment("C4", "Sari checked this account", {"author": "Sari"})
    journal.conditional_format("E2:E100", {"type": "cell", "criteria": ">", "value": 1_000_000,
                                            "format": yellow})
    journal.data_validation("G2:G100", {"validate": "list", "source": ["IDR", "USD"]})
    journal.write("I1", "Total debit")
    journal.write_formula("J1", "=SUM(E2:E100)", None, 1_500_015)
    report = workbook.add_worksheet("Report")
    report.write("A1", "Debits by line")
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"values": "=Journal!$E$2:$E$7", "name": "Debit"})
    report.insert_chart("B3", chart)
    report.insert_image("J3", str(picture))
    report.insert_textbox("B20", "Prepared by the bookkeeper", {"width": 240, "height": 40})
    workbook.define_name("JournalDebits", "=Journal!$E$2:$E$100")
    workbook.define_name("VATRate", "=0.11")
    if macro:
        vba = path.with_name("vbaProject.bin")
        vba.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
        workbook.add_vba_project(str(vba))
        report.insert_button("F1", {"macro": "RunCheck", "caption": "Check"})
    workbook.close()
    add_pivot_table(path)
    return path


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
PIVOT_PARTS = {
    "xl/pivotCache/pivotCacheDefinition1.xml": (
        f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{RELS}" r:id="rId1" recordCount="2">'
        '<cacheSource type="worksheet"><worksheetSource ref="E1:F3" sheet="Journal"/></cacheSource>'
        '<cacheFields count="2"><cacheField name="Debit" numFmtId="0"><sharedItems '
        'containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" '
        'minValue="10" maxValue="1500000" count="2"><n v="1500000"/><n v="10"/></sharedItems>'
        '</cacheField><cacheField name="Credit" numFmtId="0"><sharedItems containsBlank="1"/>'
        "</cacheField></cacheFields></pivotCacheDefinition>"),
    "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/pivotCacheRecords" '
        'Target="pivotCacheRecords1.xml"/></Relationships>'),
    "xl/pivotCache/pivotCacheRecords1.xml": (
        f'<pivotCacheRecords xmlns="{MAIN}" count="2"><r><x v="0"/><m/></r><r><x v="1"/><m/></r>'
        "</pivotCacheRecords>"),
    "xl/pivotTables/pivotTable1.xml": (
        f'<pivotTableDefinition xmlns="{MAIN}" name="DebitPivot" cacheId="7" dataCaption="Values" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" '
        'applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" '
        'updatedVersion="6" minRefreshableVersion="3" createdVersion="6" outline="1" '
        'outlineData="1"><location ref="A30:A33" firstHeaderRow="1" firstDataRow="1" '
        'firstDataCol="0"/><pivotFields count="2"><pivotField axis="axisRow" showAll="0">'
        '<items count="3"><item x="0"/><item x="1"/><item t="default"/></items></pivotField>'
        '<pivotField showAll="0"/></pivotFields><rowFields count="1"><field x="0"/></rowFields>'
        '<rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i></rowItems>'
        "<colItems count=\"1\"><i/></colItems></pivotTableDefinition>"),
    "xl/pivotTables/_rels/pivotTable1.xml.rels": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/pivotCacheDefinition" '
        'Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>'),
}


def add_pivot_table(path: Path) -> None:
    """Add a pivot table (on the Report sheet, over the journal's debits) to a built book.

    xlsxwriter cannot make pivot tables; this writes the parts Excel writes for one.
    """
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info)
            edited = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                      "xl/worksheets/_rels/sheet4.xml.rels"}
            data = raw.decode("utf-8") if info.filename in edited else None
            if info.filename == "[Content_Types].xml":
                data = data.replace("</Types>", "".join(
                    f'<Override PartName="/{name}" ContentType="{CT}{kind}+xml"/>'
                    for name, kind in (("xl/pivotCache/pivotCacheDefinition1.xml",
                                        "pivotCacheDefinition"),
                                       ("xl/pivotCache/pivotCacheRecords1.xml", "pivotCacheRecords"),
                                       ("xl/pivotTables/pivotTable1.xml", "pivotTable"))) + "</Types>")
            elif info.filename == "xl/workbook.xml":
                data = data.replace("</workbook>", '<pivotCaches><pivotCache cacheId="7" '
                                    'r:id="rId99"/></pivotCaches></workbook>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", f'<Relationship Id="rId99" '
                                    f'Type="{RELS}/pivotCacheDefinition" '
                                    'Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>')
            elif info.filename == "xl/worksheets/_rels/sheet4.xml.rels":
                data = data.replace("</Relationships>", f'<Relationship Id="rId98" '
                                    f'Type="{RELS}/pivotTable" '
                                    'Target="../pivotTables/pivotTable1.xml"/></Relationships>')
            dst.writestr(info, data.encode("utf-8") if data is not None else raw)
        for name, xml in PIVOT_PARTS.items():
            dst.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    copy.replace(path)


def _members(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each member: (CRC, compressed size, uncompressed bytes)."""
    with zipfile.ZipFile(path) as archive:
        return {i.filename: (i.CRC, i.compress_size, archive.read(i)) for i in archive.infolist()}


def _cells(xml: bytes) -> bytes:
    match = re.search(rb"<sheetData\b.*?(?:</sheetData>|<sheetData/>)", xml, re.S)
    assert match is not None
    return match.group(0)


@pytest.mark.parametrize("name", ["book.xlsx", "book.xlsm"])
def test_check_marks_and_leaves_everything_else_as_it_was(tmp_path, name):
    path = rich_book(tmp_path / name, macro=name.endswith(".xlsm"))
    before = _members(path)
    report = check(str(path), "en", mark=True)
    assert report.flatten("code", "cell") == [("account-unknown", "C4"), ("not-a-date", "A6")]
    after = _members(path)

    changed = {n for n in before if n in after and after[n][2] != before[n][2]}
    added = set(after) - set(before)
    assert set(before) <= set(after), "a part was lost"
    # Only these may change: the marked sheet, the workbook's lists, styles, and notes.
    assert changed <= {"xl/worksheets/sheet3.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                       "[Content_Types].xml", "xl/styles.xml", "xl/comments1.xml",
                       "xl/drawings/vmlDrawing1.vml"}, changed
    for part in set(before) - changed:
        assert after[part][:2] == before[part][:2], f"{part} was recompressed"
    # The Issues sheet, and the marks record (docs/hidden-state.md), very hidden.
    assert added == {"xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml"}
    assert re.search(rb'<sheet name="_backoffice_marks" sheetId="6" state="veryHidden"',
                     after["xl/workbook.xml"][2])
    # The cells of the marked sheet are untouched byte for byte.
    assert _cells(after["xl/worksheets/sheet3.xml"][2]) == _cells(before["xl/worksheets/sheet3.xml"][2])
    if name.endswith(".xlsm"):
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert b'<pivotCache cacheId="7" r:id="rId99"/>' in after["xl/workbook.xml"][2]

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Settings", "Accounts", "Journal", "Report", "Issues",
                               "_backoffice_marks"]
    journal = book["Journal"]
    assert journal["D2"].comment.text == "The owner's own note"           # the user's note stays
    assert journal["C4"].comment.text == "Sari checked this account"      # and wins over ours
    assert "is not a date" in journal["A6"].comment.text
    ranges = sorted(str(cf.sqref) for cf in journal.conditional_formatting)
    assert ranges == ["A6 C4", "E2:E100"]
    issues = book["Issues"]
    assert [c.value for c in issues[2]][:3] == ["error", "Journal", "C4"]
    assert issues["C2"].hyperlink.location == "'Journal'!C4"
    assert book.defined_names["VATRate"].attr_text == "0.11"


def test_a_second_check_replaces_only_its_own_marks(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    sheet_id = re.search(rb'name="Issues" sheetId="(\d+)"', _members(path)["xl/workbook.xml"][2])
    # The bookkeeper fixes the date; the unknown account remains.
    fixed = tmp_path / "fixed.xlsx"
    _replace_cell_text(path, fixed, b"kemarin", b"2025-02-03")
    report = check(str(fixed), "en", mark=True)
    assert report.flatten("code", "cell") == [("account-unknown", "C4")]
    book = openpyxl.load_workbook(fixed)
    journal = book["Journal"]
    assert journal["A6"].comment is None
    assert sorted(str(cf.sqref) for cf in journal.conditional_formatting) == ["C4", "E2:E100"]
    assert journal["D2"].comment.text == "The owner's own note"
    assert re.search(rb'name="Issues" sheetId="(\d+)"',
                     _members(fixed)["xl/workbook.xml"][2]).group(1) == sheet_id.group(1)
    # Everything fixed: the marks go, the Issues sheet says so.
    _replace_cell_text(fixed, path, b"9999", b"1101")
    report = check(str(path), "en", mark=True)
    assert report.valid
    book = openpyxl.load_workbook(path)
    assert [str(cf.sqref) for cf in book["Journal"].conditional_formatting] == ["E2:E100"]
    assert book["Issues"]["E2"].value == "No problems found."
    assert book["Journal"]["D2"].comment.text == "The owner's own note"


def _replace_cell_text(source: Path, target: Path, old: bytes, new: bytes) -> None:
    """Edit a shared string the way a user's retyping would, in a copy of the book."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b">" + old + b"<", b">" + new + b"<")
            dst.writestr(info, data)


def test_a_clean_book_without_marks_is_not_written(tmp_path, make_book):
    path = make_book(ledger(JOURNAL[1:3]))
    before = path.read_bytes()
    assert main(["check", str(path)]) == 0
    assert path.read_bytes() == before


def test_an_issue_quoting_a_full_cell_is_cut_to_what_a_cell_holds(make_book):
    """A cell may hold Excel's full 32,767 characters; the Issues sheet's message quotes it
    with words around it, which would not fit: the message is cut with an ellipsis, since
    a longer cell makes Excel repair the file (dropping it)."""
    path = make_book(ledger([[D, "JV-1", "z" * 32_767, "Too long", 10, None, None],
                             [D, "JV-1", "4101", "Too long", None, 10, None]]))
    assert main(["check", str(path), "--lang", "en"]) == 1
    rows = list(openpyxl.load_workbook(path, read_only=True)["Issues"].iter_rows(values_only=True))
    assert max(len(v) for r in rows for v in r if isinstance(v, str)) == 32_767
    row = next(r for r in rows if r[2] == "C2")
    assert row[3] == "z" * 32_767  # the value, whole: it fits
    assert len(row[4]) == 32_767 and row[4].endswith("z…")  # the message, cut


def test_no_marks_option_keeps_the_book_read_only(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    before = path.read_bytes()
    assert main(["check", str(path), "--no-marks"]) == 1
    assert path.read_bytes() == before


def test_a_sheet_named_issues_that_is_not_ours_is_never_overwritten(tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    journal = workbook.add_worksheet("Journal")
    for r, row in enumerate(JOURNAL[:4]):
        journal.write_row(r, 0, [str(v) if isinstance(v, dt.date) else v for v in row])
    workbook.add_worksheet("Issues").write("A1", "my own list of issues")
    workbook.close()
    before = path.read_bytes()
    assert main(["check", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "named Issues that backoffice did not write" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("lock", ["~$book.xlsx", ".~lock.book.xlsx#"])
def test_a_book_open_in_excel_or_libreoffice_is_not_written(tmp_path, lock, capsys):
    path = rich_book(tmp_path / "book.xlsx")
    (tmp_path / lock).write_bytes(b"lock")
    before = path.read_bytes()
    # The problems are reported with their exit code; only the marks wait (issue 17 item 5).
    assert main(["check", str(path), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "Journal" in out  # the report is still shown
    assert "Marks not written" in err and "in use" in err and lock in err
    assert err.count("\n") == 1
    assert path.read_bytes() == before


def test_a_read_only_book_is_not_written(tmp_path, monkeypatch, capsys):
    """A read-only file is refused before anything is written. Tests run as root, who may
    write read-only files, so a double stands in for the permission check of the OS."""
    path = rich_book(tmp_path / "book.xlsx")
    path.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr("backoffice.books.save.os.access",
                        lambda p, mode: (Path(p) != path or mode != os.W_OK) and real_access(p, mode))
    before = path.read_bytes()
    assert main(["check", str(path), "--lang", "en"]) == 1  # the report's own exit code
    err = capsys.readouterr().err
    assert "Marks not written" in err and "read-only" in err and "in use" not in err
    assert path.read_bytes() == before


@needs_libreoffice
def test_libreoffice_opens_the_marked_book(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), "id", mark=True)
    out = tmp_path / "lo"
    subprocess.run([SOFFICE, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    resaved = out / "book.xlsx"
    book = openpyxl.load_workbook(resaved)
    assert book.sheetnames == ["Settings", "Accounts", "Journal", "Report", "Masalah",
                               "_backoffice_marks"]
    journal = book["Journal"]
    assert "bukan tanggal" in journal["A6"].comment.text
    assert journal["D2"].comment.text.strip() == "The owner's own note"
    assert sorted(str(cf.sqref) for cf in journal.conditional_formatting) == ["A6 C4", "E2:E100"]
    masalah = book["Masalah"]
    assert [c.value for c in masalah[1]][:3] == ["Tingkat", "Sheet", "Sel"]
    assert masalah["C2"].value == "C4" and masalah["B3"].value == "Journal"
    with zipfile.ZipFile(resaved) as archive:
        names = archive.namelist()
    assert any(n.startswith("xl/charts/") for n in names), "the chart was lost"
    assert any(n.startswith("xl/media/") for n in names), "the picture was lost"
    assert any(n.startswith("xl/pivotTables/") for n in names), "the pivot table was lost"


@needs_libreoffice
def test_an_output_sheet_is_rewritten_in_place_and_formulas_follow(tmp_path):
    """A user's formula pointing into an output sheet keeps working after the rewrite, and
    the book asks to be recalculated when opened. Excel obeys that flag; LibreOffice has
    its own setting for it, so the test runs LibreOffice with "always recalculate"."""
    from backoffice.books.sheetxml import Column, OutputTable
    from backoffice.books.writer import WorkbookWriter

    path = rich_book(tmp_path / "book.xlsx")
    original = _members(path)
    table = OutputTable([Column("Account"), Column("Balance", "amount")],
                        [("1101", 100), ("4101", -100)], row_count=2)
    with WorkbookWriter(str(path)) as writer:
        writer.write_output_sheet("Trial Balance", table, "trial-balance")
        writer.save()
    written = _members(path)
    changed = {n for n in original if written[n] != original[n]}
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                       "xl/styles.xml"}  # every other part, every sheet included, is untouched
    # The user links to it from their own sheet...
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    workbook_xml = _members(path)["xl/workbook.xml"][2]
    sheet_id = re.search(rb'name="Trial Balance" sheetId="(\d+)"', workbook_xml).group(1)
    _add_formula(path, "Report", "A2", "'Trial Balance'!B3")
    # ...and the engine writes new figures.
    table = OutputTable([Column("Account"), Column("Balance", "amount")],
                        [("1101", 250), ("4101", -250)], row_count=2)
    with WorkbookWriter(str(path)) as writer:
        writer.write_output_sheet("Trial Balance", table, "trial-balance")
        writer.save()
    workbook_xml = _members(path)["xl/workbook.xml"][2]
    assert re.search(rb'name="Trial Balance" sheetId="(\d+)"', workbook_xml).group(1) == sheet_id
    assert b'fullCalcOnLoad="1"' in workbook_xml
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(names)  # replaced in place, nothing added
    out = tmp_path / "recalculated"
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, "utf-8")
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    report = openpyxl.load_workbook(out / "book.xlsx", data_only=True)["Report"]
    assert report["A2"].value == -250


RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _add_formula(path: Path, sheet: str, ref: str, formula: str) -> None:
    """Put a formula into an existing cell row of ``sheet`` (what a user does in Excel)."""
    part = "xl/worksheets/sheet4.xml"
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                row = re.fullmatch(r"[A-Z]+(\d+)", ref).group(1)
                cell = f'<row r="{row}"><c r="{ref}"><f>{formula}</f><v>0</v></c></row>'
                assert f'<row r="{row}"'.encode() not in data
                data = data.replace(b"</sheetData>", cell.encode() + b"</sheetData>", 1)
            dst.writestr(info, data)
    copy.replace(path)


def test_an_output_too_large_for_a_sheet_is_refused_before_writing(tmp_path):
    from backoffice.books.sheetxml import Column, OutputTable, SheetTooLarge
    from backoffice.books.writer import WorkbookWriter

    path = rich_book(tmp_path / "book.xlsx")
    before = path.read_bytes()
    endless = OutputTable([Column("n")], ((i,) for i in range(2_000_000)), row_count=2_000_000)
    with WorkbookWriter(str(path)) as writer, pytest.raises(SheetTooLarge) as refused:
        writer.write_output_sheet("Numbers", endless, "numbers")
    assert "2,000,000 rows" in refused.value.render("en")
    # Without a known row count the stream is cut at the limit and nothing is saved.
    unknown = OutputTable([Column("n")], ((i,) for i in range(1_048_576)))
    with WorkbookWriter(str(path)) as writer, pytest.raises(SheetTooLarge):
        writer.write_output_sheet("Numbers", unknown, "numbers")
        writer.save()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "logo.png"]


def test_several_new_output_sheets_in_one_save_each_get_their_own_part(tmp_path):
    from backoffice.books.sheetxml import Column, OutputTable
    from backoffice.books.writer import WorkbookWriter

    path = rich_book(tmp_path / "book.xlsx")
    with WorkbookWriter(str(path)) as writer:
        for name in ("First", "Second", "Third"):
            writer.write_output_sheet(name, OutputTable([Column("Name")], [(name,)], 1), name)
        writer.save()
    book = openpyxl.load_workbook(path)
    assert [book[n]["A2"].value for n in ("First", "Second", "Third")] == ["First", "Second",
                                                                          "Third"]


def _prefix_sheet(path: Path, part: str) -> None:
    """Rewrite one worksheet with a namespace prefix (<x:worksheet>, <x:c>), as some
    .NET libraries write them; same content, other spelling."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                text = data.decode("utf-8")
                text = text.replace(f'<worksheet xmlns="{MAIN}"', f'<x:worksheet xmlns:x="{MAIN}"')
                text = re.sub(r"<(/?)(?!x:|\?)([A-Za-z]\w*)", r"<\1x:\2", text)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    copy.replace(path)


@needs_libreoffice
def test_marks_on_a_sheet_written_with_a_namespace_prefix(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    _prefix_sheet(path, "xl/worksheets/sheet3.xml")
    assert b"<x:sheetData>" in _members(path)["xl/worksheets/sheet3.xml"][2]
    report = check(str(path), "en", mark=True)
    assert report.flatten("code", "cell") == [("account-unknown", "C4"), ("not-a-date", "A6")]
    xml = _members(path)["xl/worksheets/sheet3.xml"][2]
    assert b"<x:conditionalFormatting" in xml and b"<x:legacyDrawing" in xml
    out = tmp_path / "lo"
    subprocess.run([SOFFICE, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    journal = openpyxl.load_workbook(out / "book.xlsx")["Journal"]
    assert sorted(str(cf.sqref) for cf in journal.conditional_formatting) == ["A6 C4", "E2:E100"]
    assert "is not a date" in journal["A6"].comment.text
