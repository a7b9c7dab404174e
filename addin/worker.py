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

Requests are served one at a time (an action is not run twice at once on one
machine's books). The worker leaves after an idle hour, or on ``{"action": "stop"}``.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import socketserver
import sys
import time
from typing import Any

from backoffice.addin import config

from backoffice import actions
from backoffice.books import GridBook
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_INTERNAL, EXIT_UNUSABLE, BackofficeError
from backoffice.render import to_text

IDLE_SECONDS = 3600
#: Problem lines sent back with an outcome (the Issues sheet has all of them).
PROBLEM_LINES = 40

#: The menu's actions that run on a grid book today.
RUNNABLE = {
    "check": lambda book, lang, _o: actions.check_and_mark(book, actions.CheckOptions(lang=lang)),
    "post": lambda book, lang, _o: actions.post(book, actions.PostOptions(lang=lang)),
    "stock": lambda book, lang, _o: actions.stock(book, actions.StockOptions(lang=lang)),
    # one month as a draft: finalizing and posting to a ledger stay on the command line
    "payroll": lambda book, _lang, options: actions.payroll_from_menu(book,
                                                                       options.get("period")),
    # the store from BACKOFFICE_STORE, the book's Settings or memory, else beside the saved
    # document; the book known by its URL (its identity, see backoffice.sync.bookid)
    "sync": lambda book, _lang, options: actions.sync(book, actions.SyncOptions(
        store=options.get("store"), location=options.get("location"),
        beside=options.get("beside"))),
}
#: The menu's actions the grid book cannot run yet, with what to do instead.
NOT_YET: dict[str, Localized] = {}


def run(request: dict[str, Any]) -> dict[str, Any]:
    """The answer to one request (its secret already checked)."""
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
        book = GridBook(request.get("grid") or {}, name=str(request.get("name") or "book"))
        options = request.get("options")
        result = RUNNABLE[action](book, None, options if isinstance(options, dict) else {})
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
        try:
            answer = run(request)
        except Exception as exc:  # noqa: BLE001  (a bug: tell the person, stay up)
            answer = {"exit_code": EXIT_INTERNAL, "language": "en", "plan": None, "problems": {},
                      "lines": {"en": [f"Internal error in backoffice: {exc!r}"],
                                "id": [f"Galat internal di backoffice: {exc!r}"]}}
        self._reply(answer)

    def _reply(self, data: dict[str, Any]) -> None:
        self.wfile.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")


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
