"""``backoffice stock BOOK``: check the inventory book, compute, write the outputs back.

The book is checked first and refused when it has errors (the report says
why). Otherwise the outputs (:data:`backoffice.inventory.sheets.OUTPUTS`) are
written into the book in one atomic save, each in place when it exists; and,
with ``post_to``, the stock journal's monthly blocks are posted to that ledger
book (each replacing its earlier block).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backoffice import money
from backoffice.bookkind import require_kind
from backoffice.books import open_book, open_writer
from backoffice.checking import check_and_read
from backoffice.errors import MissingSheet
from backoffice.inventory import sheets
from backoffice.inventory.engine import StockResult, compute
from backoffice.inventory.journal import accounts_from, stock_journal
from backoffice.issues import Report
from backoffice.ledger.generated import GeneratedLine, post_block
from backoffice.ledger.reports import to_output
from backoffice.schemas import REGISTRY


@dataclass(frozen=True)
class StockRun:
    """What ``backoffice stock`` did.

    Attributes:
        report: the check report (the book is refused when it has errors).
        result: the computed stock (None when refused).
        sheets: the output sheets written.
        posted: (month YYYY-MM, rows written, whether the ledger changed) per block posted.
    """

    report: Report
    result: StockResult | None = None
    sheets: tuple[str, ...] = ()
    posted: tuple[tuple[str, int, bool], ...] = ()


def run_stock(path: str, as_of: dt.date | None = None, post_to: str | None = None,
              lang: str | None = None) -> StockRun:
    """Check the inventory book at ``path``, write its outputs and optionally post its journal."""
    require_kind(path, "inventory", "stock")
    if post_to is not None:
        require_kind(post_to, "ledger", "stock --post-to")
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    if "items" not in read.found:
        raise MissingSheet(path=path, sheet=REGISTRY["items"].name(read.data.lang),
                           action="backoffice stock")
    if not report.valid:
        return StockRun(report)
    from backoffice.ledger.posting import _book_language

    book_lang = _book_language(read.found, read.data.lang)
    day = as_of or dt.date.today()
    result = compute(read.data, day)
    exp = _exponent(read.data.settings)
    posted: list[tuple[str, int, bool]] = []
    if post_to is not None:
        needs_adjustment = bool(result.adjustments.filter(result.adjustments["qty"] != 0).height)
        accounts = accounts_from(read.data.settings, needs_adjustment)
        posted = post_journal(post_to, stock_journal(result, accounts, exp, book_lang))
    written = []
    with open_writer(path) as writer:
        for name in sheets.OUTPUTS:
            sheet = sheets.SHEET_NAMES[name][book_lang]
            writer.write_output_sheet(sheet, to_output(sheets.build(name, result, exp, book_lang),
                                                       book_lang), name)
            written.append(sheet)
        writer.save()
    return StockRun(report, result, tuple(written), tuple(posted))


def print_stock(path: str, name: str, as_of: dt.date | None = None, output: str = "csv",
                lang: str | None = None) -> str:
    """One output of the book at ``path`` as CSV or JSON (English column names, the rows'
    words in the book's language), the book untouched."""
    from backoffice.checking import read_clean
    from backoffice.ledger.reports import to_csv, to_json

    require_kind(path, "inventory", "stock")
    read = read_clean(path, lang)
    result = compute(read.data, as_of or dt.date.today())
    from backoffice.ledger.posting import _book_language

    # The words in the rows (Total, moving average) are the book's, as in its output
    # sheets; to_csv/to_json keep the English column names scripts read.
    table = sheets.build(name, result, _exponent(read.data.settings),
                         _book_language(read.found, read.data.lang))
    return to_csv(table) if output == "csv" else to_json(table) + "\n"


def _exponent(settings: dict[str, object]) -> int:
    base = str(settings.get("base_currency") or "IDR")
    return money.exponent(base) if money.is_currency(base) else 2


def post_journal(ledger: str, journal: dict[str, list[GeneratedLine]]
                 ) -> list[tuple[str, int, bool]]:
    """Post each month's block (Source ``stock:YYYY-MM``) to the ledger book.

    A month with no lines is posted too, so a block left from an earlier run is emptied.
    """
    posted = []
    for month, lines in journal.items():
        done = post_block(ledger, f"stock:{month}", lines)
        posted.append((month, done.written, done.changed))
    return posted
