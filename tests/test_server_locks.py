"""Writes serialised per book across worker processes, and a copy that replaces the book
only when the book did not change while the action ran.

The lock is a row in the store, tested on SQLite and the real PostgreSQL; the workers are
real uvicorn worker processes of ``backoffice serve --workers 2``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from backoffice.addin.server import admin
from backoffice.addin.server.addresses import resolve_file
from backoffice.addin.server.config import ServerConfig
from backoffice.addin.server.filebook import file_digest
from backoffice.addin.server.locks import book_lock
from backoffice.addin.server.refusals import Refusal
from backoffice.addin.server.state import LOCKS, open_state
from conftest import ledger, write_book
from server_helpers import GoogleKeys, running_server

from backoffice import actions
from backoffice.books.editplan import StalePlan

BAD = [[dt.date(2025, 3, 3), "JV-1", "9999", "Cash sale", 1500, None, "IDR"],
       [dt.date(2025, 3, 3), "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]


def test_a_second_writer_waits_then_is_told_busy(store_url: str) -> None:
    engine = open_state(store_url)
    order: list[str] = []
    taken, release = threading.Event(), threading.Event()

    def first() -> None:
        with book_lock(engine, "acme/ledger.xlsx", wait=5, ttl=60):
            order.append("first in")
            taken.set()
            # held until the test says so: a sleep here made the order depend on the
            # machine's load (CI, load 15: the other book came after "first out")
            release.wait(30)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    taken.wait(5)
    with pytest.raises(Refusal) as refused:
        with book_lock(engine, "acme/ledger.xlsx", wait=0.2, ttl=60):
            pass
    assert refused.value.status == 409 and refused.value.code == "book-busy"
    with book_lock(engine, "acme/other.xlsx", wait=0.2, ttl=60):  # another book is free
        order.append("other book")
    release.set()
    with book_lock(engine, "acme/ledger.xlsx", wait=5, ttl=60):
        order.append("second in")
    thread.join()
    assert order == ["first in", "other book", "first out", "second in"]
    with engine.begin() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(LOCKS)).scalar() == 0
    engine.dispose()


def test_the_lock_of_a_crashed_worker_expires(store_url: str) -> None:
    engine = open_state(store_url)
    with engine.begin() as connection:  # what a worker killed while holding it leaves
        connection.execute(LOCKS.insert().values(book="acme/ledger.xlsx", holder="dead",
                                                 expires=time.time() + 0.3))
    with pytest.raises(Refusal):
        with book_lock(engine, "acme/ledger.xlsx", wait=0.05, ttl=60):
            pass
    with book_lock(engine, "acme/ledger.xlsx", wait=5, ttl=60) as lock:
        assert lock.holder != "dead"
    engine.dispose()


def test_a_book_saved_meanwhile_makes_the_run_stale(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    path = write_book(tmp_path / "acme" / "bad.xlsx", ledger(BAD))
    book = resolve_file("acme/bad.xlsx", ServerConfig(books=str(tmp_path), store="sqlite://"))

    def check_while_a_colleague_saves(copy: str):  # type: ignore[no-untyped-def]
        result = actions.check_and_mark(copy)
        write_book(path, ledger(BAD[:1]))  # the colleague's save lands during the action
        return result

    colleague = None
    with pytest.raises(StalePlan):
        book.run(check_while_a_colleague_saves, writes=True)
    colleague = file_digest(path)
    assert "Issues" not in __import__("openpyxl").load_workbook(path, read_only=True).sheetnames
    assert file_digest(path) == colleague
    assert [p.name for p in (tmp_path / "acme").iterdir()] == ["bad.xlsx"]
    result = book.run(lambda copy: actions.check_and_mark(copy), writes=True)
    assert result.exit_code == 1 and file_digest(path) != colleague  # marked this time


def test_two_workers_write_one_book_in_turn(tmp_path: Path, store_url: str) -> None:
    """Twelve Checks of one book at once, over a server of two uvicorn workers and a second
    server on the same store (so at least two processes surely take part; how uvicorn's
    workers share the requests is up to the kernel): each marks the book in turn, and
    none finds the book changed under it, which is what happens without the lock."""
    books = tmp_path / "books"
    (books / "acme").mkdir(parents=True)
    write_book(books / "acme" / "bad.xlsx", ledger(BAD))
    engine = open_state(store_url)
    token = admin.create_token(engine, "acme", "load")
    keys = GoogleKeys()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with keys.served() as certs, \
            running_server(books, store_url, certs, "--workers", "2", log=logs[0]) as first, \
            running_server(books, store_url, certs, log=logs[1]) as second:
        def check(n: int) -> dict:  # type: ignore[type-arg]
            return httpx.post((first, second)[n % 2] + "/v1/actions/check",
                              json={"book": "acme/bad.xlsx"},
                              headers={"Authorization": f"Bearer {token}"}, timeout=120).json()

        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(check, range(12)))
    codes = [a["result"]["exit_code"] for a in answers]
    assert codes == [1] * 12, [a["result"]["outcome"]["en"] for a in answers]
    lines = [json.loads(line) for log in logs for line in log.read_text().splitlines()
             if line.startswith("{")]
    pids = {line["pid"] for line in lines if line.get("event") == "action done"}
    assert len(pids) >= 2, pids
    engine.dispose()
