"""The add-ins' worker: backoffice's own Python, kept warm, running actions on grids.

Started by a spreadsheet extension (``python -m backoffice.addin.worker``, the
command ``backoffice addin libreoffice --configure`` recorded) when none answers. It
listens on 127.0.0.1 only, on a port the system picks, and makes a secret when it
starts; both go to ``worker.json`` in the per-user folder (mode 0600), and every
request must carry the secret. One request per connection, one JSON line each way::

    {"secret": "...", "action": "check", "grid": {...}, "name": "ledger.xlsx",
     "options": {}, "lang": "en"}      (payroll: "options": {"period": "YYYY-MM"}, or
                                         none for the book's latest month with pay data;
                                         with "probe": true and no grid: can it run?
                                         {"runnable": true}, or the not-yet answer)
    -> {"exit_code": 1, "language": "en", "lines": {"en": [...], "id": [...]},
        "problems": {"en": [...], "id": [...]}, "plan": {...} | null, "seconds": 0.4}

With ``"progress": true`` in the request, the worker says each step before the answer,
and waits for the client's word before going on (the client decides between steps, so a
Cancel pressed during a step stops the action at the next one, and nothing is planned)::

    -> {"progress": {"en": "checking the book", "id": "memeriksa buku"}}
    <- {"go": true}                    (or {"cancel": true}: exit code 3, no plan)

Requests are served one at a time (an action is not run twice at once on one
machine's books). The worker leaves after an idle hour, or on ``{"action": "stop"}``.
"""

from __future__ import annotations

import gc
import hmac
import json
import os
import secrets
import socketserver
import sys
import time
from collections.abc import Callable
from typing import Any

from backoffice.addin import config

from backoffice import actions, sheetmemo
from backoffice.actions.base import ProgressCallback, step
from backoffice.books import GridBook
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_INTERNAL, EXIT_UNUSABLE, BackofficeError
from backoffice.render import to_text

IDLE_SECONDS = 3600
#: Problem lines sent back with an outcome (the Issues sheet has all of them).
PROBLEM_LINES = 40

#: The menu's actions that run on a grid book today: (book, lang, options, progress).
RUNNABLE: dict[str, Callable[[GridBook, Any, dict[str, Any], ProgressCallback | None],
                             actions.ActionResult]] = {
    "check": lambda book, lang, _o, said: actions.check_and_mark(
        book, actions.CheckOptions(lang=lang), said),
    "post": lambda book, lang, _o, said: actions.post(book, actions.PostOptions(lang=lang), said),
    "stock": lambda book, lang, _o, said: actions.stock(book, actions.StockOptions(lang=lang),
                                                        said),
    # one month as a draft: finalizing and posting to a ledger stay on the command line
    "payroll": lambda book, _lang, options, said: actions.payroll_from_menu(
        book, options.get("period"), said),
    # the store from BACKOFFICE_STORE, the book's Settings or memory, else beside the saved
    # document; the book known by its URL (its identity, see backoffice.sync.bookid)
    "sync": lambda book, _lang, options, said: actions.sync(book, actions.SyncOptions(
        store=options.get("store"), location=options.get("location"),
        beside=options.get("beside")), said),
}
#: The menu's actions the grid book cannot run yet, with what to do instead.
NOT_YET: dict[str, Localized] = {}


