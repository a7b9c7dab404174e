"""An audit log that cannot be cut short or rewritten (issue 15), and reading never writes
(issue 17, item 3).

Someone with write access to the store deletes the last audit record, the last two or all
of them, recomputes the whole chain after changing history, edits a table around the log,
or restores the store from an older copy. ``audit verify`` finds what the store alone shows
(the chain, the counters, the tables against the chain's last state); what only a copy of
the head elsewhere can show is found by the books' anchors: at their next Sync, or with
``audit verify --book``. Real SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from backoffice.sync.audit import GENESIS, record_hash, verify
from backoffice.sync.state import read_state
from backoffice.sync.store import Store
from conftest import ledger
from sync_helpers import D, edit, journal_rows, run, store_rows, table

from backoffice.cli import main
from backoffice.wording import book_language


def _sql(url: str, *statements: str) -> None:
    with Store(url) as store, store.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def _unguard(url: str) -> None:
    """What someone holding the database's keys can do: remove the append-only guard."""
    with Store(url) as store, store.begin() as connection:
        if store.dialect == "postgresql":
            connection.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        else:
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")


def _records(url: str) -> list[dict]:
    with Store(url) as store, store.begin() as connection:
        return [dict(r) for r in connection.exec_driver_sql(
            "SELECT * FROM audit_log ORDER BY seq").mappings()]


def _history(make_book, url: str) -> Path:
    """A book with four pushes: a first load (30 entries), an update, an insert, a delete."""
    path = make_book(ledger(journal_rows(*[(f"JV-{i}", f"sale {i}", 100 + i)
                                           for i in range(30)])), name="a.xlsx")
    assert run(path, url).exit_code == 0
    edit(path, "Journal", {0: {"Description": "corrected", "Debit": 150}, 1: {"Credit": 150}})
    assert run(path, url).pushed["journal"] == (0, 2, 0)
    edit(path, "Journal", append=[
        {"Date": D, "Entry": "JV-99", "Account": "1101", "Description": "late", "Debit": 7},
        {"Date": D, "Entry": "JV-99", "Account": "4101", "Description": "late", "Credit": 7}])
    assert run(path, url).pushed["journal"] == (2, 0, 0)
    edit(path, "Journal", delete=[4, 5])
    assert run(path, url).pushed["journal"] == (0, 0, 2)
    return path


def _verify(capsys, url: str, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["audit", "verify", "--store", url, *args])
    return code, capsys.readouterr().out


def test_a_store_written_only_by_sync_verifies_whole(make_book, store_url, capsys):
    path = _history(make_book, store_url)
    with Store(store_url, readonly=True) as store:
        result = verify(store)
    assert (result.records, result.rows, result.findings, result.notes) == (4, 6 + 62, [], [])
    code, out = _verify(capsys, store_url, "--book", str(path))
    assert code == 0
    assert out.endswith("4 audit records and 68 rows checked, the chain holds, and the tables "
                        "hold what it says.\n")
    code, out = _verify(capsys, store_url, "--lang", "id")
    assert code == 0 and "4 catatan audit dan 68 baris diperiksa, rantainya utuh" in out


@pytest.mark.parametrize("removed", [1, 2, 4])
def test_removing_the_last_records_or_all_of_them_is_found(make_book, store_url, capsys,
                                                           removed):
    _history(make_book, store_url)
    _unguard(store_url)
    seqs = [r["seq"] for r in _records(store_url)][-removed:]
    _sql(store_url, f"DELETE FROM audit_log WHERE seq IN ({', '.join(map(str, seqs))})")
    code, out = _verify(capsys, store_url)
    assert code == 1
    kept = 4 - removed
    assert (f"the company's version counter: it is at version 4, but the last audit record is "
            f"version {kept}: the records of versions {kept + 1}–4 are missing") in out
    # The tables too: the rows those pushes wrote are there, but no record wrote them.
    assert "no audit record wrote them" in out or "differs from what the audit log" in out


