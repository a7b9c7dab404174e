"""Macro-enabled books (.xlsm) with the action buttons: everything provable on Linux.

Live Excel cannot run here. What is proven: the book carries the macro-enabled content
type; olevba (oletools, an independent reader) extracts the VBA modules and they are the
text in backoffice/books/vba; every button's macro is a Sub of that project whose
RunPython asks for the action the button's label promises; the project rebuilds from its
text to the same bytes; LibreOffice reads the project and binds each button to its macro;
Check and Post leave the project and the buttons byte for byte.
"""

from __future__ import annotations

import os
import re
import subprocess
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from programs import needs

with warnings.catch_warnings():  # olevba 0.60.2 calls pyparsing's old camelCase names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

from backoffice import actions
from backoffice.books import macros, ovbacompress, ribbon, vbabuild
from backoffice.cli import main

VBA = Path(vbabuild.__file__).parent / "vba"
HELP = {"en": "Help", "id": "Bantuan"}
KINDS = ("ledger", "payroll", "inventory")


def _new(tmp_path: Path, kind: str, lang: str, name: str = "book.xlsm") -> Path:
    path = tmp_path / name
    assert main(["new", kind, str(path), "--lang", lang]) == 0
    return path


def _modules(path: Path) -> dict[str, str]:
    """Module name -> source, as olevba extracts it (line ends as LF)."""
    parser = VBA_Parser(str(path))
    try:
        return {Path(stream).name: code.replace("\r\n", "\n")
                for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def _buttons(path: Path) -> list[tuple[str, str]]:
    """(caption, macro) of every form button in the book's drawings, as Excel stores them."""
    found = []
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if not name.endswith(".vml"):
                continue
            for shape in re.findall(r"<v:shape .*?</v:shape>", book.read(name).decode(), re.S):
                if 'ObjectType="Button"' not in shape:
                    continue
                caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>",
                                                           shape, re.S).group(0)).strip()
                macro = re.search(r"<x:FmlaMacro>\[0\]!([^<]+)</x:FmlaMacro>", shape).group(1)
                found.append((caption, macro))
    return found


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_new_xlsm_is_macro_enabled_and_each_button_runs_the_action_its_label_promises(
        tmp_path, kind, lang):
    path = _new(tmp_path, kind, lang)
    with zipfile.ZipFile(path) as book:
        types = book.read("[Content_Types].xml").decode()
        assert f'PartName="/xl/workbook.xml" ContentType="{macros.MACRO_ENABLED}"' in types
        assert book.read("xl/vbaProject.bin") == (VBA / "vbaProject.bin").read_bytes()
    modules = _modules(path)
    assert modules["Backoffice"] == (VBA / "Backoffice.bas").read_text()
    assert "Public Function RunPython(PythonCommand As String)" in modules["xlwings"]
    # What the label promises, read from the label alone (never from the macro's name).
    promised = {b.label.pick(lang): b.action for b in macros.ALL}
    buttons = _buttons(path)
    assert [caption for caption, _ in buttons] == \
        [b.label.pick(lang) for b in macros.BUTTONS[kind]]
    for caption, macro in buttons:
        module, sub = macro.split(".")
        body = re.search(rf"^Sub {sub}\(\)\n(.*?)^End Sub", modules[module], re.S | re.M)
        assert body, f"{caption}: no Sub {sub} in module {module}"
        assert body.group(1).strip() == (
            f"RunPython \"import backoffice.addin.excel; "
            f"backoffice.addin.excel.button('{promised[caption]}')\""), caption


def test_new_says_the_xlsm_has_buttons_and_how_to_check_their_set_up(tmp_path):
    result = actions.new(str(tmp_path / "buku.xlsm"), actions.NewOptions("payroll", "id"))
    assert "tombol" in result.outcome.id and "addin doctor" in result.outcome.id
    assert "buttons" in result.outcome.en
    plain = actions.new(str(tmp_path / "book.xlsx"), actions.NewOptions("payroll", "en"))
    assert "button" not in plain.outcome.en


def test_an_xlsx_stays_plain_with_no_macros(tmp_path):
    path = tmp_path / "book.xlsx"
    assert main(["new", "ledger", str(path)]) == 0
    with zipfile.ZipFile(path) as book:
        assert "xl/vbaProject.bin" not in book.namelist()
        assert macros.PLAIN in book.read("[Content_Types].xml").decode()


