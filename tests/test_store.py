"""The store: versioned structure, refusing a newer one, the audit log, and the CI rule."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import sqlalchemy as sa
from backoffice.sync.audit import verify
from backoffice.sync.store import MIGRATIONS, STORE_VERSION, Store, StoreTooNew, _record
from conftest import ledger
from sync_helpers import edit, journal_rows, run, table

from backoffice.cli import main


def _old_store(url: str) -> None:
    """A store as the first release left it: version 1, no audit log, and a journal table
    from before the Rate column existed, holding one row."""
    with Store(url) as store, store.begin() as connection:
        version, name, step = MIGRATIONS[0]
        step(store, connection)
        _record(store, connection, version, name)
        connection.exec_driver_sql("ALTER TABLE sheet_journal DROP COLUMN rate")
        connection.exec_driver_sql(
            "INSERT INTO companies (company_id, version, created_at) VALUES ('pt-uji', 1, 'x')")
        connection.exec_driver_sql(
            "INSERT INTO sheet_journal (company_id, row_id, version, deleted, entry, account, "
            "debit) VALUES ('pt-uji', 'r1', 1, false, 'JV-0', '1101', 500)")


def test_an_older_store_upgrades_in_place(store_url, capsys):
    _old_store(store_url)
    assert main(["store", "status", "--store", store_url]) == 0
    assert f"structure version 1 (this backoffice knows {STORE_VERSION})" in capsys.readouterr().out
    assert main(["store", "upgrade", "--store", store_url]) == 0
    assert f"upgraded from version 1 to {STORE_VERSION}" in capsys.readouterr().out
    with Store(store_url) as store, store.begin() as connection:
        assert store.version(connection) == STORE_VERSION
        inspector = sa.inspect(connection)
        assert "rate" in {c["name"] for c in inspector.get_columns("sheet_journal")}
        assert inspector.has_table("audit_log")
        kept = connection.exec_driver_sql("SELECT entry, debit FROM sheet_journal").all()
    assert kept == [("JV-0", 500)]
    assert main(["store", "upgrade", "--store", store_url]) == 0
    assert "is up to date" in capsys.readouterr().out
    assert main(["store", "upgrade", "--store", store_url, "--lang", "id"]) == 0
    assert f"sudah terbaru (versi {STORE_VERSION})" in capsys.readouterr().out


def test_store_init_and_sync_speak_the_language_asked(make_book, store_url, capsys):
    """`store init` and `sync` take --lang like every other command (issue 17 item 7)."""
    assert main(["store", "init", "--store", store_url, "--lang", "id"]) == 0
    assert f"versi {STORE_VERSION} (dibuat)." in capsys.readouterr().out
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))  # an English book
    assert main(["sync", str(path), "--store", store_url, "--lang", "id"]) == 0
    said = capsys.readouterr().out
    assert said and "Sent" not in said and "dikirim" in said.lower(), said


def test_an_older_client_meeting_a_newer_store_refuses(make_book, store_url, capsys):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    assert main(["store", "init", "--store", store_url]) == 0
    with Store(store_url) as store, store.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE store_meta SET value = '{STORE_VERSION + 1}' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(StoreTooNew):
        run(path, store_url)
    assert main(["sync", str(path), "--store", store_url]) == 2
    err = capsys.readouterr().err
    assert f"structure version {STORE_VERSION + 1}, newer than this backoffice knows" in err
    assert "pip install -U backoffice" in err
    assert path.read_bytes() == before  # refused before the book was touched
    with Store(store_url) as store, store.begin() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sheet_journal").scalar() == 0


def test_a_store_that_does_not_answer_is_retryable(make_book, capsys):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    url = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2"
    assert main(["sync", str(path), "--store", url]) == 3
    assert "does not answer" in capsys.readouterr().err


def test_the_audit_log_chains_every_push_and_detects_an_altered_record(make_book, store_url,
                                                                        capsys):
    path = make_book(ledger(journal_rows(*[(f"JV-{i}", "sale", 100) for i in range(30)])))
    run(path, store_url)
    edit(path, "Journal", {0: {"Description": "corrected", "Debit": 150},
                           1: {"Credit": 150}})
    run(path, store_url, user="budi")
    row_id = table(path, "Journal")[0]["ID"]
    with Store(store_url) as store:
        result = verify(store)  # the chain, and the tables against it
        assert (result.records, result.rows, result.findings) == (2, 6 + 60, [])
        with store.begin() as connection:
            actions = connection.exec_driver_sql(
                "SELECT action, changes FROM audit_log ORDER BY seq").all()
    # A first load is one import record, not one per field.
    assert [a for a, _c in actions] == ["import", "push"]
    assert json.loads(actions[0][1])["import"]["journal"]["count"] == 60
    change = next(c for c in json.loads(actions[1][1])["rows"] if c["id"] == row_id)
    assert change == {"sheet": "journal", "id": row_id, "op": "update",
                      "before": {"description": "sale", "debit": 10000},
                      "after": {"description": "corrected", "debit": 15000}}
    assert main(["history", str(path), "Journal", row_id, "--store", store_url]) == 0
    story = capsys.readouterr().out
    assert "version 1" in story and "import" in story
    assert "budi from book.xlsx: update" in story
    # What changed, as a table with amounts as written (issue 17 item 7).
    table_lines = [line.split() for line in story.splitlines()]
    assert ["Debit", "100.00", "150.00"] in table_lines
    assert ["Description", "sale", "corrected"] in table_lines
    assert main(["audit", "verify", "--store", store_url]) == 0
    capsys.readouterr()
    with Store(store_url) as store:
        with pytest.raises(sa.exc.DBAPIError), store.begin() as connection:
            connection.exec_driver_sql("UPDATE audit_log SET user_name = 'mallory'")
        with store.begin() as connection:  # someone with the database's keys removes the guard
            if store.dialect == "postgresql":
                connection.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
            else:
                connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            connection.exec_driver_sql(
                "UPDATE audit_log SET user_name = 'mallory' WHERE action = 'push'")
    assert main(["audit", "verify", "--store", store_url]) == 1
    out = capsys.readouterr().out
    assert "BROKEN" in out and "altered" in out and "1 broken" in out


def test_a_first_load_records_a_digest_the_store_reproduces_and_history_finds_it(
        make_book, store_url, capsys, monkeypatch):
    """A first load is one import record with the row count and a digest of the rows' IDs
    and contents, not every ID: the digest is recomputed from what the store holds, and
    history still tells an imported row's import, and only its. (COPY_FROM lowered: on
    PostgreSQL the load goes through COPY.)"""
    import hashlib

    from backoffice.sync import pushing
    from backoffice.sync.bookread import read_for_sync
    from backoffice.sync.rows import digest_column, store_frame
    from sync_helpers import D, store_rows

    monkeypatch.setattr(pushing, "COPY_FROM", 3)
    path = make_book(ledger(journal_rows(*[(f"JV-{i}", f"sale {i}", 100 + i) for i in range(5)])))
    run(path, store_url)
    edit(path, "Journal", append=[
        {"Date": D, "Entry": "JV-9", "Account": "1101", "Description": "late", "Debit": 7},
        {"Date": D, "Entry": "JV-9", "Account": "4101", "Description": "late", "Credit": 7}])
    run(path, store_url)
    with Store(store_url) as store, store.begin() as connection:
        first = connection.exec_driver_sql(
            "SELECT changes FROM audit_log WHERE action = 'import'").scalar_one()
    imported = json.loads(first)["import"]["journal"]
    assert set(imported) == {"count", "digest", "fields"} and imported["count"] == 10
    fields = read_for_sync(str(path)).sheets["journal"].fields
    loaded = [r for r in store_rows(store_url, "journal") if r["version"] == 1]
    digests = digest_column(store_frame(loaded, fields), [f.key for f in fields]).to_list()
    lines = sorted(f"{r['row_id']} {d}" for r, d in zip(loaded, digests, strict=True))
    assert imported["digest"] == hashlib.sha256("\n".join(lines).encode()).hexdigest()
    ids = {r["Entry"]: r["ID"] for r in table(path, "Journal")}
    assert main(["history", str(path), "Journal", ids["JV-3"], "--store", store_url]) == 0
    story = capsys.readouterr().out
    assert "version 1" in story and ": import" in story
    assert re.search(r"\n +rows +10\n", story), story  # a table, not raw JSON (issue 17 item 7)
    assert main(["history", str(path), "Journal", ids["JV-9"], "--store", store_url]) == 0
    story = capsys.readouterr().out
    assert ": insert" in story and "import" not in story
    assert main(["history", str(path), "Journal", "r0000000000000000", "--store", store_url]) == 0
    assert "No record" in capsys.readouterr().out
    assert main(["audit", "verify", "--store", store_url]) == 0


def test_status_lists_companies_and_their_rows(make_book, store_url, capsys):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    run(path, store_url)
    assert main(["store", "status", "--store", store_url]) == 0
    out = capsys.readouterr().out
    assert "company pt-uji: version 1; rows: accounts 6, journal 2" in out
    assert "migration 2: append-only audit log" in out and "audit log: 1 records" in out
    assert dt.date.today().isoformat()[:4] in out


def test_in_ci_a_skipped_postgresql_test_fails_the_run(pytester, monkeypatch):
    pytester.makeini("[pytest]\nmarkers =\n    postgresql: needs PostgreSQL\n")
    pytester.makepyfile("""
        import pytest

        @pytest.mark.postgresql
        def test_needs_postgresql():
            pytest.skip("PostgreSQL at 127.0.0.1:5432 does not answer")

        def test_other():
            pytest.skip("not a PostgreSQL test")
    """)
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest("-p", "pg_required")
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*in CI (CI=true) PostgreSQL must answer*does not answer*"])
    monkeypatch.delenv("CI")
    pytester.runpytest("-p", "pg_required").assert_outcomes(skipped=2)
