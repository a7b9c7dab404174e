"""Books: where workbooks live (a file, live Excel, a Google Sheet) behind one interface."""

from __future__ import annotations

from backoffice.books.base import Book, BookWriter, RawTable
from backoffice.books.writer import WorkbookWriter
from backoffice.books.xlsx import XlsxBook, open_xlsx


def open_book(location: str) -> XlsxBook:
    """Open the book at ``location`` (today: a path to an .xlsx or .xlsm file)."""
    return open_xlsx(location)


def open_writer(location: str) -> BookWriter:
    """Open the book at ``location`` for writing: changes collect until ``save()``, which
    applies them in one atomic write (today: the lossless part-level .xlsx writer)."""
    return WorkbookWriter(location)


__all__ = ["Book", "BookWriter", "RawTable", "XlsxBook", "open_book", "open_writer"]
