"""Row identity: who gets a new ID, and whether a sort moved contents without their IDs.

People copy, paste and sort rows. The rules:

* a row without an ID gets a new one;
* an ID the book never synced (pasted from another book) is replaced by a new one;
* two rows with one ID (a copied row): the one still matching the ID's last
  synced content keeps it (else the first), the others get new IDs;
* a sort that moved contents but not the ID column leaves rows whose content is
  another ID's last synced content; when two or more rows show this, Sync
  refuses and explains, instead of shuffling identities.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from backoffice.sync.state import Base

#: Bits of a row ID a grid book's stamp begins with (its book's mark, see :func:`book_mark`).
MARK_BITS = 24


def new_ids(count: int, mark: int | None = None) -> Iterator[str]:
    """``count`` fresh row IDs ("r" and 16 hexadecimal digits, text that no spreadsheet
    takes for a number), consecutive from a random 64-bit start: rows stamped
    together get IDs in their worksheet order, so a store builds its primary key, and
    any index on a column the sheet is sorted by (a journal's entry numbers), from
    presorted rows. Two runs collide only if their ranges overlap, which is less likely
    than a repeat among as many independent random IDs.

    With ``mark`` (a grid book's, :func:`book_mark`) the first :data:`MARK_BITS` bits are
    the mark and the other 40 random: the store can then tell the rows this book sent in
    a Sync whose plan never reached the book (see :mod:`.gridedit`)."""
    if mark is None:
        start = secrets.randbelow(2**64 - count + 1)
    else:
        low = 64 - MARK_BITS
        start = (mark << low) | secrets.randbelow(2**low - count + 1)
    return (f"r{n:016x}" for n in range(start, start + count))


def book_mark(book_id: str) -> int:
    """A book identity's mark: the first :data:`MARK_BITS` bits of its SHA-256."""
    import hashlib

    return int.from_bytes(hashlib.sha256(book_id.encode()).digest()[:MARK_BITS // 8], "big")


def has_mark(row_id: str, mark: int) -> bool:
    """Whether ``row_id`` was stamped with ``mark`` (see :func:`new_ids`)."""
    try:
        return len(row_id) == 17 and int(row_id[1:], 16) >> (64 - MARK_BITS) == mark
    except ValueError:
        return False


@dataclass
class Identities:
    """The outcome for one sheet.

    Attributes:
        stamped: worksheet row -> the new ID it gets.
        moved: worksheet rows whose content belongs to another ID (a sort without IDs).
    """

    stamped: dict[int, str] = field(default_factory=dict)
    moved: list[int] = field(default_factory=list)


def assign(rows: Sequence[tuple[int, str | None, str]], base: dict[str, Base],
           mark: int | None = None) -> Identities:
    """Decide the IDs of ``rows`` ((worksheet row, ID or None, digest)) against ``base``;
    new IDs carry ``mark`` when given (a grid book's, see :func:`new_ids`)."""
    result = Identities()
    fresh = new_ids(len(rows), mark)  # a row gets at most one new ID
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    changed: dict[str, tuple[int, str]] = {}
    for row, row_id, digest in rows:
        if row_id is None or row_id not in base:
            result.stamped[row] = next(fresh)
            continue
        if row_id in seen:
            repeated.add(row_id)
            continue
        seen[row_id] = row
        if digest != base[row_id].digest:
            changed[row_id] = (row, digest)
    if repeated:  # copies: the row still matching the ID's base keeps it, else the first
        members: dict[str, list[tuple[int, str]]] = {}
        for row, row_id, digest in rows:
            if row_id in repeated:
                members.setdefault(row_id, []).append((row, digest))
        for row_id, group in members.items():
            original = next((m for m in group if m[1] == base[row_id].digest), group[0])
            changed.pop(row_id, None)
            if original[1] != base[row_id].digest:
                changed[row_id] = original
            seen[row_id] = original[0]
            for member in group:
                if member is not original:
                    result.stamped[member[0]] = next(fresh)
    result.moved = _moved(changed, set(seen), base)
    return result


def _moved(changed: dict[str, tuple[int, str]], present: set[str],
           base: dict[str, Base]) -> list[int]:
    """Rows whose content is the last synced content of another ID that changed or went."""
    if len(changed) < 2:
        return []
    wanted = {digest for _row, digest in changed.values()}
    owners: dict[str, set[str]] = {}
    for row_id, item in base.items():
        if item.digest in wanted and item.version > 0:
            owners.setdefault(item.digest, set()).add(row_id)
    moved = []
    for row_id, (row, digest) in changed.items():
        others = owners.get(digest, set()) - {row_id}
        if others and any(other in changed or other not in present for other in others):
            moved.append(row)
    return sorted(moved) if len(moved) >= 2 else []