def test_the_help_sheet_says_what_the_buttons_do_and_where_they_do_nothing(tmp_path):
    import openpyxl

    for lang in ("en", "id"):
        path = _new(tmp_path, "ledger", lang, f"{lang}.xlsm")
        book = openpyxl.load_workbook(path, read_only=True)
        try:
            texts = [c for row in book[HELP[lang]].iter_rows(values_only=True) for c in row if c]
        finally:
            book.close()
        assert f"• {macros.BUTTONS_HELP.pick(lang)}" in texts
        assert ("iPad" in macros.BUTTONS_HELP.pick(lang))


def test_the_vba_project_rebuilds_from_its_text_to_the_same_bytes(tmp_path):
    """The binary is generated, not hand-made: ms-ovba over vba/*.bas gives exactly it.

    Run as a developer runs it, in its own process: ms-cfb leaves a file handle to the
    garbage collector, which pytest's warning capture delays."""
    import sys

    out = tmp_path / "vbaProject.bin"
    subprocess.run([sys.executable, "-m", "backoffice.books.vbabuild", str(out)], check=True,
                   capture_output=True, timeout=120)
    rebuilt = out.read_bytes()
    assert rebuilt == (VBA / "vbaProject.bin").read_bytes(), \
        "vba/vbaProject.bin is out of date: run python -m backoffice.books.vbabuild"


def test_the_xlwings_module_is_xlwings_own_file():
    import hashlib

    import xlwings

    shipped = Path(xlwings.__file__).parent / "xlwings.bas"
    assert (VBA / "xlwings.bas").read_bytes() == shipped.read_bytes()
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == vbabuild.XLWINGS_BAS_SHA256
    assert f"'Version: {xlwings.__version__}" in shipped.read_text()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=9000) | st.text("ab \r\n", max_size=12000).map(str.encode))
def test_compression_is_read_back_by_olevba(data):
    """Our MS-OVBA compressor against olevba's independent decompressor."""
    assert decompress_stream(bytearray(ovbacompress.compress(data))) == data


@needs("soffice")
@pytest.mark.parametrize("kind", ["ledger", "payroll"])
def test_libreoffice_reads_the_project_and_binds_each_button_to_its_macro(tmp_path, kind):
    path = _new(tmp_path, kind, "id")
    assert ribbon.PART in zipfile.ZipFile(path).namelist()  # LibreOffice opens it all the same
    out = tmp_path / "out"
    # A clean environment: a venv's bin first on PATH can break LibreOffice's own Python.
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "ods", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=240,
                   env={**env, **({"LANG": os.environ["LANG"]} if "LANG" in os.environ else {})})
    with zipfile.ZipFile(out / "book.ods") as ods:
        content = ods.read("content.xml").decode()
        basic = ods.read("Basic/VBAProject/Backoffice.xml").decode()
        assert "BackofficeRibbonCheck" in ods.read("Basic/VBAProject/BackofficeRibbon.xml").decode()
    bound = re.findall(r'event-name="form:performaction" xlink:href="vnd\.sun\.star\.script:'
                       r'VBAProject\.([A-Za-z.]+)\?', content)
    assert bound == [b.macro for b in macros.BUTTONS[kind]]
    labels = re.findall(r'<form:button [^>]*form:label="([^"]*)"', content)
    assert labels == [b.label.id for b in macros.BUTTONS[kind]]
    for button in macros.BUTTONS[kind]:
        assert f"Sub {button.sub}()" in basic


def test_check_and_post_keep_the_project_the_buttons_and_a_ribbon_byte_for_byte(tmp_path):
    path = _new(tmp_path, "ledger", "en")  # with its ribbon tab
    with zipfile.ZipFile(path) as book:
        help_part = f"xl/worksheets/sheet{_help_index(book)}.xml"
        before = {n: book.read(n) for n in book.namelist()
                  if n.endswith((".bin", ".vml")) or n in (help_part, "customUI/customUI14.xml",
                                                           "_rels/.rels")}
    assert len(before) == 5 and ribbon.REL_TYPE.encode() in before["_rels/.rels"]
    assert actions.check(str(path)).exit_code == 0
    assert actions.post(str(path)).exit_code == 0
    with zipfile.ZipFile(path) as book:
        assert {n: book.read(n) for n in before} == before
        assert f'ContentType="{macros.MACRO_ENABLED}"' in book.read("[Content_Types].xml").decode()
        assert "xl/worksheets/sheet14.xml" in book.namelist()  # Post did write its sheets
    assert [c for c, _ in _buttons(path)] == ["Check", "Post", "Sync"]


def _help_index(book: zipfile.ZipFile, name: str = "Help") -> int:
    """The sheet number of the Help sheet (the last one a new book writes)."""
    sheets = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
    return sheets.index(name) + 1


# -- backoffice addin excel: an existing book gets the buttons, nothing else changes --------------

