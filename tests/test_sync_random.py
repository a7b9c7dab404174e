"""Several books, random edits, inserts, deletes and copies, synced concurrently against
SQLite and PostgreSQL (threads), in random order. In the end all books and the store
agree, every edit is either applied or was reported as a conflict, and nothing is
duplicated.

Between rounds a person may also lose the book's hidden state (a save that drops hidden
sheets), copy its sheets into a new workbook, or copy the whole book and go on in the
copy (issue 15): still nothing is duplicated, and a copied book gets its own identity.

The seed is 7 unless BACKOFFICE_SYNC_SEED says otherwise (``BACKOFFICE_SYNC_SEED=5 pytest
tests/test_sync_random.py`` replays seed 5), so a failure seen with another seed can be
replayed and the default run stays as it was."""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import openpyxl
from conftest import ledger
from sync_helpers import D, choose, edit, journal_rows, run, store_rows, table

BOOKS = 3
ROUNDS = 3
ENTRIES = 24
STEPS = ("lose", "sheets", "copy")
#: The random seed: BACKOFFICE_SYNC_SEED, else 7.
SEED = int(os.environ.get("BACKOFFICE_SYNC_SEED") or 7)


def _round(rng: random.Random, path, who: int, number: int, log: dict):  # type: ignore[no-untyped-def]
    """One person's random work: own entries are edited, deleted and copied; everyone
    edits the shared entry JV-S (which makes conflicts)."""
    rows = table(path, "Journal")
    entries = sorted({r["Entry"] for r in rows})
    mine = [e for e in entries if e.startswith(f"JV-{who}-")]
    changes: dict[int, dict] = {}
    index = {e: [i for i, r in enumerate(rows) if r["Entry"] == e] for e in entries}
    if mine:
        target = rng.choice(mine)
        token = f"edit {who}.{number}"
        changes.update({i: {"Description": token} for i in index[target]})
        log["edits"][token] = target
    if rng.random() < 0.7 and "JV-S" in index:
        token = f"shared {who}.{number}"
        changes[index["JV-S"][0]] = {"Description": token}
        log["shared"].add(token)
    deletions = []
    if len(mine) > 3 and rng.random() < 0.5:
        victim = rng.choice([e for e in mine if e not in {log["edits"].get(t) for t in
                                                           log["edits"]}] or mine)
        deletions = index[victim]
        log["deleted"].add(victim)
    appended = [{"Date": D, "Entry": f"JV-{who}-n{number}", "Account": a, "Description": "new",
                 **({"Debit": 7} if a == "1101" else {"Credit": 7})} for a in ("1101", "4101")]
    if mine and rng.random() < 0.5:  # copy a whole entry, IDs included, under a new number
        source = rng.choice(mine)
        appended += [{**rows[i], "Entry": f"JV-{who}-c{number}"} for i in index[source]]
    edit(path, "Journal", changes, append=appended, delete=deletions)


def _lose_state(step: str | None, paths: list, who: int, number: int) -> str | None:  # type: ignore[type-arg]
    """One of the ways a book loses or duplicates its hidden state; the person goes on in
    the book at ``paths[who]`` (a new file for the two copies). Returns ``step``."""
    path = paths[who]
    if step == "lose":  # saved by a program that drops hidden sheets
        book = openpyxl.load_workbook(path)
        del book["_backoffice_sync"]
        book.save(path)
    elif step == "sheets":  # every visible sheet's values pasted into a new workbook
        source = openpyxl.load_workbook(path)
        book = openpyxl.Workbook()
        book.remove(book.active)
        for sheet in source.worksheets:
            if sheet.sheet_state == "visible":
                copy = book.create_sheet(sheet.title)
                for row in sheet.iter_rows(values_only=True):
                    copy.append(list(row))
        paths[who] = path.with_name(f"sheets{who}-{number}.xlsx")
        book.save(paths[who])
    elif step == "copy":  # the whole file copied; the person works in the copy from now on
        paths[who] = path.with_name(f"copy{who}-{number}.xlsx")
        shutil.copy(path, paths[who])
    return step


def test_random_books_synced_concurrently_agree_in_the_end(make_book, store_url):
    rng = random.Random(SEED)
    entries = [("JV-S", "shared", 100)]
    entries += [(f"JV-{who}-{i}", "start", 10 + i) for who in range(BOOKS)
                for i in range(ENTRIES // BOOKS)]
    first = make_book(ledger(journal_rows(*entries)), name="book0.xlsx")
    assert run(first, store_url, user="p0").exit_code == 0
    paths = [first]
    for who in range(1, BOOKS):
        # One folder per person, as on their own computers (and because two saves in one
        # process tidy up each other's temporary files in a shared folder).
        folder = first.parent / f"person{who}"
        folder.mkdir()
        paths.append(folder / f"book{who}.xlsx")
        shutil.copy(first, paths[-1])
    log: dict = {"edits": {}, "shared": set(), "deleted": set()}
    conflicted: set[str] = set()
    steps: Counter[str] = Counter()
    for number in range(ROUNDS):
        done = {}
        for who, path in enumerate(paths):
            _round(rng, path, who, number, log)
            # Each round one person (in turn) does one of the steps, the others none.
            step = STEPS[number % len(STEPS)] if who == number % BOOKS else None
            done[who] = _lose_state(step, paths, who, number)
        order = list(range(BOOKS))
        rng.shuffle(order)
        with ThreadPoolExecutor(BOOKS) as pool:
            results = list(pool.map(lambda w: run(paths[w], store_url, user=f"p{w}"), order))
        for who, result in zip(order, results, strict=True):
            for conflict in result.conflicts:
                conflicted |= {r.values.get("description") for r in conflict.mine}
            if done[who] is not None:
                steps[done[who]] += 1
                # A lost state re-links by number and content; a copy is its own book.
                assert result.identity.how == {"lose": "recovered", "sheets": "new",
                                               "copy": "copy"}[done[who]]
            live = [r for r in store_rows(store_url, "journal") if not r["deleted"]]
            assert len({r["row_id"] for r in live}) == len(live)
    assert conflicted, "the shared entry, edited by several people at once, made conflicts"
    assert set(steps) == {"lose", "sheets", "copy"}, steps
    # Everyone settles: conflicts resolved for the store's side, then Sync until quiet.
    for _ in range(3):
        for who, path in enumerate(paths):
            choose(path, "Store")
            run(path, store_url, user=f"p{who}")
    for who, path in enumerate(paths):
        result = run(path, store_url, user=f"p{who}")
        assert (result.pushed, result.pulled, result.conflicts) == ({}, {}, [])
    live = [r for r in store_rows(store_url, "journal") if not r["deleted"]]
    assert len({r["row_id"] for r in live}) == len(live)
    stored = sorted((r["entry"], r["account"], r["description"], r["row_id"]) for r in live)
    for path in paths:
        book = sorted((r["Entry"], r["Account"], r["Description"], r["ID"])
                      for r in table(path, "Journal"))
        assert book == stored
    assert not [k for k, n in Counter((e, a) for e, a, _d, _i in stored).items() if n > 1]
    final = {d for _e, _a, d, _i in stored}
    entries_left = {e for e, *_ in stored}
    for token, entry in log["edits"].items():
        later = any(t != token and e == entry and t > token for t, e in log["edits"].items())
        assert (token in final or later or token in conflicted or entry in log["deleted"]
                or entry not in entries_left), token
    shared = {d for e, _a, d, _i in stored if e == "JV-S"}
    assert shared & (log["shared"] | {"shared"})