def run(request: dict[str, Any], progress: ProgressCallback | None = None) -> dict[str, Any]:
    """The answer to one request (its secret already checked); ``progress`` is told each
    step, and cancels the action by returning False (then no plan is sent)."""
    started = time.perf_counter()
    action = request.get("action")
    lang = request.get("lang") if request.get("lang") in ("en", "id") else "en"
    if action in NOT_YET:
        return _answer(2, lang, [NOT_YET[action]], started)
    if action not in RUNNABLE:
        return _answer(2, lang, [Localized(f"Unknown action {action!r}.",
                                           f"Tindakan {action!r} tidak dikenal.")], started)
    if request.get("probe"):  # the client asks before reading the whole book
        return dict(_answer(0, lang, [], started), runnable=True)
    try:
        step(progress, "reading the sheets", "membaca sheet")
        book = GridBook(request.get("grid") or {}, name=str(request.get("name") or "book"))
        options = request.get("options")
        result = RUNNABLE[action](book, None, options if isinstance(options, dict) else {},
                                  progress)
        if book.plan.operations:  # the last chance to stop: nothing is written yet
            step(progress, "sending the changes to the sheet", "mengirim perubahan ke sheet")
    except NotImplementedError:
        return _answer(2, lang, [Localized(
            f"{action} cannot run on an open LibreOffice book yet (it needs a change the edit "
            "plan does not carry). Save the book and run it from the command line.",
            f"{action} belum dapat berjalan pada buku LibreOffice yang terbuka (perlu perubahan "
            "yang belum dibawa rencana edit). Simpan buku dan jalankan dari baris perintah.")],
            started)
    except BackofficeError as exc:
        return _answer(exc.exit_code, lang, [Localized(exc.render("en"), exc.render("id"))],
                       started)
    problems = {}
    if result.report is not None and result.report.issues:
        problems = {k: to_text(result.report, k).splitlines()[:PROBLEM_LINES] for k in ("en", "id")}
    answer = _answer(result.exit_code, result.language, [result.outcome, *result.details],
                     started, problems)
    answer["plan"] = book.plan.to_dict() if book.plan.operations else None
    answer["seconds"] = round(time.perf_counter() - started, 3)
    return answer


def _answer(code: int, lang: str, lines: list[Localized], started: float,
            problems: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"exit_code": code, "language": lang,
            "lines": {k: [line.pick(k) for line in lines if line.pick(k)] for k in ("en", "id")},
            "problems": problems or {}, "plan": None,
            "seconds": round(time.perf_counter() - started, 3)}


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        # No cyclic garbage collection while a request is served: a 100,000-row grid is
        # millions of objects, and the collector scanned them again and again while they
        # were made (JSON) and read (the worker took 3x longer). They hold no cycles and
        # go by reference counting; what cycles the action made are collected after the
        # answer is sent, while the client applies it.
        gc.disable()
        try:
            self._handle()
        finally:
            gc.enable()
            gc.collect()

    def _handle(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        try:
            request = json.loads(self.rfile.readline())
        except ValueError:
            self._reply({"error": "bad-request"})
            return
        if not hmac.compare_digest(str(request.get("secret", "")), server.secret):
            self._reply({"error": "secret"})
            return
        if request.get("action") == "stop":
            server.stopping = True
            self._reply({"stopped": True})
            return
        said = self._progress if request.get("progress") else None
        try:
            answer = run(request, said)
        except Exception as exc:  # noqa: BLE001  (a bug: tell the person, stay up)
            answer = {"exit_code": EXIT_INTERNAL, "language": "en", "plan": None, "problems": {},
                      "lines": {"en": [f"Internal error in backoffice: {exc!r}"],
                                "id": [f"Galat internal di backoffice: {exc!r}"]}}
        self._reply(answer)

    def _progress(self, step_said: Localized) -> bool:
        """Say a step to the client and wait for its word: False (cancel) unless it says go
        on; a client that went away cancels too."""
        try:
            self._reply({"progress": {"en": step_said.en, "id": step_said.id}})
            word = json.loads(self.rfile.readline() or b"{}")
        except (OSError, ValueError):
            return False
        return bool(word.get("go")) and not word.get("cancel")

    def _reply(self, data: dict[str, Any]) -> None:
        self.wfile.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")
        self.wfile.flush()


class _Server(socketserver.TCPServer):
    allow_reuse_address = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.secret = secrets.token_hex(32)
        self.stopping = False
        self.timeout = IDLE_SECONDS

    def handle_timeout(self) -> None:
        self.stopping = True


def serve() -> int:
    """Listen until stopped or idle; the endpoint goes to worker.json (0600)."""
    server = _Server()
    sheetmemo.enable()  # warm: an unchanged sheet is not read again at the next click
    gc.freeze()  # the modules' objects, imported for good: no collection scans them again
    port = server.server_address[1]
    path = config.write_private(config.WORKER_FILE, {"port": port, "secret": server.secret,
                                                     "pid": os.getpid()})
    try:
        while not server.stopping:
            server.handle_request()
    finally:
        server.server_close()
        mine = config.read(config.WORKER_FILE)
        if mine and mine.get("pid") == os.getpid():
            path.unlink(missing_ok=True)
    return 0


def main() -> int:
    try:
        return serve()
    except OSError as exc:
        print(f"backoffice worker: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
