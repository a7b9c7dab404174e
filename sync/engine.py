"""``backoffice sync BOOK``: the book's changes to the store, the colleagues' changes to the book.

The order of work is what makes a Sync safe to kill at any moment:

1. Check the book; read its memory of the last Sync (:mod:`.state`) and the
   choices made in its Conflicts sheet.
2. Give rows their IDs (:mod:`.identity`); if any row got one, **save the book
   now**, before anything reaches the store, so a crash later cannot push a row
   twice under two IDs.
3. Fetch what the store changed since the book's base, plan each sheet
   (:mod:`.plan`), and push the book's changes in **one transaction**: the
   company's version counter is advanced first (a row lock that serializes pushes
   of one company), every pushed row's store version is verified to be the one
   the plan was made against (else the transaction is rolled back and the
   attempt made again with fresh data), the rows and one audit record are written.
4. Apply the store's changes to the book, write its memory and the Conflicts
   sheet, and save, atomically.

A Sync killed before 3 commits leaves the store as it was; killed after 3 but
before 4 saves, the next Sync finds the store holding exactly what the book
holds and lets its base catch up (no duplicates, nothing lost).

Fault injection for the tests: see :mod:`backoffice.sync.faults`.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from backoffice.schemas.periods import LOCKS, LOCKS_SHEET
from backoffice.sync import anchoring, bookid, contributions, gridedit, matching
from backoffice.sync.bookedit import SyncWriter, TableEdit
from backoffice.sync.bookread import BookRead, SheetRows, read_for_sync
from backoffice.sync.conflicts import HEADERS as CONFLICT_HEADERS
from backoffice.sync.conflicts import NAMES as CONFLICT_NAMES
from backoffice.sync.conflicts import Choice, conflicts_table, find_sheet, read_choices
from backoffice.sync.faults import FAULT_ENV, fault
from backoffice.sync.identity import assign, book_mark
from backoffice.sync.merged import hold_back_merged
from backoffice.sync.plan import Conflict, LocalRow, SheetPlan, StoreRow, plan_sheet, unit_of
from backoffice.sync.pushing import Retry, conflict_times, ensure_company, fetch, push
from backoffice.sync.rows import cell_value, style_kind
from backoffice.sync.state import SHEET as STATE_SHEET
from backoffice.sync.state import Base, SyncState, read_state, state_table
from backoffice.sync.store import Store, display_url, resolve_url
from backoffice.sync.storeurl import recall, remember

from backoffice.books import GridBook, Location, location_name
from backoffice.books.save import ensure_writable
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_PROBLEMS, ActionRefused, BackofficeError, RetryableError
from backoffice.issues import Issue, make_issue
from backoffice.progress import Progress
from backoffice.schema import ROW_ID

MASS_DELETE_SHARE = 0.05
ATTEMPTS = 6
_FETCH_ALL = 5000


class SyncRefused(BackofficeError):
    """Sync will not run on this book as it is (a sort without IDs, a mass delete): exit 1."""

    exit_code = EXIT_PROBLEMS


class StoreNotNamed(ActionRefused):
    """A grid book names no store, and has no folder to keep one beside (exit 2)."""


class StoreBusy(RetryableError):
    code = "store-busy"


@dataclass
class SyncOptions:
    """How to sync: the store, who is syncing, the mass-delete guard, and whether this book
    takes over the payroll or stock journal another book sent (see :mod:`.contributions`)."""

    store: str | None = None
    user: str | None = None
    allow_mass_delete: bool = False
    # Each step said as it starts (the CLI, at a terminal). Its own per Sync: a Sync sets
    # its language to the book's.
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    take_over: bool = False
    # Where the book is, when a client knows better than its path (a spreadsheet's id).
    location: str | None = None
    # A grid book's file on this computer, when the client knows it (Excel's or
    # LibreOffice's saved document): the default store beside it, as for a file.
    beside: str | None = None


@dataclass
class SyncResult:
    """What a Sync did."""

    book: str
    store: str
    company: str
    stamped: int = 0
    pushed: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    pulled: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    held: list[Issue] = field(default_factory=list)
    version: int | None = None
    saved: bool = False
    lang: str = "en"
    sheets: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    other_store: bool = False  # the book last synced with another store: all rows sent again
    # Rows without a known ID found in the store by natural key or content (kind -> rows):
    # a book that lost its hidden state is re-linked, not sent a second time (.matching).
    matched: dict[str, int] = field(default_factory=dict)
    relinked: bool = False  # a book without memory of a Sync whose rows the store holds
    identity: bookid.BookIdentity | None = None  # which book this is (a copy gets its own)
    went_back: anchoring.StoreWentBack | None = None  # the store lost versions this book saw
    planned: bool = False  # a grid book: its writes are the edit plan its client applies

    @property
    def exit_code(self) -> int:
        return EXIT_PROBLEMS if self.conflicts or self.held or self.went_back else 0


def company_id(settings: dict[str, Any]) -> str:
    """The company's key in the store, from its name in Settings (PT Sinar Abadi -> pt-sinar-abadi)."""
    name = str(settings.get("company") or "company")
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    return "-".join(words)[:100] or "company"


