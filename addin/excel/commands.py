"""``backoffice addin excel BOOK`` and ``backoffice addin doctor``: the CLI's Excel part.

:func:`register` adds them to the CLI's ``addin`` group (made here when no other client
has made it yet), so the CLI registers them with two lines.
"""

from __future__ import annotations

import sys

import click

from backoffice.catalogue import Localized
from backoffice.locales import LANGUAGES


def register(cli: click.Group) -> None:
    """Add ``excel`` and ``doctor`` to ``cli``'s ``addin`` group."""
    group = cli.commands.get("addin")
    if not isinstance(group, click.Group):
        group = click.Group("addin", help="Buttons and menus that run the actions from Excel "
                                          "(and other spreadsheet programs).")
        cli.add_command(group)
    group.add_command(excel)
    group.add_command(doctor)


@click.command()
@click.argument("book", type=click.Path(dir_okay=False, exists=True))
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the buttons and "
              "messages (default: the book's).")
def excel(book: str, lang: str | None) -> None:
    """Add the action buttons to BOOK's Help sheet (an .xlsx gets a new .xlsm beside it)."""
    from backoffice.bookkind import kind_of, language_of
    from backoffice.books import open_book
    from backoffice.books.macrobook import NOTHING, UPDATED, add_buttons
    from backoffice.errors import ActionRefused
    from backoffice.wording import book_language

    with open_book(book) as opened:
        names = opened.sheet_names()
    kind = kind_of(names)
    lang = lang or book_language(book, None) or language_of(names) or "en"
    if kind is None:
        raise ActionRefused(
            detail=Localized(f"{book} is not a ledger, payroll or inventory book.",
                             f"{book} bukan buku ledger, penggajian, atau persediaan."),
            fix=Localized("Make one with 'backoffice new KIND BOOK.xlsm'.",
                          "Buat dengan 'backoffice new JENIS BUKU.xlsm'."))
    written, done = add_buttons(book, kind, lang)
    if done == NOTHING:
        message = Localized(f"{written} has the buttons already; nothing changed.",
                            f"{written} sudah punya tombol; tidak ada yang diubah.")
    elif done == UPDATED:
        message = Localized(f"Brought the buttons of {written} up to date: this backoffice's "
                            "macros, and the Back office ribbon tab unless the book has a "
                            "ribbon of its own.",
                            f"Tombol di {written} diperbarui: makro backoffice versi ini, dan "
                            "tab pita Kantor belakang kecuali buku punya pita sendiri.")
    elif written == book:
        message = Localized(f"Added the buttons to the {_help(lang)} sheet of {written}, and a "
                            "Back office tab to its ribbon.",
                            f"Tombol ditambahkan ke sheet {_help(lang)} di {written}, dan tab "
                            "Kantor belakang ke pitanya.")
    else:
        message = Localized(f"Wrote {written}: {book} with the buttons on its {_help(lang)} "
                            f"sheet and a Back office ribbon tab ({book} is unchanged). "
                            f"Open {written} in Excel.",
                            f"{written} ditulis: {book} dengan tombol di sheet {_help(lang)} "
                            f"dan tab pita Kantor belakang ({book} tidak diubah). Buka "
                            f"{written} di Excel.")
    click.echo(message.pick(lang))
    sys.exit(0)


def _help(lang: str) -> str:
    from backoffice.books.new_xlsx import HELP_SHEET

    return HELP_SHEET[lang]


@click.command()
@click.argument("book", required=False, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the report.")
def doctor(book: str | None, lang: str | None) -> None:
    """Check what the Excel buttons need (Python, xlwings, xlwings.conf, BOOK's macros,
    Windows' blocks) and say what to do about each failure."""
    from backoffice.locales import resolve_language

    from .doctor import FAIL, run_checks

    lang = resolve_language(lang, None)
    findings = run_checks(book)
    for finding in findings:
        for line in finding.lines(lang):
            click.echo(line)
    sys.exit(1 if any(f.status == FAIL for f in findings) else 0)
