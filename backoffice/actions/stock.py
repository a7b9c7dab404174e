"""Stock: write Stock on hand, Valuation, Usage, Reorder and Count differences; optionally post."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from backoffice.actions.base import (
    NOTHING,
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
    step,
)
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN, UsageError
from backoffice.inventory import run


@dataclass(frozen=True)
class StockOptions:
    """as_of: the day (default today); post_to: a ledger book for the stock journal;
    shown: print this output (stock-on-hand, valuation, …) instead of writing the book,
    as ``output`` (csv or json); lang: messages."""

    as_of: dt.date | None = None
    post_to: str | None = None
    shown: str | None = None
    output: str = "csv"
    lang: str | None = None


def stock(book: BookRef, options: StockOptions | None = None,
          progress: ProgressCallback | None = None) -> ActionResult:
    """Compute stock; refused (exit 1, the report shown) when the book has errors."""
    options = options or StockOptions()
    path = path_of(book)
    name = name_of(book)
    if options.shown is not None:
        if options.post_to is not None:
            raise UsageError(detail="--print and --post-to do not go together.")
        step(progress, "computing stock", "menghitung stok")
        text = run.print_stock(path, options.shown, options.as_of, options.output, options.lang)
        return ActionResult("stock", EXIT_CLEAN, NOTHING, text=text)
    step(progress, "computing stock", "menghitung stok")
    result = run.run_stock(path, options.as_of, options.post_to, options.lang)
    report = result.report
    if result.result is None:
        return ActionResult("stock", report.exit_code,
                            Localized("Stock not computed: fix the errors above first.",
                                      "Stok tidak dihitung: perbaiki galat di atas lebih dulu."),
                            report=report, show_report=True, language=report.language,
                            value=result)
    day = result.result.as_of.isoformat()
    sheets = ", ".join(result.sheets)
    details = []
    for month, rows, changed in result.posted:
        details.append(Localized(f"  stock:{month} in {options.post_to}: unchanged",
                                 f"  stock:{month} di {options.post_to}: tidak berubah")
                       if not changed else
                       Localized(f"  posted stock:{month} to {options.post_to}: {rows} rows",
                                 f"  stock:{month} diposting ke {options.post_to}: {rows} baris"))
    changed = tuple(f"stock:{month}" for month, _rows, was in result.posted if was)
    return ActionResult(
        "stock", EXIT_CLEAN,
        Localized(f"Stock of {name} as of {day}: wrote {sheets}.",
                  f"Stok {name} per {day}: ditulis {sheets}."),
        tuple(details), report,
        written=Written(sheets=tuple(result.sheets),
                        blocks={options.post_to: changed} if options.post_to and changed else {}),
        language=report.language, value=result)


def stock_from_menu(book: BookRef, today: dt.date | None = None) -> ActionResult:
    """Stock as a menu or a button runs it on the open book, where nothing can be asked:
    as of ``today`` (default: the computer's date), written into the book, posted to no
    ledger. The outcome says those choices and the command for the others (another day,
    posting the stock journal)."""
    day = today or dt.date.today()
    result = stock(book, StockOptions(as_of=day))
    if result.exit_code != EXIT_CLEAN:  # refused: the report says why
        return result
    command = f'backoffice stock "{name_of(book)}" --as-of YYYY-MM-DD --post-to'
    said = Localized(
        f"As of today ({day.isoformat()}), posted to no ledger. For another day, or to post "
        f"the stock journal to the ledger, save the book and run: {command} LEDGER.xlsx",
        f"Per hari ini ({day.isoformat()}), tidak diposting ke buku besar. Untuk hari lain, "
        f"atau untuk memposting jurnal stok ke buku besar, simpan buku lalu jalankan: "
        f"{command} BUKU-BESAR.xlsx")
    return replace(result, outcome=Localized(f"{result.outcome.en} {said.en}",
                                             f"{result.outcome.id} {said.id}"))
