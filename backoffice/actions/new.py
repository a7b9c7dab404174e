"""New: create an empty ledger, payroll or inventory book, ready to fill in."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice import templates
from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, path_of, step
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.wording import NEW_BOOK


@dataclass(frozen=True)
class NewOptions:
    """kind: "ledger", "payroll" or "inventory"; lang: the sheets' language;
    chart: a ledger's starter chart of accounts ("emkm" or "ep")."""

    kind: str = "ledger"
    lang: str = "en"
    chart: str | None = None


def new(book: BookRef, options: NewOptions | None = None,
        progress: ProgressCallback | None = None) -> ActionResult:
    """Create the book at ``book`` (a path that does not hold a book yet)."""
    options = options or NewOptions()
    path = path_of(book)
    step(progress, "creating the book", "membuat buku")
    templates.new_book(options.kind, path, options.lang, options.chart)
    chart = (options.chart or "").upper()
    with_en = f" with the {chart} starter chart of accounts" if chart else ""
    with_id = f" dengan bagan akun awal {chart}" if chart else ""
    buttons_en = buttons_id = ""
    if path.lower().endswith(".xlsm"):
        buttons_en = (" Its Help sheet has buttons for Excel; 'backoffice addin doctor "
                      f"{path}' checks what they need.")
        buttons_id = (" Sheet Bantuan-nya berisi tombol untuk Excel; 'backoffice addin doctor "
                      f"{path}' memeriksa yang dibutuhkan.")
    return ActionResult(
        "new", EXIT_CLEAN,
        Localized(f"Created {path}: {NEW_BOOK[options.kind].en}{with_en}. Fill it in, then run "
                  f"'backoffice check {path}'.{buttons_en}",
                  f"{path} dibuat: {NEW_BOOK[options.kind].id}{with_id}. Isi, lalu jalankan "
                  f"'backoffice check {path}'.{buttons_id}"),
        written=Written(files=(path,)), language=options.lang)
