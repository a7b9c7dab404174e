"""Actions run as jobs: a request waits a while for its action, then hands back a job to poll.

Apps Script stops a run after 6 minutes and UrlFetchApp gives up sooner, so a long Post
or Run payroll must not hold the request. The job's state, its current step (en/id) and
its result are rows in the store: any worker process answers a poll, whichever ran it.
A writing action holds its book's lock (:mod:`backoffice.addin.server.locks`) and pushes
the lock's expiry on at each step.

Finished jobs are kept :attr:`~backoffice.addin.server.config.ServerConfig.job_keep`
seconds (an hour by default) for a late poll, then removed, so the table does not grow
with every click; a job whose worker died ("lost") goes after the lock's time-out more.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
from backoffice.addin.server.addresses import ServedBook
from backoffice.addin.server.auth import Caller
from backoffice.addin.server.catalog import Offered
from backoffice.addin.server.config import ServerConfig
from backoffice.addin.server.locks import book_lock
from backoffice.addin.server.refusals import Refusal
from backoffice.addin.server.results import failure_json, result_json
from backoffice.addin.server.state import CLICKS, JOBS, now
from sqlalchemy.engine import Engine

from backoffice.catalogue import Localized

log = logging.getLogger("backoffice.server")


class Jobs:
    """Runs actions in this worker's threads and keeps their state in the store."""

    def __init__(self, engine: Engine, config: ServerConfig, threads: int = 4) -> None:
        self.engine, self.config = engine, config
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="action")
        self._purged = float("-inf")  # time.monotonic() of this worker's last purge
        self._purge_lock = threading.Lock()

    def purge(self) -> int:
        """Remove the jobs finished more than ``job_keep`` seconds ago (and the lost ones
        after the lock's time-out more); how many went."""
        keep = self.config.job_keep
        done_before = now() - dt.timedelta(seconds=keep)
        lost_before = now() - dt.timedelta(seconds=keep + self.config.lock_ttl)
        with self.engine.begin() as connection:
            gone = connection.execute(JOBS.delete().where(sa.or_(
                sa.and_(JOBS.c.state == "done", JOBS.c.updated < done_before),
                sa.and_(JOBS.c.state == "running", JOBS.c.updated < lost_before)))).rowcount
        return int(gone or 0)

    def _purge_now_and_then(self) -> None:
        """Purge at most every minute (or quarter of ``job_keep``) per worker: a poll every
        3 s from each sidebar must not turn into as many deletes."""
        every = min(60.0, self.config.job_keep / 4)
        with self._purge_lock:
            if time.monotonic() - self._purged < every:
                return
            self._purged = time.monotonic()
        self.purge()

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def submit(self, caller: Caller, book: ServedBook, name: str, offered: Offered,
               request: Any) -> tuple[str, Future[dict[str, Any]]]:
        """Start the action; its job id and a future of its JSON result."""
        self._purge_now_and_then()
        job = secrets.token_urlsafe(12)
        with self.engine.begin() as connection:
            connection.execute(JOBS.insert().values(
                id=job, company=book.company, caller=caller.who, book=book.address, action=name,
                state="running", created=now(), updated=now()))
        future = self.pool.submit(self._run, job, caller, book, name, offered, request)
        return job, future

    def _run(self, job: str, caller: Caller, book: ServedBook, name: str, offered: Offered,
             request: Any) -> dict[str, Any]:
        started = time.monotonic()
        run = offered.bind(request, caller.who)
        writes = offered.writes(request)
        try:
            if writes:
                with book_lock(self.engine, book.address, self.config.lock_wait,
                               self.config.lock_ttl) as lock:
                    def told(line: Localized) -> None:
                        lock.extend()
                        self._step(job, line)
                    result = book.run(lambda ref: run(ref, told), True, offered.in_place)
            else:
                result = book.run(lambda ref: run(ref, lambda line: self._step(job, line)), False)
            answer = result_json(result, book.address)
        except Refusal as refusal:  # the book stayed locked by another writer
            answer = failure_json(name, book.address, refusal)
            answer.update(error=refusal.code, exit_code=3, outcome=refusal.body()["message"],
                          lines=[refusal.message.en])
        except Exception as exc:  # every failure becomes an answer; bugs are logged
            answer = failure_json(name, book.address, exc)
            if answer["error"] == "internal":
                log.exception("action failed", extra={"fields": {"job": job, "action": name}})
        self._finish(job, caller, book, name, answer, time.monotonic() - started)
        return answer

    def _step(self, job: str, line: Localized) -> None:
        with self.engine.begin() as connection:
            connection.execute(JOBS.update().where(JOBS.c.id == job).values(
                step_en=line.en, step_id=line.id, updated=now()))

    def _finish(self, job: str, caller: Caller, book: ServedBook, name: str,
                answer: dict[str, Any], seconds: float) -> None:
        with self.engine.begin() as connection:
            connection.execute(JOBS.update().where(JOBS.c.id == job).values(
                state="done", result=json.dumps(answer), updated=now()))
            connection.execute(CLICKS.insert().values(
                at=now(), company=book.company, caller=caller.who, book=book.address, action=name,
                exit_code=answer["exit_code"]))
        # Who ran what on which book, and how it ended; never a cell value or a token.
        log.info("action done", extra={"fields": {
            "job": job, "caller": caller.who, "company": book.company, "book": book.address,
            "action": name, "exit_code": answer["exit_code"], "seconds": round(seconds, 3)}})

    def poll(self, job: str, caller: Caller) -> dict[str, Any] | None:
        """The job's state for its caller, or None when there is no such job of theirs
        (never, or finished longer than ``job_keep`` ago: removed)."""
        self._purge_now_and_then()
        with self.engine.begin() as connection:
            row = connection.execute(sa.select(JOBS).where(
                JOBS.c.id == job, JOBS.c.caller == caller.who)).first()
        if row is None or (caller.company is not None and row.company != caller.company):
            return None
        state = row.state
        age = (now() - _aware(row.updated)).total_seconds()
        if state == "done" and age > self.config.job_keep:
            with self.engine.begin() as connection:  # past its time: gone, whenever the purge runs
                connection.execute(JOBS.delete().where(JOBS.c.id == job))
            return None
        if state == "running" and age > self.config.lock_ttl:
            state = "lost"  # its worker stopped without finishing: the lock is free again
        return {"job": row.id, "state": state, "action": row.action, "book": row.book,
                "step": {"en": row.step_en, "id": row.step_id} if row.step_en else None,
                "result": json.loads(row.result) if row.result else None}


def _aware(moment: Any) -> Any:
    """SQLite gives back naive date-times: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
