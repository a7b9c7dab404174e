"""Books: where workbooks live (a file, live Excel, a Google Sheet) behind one interface."""

from __future__ import annotations

from backoffice.books.base import Book, BookWriter, RawTable
from backoffice.books.xlsx import XlsxBook, open_xlsx


def open_book(location: str) -> XlsxBook:
    """Open the book at ``location`` (today: a path to an .xlsx or .xlsm file)."""
    return open_xlsx(location)


__all__ = ["Book", "BookWriter", "RawTable", "XlsxBook", "open_book"]
