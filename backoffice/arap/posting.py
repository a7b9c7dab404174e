"""Post's part for receivables and payables: the generated blocks, and the output sheets.

:func:`post_documents` posts every block the engine makes (``sales:2026-03``...)
with :func:`backoffice.ledger.generated.post_blocks` (one save), and empties blocks of ours
that no document makes any more. A block whose rows are already as they would be
written is left alone, so posting twice saves nothing the second time.
"""

from __future__ import annotations

import os

from backoffice.arap import engine, reports
from backoffice.checking import ReadBook
from backoffice.issues import Report
from backoffice.ledger import identity
from backoffice.ledger.generated import GeneratedLine, block_rows, post_blocks
from backoffice.ledger.identity import row_intact
from backoffice.ledger.reports import Options, Table
from backoffice.schema import BookData


def post_documents(path: str | os.PathLike[str], book: BookData) -> list[str]:
    """Post the blocks of ``book`` (read from ``path``) that changed; their names."""
    changed = changed_blocks(book)
    if changed:
        post_blocks(path, changed)  # one read and one save for every block that changed
    return list(changed)


def changed_blocks(book: BookData) -> dict[str, list[GeneratedLine]]:
    """The blocks whose Journal rows are not as the documents make them: block -> lines
    (empty for a block of ours no document makes any more)."""
    outcome = engine.run(book)
    journal = book.get("journal")
    base = book.settings.get("base_currency") or "IDR"
    existing: dict[str, list[str]] = {}
    if journal is not None and "source" in journal.frame.columns:
        for source in journal.frame.sort("_row")["source"].to_list():
            block = identity.block_of(source)
            if block is not None and block.split(":", 1)[0] in engine.PREFIXES:
                existing.setdefault(block, []).append(source)
    # Blocks with a row edited by hand (Check's generated-row-edited): post them again.
    edited = {identity.block_of(source) for source in frame_edited(book)}
    changed = {}
    for block in sorted(set(outcome.lines) | set(existing)):
        lines = outcome.lines.get(block, [])
        # The exact Source stamps post_blocks would write: equal means nothing to do.
        wanted = [str(row["source"]) for row in block_rows(block, lines, base)]
        if existing.get(block, []) != wanted or block in edited:
            changed[block] = lines
    return changed


def frame_edited(book: BookData) -> list[str]:
    """The Source cells of generated rows whose content no longer matches their digest."""
    journal = book.get("journal")
    if journal is None or "source" not in journal.frame.columns:
        return []
    rows = journal.frame.filter(identity.block_column().is_not_null())
    return [row["source"] for row in rows.iter_rows(named=True) if not row_intact(row)]


#: The sheets the engine reads: an error in one of them stops Post from generating entries.
INPUTS = ("settings", "accounts", "rates", "periods", "period-locks", "customers", "suppliers",
          "invoices", "bills", "payments", "taxcodes")


def documents_ready(report: Report, read: ReadBook) -> bool:
    """Whether Post may generate the documents' entries: the book has documents and no
    error in a sheet they are computed from. (Errors in the Journal or Balances do not
    stop it: the rows it generates may be what those checks miss.)"""
    if not reports.has_documents(read.data) and not _has_blocks(read.data):
        return False
    inputs = {read.found[kind] for kind in INPUTS if kind in read.found}
    return not any(issue.severity == "error" and (issue.sheet in inputs or issue.sheet == "")
                   for issue in report.issues)


def _has_blocks(book: BookData) -> bool:
    """Whether the Journal has rows generated from documents (to empty when they are gone)."""
    journal = book.get("journal")
    if journal is None or "source" not in journal.frame.columns:
        return False
    blocks = journal.frame.select(identity.block_column().alias("block"))["block"].drop_nulls()
    return any(str(b).split(":", 1)[0] in engine.PREFIXES for b in blocks.unique())


def output_tables(book: BookData, options: Options, lang: str) -> list[tuple[str, Table]]:
    """(sheet name, table) of every receivables/payables sheet Post writes; none for a book
    without documents."""
    if not reports.has_documents(book):
        return []
    return [(reports.SHEET_NAMES[name][lang], reports.build(name, book, options, lang))
            for name in reports.SHEETS]