def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist()}


@pytest.mark.parametrize("kind", KINDS)
def test_addin_excel_writes_a_new_xlsm_beside_an_xlsx_and_leaves_the_xlsx(tmp_path, kind):
    plain = tmp_path / "book.xlsx"
    assert main(["new", kind, str(plain), "--lang", "id"]) == 0
    before = plain.read_bytes()
    assert main(["addin", "excel", str(plain)]) == 0
    assert plain.read_bytes() == before
    made = tmp_path / "book.xlsm"
    old, new = _parts(plain), _parts(made)
    added = set(new) - set(old)
    number = _help_index(zipfile.ZipFile(made), "Bantuan")
    help_part = f"xl/worksheets/sheet{number}.xml"
    assert added == {"xl/vbaProject.bin", "xl/drawings/vmlDrawing1.vml", ribbon.PART,
                     f"xl/worksheets/_rels/sheet{number}.xml.rels"}
    changed = {n for n in old if old[n] != new[n]}
    assert changed == {"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                       help_part, "_rels/.rels"}
    # The package's relationships only gained the ribbon's; the tab is the new book's.
    assert re.sub(r'<Relationship Id="[^"]+" Type="[^"]+/ui/extensibility" '
                  r'Target="customUI/customUI14.xml"/>', "", new["_rels/.rels"].decode()) == \
        old["_rels/.rels"].decode()
    assert new[ribbon.PART] == _parts(_new(tmp_path, kind, "id", "fresh.xlsm"))[ribbon.PART]
    # The Help sheet only gained its drawing.
    assert re.sub(r'<legacyDrawing r:id="rId\d+"/>', "", new[help_part].decode()) == \
        old[help_part].decode()
    assert f'ContentType="{macros.MACRO_ENABLED}"' in new["[Content_Types].xml"].decode()
    assert new["xl/vbaProject.bin"] == (VBA / "vbaProject.bin").read_bytes()
    assert [c for c, _ in _buttons(made)] == [b.label.id for b in macros.BUTTONS[kind]]
    assert "Backoffice" in _modules(made)
    assert actions.check(str(made)).exit_code == 0


def test_addin_excel_refuses_to_write_over_an_xlsm_and_leaves_our_own_alone(tmp_path):
    plain = tmp_path / "book.xlsx"
    assert main(["new", "ledger", str(plain)]) == 0
    assert main(["addin", "excel", str(plain)]) == 0
    made = (tmp_path / "book.xlsm").read_bytes()
    assert main(["addin", "excel", str(plain)]) == 2  # book.xlsm exists: refused
    assert main(["addin", "excel", str(tmp_path / "book.xlsm")]) == 0  # ours: nothing to do
    assert (tmp_path / "book.xlsm").read_bytes() == made


def test_addin_excel_refuses_a_book_with_macros_of_its_own(tmp_path):
    """Someone's own VBA project is never replaced."""
    import xlwings

    theirs = tmp_path / "theirs.xlsm"
    shutil_copy = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    path = _new(tmp_path, "ledger", "en")
    parts = _parts(path)
    parts["xl/vbaProject.bin"] = zipfile.ZipFile(shutil_copy).read("xl/vbaProject.bin")
    with zipfile.ZipFile(theirs, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    before = theirs.read_bytes()
    assert main(["addin", "excel", str(theirs)]) == 2
    assert theirs.read_bytes() == before


@needs("soffice")
def test_libreoffice_binds_the_buttons_addin_excel_added(tmp_path):
    plain = tmp_path / "book.xlsx"
    assert main(["new", "inventory", str(plain)]) == 0
    assert main(["addin", "excel", str(plain)]) == 0
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "ods", "--outdir", str(out),
                    str(tmp_path / "book.xlsm")], check=True, capture_output=True, timeout=240,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    with zipfile.ZipFile(out / "book.ods") as ods:
        content = ods.read("content.xml").decode()
    bound = re.findall(r'xlink:href="vnd\.sun\.star\.script:VBAProject\.([A-Za-z.]+)\?', content)
    assert bound == [b.macro for b in macros.BUTTONS["inventory"]]


# -- backoffice addin doctor ------------------------------------------------------------------------

def test_doctor_says_what_it_cannot_check_on_linux_and_what_to_do(tmp_path, capsys):
    from backoffice.addin.excel import doctor

    plain = tmp_path / "book.xlsx"
    assert main(["new", "ledger", str(plain)]) == 0
    findings = doctor.run_checks(str(plain), conf=tmp_path / "none.conf", on="Linux")
    by_status = {f.status for f in findings}
    assert by_status == {doctor.OK, doctor.FAIL, doctor.CANNOT}
    failed = [f for f in findings if f.status == doctor.FAIL]
    assert [f.fix.en for f in failed] == [f"backoffice addin excel {plain}"]
    lines = [line for f in findings for line in f.lines("id", on="Linux")]
    assert any(line.startswith("[tidak bisa diperiksa di Linux] Defender") for line in lines)
    assert main(["addin", "doctor", str(plain), "--lang", "en"]) == 1
    assert main(["addin", "doctor", str(_new(tmp_path, "ledger", "en"))]) == 0


def test_doctor_on_windows_names_a_missing_conf_and_a_wrong_interpreter(tmp_path):
    from backoffice.addin.excel import doctor

    missing = doctor.run_checks(conf=tmp_path / "none.conf", on="Windows")
    conf = next(f for f in missing if f.name.en.startswith("xlwings.conf"))
    assert conf.status == doctor.FAIL and "INTERPRETER_WIN" in conf.fix.en
    written = tmp_path / "xlwings.conf"
    written.write_text('"INTERPRETER_WIN","C:\\\\nowhere\\\\python.exe"\n')
    wrong = doctor.run_checks(conf=written, on="Windows")
    conf = next(f for f in wrong if f.name.en.startswith("xlwings.conf"))
    assert conf.status == doctor.FAIL and "no such program" in conf.found.en
    import sys

    written.write_text(f'"INTERPRETER_WIN","{sys.executable}"\n')
    right = doctor.run_checks(conf=written, on="Windows")
    assert next(f for f in right if f.name.en.startswith("xlwings.conf")).status == doctor.OK


@pytest.mark.parametrize(("before", "after"), [
    ('<workbookPr codeName="DieseArbeitsmappe" date1904="0"/><sheets/>',
     '<workbookPr codeName="ThisWorkbook" date1904="0"/><sheets/>'),
    ('<workbookPr defaultThemeVersion="1"/><sheets/>',
     '<workbookPr codeName="ThisWorkbook" defaultThemeVersion="1"/><sheets/>'),
    ("<fileVersion/><bookViews/>", '<fileVersion/><workbookPr codeName="ThisWorkbook"/><bookViews/>'),
])
def test_the_workbook_names_its_code_module_as_the_project_does(before, after):
    from backoffice.books.macrobook import _with_code_name

    assert _with_code_name(f"<workbook>{before}</workbook>") == f"<workbook>{after}</workbook>"


# -- the Back office ribbon tab ---------------------------------------------------------------------

CUSTOM_UI = "{http://schemas.microsoft.com/office/2009/07/customui}"


def _ribbon(path: Path) -> ET.Element:
    """The book's ribbon part, found as Excel finds it: through ``_rels/.rels``."""
    with zipfile.ZipFile(path) as book:
        rels = ET.fromstring(book.read("_rels/.rels"))
        targets = [r.get("Target") for r in rels
                   if r.get("Type") == "http://schemas.microsoft.com/office/2007/"
                                      "relationships/ui/extensibility"]
        assert targets == ["customUI/customUI14.xml"]
        return ET.fromstring(book.read(targets[0]))


def _sub(modules: dict[str, str], macro: str) -> tuple[str, str]:
    """(parameters, body) of the Sub ``Module.Sub`` in the extracted modules."""
    module, sub = macro.split(".")
    found = re.search(rf"^Sub {sub}\((.*?)\)\n(.*?)^End Sub", modules[module], re.S | re.M)
    assert found, f"no Sub {sub} in module {module}"
    return found.group(1), found.group(2).strip()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_ribbon_tab_is_customui_whose_buttons_call_the_help_sheets_subs(tmp_path, kind, lang):
    """The part parses as XML in the customUI 2009/07 namespace with the schema's nesting
    (customUI > ribbon > tabs > tab > group > button; no XSD here, so the structure, ids and
    required attributes are checked); its labels are the book's language; every onAction
    names a Sub that olevba extracts, with the ribbon callback's signature, calling the Sub
    of the Help sheet's button with the same label."""
    path = _new(tmp_path, kind, lang)
    root = _ribbon(path)
    assert root.tag == f"{CUSTOM_UI}customUI"
    assert [e.tag.removeprefix(CUSTOM_UI) for e in root.iter()] == \
        ["customUI", "ribbon", "tabs", "tab", "group"] + ["button"] * len(macros.BUTTONS[kind])
    tab = root.find(f"{CUSTOM_UI}ribbon/{CUSTOM_UI}tabs/{CUSTOM_UI}tab")
    assert tab.get("label") == ribbon.TAB.pick(lang)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 2 + len(macros.BUTTONS[kind])
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in ids)  # xsd:ID
    modules = _modules(path)
    by_label = dict(_buttons(path))  # Help sheet: caption -> its macro
    buttons = list(tab.iter(f"{CUSTOM_UI}button"))
    assert [b.get("label") for b in buttons] == [b.label.pick(lang) for b in macros.BUTTONS[kind]]
    for button in buttons:
        assert button.get("imageMso") and button.get("size") == "large"
        params, body = _sub(modules, button.get("onAction"))
        assert params == "control As IRibbonControl"
        assert body == by_label[button.get("label")], button.get("label")
    assert modules["BackofficeRibbon"] == (VBA / "BackofficeRibbon.bas").read_text() \
        .replace("\r\n", "\n")


