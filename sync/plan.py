"""The three-way plan for one sheet: what to push, what to pull, what is in conflict.

Pure: it looks at the book's rows now, the book's memory of the last Sync (the
base) and the store's rows, and decides. Nothing is read or written here.

The unit of change is a row, or a group of rows: a journal entry (all rows
sharing its number), or all rows sharing a sheet's key (an account code), so
that one number created in two books meets itself as a conflict.

For each unit changed since the base:

* changed only in the book: pushed (unless Check holds it back);
* changed only in the store: pulled into the book;
* changed on both sides to the same content: nothing moves, the base catches up
  (this is how a Sync killed after the store commit converges);
* changed on both sides differently: a conflict, and neither side is touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from backoffice.sync.state import Base


class LocalRow:
    """A row of the book: where it is, its ID, group, digest and managed values.

    ``values`` may be given as ``(keys, columns, index)``, and the dict is built
    when first asked for: a plan looks at the values of the few rows that move, not
    at the 100,000 that did not change.
    """

    __slots__ = ("_values", "digest", "group", "row", "row_id")

    def __init__(self, row: int, row_id: str, group: str | None, digest: str,
                 values: dict[str, Any] | tuple[list[str], list[list[Any]], int]) -> None:
        self.row, self.row_id, self.group, self.digest = row, row_id, group, digest
        self._values = values

    @property
    def values(self) -> dict[str, Any]:
        if isinstance(self._values, tuple):
            keys, columns, index = self._values
            self._values = {k: column[index] for k, column in zip(keys, columns, strict=True)}
        return self._values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalRow) and (self.row, self.row_id, self.digest) == (
            other.row, other.row_id, other.digest)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class StoreRow:
    """A row of the store, projected onto the book's managed fields."""

    row_id: str
    version: int
    deleted: bool
    group: str | None
    digest: str
    values: dict[str, Any]
    changed_by: str | None = None
    book: str | None = None


@dataclass
class Conflict:
    """A unit changed on both sides differently."""

    kind: str
    unit: str
    mine: list[LocalRow]
    theirs: list[StoreRow]
    deleted_here: list[str] = field(default_factory=list)
    seen: int = 0  # the store's latest version of any row of the unit, tombstones included
    deleted_there: list[StoreRow] = field(default_factory=list)  # deleted by a colleague

    @property
    def version(self) -> int:
        return max([self.seen, *(r.version for r in self.theirs)])


@dataclass
class SheetPlan:
    """What Sync does to one sheet."""

    kind: str
    push: list[LocalRow] = field(default_factory=list)       # inserts and updates
    expected: dict[str, int] = field(default_factory=dict)   # ID -> store version it must have
    tombstones: list[str] = field(default_factory=list)      # IDs deleted in the book
    pull_update: list[tuple[LocalRow, StoreRow]] = field(default_factory=list)
    pull_insert: list[StoreRow] = field(default_factory=list)
    pull_delete: list[LocalRow] = field(default_factory=list)
    adopt: dict[str, StoreRow] = field(default_factory=dict)  # base catches up to the store
    conflicts: list[Conflict] = field(default_factory=list)
    held: set[str] = field(default_factory=set)               # units held back by Check
    restored: dict[str, str] = field(default_factory=dict)    # contributed entry -> its block
    units: set[str] = field(default_factory=set)              # units pushed (entries, keys)

    @property
    def pushes(self) -> bool:
        return bool(self.push or self.tombstones)


def unit_of(row_id: str, group: str | None, grouped: bool) -> str:
    """The unit a row belongs to: its group's value, or the row itself."""
    if not grouped:
        return row_id
    return group if group is not None else "\x00" + row_id


def local_changes(local: dict[str, LocalRow], base: dict[str, Base]
                  ) -> tuple[set[str], set[str]]:
    """(IDs inserted or edited in the book, IDs deleted from it) since the base."""
    changed = {i for i, r in local.items()
               if i not in base or base[i].version == 0 or base[i].digest != r.digest}
    deleted = {i for i, b in base.items() if b.version > 0 and i not in local}
    return changed, deleted


