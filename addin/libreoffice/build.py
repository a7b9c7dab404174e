"""Build the LibreOffice extension (.oxt): the menu, the toolbar and the Python module.

The .oxt is a zip of ``META-INF/manifest.xml``, ``description.xml``, ``Addons.xcu``
(menu "Back office" / "Kantor belakang" and a toolbar, in Calc only) and
``python/backoffice_calc.py``. Nothing machine-specific goes in: where backoffice's
Python is comes from the per-user configuration at run time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from backoffice.version import __version__

OXT_NAME = "backoffice.oxt"
MODULE = "backoffice_calc.py"
IDENTIFIER = "id.backoffice.calc"
#: (function, English title, Indonesian title) in menu order.
ENTRIES = (
    ("check", "Check", "Periksa"),
    ("post", "Post", "Posting"),
    ("payroll", "Run payroll", "Jalankan penggajian"),
    ("stock", "Stock and reorder", "Stok dan pemesanan ulang"),
    ("sync", "Sync", "Sinkronkan"),
)
CONTEXT = "com.sun.star.sheet.SpreadsheetDocument"


def script_url(function: str) -> str:
    """The script URL the menu dispatches for ``function``."""
    return (f"vnd.sun.star.script:{OXT_NAME}|python|{MODULE}${function}"
            "?language=Python&location=user:uno_packages")


def _title(en: str, id_: str) -> str:
    return ('<prop oor:name="Title" oor:type="xs:string">'
            f'<value xml:lang="en-US">{escape(en)}</value><value xml:lang="id">{escape(id_)}</value>'
            '</prop>')


def _node(name: str, function: str, en: str, id_: str, toolbar: bool = False) -> str:
    extra = '<prop oor:name="Target" oor:type="xs:string"><value>_self</value></prop>'
    if not toolbar:
        extra += '<prop oor:name="ImageIdentifier" oor:type="xs:string"><value/></prop>'
    return (f'<node oor:name="{name}" oor:op="replace">'
            f'<prop oor:name="URL" oor:type="xs:string"><value>{escape(script_url(function))}'
            '</value></prop>'
            f'<prop oor:name="Context" oor:type="xs:string"><value>{CONTEXT}</value></prop>'
            f'{_title(en, id_)}{extra}</node>')


def addons_xcu() -> str:
    """The menu and toolbar, for Calc documents only."""
    menu = "".join(_node(f"m{i:02d}", f, en, id_) for i, (f, en, id_) in enumerate(ENTRIES))
    bar = "".join(_node(f"t{i:02d}", f, en, id_, toolbar=True)
                  for i, (f, en, id_) in enumerate(ENTRIES))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:component-data xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" oor:name="Addons" '
            'oor:package="org.openoffice.Office">'
            '<node oor:name="AddonUI">'
            '<node oor:name="OfficeMenuBar">'
            f'<node oor:name="{IDENTIFIER}.menu" oor:op="replace">'
            f'{_title("Back office", "Kantor belakang")}'
            '<prop oor:name="Target" oor:type="xs:string"><value>_self</value></prop>'
            f'<prop oor:name="Context" oor:type="xs:string"><value>{CONTEXT}</value></prop>'
            f'<node oor:name="Submenu">{menu}</node></node></node>'
            '<node oor:name="OfficeToolBar">'
            f'<node oor:name="{IDENTIFIER}.toolbar" oor:op="replace">{bar}</node></node>'
            '</node></oor:component-data>\n')


def description_xml() -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<description xmlns="http://openoffice.org/extensions/description/2006" '
            'xmlns:xlink="http://www.w3.org/1999/xlink">'
            f'<identifier value="{IDENTIFIER}"/><version value="{escape(__version__)}"/>'
            '<display-name><name lang="en">Back office</name>'
            '<name lang="id">Kantor belakang</name></display-name>'
            '<dependencies><OpenOffice.org-minimal-version value="4.0" '
            'xmlns:d="http://openoffice.org/extensions/description/2006" '
            'd:name="OpenOffice.org 4.0"/></dependencies>'
            '</description>\n')


def manifest_xml() -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">'
            '<manifest:file-entry manifest:full-path="Addons.xcu" '
            'manifest:media-type="application/vnd.sun.star.configuration-data"/>'
            '<manifest:file-entry manifest:full-path="python/" '
            'manifest:media-type="application/vnd.sun.star.framework-script"/>'
            '</manifest:manifest>\n')


def build(out_dir: str | Path) -> Path:
    """Write ``backoffice.oxt`` into ``out_dir`` (created) and return its path."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / OXT_NAME
    temp = folder / f".{OXT_NAME}.tmp"
    module = (Path(__file__).with_name(MODULE)).read_text(encoding="utf-8")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as oxt:
        oxt.writestr("META-INF/manifest.xml", manifest_xml())
        oxt.writestr("description.xml", description_xml())
        oxt.writestr("Addons.xcu", addons_xcu())
        oxt.writestr(f"python/{MODULE}", module)
    temp.replace(target)
    return target
