"""The Apps Script menu (addin/apps_script/Code.gs) under Node, against the real server.

This starts ``backoffice serve`` twice on loopback (once answering in time, once handing
every action to a job at once), with the test's own key standing in for Google's, and runs
``node --test tests/apps_script/``: the script's stand-ins for SpreadsheetApp, ScriptApp,
PropertiesService and HtmlService only record what the menu shows (Google's runtime cannot
run here), while UrlFetchApp makes real HTTP calls to the server.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from backoffice.addin.server import admin
from backoffice.addin.server.state import open_state
from conftest import ledger, write_book
from programs import needs
from server_helpers import GoogleKeys, running_server

ROOT = Path(__file__).resolve().parent.parent
GOOD = [[dt.date(2025, 3, 3), "JV-1", "1101", "Cash sale", 1500, None, "IDR"],
        [dt.date(2025, 3, 3), "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]
BAD = [[dt.date(2025, 3, 3), "JV-1", "9999", "Cash sale", 1500, None, "IDR"],
       [dt.date(2025, 3, 3), "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]


@needs("node")
def test_the_menu_under_node(tmp_path: Path) -> None:
    books = tmp_path / "books"
    (books / "acme").mkdir(parents=True)
    write_book(books / "acme" / "ledger.xlsx", ledger(GOOD))
    write_book(books / "acme" / "bad.xlsx", ledger(BAD))
    store = f"sqlite:///{tmp_path / 'server.sqlite'}"
    engine = open_state(store)
    for book in ("acme/ledger.xlsx", "acme/bad.xlsx"):
        admin.allow(engine, "acme", book, "siti@example.co.id")
    engine.dispose()
    keys = GoogleKeys()
    with keys.served() as certs, \
            running_server(books, store, certs, log=tmp_path / "a.log") as base, \
            running_server(books, store, certs, "--wait", "0", log=tmp_path / "b.log") as nowait:
        env = {**os.environ, "BO_SERVER": base, "BO_SERVER_NOWAIT": nowait,
               "BO_BOOK_GOOD": "acme/ledger.xlsx", "BO_BOOK_BAD": "acme/bad.xlsx",
               "BO_TOKEN_ALLOWED": keys.token("siti@example.co.id"),
               "BO_TOKEN_OTHER": keys.token("budi@example.co.id"),
               "BO_TOKEN_EXPIRED": keys.token("siti@example.co.id", lifetime=-300)}
        run = subprocess.run(["node", "--test", "tests/apps_script/"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=540)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-4000:]
    assert "# fail 0" in report and "# skipped 0" in report, report[-2000:]
    assert "# pass 9" in report, report[-2000:]