def sync(path: Location, options: SyncOptions | None = None) -> SyncResult:
    """Sync the book at ``path`` with its store. See the module docstring.

    ``path`` may be a grid book a client holds (:class:`~backoffice.books.GridBook`): the
    book is read from the grid, and everything the Sync writes into it (the IDs it
    stamps, the rows received, the Conflicts sheet, its memory) becomes operations of the
    grid's edit plan, which the client applies after the store's transaction committed.
    See :mod:`.gridedit` for why a plan that is never applied duplicates nothing."""
    options = options or SyncOptions()
    clock = _Clock()
    grid = path if isinstance(path, GridBook) else None
    if grid is None:
        path = str(path)
        ensure_writable(Path(path))  # open in Excel: say so now, before anything moves (exit 3)
    name = location_name(path)
    say = options.progress
    say.say(f"reading and checking {name}", f"membaca dan memeriksa {name}")
    read = read_for_sync(path)
    say.lang = read.lang
    state = read_state(path)
    url = _store_url(path, options.store, read, state, options.beside)
    company = state.company or company_id(read.settings)
    clock.lap("book-read")
    user = options.user or os.environ.get("BACKOFFICE_USER") or getpass.getuser()
    book_name = grid.name if grid is not None else Path(path).name
    say.say(f"opening the store {display_url(url)}", f"membuka store {display_url(url)}")
    with Store(url) as store:
        store.ensure_current()  # a newer store is refused before the book is touched
        clock.lap("store-open")
        read = _with_locks_sheet(path, read, store, company)
        contribution = contributions.gather(read)  # a payroll or stock book's journal
        kinds_by_sheet = {rows.sheet: kind for kind, rows in read.sheets.items()}
        choices, conflict_rows = read_choices(path, kinds_by_sheet)
        result = SyncResult(name, url, company, lang=read.lang,
                            sheets={k: r.sheet for k, r in read.sheets.items()},
                            timings=clock.timings, planned=grid is not None)
        if contribution is not None:
            result.sheets[contributions.KIND] = contribution.sheet
            result.held += contribution.held
        clock.lap("book-read")
        # the next Sync without --store comes here
        state.url = remember(url, options.beside if grid is not None else path)
        result.other_store = _meet_store(state, read, store.identity(),
                                         _company_version(store, company))
        result.identity = bookid.settle(store, company, state, name,
                                        gridedit.location(grid, options.location))
        clock.lap("store-open")
        result.relinked = state.seen == 0 and not any(state.rows.values())
        # A grid book's new IDs carry its mark, so that the rows of a Sync whose plan it
        # never applied are told from everyone else's (see .gridedit, .matching).
        mark = book_mark(result.identity.book_id) if grid is not None else None
        mine = matching.Mine(mark, user, book_name, state.seen) if mark is not None else None
        found = _match(store, company, read, state, say, mine)
        result.matched = {kind: len(m.ids) for kind, m in found.items() if m.ids}
        result.relinked = result.relinked and bool(result.matched)
        also = {kind: m.differing for kind, m in found.items() if m.differing}
        clock.lap("store-match")
        stamped, stamp_edits = _stamp(path, read, state, say, found, mark)
        result.stamped = sum(len(s) for s in stamped.values())
        clock.lap("book-stamp")
        # The book's anchors in the audit log: a store that went back is said, and the rows
        # it lacks become local changes (see .anchoring).
        result.went_back = anchoring.meet(store, company, state, read, result.other_store,
                                          user, book_name)
        chosen_out: dict[str, set[str]] = {}
        theirs = _apply_choices(choices, state, chosen_out)
        ensure_company(store, company)
        for _attempt in range(ATTEMPTS):
            try:
                say.say("comparing the book with the store", "membandingkan buku dengan store")
                seen, plans, remote = _plan(store, company, read, state, theirs, also)
                merged_held = hold_back_merged(read, plans)
                clock.lap("store-fetch-plan")
                _guard_mass_delete(read, state, plans, options.allow_mass_delete, chosen_out)
                sheets = dict(read.sheets)
                owned = None
                if contribution is not None:
                    owned, owned_held = _plan_contribution(store, company, contribution,
                                                           book_name, options)
                    sheets[contributions.KIND] = contribution.rows
                to_push = {**plans, **({contributions.KIND: owned} if owned else {})}
                if any(p.pushes for p in to_push.values()):
                    count = sum(len(p.push) + len(p.tombstones) for p in to_push.values())
                    say.say(f"sending {count:,} changed rows to the store",
                            f"mengirim {count:,} baris yang berubah ke store")
                    result.version = push(store, company, to_push, sheets, user, book_name,
                                          seen)
                clock.lap("store-push")
                break
            except Retry:
                continue
        else:
            raise StoreBusy(url=url)
        when = conflict_times(store, company, plans)
        if result.version is not None and result.version == seen + 1:
            seen = result.version  # nobody pushed between the fetch and this push
        anchor = anchoring.anchor_for(store, company, max(state.seen, seen))
    old_state = _copy(state)
    edits = gridedit.merged(stamp_edits, _apply(read, state, plans, result, seen))
    state.company = company
    anchoring.remember(state, anchor)
    _report(result, read, plans, merged_held)
    if owned is not None:
        _report_contribution(result, owned, owned_held)
    conflicts_sheet = None
    if result.conflicts or conflict_rows:
        conflicts_sheet = conflicts_table(
            result.conflicts, {k: (r.sheet, r.fields) for k, r in read.sheets.items()}, when,
            read.lang)
    if any(edits.values()) or conflicts_sheet is not None or state != old_state \
            or result.matched or result.identity.how != "same":
        received = sum(len(p.pull_insert) + len(p.pull_update) + len(p.pull_delete)
                       for p in plans.values())
        say.say(f"saving the book ({received:,} rows received)",
                f"menyimpan buku ({received:,} baris diterima)")
        if grid is not None:
            gridedit.save(grid, read, edits, state_table(state), conflicts_sheet)
        else:
            _save(path, read, edits, state, conflicts_sheet)
        result.saved = True
    clock.lap("book-write")
    return result


