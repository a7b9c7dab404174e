"""Post: rebuild every ledger output sheet of a book from its Journal.

Post first turns invoices, bills and payments into their generated Journal
blocks (:mod:`backoffice.arap`), then checks the book and refuses a book with
errors (the report says why, exit 1); otherwise it writes the Trial Balance,
General Ledger, Income Statement, Balance Sheet, Cash Flow and the receivables
and payables sheets as output sheets, then the Dashboard with its
charts (:mod:`backoffice.ledger.dashboard`), in the book's language, in one atomic
save. Each is rewritten in place when it exists, so formulas that point at
them keep working.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.arap.posting import documents_ready, output_tables, post_documents
from backoffice.bookkind import require_kind
from backoffice.books import open_book, open_writer
from backoffice.checking import check_and_read
from backoffice.compliance.run import post_sheet as compliance_sheet
from backoffice.issues import Report
from backoffice.ledger import dashboard, reports


@dataclass(frozen=True)
class PostResult:
    """The check report, the output sheets written (none when refused), and the sheets
    not written because a sheet of the user's has their name (the Dashboard only)."""

    report: Report
    sheets: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def post(path: str, lang: str | None = None,
         options: reports.Options = reports.Options()) -> PostResult:  # noqa: B008
    """Check the book at ``path`` and, when it has no errors, write its ledger outputs."""
    require_kind(path, "ledger", "post")
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    # Invoices, bills, payments -> generated Journal blocks, first: the Journal's own checks
    # (bank balances asserted, hand-edited generated rows) are then made on the new rows.
    if documents_ready(report, read) and post_documents(path, read.data):
        with open_book(path) as book:
            report, read = check_and_read(book, lang)
    if not report.valid:
        return PostResult(report)
    book_lang = _book_language(read.found, read.data.lang)
    tables = [reports.build(name, read.data, options, book_lang) for name in reports.REPORTS]
    named = [(reports.SHEET_NAMES[t.name][book_lang], t) for t in tables]
    named += output_tables(read.data, options, book_lang)
    written = []
    with open_writer(path) as writer:
        for sheet, table in named:
            writer.write_output_sheet(sheet, reports.to_output(table, book_lang), table.name)
            written.append(sheet)
        written += compliance_sheet(writer, read.data, book_lang)
        board = dashboard.write(writer, read.data, options, book_lang)
        skipped = () if board else (dashboard.SHEET_NAMES[book_lang],)
        written.extend([board] if board else [])
        writer.save()
    return PostResult(report, tuple(written), skipped)


def refresh_dashboard(path: str, lang: str | None = None,
                      options: reports.Options = reports.Options()) -> str | None:  # noqa: B008
    """Rewrite only the Dashboard of the ledger at ``path`` from the book as it is now (its
    bank reconciliation line follows the Bank statement sheet); its name, or None when the
    book has errors or a sheet of the user's has the name (nothing is written then)."""
    require_kind(path, "ledger", "post")
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    if not report.valid:
        return None
    book_lang = _book_language(read.found, read.data.lang)
    with open_writer(path) as writer:
        board = dashboard.write(writer, read.data, options, book_lang)
        if board:
            writer.save()
    return board


def _book_language(found: dict[str, str], fallback: str) -> str:
    """Output sheets take the language the book's own sheets are named in."""
    from backoffice.upgrading import _book_language as language

    return language(found, fallback)
