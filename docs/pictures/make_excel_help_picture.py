"""Render the Help sheet of a new .xlsm with its buttons: ``/usr/bin/python3
docs/pictures/make_excel_help_picture.py [BACKOFFICE]`` (LibreOffice's own Python, for UNO;
BACKOFFICE is the ``backoffice`` program to make the books with, default the one on PATH).

Headless LibreOffice (7.4, no window system here) does not draw form controls into a PDF,
so on a COPY of each book every button (a form control, as LibreOffice imports Excel's form
buttons) is replaced by a box of the same position, size and caption; then the Help sheet
is printed as one page (the PDF filter's SinglePageSheets, so no page break cuts it; the
file's own page setup is left alone) and the top of that page is kept. Writes
excel-help-buttons-id.png and excel-help-buttons-en.png beside this script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # LibreOffice's Python bridge (python3-uno)
from com.sun.star.beans import PropertyValue

HERE = Path(__file__).parent
DPI = 80
HELP = {"en": "Help", "id": "Bantuan"}
#: The picture keeps the top of the page: title, introduction, buttons, the notes, a few rows.
HEIGHT_PX = 300


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(folder: Path) -> tuple[subprocess.Popen, object]:
    pipe = f"backoffice-pictures-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--norestore", f"--accept=pipe,name={pipe};urp;"],
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.5)
    else:
        office.kill()
        raise RuntimeError("LibreOffice did not start")
    return office, context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context)


def _boxes_for_buttons(doc: object, sheet_name: str) -> int:
    """Replace each form control on the sheet by a box with its position, size and label."""
    page = doc.Sheets.getByName(sheet_name).DrawPage
    controls = [page.getByIndex(i) for i in range(page.Count)
                if page.getByIndex(i).ShapeType == "com.sun.star.drawing.ControlShape"]
    # Read every button first: removing one control disposes the form's other models.
    seen = [(c.Position, c.Size, c.Control.Label) for c in controls]
    for control in controls:
        page.remove(control)
    for position, size, label in seen:
        box = doc.createInstance("com.sun.star.drawing.RectangleShape")
        page.add(box)
        box.Position, box.Size = position, size
        box.FillColor, box.LineColor = 0xECE9D8, 0xA0A0A0  # a form button's face and edge
        box.String = label
        box.CharHeight = 9
        box.TextHorizontalAdjust = uno.Enum("com.sun.star.drawing.TextHorizontalAdjust", "CENTER")
        box.TextVerticalAdjust = uno.Enum("com.sun.star.drawing.TextVerticalAdjust", "CENTER")
    return len(controls)


def render(backoffice: str, lang: str, png: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        book = folder / ("buku.xlsm" if lang == "id" else "book.xlsm")
        subprocess.run([backoffice, "new", "ledger", str(book), "--lang", lang], check=True,
                       capture_output=True)
        office, desktop = _connect(folder)
        try:
            doc = desktop.loadComponentFromURL(book.as_uri(), "_blank", 0,
                                               (_prop("Hidden", True),))
            if _boxes_for_buttons(doc, HELP[lang]) != 3:
                raise RuntimeError("expected the ledger's three buttons")
            for name in list(doc.Sheets.ElementNames):  # print the Help sheet only
                if name != HELP[lang]:
                    doc.Sheets.removeByName(name)
            pdf = folder / "help.pdf"
            options = uno.Any("[]com.sun.star.beans.PropertyValue",
                              (_prop("SinglePageSheets", True),))
            doc.storeToURL(pdf.as_uri(), (_prop("FilterName", "calc_pdf_Export"),
                                          _prop("FilterData", options)))
            doc.close(True)
        finally:
            desktop.terminate()
            office.wait(timeout=120)
        stem = folder / "help"
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                        "-x", "0", "-y", "0", "-W", str(int(11.5 * DPI)), "-H", str(HEIGHT_PX),
                        str(pdf), str(stem)], check=True, capture_output=True, timeout=60)
        shutil.copy(stem.with_suffix(".png"), png)


if __name__ == "__main__":
    program = sys.argv[1] if len(sys.argv) > 1 else shutil.which("backoffice") or "backoffice"
    for language in ("id", "en"):
        target = HERE / f"excel-help-buttons-{language}.png"
        render(program, language, target)
        print(target)
