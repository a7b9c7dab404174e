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
from backoffice.books import macros, ovbacompress, vbabuild
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
    bound = re.findall(r'event-name="form:performaction" xlink:href="vnd\.sun\.star\.script:'
                       r'VBAProject\.([A-Za-z.]+)\?', content)
    assert bound == [b.macro for b in macros.BUTTONS[kind]]
    labels = re.findall(r'<form:button [^>]*form:label="([^"]*)"', content)
    assert labels == [b.label.id for b in macros.BUTTONS[kind]]
    for button in macros.BUTTONS[kind]:
        assert f"Sub {button.sub}()" in basic


def test_check_and_post_keep_the_project_and_the_buttons_byte_for_byte(tmp_path):
    path = _new(tmp_path, "ledger", "en")
    with zipfile.ZipFile(path) as book:
        before = {n: book.read(n) for n in book.namelist()
                  if n.endswith((".bin", ".vml")) or n == f"xl/worksheets/sheet{_help_index(book)}.xml"}
    assert actions.check(str(path)).exit_code == 0
    assert actions.post(str(path)).exit_code == 0
    with zipfile.ZipFile(path) as book:
        assert {n: book.read(n) for n in before} == before
        assert f'ContentType="{macros.MACRO_ENABLED}"' in book.read("[Content_Types].xml").decode()
        assert "xl/worksheets/sheet14.xml" in book.namelist()  # Post did write its sheets
    assert [c for c, _ in _buttons(path)] == ["Check", "Post", "Sync"]


def _help_index(book: zipfile.ZipFile) -> int:
    """The sheet number of the Help sheet (the last one a new book writes)."""
    sheets = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
    return sheets.index("Help") + 1