def test_removing_records_and_setting_the_counter_back_is_found_by_the_tables(
        make_book, store_url, capsys):
    _history(make_book, store_url)
    _unguard(store_url)
    last = _records(store_url)[-1]["seq"]
    _sql(store_url, f"DELETE FROM audit_log WHERE seq = {last}",
         "UPDATE companies SET version = 3")
    code, out = _verify(capsys, store_url)
    assert code == 1 and "counter" not in out
    # The two rows version 4 deleted are tombstones no record explains.
    assert "journal (2: " in out and "no audit record wrote them" in out


def test_a_chain_recomputed_from_scratch_is_found_by_the_tables_and_by_the_books(
        make_book, store_url, capsys):
    path = _history(make_book, store_url)
    book_before = path.read_bytes()
    _unguard(store_url)
    # Rewrite history: the update of version 2 said "corrected"; make it say "refund", and
    # recompute every hash so that the chain holds again.
    records = _records(store_url)
    changes = json.loads(records[1]["changes"])
    for change in changes["rows"]:
        if change["after"].get("description") == "corrected":
            change["after"]["description"] = "refund"
    records[1]["changes"] = json.dumps(changes, sort_keys=True, separators=(",", ":"))
    previous = GENESIS
    with Store(store_url) as store, store.begin() as connection:
        for record in records:
            record["prev_hash"] = previous
            record["hash"] = previous = record_hash(previous, record)
            connection.execute(sa.text(
                "UPDATE audit_log SET changes = :changes, prev_hash = :prev_hash, hash = :hash "
                "WHERE seq = :seq"), record)
    # The chain holds, but the table still says "corrected": found.
    code, out = _verify(capsys, store_url)
    assert code == 1 and "BROKEN: company pt-uji, journal (1: " in out
    assert "differs from what the audit log says" in out
    # Now the table as well: the store alone is consistent, and cannot tell (an unkeyed
    # hash: the README says so) ...
    _sql(store_url, "UPDATE sheet_journal SET description = 'refund' "
                    "WHERE description = 'corrected'")
    code, out = _verify(capsys, store_url)
    assert code == 0
    # ... but the book's anchor can: the record of the version it synced at is not the one
    # it saw.
    code, out = _verify(capsys, store_url, "--book", str(path))
    assert code == 1
    assert "the book's anchor at version 4: record" in out and "the log was rewritten" in out
    # And the book's next Sync says so, and keeps its own version as a conflict.
    assert path.read_bytes() == book_before
    result = run(path, store_url)
    assert result.went_back is not None and result.went_back.rewritten
    assert result.exit_code == 1
    assert [c.unit for c in result.conflicts] == ["JV-0"]


@pytest.mark.parametrize("tamper, found", [
    ("UPDATE sheet_journal SET debit = 99999 WHERE debit = 15000", "differs from what"),
    ("DELETE FROM sheet_journal WHERE debit = 15000", "no longer has them"),
    ("UPDATE sheet_journal SET deleted = {false} WHERE deleted = {true}", "deleted flag"),
    ("INSERT INTO sheet_journal (company_id, row_id, version, deleted, entry, account, debit) "
     "VALUES ('pt-uji', 'rforged', 2, {false}, 'JV-X', '1101', 5)", "no audit record wrote"),
    ("UPDATE sheet_journal SET version = 3 WHERE debit = 15000", "not the version of the last"),
    ("UPDATE companies SET version = 2", "it was set back"),
])
def test_a_table_or_counter_changed_around_the_log_is_found(make_book, store_url, capsys,
                                                            tamper, found):
    _history(make_book, store_url)
    dialect = "postgresql" if store_url.startswith("postgresql") else "sqlite"
    _sql(store_url, tamper.format(false="false" if dialect == "postgresql" else "0",
                                  true="true" if dialect == "postgresql" else "1"))
    code, out = _verify(capsys, store_url)
    assert code == 1 and found in out