class _Clock:
    """Seconds spent in each phase (book parts and store parts), for the benchmark."""

    def __init__(self) -> None:
        import time

        self._now = time.perf_counter
        self._last = self._now()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = self._now()
        self.timings[name] = self.timings.get(name, 0.0) + now - self._last
        self._last = now


def _setting(read: BookRead, key: str) -> str | None:
    value = read.settings.get(key)
    return str(value) if value else None


def _store_url(path: Location, option: str | None, read: BookRead, state: SyncState,
               beside: str | None = None) -> str:
    """The store: ``--store``, BACKOFFICE_STORE, the book's Settings, the store the book
    remembers; a file's, else beside it. A grid book has no folder to keep a store beside
    unless its client names the file it is saved as (``beside``): without any of these,
    Sync is refused (exit 2) and told where to set it."""
    setting = _setting(read, "store")
    if not isinstance(path, GridBook):
        return resolve_url(path, option, setting or recall(state.url, path))
    for candidate in (option, os.environ.get("BACKOFFICE_STORE"), setting,
                      recall(state.url, beside)):
        if candidate and candidate.strip():
            return resolve_url(None, candidate)
    if beside:
        return resolve_url(beside)
    raise StoreNotNamed(
        detail=Localized(f"Sync does not know where the company's store is for {path.name}: a "
                         "book open in a spreadsheet has no folder to keep a store beside.",
                         f"Sync tidak tahu di mana store perusahaan untuk {path.name}: buku "
                         "yang terbuka di spreadsheet tidak punya folder untuk menaruh store."),
        fix=Localized("Write the store's address (a PostgreSQL URL, or the path of the SQLite "
                      "store file) in the Settings sheet's Store row, or set BACKOFFICE_STORE, "
                      "or give --store.",
                      "Tulis alamat store (URL PostgreSQL, atau path berkas store SQLite) di "
                      "baris Store pada sheet Pengaturan, atau isi BACKOFFICE_STORE, atau "
                      "berikan --store."))


