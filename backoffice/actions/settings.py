"""Settings: see a book's settings, or set one (or those a CSV lists) by its name in either
language, checked like a Settings cell and written in place, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice import booksettings
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
from backoffice.wording import grouped


@dataclass(frozen=True)
class SettingsOptions:
    """name: one setting (English or Indonesian name; default: all of them); value: set it to
    this (as typed in the cell); csv: set every setting this CSV lists (a name, then its value,
    one a line) instead; lang: the messages' language (default: the book's)."""

    name: str | None = None
    value: str | None = None
    csv: str | None = None
    lang: str | None = None


def settings(book: BookRef, options: SettingsOptions | None = None,
             progress: ProgressCallback | None = None) -> ActionResult:
    """Show the settings (``text``: aligned ``Name  value`` lines), or set them and show
    them as they now read."""
    options = options or SettingsOptions()
    path = path_of(book)
    if options.csv is not None and options.name is not None:
        raise UsageError(detail="--csv and NAME do not go together.")
    if options.csv is not None:
        step(progress, "setting the settings the CSV lists",
             "mengisi pengaturan yang didaftar CSV")
        view = booksettings.import_settings(path, options.csv, options.lang)
    elif options.name is not None and options.value is not None:
        step(progress, "setting the setting", "mengisi pengaturan")
        view = booksettings.set_setting(path, options.name, options.value, options.lang)
    else:
        step(progress, "reading the settings", "membaca pengaturan")
        view = booksettings.show(path, options.name, options.lang)
    changed = (options.csv is not None or options.value is not None) and bool(view.rows)
    name = name_of(book)
    count = len(view.rows)
    # Shown settings are the answer itself (``text``); a change also gets a line for a toast.
    outcome = Localized(f"Set {count:,} {'setting' if count == 1 else 'settings'} of {name}.",
                        f"{grouped(count, 'id')} pengaturan {name} diisi.") if changed else NOTHING
    return ActionResult("settings", EXIT_CLEAN, outcome,
                        written=Written(files=(name,)) if changed else Written(),
                        language=view.lang, value=view, text=view.text() + "\n")