def _snapshot(url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the whole store; calling the result puts it back (a restore from backup)."""
    if url.startswith("sqlite"):
        import sqlite3

        file = Path(url.removeprefix("sqlite:///"))
        copy = tmp_path / "backup.sqlite"
        source, target = sqlite3.connect(file), sqlite3.connect(copy)
        source.backup(target)  # SQLite's online backup: a consistent copy of the file
        source.close()
        target.close()

        def restore() -> None:
            for suffix in ("-wal", "-shm"):
                Path(str(file) + suffix).unlink(missing_ok=True)
            shutil.copy(copy, file)
        return restore
    with Store(url) as store, store.begin() as connection:
        names = [t for t in sa.inspect(connection).get_table_names()]
        saved = {name: [dict(r) for r in connection.exec_driver_sql(
            f"SELECT * FROM {name}").mappings()] for name in names}

    def restore_postgresql() -> None:
        with Store(url) as store, store.begin() as connection:
            for name, rows in saved.items():
                connection.exec_driver_sql(f"TRUNCATE {name}")  # (no row triggers fire)
                if rows:
                    connection.execute(sa.table(name, *[sa.column(k) for k in rows[0]])
                                       .insert(), rows)
    return restore_postgresql


def test_a_store_restored_from_an_older_copy_is_reported_once_and_refilled(
        make_book, store_url, tmp_path, capsys):
    a = make_book(ledger(journal_rows(*[(f"JV-{i}", f"sale {i}", 100 + i) for i in range(30)])),
                  name="a.xlsx")
    assert run(a, store_url).exit_code == 0
    b = a.with_name("b.xlsx")
    shutil.copy(a, b)
    edit(b, "Journal", {2: {"Description": "budi's"}})
    assert run(b, store_url, user="budi").exit_code == 0   # version 2
    restore = _snapshot(store_url, tmp_path)                 # last night's backup
    edit(a, "Journal", {0: {"Description": "corrected"}}, append=[
        {"Date": D, "Entry": "JV-99", "Account": "1101", "Description": "late", "Debit": 7},
        {"Date": D, "Entry": "JV-99", "Account": "4101", "Description": "late", "Credit": 7}])
    assert run(a, store_url).exit_code == 0                  # version 3
    assert run(b, store_url, user="budi").pulled["journal"] == (2, 1, 0)
    edit(b, "Journal", {6: {"Description": "budi again"}})
    assert run(b, store_url, user="budi").exit_code == 0     # version 4
    def journal(book: Path) -> list[tuple]:
        return sorted(((r["Entry"], r["Description"], r["Debit"], r["Credit"])
                       for r in table(book, "Journal")), key=str)

    wanted = journal(b)
    restore()
    assert max(r["version"] for r in store_rows(store_url, "journal")) == 2

    # a syncs first: the store went back from version 4 to 2; a sends what it holds of 3.
    result = run(a, store_url)
    went = result.went_back
    assert (went.seen, went.counter, went.first, went.rewritten) == (3, 2, 3, False)
    assert (went.sent_back, went.conflicts) == (3, 0) and result.exit_code == 1
    assert result.pushed["journal"] == (2, 1, 0)
    capsys.readouterr()
    assert main(["sync", str(a), "--store", store_url, "--user", "ana"]) == 0  # said once
    out = capsys.readouterr().out
    assert "went back" not in out and "sent: nothing" in out
    # b, whose anchor (version 4) is not in the store either, sends its own.
    result = run(b, store_url, user="budi")
    assert result.went_back is not None and result.went_back.seen == 4
    assert result.exit_code == 1 and not result.conflicts
    assert run(b, store_url, user="budi").exit_code == 0
    assert run(a, store_url).exit_code == 0
    # Nothing was lost: both books and the store hold what b held before the restore.
    assert journal(a) == journal(b) == wanted
    live = [r for r in store_rows(store_url, "journal") if not r["deleted"]]
    assert sorted(r["description"] for r in live) == sorted(w[1] for w in wanted)
    # The log records the restore, and holds.
    notices = [json.loads(r["changes"])["notice"] for r in _records(store_url)
               if r["action"] == "notice"]
    assert [n["store-went-back"]["first"] for n in notices] == [3, 3]
    code, out = _verify(capsys, store_url, "--book", str(a), "--book", str(b))
    assert code == 0, out


def test_the_sync_summary_says_what_the_store_lost(make_book, store_url, tmp_path, capsys):
    a = make_book(ledger(journal_rows(("JV-1", "sale", 100))), name="a.xlsx")
    assert run(a, store_url).exit_code == 0
    restore = _snapshot(store_url, tmp_path)
    edit(a, "Journal", {0: {"Description": "one"}, 1: {"Description": "one"}})
    run(a, store_url)
    edit(a, "Journal", {0: {"Description": "two"}, 1: {"Description": "two"}})
    run(a, store_url)
    restore()
    capsys.readouterr()
    assert main(["sync", str(a), "--store", store_url, "--user", "ana"]) == 1
    out = capsys.readouterr().out
    assert ("The store went back: it no longer holds versions 2–3 as this book saw them (this "
            "book last synced at version 3; the store was at version 1)") in out
    assert "This book sent back the 2 rows it holds that the store lacked." in out
    state = read_state(str(a))
    assert state.anchors[-1][1] == 3  # the notice (2) and the push (3): anchored again
    # In an Indonesian book, the same in Indonesian.
    from backoffice.sync.anchoring import StoreWentBack
    from backoffice.sync.engine import SyncResult
    from backoffice.sync.render import sync_summary

    said = sync_summary(SyncResult("a.xlsx", store_url, "pt-uji", lang="id",
                                   went_back=StoreWentBack(3, 1, 2, False, 2, 0)))
    assert ("Store mundur: versi 2–3 tidak lagi ada di store seperti yang dilihat buku ini "
            "(buku ini terakhir disinkronkan pada versi 3; store ada di versi 1)") in said
    assert "Buku ini mengirim kembali 2 baris miliknya yang tidak ada di store." in said


# -- reading never writes ------------------------------------------------------------------------

READERS = [["store", "status"], ["audit", "verify"]]


@pytest.mark.parametrize("command", READERS + [["history"]])
def test_reading_a_store_that_is_not_there_creates_nothing(make_book, tmp_path, capsys,
                                                           command):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    before = sorted(p.name for p in tmp_path.iterdir())
    args = ([*command, str(path), "Journal", "r0000000000000000"] if command == ["history"]
            else [*command, "--book", str(path)])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"There is no store at sqlite:///{tmp_path}/backoffice-store.sqlite" in err
    assert "nothing was created" in err
    typo = tmp_path / "typo.sqlite"
    assert main([*args, "--store", str(typo), "--lang", "id"]) == 2
    assert f"Tidak ada store di sqlite:///{typo}; tidak ada yang dibuat." in \
        capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("command", READERS)
def test_an_unsupported_store_url_names_the_supported_ones(command, capsys):
    assert main([*command, "--store", "mysql://bo@db/company"]) == 2
    err = capsys.readouterr().err
    assert "backoffice keeps its store in SQLite or PostgreSQL, not mysql" in err


@pytest.mark.postgresql
def test_a_postgresql_url_without_a_driver_uses_psycopg(capsys):
    from conftest import drop_postgresql_schema, postgresql_schema_url

    schema, url = postgresql_schema_url()
    try:
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        assert main(["store", "init", "--store", plain]) == 0
        assert main(["audit", "verify", "--store", plain]) == 0
    finally:
        drop_postgresql_schema(schema)


def test_reading_an_empty_store_creates_no_tables(store_url, tmp_path, capsys):
    if store_url.startswith("sqlite"):
        Path(store_url.removeprefix("sqlite:///")).touch()  # an empty file, as older versions left
    assert main(["store", "status", "--store", store_url]) == 0
    assert "not initialized" in capsys.readouterr().out
    assert main(["audit", "verify", "--store", store_url]) == 2
    assert "has no backoffice tables yet" in capsys.readouterr().err
    with Store(store_url) as store, store.begin() as connection:
        assert sa.inspect(connection).get_table_names() == []


def test_reading_commands_cannot_write_even_by_mistake(make_book, store_url):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    run(path, store_url)
    with Store(store_url, readonly=True) as store:
        with pytest.raises(sa.exc.DBAPIError), store.begin() as connection:
            connection.exec_driver_sql("UPDATE companies SET version = 9")
    assert store_rows(store_url, "journal")[0]["version"] == 1


def test_upgrade_does_not_create_a_missing_store(tmp_path, capsys):
    assert main(["store", "upgrade", "--store", str(tmp_path / "none.sqlite")]) == 2
    assert "There is no store at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- every reading command on every kind of book ---------------------------------------------

def _new(kind: str, lang: str, folder: Path) -> Path:
    from backoffice.templates import new_book

    path = folder / f"{kind}-{lang}.xlsx"
    new_book(kind, str(path), lang)
    return path


def _first_id(path: Path) -> tuple[str, str] | None:
    """A synced sheet of the book and the ID of its first row (None: no synced row)."""
    from backoffice.sync.bookread import read_for_sync

    for rows in read_for_sync(str(path)).sheets.values():
        ids = rows.frame["row_id"].drop_nulls().to_list()
        if ids:
            return rows.sheet, ids[0]
    return None


@pytest.mark.parametrize("kind, lang", [("ledger", "en"), ("ledger", "id"), ("payroll", "en"),
                                        ("inventory", "id"), ("foreign", "en")])
def test_every_reading_command_on_every_kind_of_book(kind, lang, tmp_path, capsys):
    import hashlib

    if kind == "foreign":
        from test_matrix import _fx_book

        path = _fx_book(tmp_path / "fx.xlsx")
    else:
        path = _new(kind, lang, tmp_path)
    store = tmp_path / "backoffice-store.sqlite"
    missing = {"en": "There is no store at", "id": "Tidak ada store di"}[lang]
    reads = [["store", "status", "--book", str(path)], ["audit", "verify", "--book", str(path)],
             ["history", str(path), "Accounts", "r0000000000000000"]]
    for args in reads:
        assert main([*args, "--lang", lang]) == 2
        assert missing in capsys.readouterr().err
    assert not store.exists()
    assert main(["sync", str(path), "--user", "ana"]) == 0
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    first = _first_id(path)  # a new payroll or inventory book has no row: nothing was sent
    records = int(first is not None)
    assert main(["store", "status", "--book", str(path), "--lang", lang]) == 0
    assert {"en": f"audit log: {records} records", "id": f"log audit: {records} catatan"}[lang] \
        in capsys.readouterr().out
    assert main(["audit", "verify", "--book", str(path), "--lang", lang]) == 0
    assert {"en": "the chain holds", "id": "rantainya utuh"}[lang] in capsys.readouterr().out
    sheet, row_id = first or ({"payroll": "Employees", "inventory": "Barang"}[kind],
                              "r0000000000000000")
    assert main(["history", str(path), sheet, row_id, "--lang", lang]) == 0
    told = capsys.readouterr().out
    assert ({"en": "version 1", "id": "versi 1"} if first else
            {"en": "No record of", "id": "Tidak ada catatan"})[lang] in told
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before  # the reads wrote nothing


def test_the_demo_companys_store_verifies_with_every_book(tmp_path, capsys):
    from backoffice.demo import run_demo

    assert run_demo(str(tmp_path)).exit_code == 0
    books = [tmp_path / "ledger.xlsx", tmp_path / "payroll.xlsx", tmp_path / "stock.xlsx",
             tmp_path / "sync" / "ana.xlsx", tmp_path / "sync" / "budi.xlsx"]
    args = [a for b in books for a in ("--book", str(b))]
    capsys.readouterr()
    assert main(["audit", "verify", *args]) == 0
    out = capsys.readouterr().out
    # Said in the language of the first book named (issue 17 item 7).
    assert {"en": "the chain holds, and the tables hold what it says",
            "id": "rantainya utuh, dan tabel memuat yang dicatatnya"}[
        book_language(str(books[0]))] in out
    assert all(read_state(str(b)).anchors for b in books[:2] + books[3:])
    sheet, row_id = _first_id(books[0]) or ("", "")
    assert main(["history", str(books[0]), sheet, row_id]) == 0
    assert "pt-sinar-abadi-niaga" in capsys.readouterr().out