def _copy(state: SyncState) -> SyncState:
    return SyncState(state.company, state.seen, {k: dict(v) for k, v in state.rows.items()},
                     state.store, list(state.anchors), state.book, state.where, state.url)


def _with_locks_sheet(path: Location, read: BookRead, store: Store, company: str) -> BookRead:
    """A ledger book that never closed a month has no locks sheet, so it could not receive
    a month a colleague closed. When the store holds locks of the company, the sheet is
    added (empty and very hidden, as ``backoffice close`` makes it) and the book read again."""
    if LOCKS.kind in read.sheets or "journal" not in read.sheets:
        return read
    table = store.tables.sheets[LOCKS.kind]
    with store.begin() as connection:
        locked = connection.execute(sa.select(table.c.row_id).where(
            table.c.company_id == company, table.c.deleted.is_(False)).limit(1)).first()
    if locked is None:
        return read
    from backoffice.books.sheetxml import OutputTable
    from backoffice.ledger.closing import LOCKS_COLUMNS

    table = OutputTable(LOCKS_COLUMNS, [], 0)
    if isinstance(path, GridBook):
        gridedit.add_output_sheet(path, LOCKS_SHEET, table, LOCKS.kind)
        return read_for_sync(path)
    with SyncWriter(path) as writer:
        writer.write_output_sheet(LOCKS_SHEET, table, LOCKS.kind, hidden=True)
        writer.save()
    return read_for_sync(path)


def _company_version(store: Store, company: str) -> int:
    """The company's counter in this store (0 when the store does not know the company)."""
    companies = store.tables["companies"]
    with store.begin() as connection:
        return int(connection.execute(sa.select(companies.c.version).where(
            companies.c.company_id == company)).scalar() or 0)


def _meet_store(state: SyncState, read: BookRead, store_id: str, counter: int) -> bool:
    """Make ``state`` fit the store it now syncs with. A book that last synced with another
    store (a copied store file, a move to PostgreSQL) keeps its rows' IDs but forgets their
    versions: every row is sent again, and rows the store already holds with the same
    content are simply adopted. Returns whether the book came from another store.

    Another store is known by its identity; a book synced before stores had one, by
    having seen a version this store's counter has not reached."""
    # (A store that went back, the same store, is another matter: see .anchoring.)
    foreign = (state.store is not None and state.store != store_id) or (
        state.store is None and state.seen > counter)
    state.store = store_id
    if not foreign:
        return False
    for kind, bases in state.rows.items():
        rows = read.sheets.get(kind)
        present = set(rows.frame[ROW_ID.key].drop_nulls().to_list()) if rows else set()
        state.rows[kind] = {i: Base(0, "", b.group) for i, b in bases.items() if i in present}
    state.seen = 0
    return True


# -- 2. identities -------------------------------------------------------------------------------

def _match(store: Store, company: str, read: BookRead, state: SyncState,
           say: Progress, mine: matching.Mine | None = None) -> dict[str, matching.Matched]:
    """Rows whose ID the book does not know, looked for in the store (see :mod:`.matching`):
    a matched row takes the store's ID and version into the frame and the base, so it is
    neither stamped nor pushed."""
    found: dict[str, matching.Matched] = {}
    for kind, rows in read.sheets.items():
        base = state.of(kind)
        unknown = matching.unknown_rows(rows, base)
        if not unknown:
            continue
        stored = matching.candidates(store, company, rows, unknown, mine)
        if not stored:
            continue
        matched = matching.match(rows, base, unknown, stored, mine)
        found[kind] = matched
        if not matched.ids:
            continue
        ids = [matched.ids.get(r, i) for r, i in zip(rows.frame["_row"].to_list(),
                                                      rows.frame[ROW_ID.key].to_list(),
                                                      strict=True)]
        rows.frame = rows.frame.with_columns(pl.Series(ROW_ID.key, ids, dtype=pl.String))
        base.update(matched.bases)
    count = sum(len(m.ids) for m in found.values())
    if count:
        say.say(f"{count:,} rows without a known ID are already in the store: matched",
                f"{count:,} baris tanpa ID yang dikenal sudah ada di store: dicocokkan")
    return found


