"""A Sync killed at any step leaves the book intact, and the next Sync converges.

The steps: while the new IDs are being saved, before the store transaction
commits, after it commits but before the book is saved, and while the book is
being saved. Each is injected
(``BACKOFFICE_SYNC_FAULT``) in-process; one is a real kill of a process
(``os._exit`` in a subprocess).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from backoffice.sync.audit import verify
from backoffice.sync.faults import FAULT_ENV, InjectedFault
from backoffice.sync.store import Store
from conftest import ledger
from sync_helpers import D, edit, journal_rows, run, store_rows, table

POINTS = ["during-stamp-save", "before-commit", "after-commit", "during-save"]


def _setup(make_book, url):  # type: ignore[no-untyped-def]
    a = make_book(ledger(journal_rows(*[(f"JV-{i}", "sale", 100 + i) for i in range(30)])),
                  name="a.xlsx")
    run(a, url)
    b = a.with_name("b.xlsx")
    shutil.copy(a, b)
    edit(b, "Journal", {4: {"Description": "from Budi"}})
    run(b, url, user="budi")
    # Ana: an edit, a new entry, a deleted entry, and a row that still needs its ID.
    edit(a, "Journal", {0: {"Description": "edited by Ana"}}, delete=[10, 11],
         append=[{"Date": D, "Entry": "JV-N", "Account": "1101", "Debit": 9},
                 {"Date": D, "Entry": "JV-N", "Account": "4101", "Credit": 9}])
    return a, b


def _content(path):  # type: ignore[no-untyped-def]
    return sorted((r["Entry"], r["Account"], r["Description"], r["ID"])
                  for r in table(path, "Journal"))


def _assert_converged(a, b, url):  # type: ignore[no-untyped-def]
    live = [r for r in store_rows(url, "journal") if not r["deleted"]]
    assert len(live) == len({r["row_id"] for r in live}) == 60  # 60 - 2 deleted + 2 new
    assert not [k for k, n in Counter((r["entry"], r["account"]) for r in live).items() if n > 1]
    descriptions = {r["entry"]: r["description"] for r in live if r["account"] == "1101"}
    assert descriptions["JV-0"] == "edited by Ana" and descriptions["JV-2"] == "from Budi"
    assert "JV-5" not in descriptions and "JV-N" in descriptions
    run(b, url, user="budi")
    assert _content(a) == _content(b)
    assert len(_content(a)) == 60
    with Store(url) as store:
        assert verify(store).findings == []  # the chain, and the tables against it


@pytest.mark.parametrize("point", POINTS)
def test_a_sync_killed_at_any_step_converges_on_the_next(make_book, store_url, point, monkeypatch):
    a, b = _setup(make_book, store_url)
    monkeypatch.setenv(FAULT_ENV, point)
    with pytest.raises(InjectedFault):
        run(a, store_url)
    with zipfile.ZipFile(a) as archive:  # the book is whole, whatever the step
        assert archive.testzip() is None
    ids_after_crash = [r["ID"] for r in table(a, "Journal")]
    # IDs are stamped and saved before anything is pushed (unless that very save died).
    assert all(ids_after_crash) == (point != "during-stamp-save")
    if point in ("during-stamp-save", "before-commit"):
        assert "JV-N" not in {r["entry"] for r in store_rows(store_url, "journal")}
    else:
        assert "JV-N" in {r["entry"] for r in store_rows(store_url, "journal")}
    monkeypatch.delenv(FAULT_ENV)
    result = run(a, store_url)
    assert result.conflicts == [] and result.held == []
    assert [r["ID"] for r in table(a, "Journal")][:2] == ids_after_crash[:2]
    _assert_converged(a, b, store_url)
    assert run(a, store_url).saved is False


def test_a_process_killed_after_the_commit_converges(make_book, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    a, b = _setup(make_book, url)
    env = {**os.environ, FAULT_ENV: "after-commit", FAULT_ENV + "_HARD": "1"}
    done = subprocess.run([str(Path(sys.executable).parent / "backoffice"), "sync", str(a), "--store", url],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 75, done.stderr
    run(a, url)
    _assert_converged(a, b, url)
