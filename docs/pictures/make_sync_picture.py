"""Render the README's picture of a Conflicts sheet with real LibreOffice:
``python docs/pictures/make_sync_picture.py``.

It plays the demo's two-person Sync (``backoffice demo``, in Indonesian like the rest of the demo) and
renders Budi's Conflicts sheet, as backoffice wrote it, the way LibreOffice shows it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from make_pictures import render_page_with

from backoffice.demo import run_demo

HERE = Path(__file__).parent


def conflicts_sheet(png: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        run_demo(folder, lang="id")
        book = Path(folder) / "sync" / "budi.xlsx"
        render_page_with(book, ["Pilih", "Diubah oleh"], png, 290, dpi=150)


if __name__ == "__main__":
    conflicts_sheet(HERE / "sync-conflicts.png")
    print("wrote", HERE / "sync-conflicts.png")