def plan_sheet(kind: str, grouped: bool, local: dict[str, LocalRow], base: dict[str, Base],
               remote: dict[str, StoreRow], held_units: set[str], theirs: set[str]
               ) -> SheetPlan:
    """Decide one sheet. ``remote`` holds every store row the decision may need: those
    changed since the base, and every row of every unit touched on either side.
    ``theirs`` are IDs of conflicts resolved for the store's side: their units are pulled
    whatever the book holds (a conflict resolved for the book's side reaches here as a
    base at the conflict's version, so it is an ordinary local change)."""
    plan = SheetPlan(kind)
    changed, deleted = local_changes(local, base)

    def base_unit(row_id: str) -> str | None:
        b = base.get(row_id)
        return unit_of(row_id, b.group, grouped) if b is not None else None

    local_units: set[str] = set()
    for row_id in changed:
        local_units.add(unit_of(row_id, local[row_id].group, grouped))
        if (u := base_unit(row_id)) is not None:
            local_units.add(u)
    for row_id in deleted:
        if (u := base_unit(row_id)) is not None:
            local_units.add(u)
    remote_units: set[str] = set()
    for row_id, row in remote.items():
        b = base.get(row_id)
        moved = b.version if b is not None else -1
        if row.version > moved and not (row.deleted and b is None):
            remote_units.add(unit_of(row_id, row.group, grouped))
            if (u := base_unit(row_id)) is not None:
                remote_units.add(u)
    forced = {u for i in theirs for u in (base_unit(i), _local_unit(local, i, grouped))
              if u is not None}
    # A chosen store row the book knows neither by base nor by ID (the choice was read from
    # a Conflicts sheet pasted into a new workbook with the rest of the book, whose own rows
    # of the unit got new IDs): its unit is the one it has in the store.
    forced |= {unit_of(i, remote[i].group, grouped) for i in theirs
               if i in remote and i not in base and i not in local}
    # A chosen store row a colleague moved to another unit (entry): that unit is pulled
    # too, which moves the book's row there (else the conflict would stay for ever);
    # unless the book changed that unit as well (then it is a conflict of its own).
    forced |= {u for i in theirs if i in remote and not remote[i].deleted
               and (u := unit_of(i, remote[i].group, grouped)) not in local_units}

    members_local = _members(local.values(), grouped)
    members_remote = _members((r for r in remote.values() if not r.deleted), grouped)
    # Looked up per unit below: gathered once, so that many deletions or conflicts cost
    # linear time (5,000 deletions in 100,000 rows took 3.9 s when each unit scanned them).
    deleted_in: dict[str, list[str]] = {}
    for row_id in deleted:
        deleted_in.setdefault(base_unit(row_id) or "", []).append(row_id)
    remote_in = _remote_by_unit(remote, base, grouped)
    for unit in sorted(local_units | remote_units | forced):
        here = members_local.get(unit, [])
        there = members_remote.get(unit, [])
        if unit in forced or (unit in remote_units and unit not in local_units):
            # (A forced unit takes the store's rows whatever the book changed.)
            _pull(plan, here, there, remote, local, set() if unit in forced else changed)
        elif unit in local_units and unit not in remote_units:
            if unit in held_units:
                plan.held.add(unit)
                continue
            _push(plan, unit, here, base, deleted_in.get(unit, []), changed)
        elif {r.row_id: r.digest for r in here} == {r.row_id: r.digest for r in there}:
            for row in there:
                plan.adopt[row.row_id] = row
            for row_id in deleted_in.get(unit, []):
                if row_id in remote:
                    plan.adopt[row_id] = remote[row_id]
        else:
            seen, removed = remote_in.get(unit, (0, []))
            plan.conflicts.append(Conflict(kind, unit, here, there, deleted_in.get(unit, []),
                                           seen, removed))
    return plan


def _remote_by_unit(remote: dict[str, StoreRow], base: dict[str, Base], grouped: bool
                    ) -> dict[str, tuple[int, list[StoreRow]]]:
    """For each unit: the newest store version among the rows in it now or at the base,
    and its rows the store deleted since the base (what a conflict shows as theirs)."""
    units: dict[str, tuple[int, list[StoreRow]]] = {}
    for row_id, row in remote.items():
        b = base.get(row_id)
        homes = {unit_of(row_id, row.group, grouped)}
        if b is not None:
            homes.add(unit_of(row_id, b.group, grouped))
        for unit in homes:
            seen, removed = units.get(unit, (0, []))
            units[unit] = (max(seen, row.version), removed)
        if b is not None and row.version > b.version and (
                row.deleted or unit_of(row_id, row.group, grouped) != unit_of(
                    row_id, b.group, grouped)):
            # Deleted, or moved to another unit: gone from this one (listed so, the
            # store's side of its conflict can be chosen).
            units[unit_of(row_id, b.group, grouped)][1].append(row)
    return units


def _local_unit(local: dict[str, LocalRow], row_id: str, grouped: bool) -> str | None:
    row = local.get(row_id)
    return unit_of(row_id, row.group, grouped) if row is not None else None


def _members(rows: Iterable[Any], grouped: bool) -> dict[str, list[Any]]:
    members: dict[str, list[Any]] = {}
    for row in rows:
        members.setdefault(unit_of(row.row_id, row.group, grouped), []).append(row)
    return members


def _pull(plan: SheetPlan, here: list[LocalRow], there: list[StoreRow],
          remote: dict[str, StoreRow], local: dict[str, LocalRow], changed: set[str]) -> None:
    """Bring the unit's store rows into the book. A store row the book holds in another
    unit (a colleague moved the line to another entry: deleted the entry and pasted its
    lines, IDs included, under a new number) is that very row, updated in place: pulled
    as a new row, the book would hold its ID twice, and the copy left behind would later
    go out under a fresh ID (the deleted entry back in the store). Unless the book
    changed that row itself: then its own unit meets the move as a conflict, and the row
    is left to it (neither updated nor adopted here)."""
    local_by_id = {r.row_id: r for r in here}
    for row in there:
        mine = local_by_id.get(row.row_id)
        if mine is None and row.row_id in local:
            mine = local[row.row_id]  # moved here from another unit
            if row.row_id in changed:
                continue  # changed here as well: its own unit's conflict decides
        if mine is None:
            plan.pull_insert.append(row)
        elif mine.digest != row.digest:
            plan.pull_update.append((mine, row))
        plan.adopt[row.row_id] = row
    there_ids = {r.row_id for r in there}
    for row in here:
        if row.row_id in there_ids:
            continue
        stored = remote.get(row.row_id)
        if stored is not None and stored.deleted:
            plan.pull_delete.append(row)
            plan.adopt[row.row_id] = stored
        # else: the row moved to another unit, whose pull updates it in place.


def _push(plan: SheetPlan, unit: str, here: list[LocalRow], base: dict[str, Base],
          gone: list[str], changed: set[str]) -> None:
    """Push the unit: its rows changed here, and tombstones for ``gone``, its rows deleted
    here."""
    plan.units.add(unit)
    for row in here:
        if row.row_id in changed:
            plan.push.append(row)
            b = base.get(row.row_id)
            plan.expected[row.row_id] = b.version if b is not None else 0
    for row_id in gone:
        plan.tombstones.append(row_id)
        plan.expected[row_id] = base[row_id].version
