"""Issue 15: nothing a file can do to us. Bounded reading, honest caches, odd values.

Each test builds a real book, damages it the way a user, another program or an
attacker would, and runs the real command: the exit code is 0, 1 or 2 with one
clear line naming the sheet and the limit, never an internal error (4).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ledger, rewrite_part

from backoffice.books import limits
from backoffice.books.save import ensure_writable, lock_files
from backoffice.cli import main
from backoffice.errors import EXIT_INTERNAL, EXIT_PROBLEMS, EXIT_UNUSABLE, FileLocked

ROWS = [[dt.date(2025, 1, 5), "JV-1", "1101", "Cash sale", 150000, None, None],
        [dt.date(2025, 1, 5), "JV-1", "4101", "Cash sale", None, 150000, None]]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.err


def _journal_part(path: Path) -> str:
    from backoffice.books.ooxml import Package

    with Package(str(path)) as package:
        return package.sheet("Journal").part


def _add_cell(ref: str):  # type: ignore[no-untyped-def]
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)  # type: ignore[union-attr]
    extra = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
    return lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>")


@pytest.mark.parametrize("ref, limit", [("XFD1048576", "columns"), ("XFD2", "columns"),
                                        ("ZZ1048576", "cells"), ("A1048577", "rows")])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_far_cell_is_refused_naming_sheet_and_limit(make_book, capsys, ref, limit, lang
                                                      ) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    rewrite_part(path, _journal_part(path), _add_cell(ref))
    code, err = _run(capsys, "check", str(path), "--lang", lang)
    assert code == EXIT_UNUSABLE
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "Journal" in lines[0]
    assert f"{limits.limit(limit):,}" in lines[0]
    assert limits.LIMITS[limit].what.pick(lang) in lines[0]
    word = "melebihi" if lang == "id" else "beyond"
    assert word in lines[0]


def test_a_declared_dimension_beyond_the_grid_is_refused(make_book, capsys) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    rewrite_part(path, _journal_part(path),
             lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"',
                                xml, count=1))
    code, err = _run(capsys, "check", str(path))
    assert code == EXIT_UNUSABLE and "columns" in err


def test_rows_without_references_are_counted_like_a_reader(make_book, capsys) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    cells = b"<c><v>1</v></c>" * 800  # 800 cells by position: past column ZZ (702)
    rewrite_part(path, _journal_part(path),
             lambda xml: xml.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>"))
    code, err = _run(capsys, "check", str(path))
    assert code == EXIT_UNUSABLE
    assert "800" in err


def test_a_sheet_within_the_limits_reads_as_before(make_book, capsys) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    rewrite_part(path, _journal_part(path), _add_cell("ZZ5000"))  # far, but a small range
    code, err = _run(capsys, "check", str(path))
    assert code in (0, EXIT_PROBLEMS), err
    with zipfile.ZipFile(path) as archive:
        extent = limits.sheet_extent(str(path), archive, _journal_part(path), "Journal")
    assert (extent.rows, extent.columns) == (5000, 702)


def test_a_zip_bomb_is_refused_before_reading(make_book, capsys) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    rewrite_part(path, _journal_part(path),
             lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + b" " * 60_000_000))
    assert path.stat().st_size < 200_000  # a small file...
    code, err = _run(capsys, "check", str(path))
    assert code == EXIT_UNUSABLE
    assert "times compression" in err and "xl/worksheets/" in err


def test_a_lying_size_is_caught_while_streaming(make_book, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    monkeypatch.setitem(limits.LIMITS, "part_bytes",
                        limits.Limit("part_bytes", 1000, limits.LIMITS["part_bytes"].what, "test"))
    from backoffice.errors import BookTooLarge

    with zipfile.ZipFile(path) as archive, pytest.raises(BookTooLarge):
        list(limits.bounded_chunks(str(path), archive, _journal_part(path), "Journal"))


def test_too_many_shared_strings_are_refused(make_book, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    monkeypatch.setitem(limits.LIMITS, "shared_strings",
                        limits.Limit("shared_strings", 3, limits.LIMITS["shared_strings"].what,
                                     "test"))
    code, err = _run(capsys, "check", str(path))
    assert code == EXIT_UNUSABLE and "shared strings" in err


def test_a_fifo_is_refused_at_once(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "book.xlsx"
    os.mkfifo(fifo)
    code, err = _run(capsys, "check", str(fifo))  # would block forever if opened
    assert code == EXIT_UNUSABLE
    assert "not a regular file" in err


def test_a_symlinked_book_is_written_through_the_link(make_book, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = make_book(ledger(ROWS), name="real.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    before = target.read_bytes()
    code, err = _run(capsys, "post", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() != before  # the output sheets went into the target
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) > 10


def test_another_books_lock_file_does_not_block(tmp_path: Path) -> None:
    book = tmp_path / "ledger.xlsx"
    book.write_bytes(b"")
    (tmp_path / "~$dger.xlsx").write_bytes(b"x")  # the lock of "Ledger.xlsx"-like "a~dger"...
    assert lock_files(book) == []
    ensure_writable(book)
    long = tmp_path / "ledger-2025.xlsx"
    long.write_bytes(b"")
    (tmp_path / "~$dger-2025.xlsx").write_bytes(b"x")  # Excel's lock of a long name
    with pytest.raises(FileLocked):
        ensure_writable(long)


def _flip_in_member(path: Path, part: str) -> None:
    """Flip one bit inside ``part``'s compressed data, leaving the zip directory as it was."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x10
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_cache_never_serves_a_damaged_journal(make_book, capsys, monkeypatch, tmp_path, cache
                                                ) -> None:  # type: ignore[no-untyped-def]
    if cache == "off":
        monkeypatch.setenv("BACKOFFICE_CACHE", "off")
    rows = [[dt.date(2025, 1, 5), f"JV-{i}", "1101", "Cash sale " * 5, 1000 + i, None, None]
            for i in range(300)]
    rows += [[dt.date(2025, 1, 5), f"JV-{i}", "4101", "Cash sale", None, 1000 + i, None]
             for i in range(300)]
    path = make_book(ledger(rows))
    code, err = _run(capsys, "check", str(path))
    assert code == 0, err
    _flip_in_member(path, _journal_part(path))
    code, err = _run(capsys, "check", str(path))
    assert code == EXIT_UNUSABLE, err
    assert "damaged" in err
    code, err = _run(capsys, "report", str(path), "trial-balance")
    assert code in (EXIT_PROBLEMS, EXIT_UNUSABLE) and code != EXIT_INTERNAL