def _stamp(path: Location, read: BookRead, state: SyncState, say: Progress,
           matched: dict[str, matching.Matched] | None = None, mark: int | None = None
           ) -> tuple[dict[str, dict[int, str]], dict[str, TableEdit]]:
    """Give every row its ID; save the book if any row got one or took the store's
    (``matched``, whose ID cells change). Refuse a sort without IDs. Returns the IDs
    stamped, and for a grid book the edits that set them (a grid is not saved before the
    push: its plan is applied after it, see :mod:`.gridedit`)."""
    stamped: dict[str, dict[int, str]] = {}
    written: dict[str, dict[int, str]] = {}
    for kind, found in (matched or {}).items():
        if found.cells:
            written[kind] = dict(found.cells)
    for kind, rows in read.sheets.items():
        base = state.of(kind)
        frame = rows.frame
        outcome = assign(list(zip(frame["_row"].to_list(), frame[ROW_ID.key].to_list(),
                                  frame["digest"].to_list(), strict=True)), base, mark)
        if outcome.moved:
            shown = ", ".join(str(r) for r in outcome.moved[:8])
            raise SyncRefused("sync-sorted", sheet=rows.sheet, rows=shown,
                              count=len(outcome.moved), column=rows.id_letter)
        if not outcome.stamped:
            continue
        stamped[kind] = outcome.stamped
        ids = [outcome.stamped.get(r, i) for r, i in zip(frame["_row"].to_list(),
                                                           frame[ROW_ID.key].to_list(),
                                                           strict=True)]
        rows.frame = frame.with_columns(pl.Series(ROW_ID.key, ids, dtype=pl.String))
        group = rows.group_field
        groups = dict(zip(frame["_row"].to_list(), frame[group].to_list(), strict=True)) \
            if group else {}
        for row, row_id in outcome.stamped.items():
            base[row_id] = Base(0, "", groups.get(row))
    for kind, ids in stamped.items():
        written[kind] = {**written.get(kind, {}), **ids}
    edits: dict[str, TableEdit] = {}
    if written:
        count = sum(len(ids) for ids in stamped.values())
        if isinstance(path, GridBook):
            say.say(f"giving IDs to {count:,} new rows", f"memberi ID ke {count:,} baris baru")
        else:
            say.say(f"giving IDs to {count:,} new rows; saving the book first",
                    f"memberi ID ke {count:,} baris baru; menyimpan buku lebih dulu")
        for kind, ids in written.items():
            rows = read.sheets[kind]
            edit = TableEdit(rows.header_row, kinds={rows.id_letter: "text"})
            if rows.id_missing:
                _add_id_column(edit, rows, read.lang)
            edit.cells = {row: {rows.id_letter: row_id} for row, row_id in ids.items()}
            edits[kind] = edit
        if not isinstance(path, GridBook):
            _save(path, read, edits, state, None, point="during-stamp-save")
            edits = {}
    return stamped, edits


def _add_id_column(edit: TableEdit, rows: SheetRows, lang: str) -> None:
    """The ID column's header, and its input message asking people to leave it alone."""
    from backoffice.books.sheetxml import validation

    edit.header_cells[rows.id_letter] = ROW_ID.header(lang)
    edit.validations.append(validation(ROW_ID, rows.id_letter, rows.header_row + 1, lang))
    rows.id_missing = False


# -- 3. plan and push ------------------------------------------------------------------------------

