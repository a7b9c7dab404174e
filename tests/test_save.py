"""Saving: a killed writer leaves the old workbook or the new one, never a broken one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import xlsxwriter

from backoffice.books import zipcopy
from backoffice.books.save import TEMP_PREFIX

WRITER = """
import sys, itertools
from backoffice.books.marks import CellMark
from backoffice.books.writer import WorkbookWriter
path = sys.argv[1]
print("ready", flush=True)
for n in itertools.count():
    with WorkbookWriter(path) as writer:
        cells = [CellMark(f"E{r}", f"note {n}") for r in range(2, 2 + (n % 7) * 50)]
        writer.mark_cells("Journal", cells)
        writer.save()
"""


def _book(path: Path, rows: int) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Journal")
    sheet.write_row(0, 0, ["Date", "Entry", "Account", "Debit", "Credit"])
    for r in range(1, rows + 1):
        sheet.write_row(r, 0, ["2025-01-02", f"JV-{r}", "1101", r * 1.25, None])
    workbook.add_worksheet("Other").write("A1", "keep me")
    workbook.close()
    return path


def _intact(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            return False
        names = set(archive.namelist())
        other = archive.read("xl/worksheets/sheet2.xml")
    return {"xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= names and b"Other" not in other


def test_killing_the_writer_at_any_moment_never_breaks_the_book(tmp_path):
    """A real process saving in a loop is killed (SIGKILL) at 20 random moments."""
    path = _book(tmp_path / "book.xlsx", rows=20_000)
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    for _ in range(20):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], env=env,
                                 stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert _intact(path), "the workbook is broken after a kill"
    # The next save cleans up whatever the killed ones left behind.
    subprocess.run([sys.executable, "-c", WRITER.replace("itertools.count()", "range(1)"),
                    str(path)], env=env, check=True, capture_output=True)
    assert _intact(path)
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_rewrite_without_changes_copies_every_member_exactly(tmp_path):
    source = _book(tmp_path / "a.xlsx", rows=50)
    target = tmp_path / "b.xlsx"
    with zipfile.ZipFile(source) as src, open(target, "wb") as out:
        zipcopy.rewrite(src, out, {})
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(target) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for x, y in zip(a.infolist(), b.infolist(), strict=True):
            assert (x.CRC, x.compress_size, x.file_size) == (y.CRC, y.compress_size, y.file_size)
            assert a.read(x) == b.read(y)


def test_rewrite_replaces_adds_and_removes_members(tmp_path):
    source = _book(tmp_path / "a.xlsx", rows=5)
    target = tmp_path / "b.xlsx"
    changes = {"xl/worksheets/sheet2.xml": (b"<x>%d</x>" % i for i in range(3)),
               "docProps/app.xml": None, "extra/new.txt": "añadido".encode()}
    with zipfile.ZipFile(source) as src, open(target, "wb") as out:
        zipcopy.rewrite(src, out, changes)
    with zipfile.ZipFile(target) as b:
        assert b.testzip() is None
        assert b.read("xl/worksheets/sheet2.xml") == b"<x>0</x><x>1</x><x>2</x>"
        assert "docProps/app.xml" not in b.namelist()
        assert b.read("extra/new.txt").decode() == "añadido"
