"""Books: where workbooks live (a file, live Excel, a Google Sheet) behind one interface."""

from __future__ import annotations

import os

from backoffice.books.base import Book, BookWriter, RawTable
from backoffice.books.editplan import EditPlan, GridWriter
from backoffice.books.grid import GridBook
from backoffice.books.writer import WorkbookWriter
from backoffice.books.xlsx import XlsxBook, open_xlsx

#: Where a book is: the path of a workbook file, or a grid book a client holds
#: (:mod:`backoffice.books.grid`), whose writes become its edit plan.
Location = str | os.PathLike[str] | GridBook


def open_book(location: Location) -> Book:
    """Open the book at ``location``: an .xlsx or .xlsm file, or a grid book (itself)."""
    if isinstance(location, GridBook):
        return location
    return open_xlsx(os.fspath(location))


def open_writer(location: Location) -> BookWriter:
    """Open the book at ``location`` for writing: changes collect until ``save()``, which
    applies them in one atomic write (a file: the lossless part-level .xlsx writer), or,
    for a grid book, adds them to its edit plan."""
    if isinstance(location, GridBook):
        return GridWriter(location)
    return WorkbookWriter(os.fspath(location))


def location_name(location: Location) -> str:
    """What to call the book at ``location`` in messages: its path, or the grid's name."""
    return location.name if isinstance(location, GridBook) else os.fspath(location)


__all__ = ["Book", "BookWriter", "EditPlan", "GridBook", "GridWriter", "Location", "RawTable",
           "XlsxBook", "location_name", "open_book", "open_writer"]