def test_the_cache_key_is_the_parts_bytes(make_book) -> None:  # type: ignore[no-untyped-def]
    from backoffice.books.ooxml import Package

    path = make_book(ledger(ROWS))
    with Package(str(path)) as package:
        first = package.fingerprint("Journal")
    _flip_in_member(path, _journal_part(path))
    with Package(str(path)) as package:
        second = package.fingerprint("Journal")
        crc = package.zip.getinfo(package.sheet("Journal").part).CRC
    assert first != second
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(_journal_part(path)).CRC == crc  # the directory still agrees


@pytest.mark.parametrize("value, kind", [
    (b"abc", None), (b"1e999", None), (b"inf", None), (b"NaN", None), (b"9" * 40, None),
    (b"2025-03-04T00:00:00", b"d"), (b"10000-01-01", b"d"), (b"999999", b"s"), (b"x", b"s"),
    (b"-1", b"s"), (b"2", b"b"), (b"99999999", None)])
@pytest.mark.parametrize("column", ["A", "B", "E"])
def test_an_odd_cell_value_is_a_problem_not_a_crash(make_book, capsys, value, kind, column
                                                    ) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))

    def edit(xml: bytes) -> bytes:
        cell = re.search(rb'<c r="' + column.encode() + rb'2"[^>]*?(?:/>|>.*?</c>)', xml)
        assert cell is not None
        kind_attr = b' t="' + kind + b'"' if kind else b""
        new = b'<c r="' + column.encode() + b'2"' + kind_attr + b"><v>" + value + b"</v></c>"
        return xml[:cell.start()] + new + xml[cell.end():]

    rewrite_part(path, _journal_part(path), edit)
    code, err = _run(capsys, "check", str(path))
    assert code in (EXIT_PROBLEMS, EXIT_UNUSABLE), err
    assert len(err.strip().splitlines()) <= 1


def test_payslip_file_names_are_safe_and_distinct() -> None:
    from backoffice.payroll.pdf import slip_name

    taken: set[str] = set()
    names = [slip_name("2025-01", code, taken) for code in ("K/001", "K_001", "A:B*?", "..")]
    assert names == ["payslip-2025-01-K_001", "payslip-2025-01-K_001-2",
                     "payslip-2025-01-A_B__", "payslip-2025-01-"]
    assert all("/" not in n and "\\" not in n for n in names)


def _issue_codes(path: Path) -> list[str]:
    from backoffice.books import open_book
    from backoffice.checking import check_book

    with open_book(str(path)) as book:
        return [issue.code for issue in check_book(book).issues]


def test_a_second_journal_and_a_missing_part_are_problems(make_book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = ledger(ROWS)
    book["JURNAL"] = [["Date", "Entry", "Account", "Debit", "Credit"]]
    path = make_book(book)
    codes = _issue_codes(path)
    assert codes.count("sheet-kind-twice") == 1
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    from backoffice.books.ooxml import Package

    with Package(str(path)) as package:
        accounts = package.sheet("Accounts").part
    del members[accounts]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    codes = _issue_codes(path)
    assert "sheet-part-missing" in codes


def test_a_damaged_part_no_reader_opens_is_reported(make_book) -> None:  # type: ignore[no-untyped-def]
    path = make_book(ledger(ROWS))
    rewrite_part(path, "xl/theme/theme1.xml", lambda xml: xml[: len(xml) // 2])
    assert _issue_codes(path) == ["part-damaged"]
    rewrite_part(path, "xl/theme/theme1.xml", lambda xml: b'<?xml version="1.0"?><a/>')
    assert _issue_codes(path) == []
