"""XML files for the tax office's bulk imports, built with :mod:`xml.etree.ElementTree`.

Every value goes through the XML library (escaped, never pasted into markup).
The output is deterministic: UTF-8, the declaration DJP's own samples carry, one
tab per level as in those samples, elements in the order they are added, and
numbers written the one way (:func:`number`) so the same book always gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("xsi", XSI)

#: The declaration of DJP's bulk-import samples (bppu.xml, bpmp.xml).
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def root(name: str, **attributes: str) -> ET.Element:
    """The document's root element; it always declares the ``xsi`` namespace, as DJP's
    samples do (``xsi:nil`` marks empty nillable elements)."""
    return ET.Element(name, {f"{{{XSI}}}{k}": v for k, v in attributes.items()})


def add(parent: ET.Element, name: str, value: object = None, *, nil: bool = False) -> ET.Element:
    """Append ``<name>value</name>`` to ``parent`` (``xsi:nil="true"`` when ``nil``)."""
    element = ET.SubElement(parent, name)
    if nil:
        element.set(f"{{{XSI}}}nil", "true")
    elif value is not None:
        element.text = text(value)
    return element


def text(value: object) -> str:
    """A value as the bulk imports write it: dates ISO (YYYY-MM-DD), numbers plain."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return number(value)
    return str(value)


def number(value: Decimal | int) -> str:
    """A number in plain notation without trailing zeros: 2900000, 9166666.67, 0.5."""
    if isinstance(value, int):
        return str(value)
    plain = format(value, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return "0" if plain in ("-0", "") else plain


def serialize(element: ET.Element) -> bytes:
    """The document as UTF-8 bytes with DJP's declaration, indented with tabs."""
    ET.indent(element, space="\t")
    uses_xsi = any(key.startswith(f"{{{XSI}}}") for node in element.iter() for key in node.attrib)
    if not uses_xsi:
        # ElementTree declares a namespace only where it is used; DJP's roots always
        # declare xsi, so declare it on the root when nothing else does.
        element.set("xmlns:xsi", XSI)
    body = ET.tostring(element, encoding="unicode", xml_declaration=False)
    return DECLARATION + body.encode("utf-8") + b"\n"
