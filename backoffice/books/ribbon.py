"""The Back office ribbon tab of a macro-enabled book (.xlsm): its customUI part and the
package relationship that makes Excel load it.

The tab holds the same buttons as the Help sheet, labelled in the book's language, each
``onAction`` naming a callback of the ``BackofficeRibbon`` VBA module
(``vba/BackofficeRibbon.bas``) that calls the button's own Sub, so the ribbon and the
Help sheet run the same entry point. Excel 2010 and later read ``customUI14.xml`` (the
2009/07 schema); the part needs no content type of its own (the package's ``xml`` default).
LibreOffice and Excel for the web ignore it.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from backoffice.books import macros
from backoffice.catalogue import Localized

PART = "customUI/customUI14.xml"
#: The relationship type of customUI parts (the 2007 one, for customUI14.xml too).
REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
TAB = Localized("Back office", "Kantor belakang")
GROUP = Localized("Actions", "Perintah")
#: The relationship id we give it in ``_rels/.rels``.
REL_ID = "rIdBackofficeRibbon"


def ribbon_xml(kind: str, lang: str) -> bytes:
    """The customUI14 part for ``kind``'s buttons, labelled in ``lang``."""
    buttons = "".join(
        f'<button id="backoffice_{b.action}" label={quoteattr(b.label.pick(lang))} '
        f'size="large" imageMso="{b.image}" onAction="{b.ribbon_macro}"/>'
        for b in macros.BUTTONS[kind])
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<customUI xmlns="{NAMESPACE}"><ribbon><tabs>'
            f'<tab id="backofficeTab" label={quoteattr(TAB.pick(lang))}>'
            f'<group id="backofficeActions" label={quoteattr(GROUP.pick(lang))}>{buttons}'
            f'</group></tab></tabs></ribbon></customUI>').encode()


def has_ribbon(package_rels: str) -> bool:
    """Whether the package's ``_rels/.rels`` names a customUI part already (ours or not; the
    2006 type is Office 2007's customUI.xml, the 2007 type ours)."""
    return re.search(r'Type="http://schemas\.microsoft\.com/office/200[67]/relationships/ui/'
                     r'extensibility"', package_rels) is not None


def with_ribbon_rel(package_rels: str) -> str:
    """``_rels/.rels`` with the relationship to :data:`PART` added."""
    element = f'<Relationship Id="{REL_ID}" Type="{REL_TYPE}" Target="{PART}"/>'
    return package_rels.replace("</Relationships>", f"{element}</Relationships>", 1)


def add_to_package(package: bytes, kind: str, lang: str) -> bytes:
    """A new book's zip ``package`` with the ribbon part and its relationship (every other
    entry copied as it was, with its date)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "_rels/.rels":
                data = with_ribbon_rel(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
        target.writestr(zipfile.ZipInfo(PART, date_time=(1980, 1, 1, 0, 0, 0)),
                        ribbon_xml(kind, lang), zipfile.ZIP_DEFLATED)
    return out.getvalue()