def _apply_choices(choices: list[Choice], state: SyncState,
                   chosen_out: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Resolved conflicts: the book's side becomes an ordinary local change against the
    store's version; the store's side is pulled. Returns kind -> IDs to pull; fills
    ``chosen_out`` with the store's rows that keeping the book's side deletes (kind -> IDs:
    the person chose it, so they are no mass delete)."""
    theirs: dict[str, set[str]] = {}
    for choice in choices:
        base = state.of(choice.kind)
        for row_id, version in choice.ids.items():
            b = base.get(row_id)
            if choice.side == "theirs":
                theirs.setdefault(choice.kind, set()).add(row_id)
                if b is not None:
                    base[row_id] = Base(b.version, b.digest, b.group)
                continue
            settled = max(version, b.version, b.conflict or 0) if b is not None else version
            if b is not None and b.version == 0:
                # A row the store never had (a new row whose number met the store's rows,
                # see .matching): it is pushed as new, expecting no store version.
                base[row_id] = Base(0, "", b.group)
            elif b is not None:
                base[row_id] = Base(settled, "", b.group)
            elif version:  # a row only the store has: keeping this book's side deletes it
                base[row_id] = Base(version, "", None)
                if chosen_out is not None:
                    chosen_out.setdefault(choice.kind, set()).add(row_id)
    return theirs


def _plan(store: Store, company: str, read: BookRead, state: SyncState,
          theirs: dict[str, set[str]], also: dict[str, set[str]] | None = None
          ) -> tuple[int, dict[str, SheetPlan], dict]:
    """Fetch and plan every sheet; ``also``: store IDs each sheet's plan must see (the
    rows of a natural key whose contents differ from the book's, see :mod:`.matching`)."""
    with store.begin() as connection:
        companies = store.tables["companies"]
        seen = connection.execute(sa.select(companies.c.version).where(
            companies.c.company_id == company)).scalar_one()
        plans = {}
        remotes = {}
        for kind, rows in read.sheets.items():
            base = state.of(kind)
            local = {r.row_id: r for r in rows.rows()}
            grouped = rows.group_field is not None
            remote = fetch(store, connection, company, rows, local, base, state.seen,
                           theirs.get(kind, set()), (also or {}).get(kind, set()))
            held = rows.held_units(list(local.values()))
            plan = plan_sheet(kind, grouped, local, base, remote, set(held),
                              theirs.get(kind, set()))
            if kind in theirs:
                _forced_clear(plan, local, remote, theirs[kind], grouped, base)
            _protect_formulas(plan, rows, grouped, theirs.get(kind, set()))
            if kind == contributions.KIND:
                _restore_contributed(plan, remote)
            plans[kind] = plan
            remotes[kind] = remote
    return int(seen), plans, remotes


def _forced_clear(plan: SheetPlan, local: dict[str, LocalRow], remote: dict[str, StoreRow],
                  ids: set[str], grouped: bool, base: dict[str, Base]) -> None:
    """Keeping the store's side: the book's rows of the unit that the store lacks go."""
    units = {unit_of(i, local[i].group, grouped) for i in ids if i in local}
    units |= {unit_of(i, base[i].group, grouped) for i in ids if i in base}
    units |= {unit_of(i, remote[i].group, grouped) for i in ids
              if i in remote and i not in local and i not in base}  # as plan_sheet's
    pulled = {r.row_id for r in plan.pull_delete}
    for row in local.values():
        if unit_of(row.row_id, row.group, grouped) in units and row.row_id not in remote \
                and row.row_id not in pulled:
            plan.pull_delete.append(row)


def _restore_contributed(plan: SheetPlan, remote: dict[str, StoreRow]) -> None:
    """Journal rows a payroll or stock book contributed change only in that book: deleted
    here, they are put back from the store (and the person told), not deleted for all."""
    restored = [i for i in plan.tombstones if contributions.is_contributed(i)
                and i in remote and not remote[i].deleted]
    if not restored:
        return
    back = set(restored)
    plan.tombstones = [i for i in plan.tombstones if i not in back]
    for row_id in restored:
        stored = remote[row_id]
        plan.expected.pop(row_id, None)
        plan.pull_insert.append(stored)
        plan.adopt[row_id] = stored
        plan.restored.setdefault(str(stored.group), str(stored.values.get("source") or "")
                                 .split("#")[0])


def _protect_formulas(plan: SheetPlan, rows: SheetRows, grouped: bool, chosen: set[str]) -> None:
    """A pull never writes over a formula: a remote change to a formula cell is a conflict
    (unless the person chose the store's version for that row)."""
    if not rows.formulas:
        return
    keep_update = []
    for mine, theirs in plan.pull_update:
        differ = {rows.letters[k] for k in mine.values if mine.values[k] != theirs.values.get(k)}
        if differ & rows.formulas.get(mine.row, set()) and mine.row_id not in chosen:
            plan.adopt.pop(mine.row_id, None)
            plan.conflicts.append(Conflict(plan.kind, unit_of(mine.row_id, mine.group, grouped),
                                           [mine], [theirs], seen=theirs.version))
        else:
            keep_update.append((mine, theirs))
    plan.pull_update = keep_update
    keep_delete = []
    for mine in plan.pull_delete:
        if rows.formulas.get(mine.row) and mine.row_id not in chosen:
            tombstone = plan.adopt.pop(mine.row_id, None)
            plan.conflicts.append(Conflict(plan.kind, unit_of(mine.row_id, mine.group, grouped),
                                           [mine], [], seen=tombstone.version if tombstone else 0))
        else:
            keep_delete.append(mine)
    plan.pull_delete = keep_delete


def _plan_contribution(store: Store, company: str, contribution: contributions.Contribution,
                       book: str, options: SyncOptions) -> tuple[SheetPlan, list[Issue]]:
    """The push that makes the store's rows of the book's journal blocks what the book's
    engine generates now (see :mod:`.contributions`)."""
    with store.begin() as connection:
        found = contributions.fetch_owned(store, connection, company, contribution)
    plan, held = contributions.plan_owned(contribution, found, book, options.take_over)
    if not options.allow_mass_delete:
        _refuse_mass_delete(contribution.sheet, len(plan.tombstones),
                            contributions.live_count(found.owned.values()))
    return plan, held


def _report_contribution(result: SyncResult, plan: SheetPlan, held: list[Issue]) -> None:
    if plan.pushes:
        result.pushed[contributions.KIND] = _push_counts(plan)
    result.held += held


def _guard_mass_delete(read: BookRead, state: SyncState, plans: dict[str, SheetPlan],
                       allowed: bool, chosen_out: dict[str, set[str]] | None = None) -> None:
    """Refuse a Sync deleting many synced rows at once; the store's rows a person chose to
    replace with the book's side of a conflict do not count."""
    if allowed:
        return
    for kind, plan in plans.items():
        if not read.sheets[kind].schema.books:
            continue  # written by backoffice alone (month locks: a reopen drops a month's)
        synced = sum(1 for b in state.of(kind).values() if b.version > 0)
        chosen = (chosen_out or {}).get(kind, set())
        count = sum(1 for i in plan.tombstones if i not in chosen)
        _refuse_mass_delete(read.sheets[kind].sheet, count, synced)


def _refuse_mass_delete(sheet: str, count: int, total: int) -> None:
    """Refuse deleting ``count`` of ``total`` synced rows of ``sheet`` in one Sync when that
    is more than one row and more than MASS_DELETE_SHARE of them."""
    if count > 1 and count > MASS_DELETE_SHARE * total:
        raise SyncRefused("sync-mass-delete", sheet=sheet, count=count, total=total,
                          share=f"{count / total:.0%}")


def _push_counts(plan: SheetPlan) -> tuple[int, int, int]:
    """(rows inserted, rows updated, rows deleted) a plan sends."""
    inserted = sum(1 for r in plan.push if plan.expected.get(r.row_id, 0) == 0)
    return inserted, len(plan.push) - inserted, len(plan.tombstones)


# -- 4. the book -----------------------------------------------------------------------------------

def _apply(read: BookRead, state: SyncState, plans: dict[str, SheetPlan], result: SyncResult,
           seen: int) -> dict[str, TableEdit]:
    """The book's edits for the pulled changes; ``state`` updated to what the book will hold."""
    edits: dict[str, TableEdit] = {}
    base_currency = str(read.settings.get("base_currency") or "IDR")
    for kind, plan in plans.items():
        rows = read.sheets[kind]
        base = state.of(kind)
        edit = TableEdit(rows.header_row, kinds={rows.letters[f.key]: style_kind(f)
                                                 for f in rows.fields})
        edit.kinds[rows.id_letter] = "text"

        def cells(values: dict[str, Any], only: set[str] | None = None,
                  rows: SheetRows = rows) -> dict[str, object]:
            currency = values.get("currency") or base_currency
            return {rows.letters[f.key]: cell_value(f, values.get(f.key), currency, read.lang)
                    for f in rows.fields if only is None or f.key in only}

        for mine, theirs in plan.pull_update:
            differ = {k for k in mine.values if mine.values[k] != theirs.values.get(k)}
            edit.cells[mine.row] = cells(theirs.values, differ)
        for theirs in plan.pull_insert:
            edit.append.append({**cells(theirs.values), rows.id_letter: theirs.row_id})
        for mine in plan.pull_delete:
            edit.cells[mine.row] = {**{rows.letters[f.key]: None for f in rows.fields},
                                    rows.id_letter: None}
            base.pop(mine.row_id, None)
        group = rows.group_field
        for row in plan.push:
            base[row.row_id] = Base(result.version or 0, row.digest,
                                    None if group is None else row.values.get(group))
        for row_id in plan.tombstones:
            base.pop(row_id, None)
        for row_id, stored in plan.adopt.items():
            if stored.deleted:
                base.pop(row_id, None)
            else:
                base[row_id] = Base(stored.version, stored.digest, stored.group)
        for conflict in plan.conflicts:
            for row_id in [*(r.row_id for r in conflict.mine), *conflict.deleted_here]:
                b = base.get(row_id)
                if b is not None:
                    base[row_id] = Base(b.version, b.digest, b.group, conflict.version)
        if edit and rows.id_missing:
            _add_id_column(edit, rows, read.lang)
        if edit:
            edits[kind] = edit
    state.seen = max(state.seen, seen)
    return edits


def _report(result: SyncResult, read: BookRead, plans: dict[str, SheetPlan],
            merged_held: dict[str, dict[str, Issue]]) -> None:
    for kind, plan in plans.items():
        if plan.pushes:
            result.pushed[kind] = _push_counts(plan)
        if plan.pull_insert or plan.pull_update or plan.pull_delete:
            result.pulled[kind] = (len(plan.pull_insert), len(plan.pull_update),
                                   len(plan.pull_delete))
        result.conflicts += plan.conflicts
        rows = read.sheets[kind]
        held = {**merged_held.get(kind, {}), **rows.held_units(rows.rows())}
        result.held += [issue for unit, issue in held.items() if unit in plan.held]
        result.held += [make_issue("sync-generated-restored", rows.sheet, entry=entry, block=block)
                        for entry, block in plan.restored.items()]


def _save(path: str, read: BookRead, edits: dict[str, TableEdit], state: SyncState,
          conflicts: Any, point: str = "during-save") -> None:
    with SyncWriter(path) as writer:
        for kind, edit in edits.items():
            writer.edit_table(read.sheets[kind].sheet, edit)
        writer.write_output_sheet(STATE_SHEET, state_table(state), "sync-state", hidden=True)
        if conflicts is not None:
            name = find_sheet(writer.sheet_names()) or CONFLICT_NAMES[read.lang]
            # A Conflicts sheet pasted as values (the book's sheets copied into a new
            # workbook) lost our mark but is ours: known by its header, rewritten (its
            # choices were read and applied by this Sync; see .conflicts).
            writer.write_output_sheet(name, conflicts, "conflicts",
                                      recognised_by=tuple(CONFLICT_HEADERS.values()))
        if os.environ.get(FAULT_ENV) != point:
            writer.save()
            return
        _save_with_fault(writer, point)


def _save_with_fault(writer: SyncWriter, point: str) -> None:
    """Save, dying after the new file is written but before it replaces the book."""
    import backoffice.books.save as saving

    atomically = saving.save_atomically

    def faulty(target, write):  # type: ignore[no-untyped-def]
        def wrapped(handle):  # type: ignore[no-untyped-def]
            write(handle)
            fault(point)
        atomically(target, wrapped)

    saving.save_atomically = faulty
    try:
        writer.save()
    finally:
        saving.save_atomically = atomically


