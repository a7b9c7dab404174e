"""Excel: what a workbook's buttons run, through xlwings' ``RunPython`` (open-source part).

Each button's VBA Sub (backoffice/books/vba/Backoffice.bas) runs
``backoffice.addin.excel.button('<action>')``; this reads the open workbook into a grid
(:mod:`backoffice.addin.excel.book`), runs the action on a
:class:`~backoffice.books.GridBook`, checks the sheets did not change meanwhile, applies
the edit plan, and shows the outcome in Excel. Excel's calculation, screen updating and
events are restored even when the action fails; the status bar shows progress.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from backoffice.sync.engine import StoreNotNamed

from backoffice import actions
from backoffice.actions.base import ActionResult
from backoffice.books import GridBook
from backoffice.books.editplan import StalePlan
from backoffice.catalogue import Localized
from backoffice.errors import BackofficeError
from backoffice.wording import book_language

from .book import CannotApply, apply_plan, read_grid
from .store import is_web_path, store_for

#: The actions that run on the open workbook (a grid book), by button.
ON_GRID: dict[str, Callable[[GridBook], ActionResult]] = {
    "check": lambda book: actions.check_and_mark(book),
    "post": lambda book: actions.post(book),
    # one month as a draft (the month asked for first, see ask_month); finalizing and
    # posting to a ledger stay on the command line
    "payroll": lambda book: actions.payroll_from_menu(book, None),
    # as of today, into the book, posted to no ledger (a button cannot ask): the outcome
    # says so and names the command for another day or for posting
    "stock": lambda book: actions.stock_from_menu(book),
    # the store and the book's place are chosen in _sync() (a book on OneDrive has no
    # "beside the file")
    "sync": lambda book: actions.sync(book),
}

TITLE = "backoffice"
#: Sync's store committed before the plan was refused: said, and that a click again is safe.
STALE_SYNC = Localized(
    "The sheets changed while Sync ran: the store has this book's changes, the book not yet "
    "what Sync brought. Click Sync again (nothing is sent twice).",
    "Sheet berubah selama Sinkronkan berjalan: store sudah menerima perubahan buku ini, buku "
    "belum menerima hasil Sinkronkan. Klik Sinkronkan lagi (tidak ada yang dikirim dua kali).")


def button(action: str) -> None:
    """What a button's ``RunPython`` calls: run ``action`` on the workbook that called."""
    import xlwings as xw  # only inside Excel: importing xlwings is not needed elsewhere

    run(xw.Book.caller(), action)


def run(book: Any, action: str) -> Localized:
    """Run ``action`` on the open xlwings ``book``, apply its plan, tell the person; the
    outcome shown (also returned, for tests)."""
    lang = "en"
    with excel_busy(book.app) as status:
        try:
            status(Localized("reading the workbook", "membaca buku kerja"))
            grid = GridBook(read_grid(book), name=book.name)
            lang = book_language(grid) or lang  # type: ignore[arg-type]
            if action == "payroll":
                period = ask_month(book.app, lang)
                if period is None:
                    raise _Cancelled
                result = actions.payroll_from_menu(grid, period)
            elif action == "sync":
                result = _sync(book, grid)
            else:
                result = ON_GRID[action](grid)
            lang = result.language
            undrawn: list[str] = []
            if not grid.plan.empty:
                # The person may have typed while the action ran: then apply nothing.
                grid.plan.require_fresh(GridBook(read_grid(book), name=book.name))
                undrawn = apply_plan(book, grid.plan, lambda i, n, sheet: status(Localized(
                    f"writing {sheet} ({i}/{n})", f"menulis {sheet} ({i}/{n})")))
            outcome = result.outcome
            if undrawn:
                outcome = Localized(
                    f"{outcome.en} The charts of {', '.join(undrawn)} are not drawn in "
                    "Excel yet: their figures are written.",
                    f"{outcome.id} Grafik di {', '.join(undrawn)} belum digambar di Excel: "
                    "angkanya sudah ditulis.")
        except _Cancelled:
            outcome = Localized("Run payroll cancelled: nothing was written.",
                                "Penggajian dibatalkan: tidak ada yang ditulis.")
        except StalePlan:
            outcome = STALE_SYNC if action == "sync" else Localized(
                "The sheets changed while the action ran; nothing was written. Click the "
                "button again.",
                "Sheet berubah selama perintah berjalan; tidak ada yang ditulis. Klik "
                "tombolnya lagi.")
        except CannotApply as exc:
            outcome = Localized(
                f"This action's changes ({', '.join(exc.ops)}) cannot be applied in Excel "
                "yet; nothing was written. Save and close the book, then run the command.",
                f"Perubahan perintah ini ({', '.join(exc.ops)}) belum bisa diterapkan di "
                "Excel; tidak ada yang ditulis. Simpan dan tutup buku, lalu jalankan "
                "perintahnya.")
        except BackofficeError as exc:
            outcome = Localized(exc.render("en"), exc.render("id"))
    book.app.alert(outcome.pick(lang), title=TITLE)
    return outcome


def _sync(book: Any, grid: GridBook) -> ActionResult:
    """Sync the open workbook: known by its full name (its identity, see
    backoffice.sync.bookid); its store from BACKOFFICE_STORE, Settings or its memory, else
    beside the file on a local disk. A book on OneDrive or SharePoint has no "beside": with
    no store named, it is refused, saying so. The store commits before the plan is applied:
    a plan refused as stale sends nothing twice at the next click (backoffice.sync.gridedit)."""
    full = str(book.fullname)
    web = is_web_path(full)
    try:
        return actions.sync(grid, actions.SyncOptions(location=full,
                                                      beside=None if web else full))
    except StoreNotNamed:
        if web:
            store_for(full, None)  # the refusal that names OneDrive and what to do
        raise


class _Cancelled(Exception):
    """The person cancelled the month's input box."""


def ask_month(app: Any, lang: str) -> str | None:
    """The month to run payroll for, typed into Excel's input box in the book's language:
    "" for the book's latest month with pay data, None when cancelled. Only on Windows
    (``Application.InputBox`` over COM); elsewhere "" (the outcome names the month run)."""
    if not sys.platform.startswith("win"):
        return ""
    prompt = Localized(
        "Month to run payroll for, as YYYY-MM (for example 2026-03). Leave it empty for the "
        "latest month with pay data in the book. A draft: finalizing and posting stay on the "
        "command line.",
        "Bulan penggajian, sebagai YYYY-MM (misalnya 2026-03). Kosongkan untuk bulan terakhir "
        "dengan data gaji di buku. Draf: finalisasi dan posting tetap lewat baris perintah.")
    answer = app.api.InputBox(prompt.pick(lang), TITLE, "")  # False when cancelled
    if answer is False:
        return None
    return str(answer).strip()


@contextlib.contextmanager
def excel_busy(app: Any) -> Iterator[Callable[[Localized], None]]:
    """Turn off calculation, screen updating and events while an action runs; restore
    them (and the status bar) however it ends. Yields a function showing a step."""
    saved = (app.calculation, app.screen_updating, app.enable_events)
    app.screen_updating = False
    app.enable_events = False
    app.calculation = "manual"

    def status(step: Localized) -> None:
        app.status_bar = f"backoffice: {step.en} / {step.id}"

    try:
        yield status
    finally:
        app.calculation, app.screen_updating, app.enable_events = saved
        app.status_bar = False  # Excel's own status bar again
