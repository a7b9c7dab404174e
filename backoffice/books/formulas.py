"""Which cells of a worksheet in an .xlsx file hold a formula (whatever their cached value).

Sync needs them: a person may compute a column with a formula (a description built
from other cells, an amount from a rate). Sync sends the formula's last calculated
value like any value, but a colleague's change to such a cell is not written over the
formula: it becomes a conflict for the person to decide. The sheet's XML is streamed
once; no value reader reports formulas that have a cached value.
"""

from __future__ import annotations

import re

from backoffice.books.ooxml import Package

_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f\b")


def formula_cells(path: str, sheet: str, letters: set[str], below: int) -> dict[int, set[str]]:
    """Row -> the letters (among ``letters``) of its formula cells, for rows below ``below``."""
    found: dict[int, set[str]] = {}
    wanted = {letter.encode() for letter in letters}
    package = Package(path)
    try:
        with package.zip.open(package.sheet(sheet).part) as stream:
            carry = b""
            for block in iter(lambda: stream.read(1 << 22), b""):
                data = carry + block
                cut = data.rfind(b"</")
                cut = data.find(b">", cut) + 1 if cut >= 0 else 0
                data, carry = data[:cut], data[cut:]
                # A plain substring test first: the regex has no literal start to skip by.
                if (b"<f" not in data and b":f" not in data) or not _HAS_FORMULA.search(data):
                    continue
                for cell in _CELL.finditer(data):
                    body = cell.group(2)
                    if not body or not _HAS_FORMULA.search(body):
                        continue
                    ref = _REF.search(cell.group(1))
                    if ref and ref.group(1) in wanted and int(ref.group(2)) > below:
                        found.setdefault(int(ref.group(2)), set()).add(ref.group(1).decode())
    finally:
        package.close()
    return found