def test_the_project_references_the_office_library_the_ribbon_callbacks_need():
    """IRibbonControl is a type of the Office library: the project references it (the libid
    xlwings' own add-in, xlwings.xlam, carries) beside OLE Automation."""
    import io

    import olefile
    import xlwings

    def references(project: bytes) -> list[bytes]:
        ole = olefile.OleFileIO(io.BytesIO(project))
        try:
            stream = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
        finally:
            ole.close()
        return re.findall(rb"\*\\G\{[0-9A-F-]{36}\}#[^\x00-\x1f]+", stream)

    ours = references((VBA / "vbaProject.bin").read_bytes())
    theirs = references(zipfile.ZipFile(Path(xlwings.__file__).parent / "addin" /
                                        "xlwings.xlam").read("xl/vbaProject.bin"))
    office = [r for r in theirs if b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}" in r]
    assert office and office[0] in ours
    assert any(b"stdole2.tlb" in r for r in ours)


def test_addin_excel_brings_an_earlier_backoffice_project_up_to_date(tmp_path, monkeypatch):
    """A book made by an earlier backoffice (its project, no ribbon) gets this version's
    project and the ribbon tab, and nothing else changes; a book with someone's own
    ribbon keeps it."""
    import hashlib

    import xlwings

    path = _new(tmp_path, "payroll", "id")
    parts = _parts(path)
    earlier = zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm") \
        .read("xl/vbaProject.bin")  # stands in for an earlier backoffice project
    parts["xl/vbaProject.bin"] = earlier
    del parts[ribbon.PART]
    parts["_rels/.rels"] = re.sub(rb'<Relationship Id="rIdBackofficeRibbon"[^>]*/>', b"",
                                  parts["_rels/.rels"])
    old = tmp_path / "old.xlsm"
    with zipfile.ZipFile(old, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    assert main(["addin", "excel", str(old)]) == 2  # not known as ours: refused
    monkeypatch.setattr(macros, "EARLIER_PROJECTS",
                        frozenset({hashlib.sha256(earlier).hexdigest()}))
    before = _parts(old)
    from backoffice.addin.excel import doctor

    said = [f for f in doctor.run_checks(str(old), conf=tmp_path / "none.conf", on="Linux")
            if f.name.en.startswith("buttons in")]
    assert said[0].status == doctor.FAIL and said[0].fix.en == f"backoffice addin excel {old}"
    assert main(["addin", "excel", str(old)]) == 0
    after = _parts(old)
    assert {n for n in after if before.get(n) != after[n]} == \
        {"xl/vbaProject.bin", "_rels/.rels", ribbon.PART}
    assert after["xl/vbaProject.bin"] == (VBA / "vbaProject.bin").read_bytes()
    assert after[ribbon.PART] == _parts(path)[ribbon.PART]
    assert main(["addin", "excel", str(old)]) == 0 and _parts(old) == after  # nothing to do
    # Someone's own ribbon is never replaced: the project is updated, their tab stays.
    theirs = tmp_path / "theirs.xlsm"
    mine = dict(before)
    mine["_rels/.rels"] = before["_rels/.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.microsoft.com/'
        b'office/2006/relationships/ui/extensibility" Target="customUI/customUI.xml"/>'
        b"</Relationships>")
    mine["customUI/customUI.xml"] = b'<customUI xmlns="http://schemas.microsoft.com/office/' \
                                    b'2006/01/customui"/>'
    with zipfile.ZipFile(theirs, "w") as out:
        for name, data in mine.items():
            out.writestr(name, data)
    assert main(["addin", "excel", str(theirs)]) == 0
    updated = _parts(theirs)
    assert ribbon.PART not in updated and updated["_rels/.rels"] == mine["_rels/.rels"]
    assert updated["xl/vbaProject.bin"] == (VBA / "vbaProject.bin").read_bytes()
