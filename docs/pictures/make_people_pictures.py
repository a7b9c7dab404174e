"""Render the README's pictures of the people's records with real LibreOffice:
``python docs/pictures/make_people_pictures.py``.

The demo company's payroll book in Indonesian, after its year of payroll: the
*Kontrak kerja* sheet as the clerk keeps it, and the *Saldo cuti* and *Usulan komponen
gaji* sheets the payroll run writes. Each picture is one sheet, copied alone.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))
from make_pictures import HERE, render_first_page  # noqa: E402


def one_sheet(book: Path, sheet: str, folder: Path) -> Path:
    """A copy of ``book`` holding only ``sheet``."""
    workbook = openpyxl.load_workbook(book)
    for name in workbook.sheetnames:
        if name != sheet:
            del workbook[name]
    out = folder / f"{sheet.replace(' ', '-').lower()}.xlsx"
    workbook.save(out)
    return out


def main() -> None:
    from backoffice.demo import run_demo

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        run_demo(name, lang="id")
        book = folder / "payroll.xlsx"
        for sheet, png, height in (("Kontrak kerja", "people-contracts.png", 200),
                                   ("Saldo cuti", "people-leave-balances.png", 170),
                                   ("Usulan komponen gaji", "people-proposed-pay.png", 110)):
            render_first_page(one_sheet(book, sheet, folder), HERE / png, height)
            print("wrote", HERE / png)


if __name__ == "__main__":
    main()
