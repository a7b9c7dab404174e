"""Sync: send the book's changes to the company's store and bring colleagues' changes in."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from backoffice.actions.base import (
    ActionCancelled,
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
)
from backoffice.catalogue import Localized
from backoffice.progress import Progress
from backoffice.sync import engine
from backoffice.sync.render import sync_summary


@dataclass(frozen=True)
class SyncOptions:
    """store: the store's URL or path (default: BACKOFFICE_STORE, the book's Settings, the
    store the book remembers, else beside the book; a grid book has no "beside": without
    one of the others Sync is refused); user: who syncs; allow_mass_delete: send a
    deletion of more than 5% of a sheet's rows; take_over: this payroll or stock book now
    keeps that journal; location: where a grid book is, for its identity (a spreadsheet's
    id, a document's URL; default the grid's name); beside: the file a grid book is saved
    as on this computer, if any (its default store is beside it, as a file's)."""

    store: str | None = None
    user: str | None = None
    allow_mass_delete: bool = False
    take_over: bool = False
    location: str | None = None
    beside: str | None = None


#: Sync's steps before it opens the store: a client may cancel at these, nothing is written
#: yet. Later steps run inside the store's transaction and the book's save; they are told,
#: but not stopped half-way.
CANCELLABLE_STEPS = 2


class _Told(Progress):
    """Sync's progress lines, passed on to the client's callback."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback: ProgressCallback | None = None  # not told Progress's default "en"
        super().__init__(enabled=callback is not None)
        self.callback = callback
        self.told = 0

    @property  # type: ignore[override]
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, value: str) -> None:
        # Sync switches to the book's language once it has read it; a callback that shows
        # lines in one language (a ``lang`` attribute, as the CLI's) follows it.
        self._lang = value
        if hasattr(self.callback, "lang"):
            self.callback.lang = value  # type: ignore[union-attr]

    def say(self, en: str, id_: str) -> None:
        self.told += 1
        if self.callback is not None and self.callback(Localized(en, id_)) is False \
                and self.told <= CANCELLABLE_STEPS:
            raise ActionCancelled()


def sync(book: BookRef, options: SyncOptions | None = None,
         progress: ProgressCallback | None = None) -> ActionResult:
    """Sync; exit 0 when everything went through, 1 when rows were held back by Check or
    conflicts wait in the Conflicts sheet."""
    options = options or SyncOptions()
    # A grid book (LibreOffice, Excel, Google Sheets) is synced as a file is; its writes
    # become the book's edit plan, applied by the client after the store committed.
    path = path_of(book)
    name = name_of(book)
    result = engine.sync(path, engine.SyncOptions(options.store, options.user,
                                                  options.allow_mass_delete, _Told(progress),
                                                  options.take_over, options.location,
                                                  options.beside))
    en = sync_summary(dataclasses.replace(result, lang="en")).split("\n")
    id_ = sync_summary(dataclasses.replace(result, lang="id")).split("\n")
    # The summary has the same lines in both languages; should one ever gain a line, the
    # whole text is kept as one multi-line outcome rather than mispairing lines.
    lines = [Localized(a, b) for a, b in zip(en, id_, strict=True)] if len(en) == len(id_) \
        else [Localized("\n".join(en), "\n".join(id_))]
    received = {result.sheets.get(kind, kind): sum(counts)
                for kind, counts in result.pulled.items() if sum(counts)}
    return ActionResult("sync", result.exit_code, lines[0], tuple(lines[1:]),
                        written=Written(rows=received, files=(name,) if result.saved else ()),
                        language=result.lang, value=result)
