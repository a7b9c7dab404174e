"""The action server over real HTTP: ``backoffice serve`` on loopback, real books, a real store.

Who may call (401 / 403 / 200), API tokens kept hashed, the allow-list, size and rate
limits, jobs to poll, the click log and the JSON shape of answers. Google's keys are the
test's own (tests/server_helpers.py says how); everything else is the real server.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import httpx
import openpyxl
import pytest
import sqlalchemy as sa
from backoffice.addin.server import admin
from backoffice.addin.server.state import CLICKS, TOKENS, open_state
from conftest import ledger, write_book
from server_helpers import GoogleKeys, running_server

GOOD = [[dt.date(2025, 3, 3), "JV-1", "1101", "Cash sale", 1500, None, "IDR"],
        [dt.date(2025, 3, 3), "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]
BAD = [[dt.date(2025, 3, 3), "JV-1", "9999", "Cash sale", 1500, None, "IDR"],
       [dt.date(2025, 3, 3), "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two companies' books, a store with an acme token and an allow-list, the server."""
    root = tmp_path_factory.mktemp("site")
    books = root / "books"
    for company in ("acme", "globex"):
        (books / company).mkdir(parents=True)
        write_book(books / company / "ledger.xlsx", ledger(GOOD))
    write_book(books / "acme" / "bad.xlsx", ledger(BAD))
    store = f"sqlite:///{root / 'server.sqlite'}"
    engine = open_state(store)
    token = admin.create_token(engine, "acme", "cron")
    revoked = admin.create_token(engine, "acme", "old")
    admin.revoke_token(engine, "acme", "old")
    admin.allow(engine, "acme", "acme/ledger.xlsx", "Siti@Example.co.id")
    keys = GoogleKeys()
    with keys.served() as certs, running_server(books, store, certs, log=root / "server.log") as base:
        yield {"base": base, "books": books, "engine": engine, "token": token, "revoked": revoked,
               "keys": keys, "log": root / "server.log", "certs": certs, "store": store}
    engine.dispose()


def call(site, path: str, body: dict | None = None, token: str | None = None) -> httpx.Response:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is None:
        return httpx.get(site["base"] + path, headers=headers, timeout=60)
    return httpx.post(site["base"] + path, json=body, headers=headers, timeout=60)


def test_missing_or_wrong_credentials_are_401_whatever_the_body(site) -> None:  # type: ignore[no-untyped-def]
    for body in ({"book": "acme/ledger.xlsx"}, {"nonsense": 1}, {}):
        answer = call(site, "/v1/actions/check", body)
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"] == "no-credentials"
        assert answer.headers["www-authenticate"] == "Bearer"
    keys = site["keys"]
    other = GoogleKeys()
    for token in ("bo_not-a-token", site["revoked"], "not.a.jwt",
                  keys.token("siti@example.co.id", lifetime=-120),
                  keys.token("siti@example.co.id", audience="someone-else"),
                  keys.token("siti@example.co.id", issuer="https://evil.example"),
                  keys.token("siti@example.co.id", verified=False),
                  keys.token("siti@example.co.id", key=other.private)):
        answer = call(site, "/v1/actions/check", {"nonsense": 1}, token)
        assert answer.status_code == 401, (token[:12], answer.text)
        assert answer.json()["error"] == "bad-credentials"
        assert answer.json()["message"]["id"].startswith("Masuk ditolak")


def test_google_keys_out_of_reach_is_503_not_wrong_credentials(site) -> None:  # type: ignore[no-untyped-def]
    """A server of its own whose key server (the test's stand-in for Google's) goes down:
    the keys it already holds keep working; a token it cannot check is 503 with
    Retry-After, saying the check is unavailable, never "wrong credentials"."""
    keys, rotated = GoogleKeys(), GoogleKeys(kid="test-key-2")
    served = keys.served()
    certs = served.__enter__()
    try:
        with running_server(site["books"], site["store"], certs, "--keys-refetch", "0") as base:
            def whoami(token: str) -> httpx.Response:
                return httpx.get(base + "/v1/whoami", timeout=60,
                                 headers={"Authorization": f"Bearer {token}"})

            assert whoami(keys.token("siti@example.co.id")).status_code == 200
            served.__exit__(None, None, None)  # Google's key server goes away
            served = None
            known = whoami(keys.token("budi@example.co.id"))
            assert known.status_code == 200 and known.json()["who"] == "budi@example.co.id"
            unknown = whoami(rotated.token("siti@example.co.id"))  # a key it never fetched
            assert unknown.status_code == 503, unknown.text
            assert unknown.headers["retry-after"].isdigit()
            assert unknown.json()["error"] == "sign-in-check-unavailable"
            assert "temporarily unavailable" in unknown.json()["message"]["en"]
            assert "sementara tidak tersedia" in unknown.json()["message"]["id"]
            assert "wrong" not in unknown.json()["message"]["en"]
            # a token that is wrong whatever the keys is still 401, and API tokens still work
            assert whoami("not.a.jwt").status_code == 401
            assert whoami(site["token"]).status_code == 200
    finally:
        if served is not None:
            served.__exit__(None, None, None)
    # a server that never got the keys cannot check any identity token
    with keys.served() as gone:
        pass
    with running_server(site["books"], site["store"], gone) as base:
        answer = httpx.get(base + "/v1/whoami", timeout=60,
                           headers={"Authorization": f"Bearer {keys.token('siti@example.co.id')}"})
        assert answer.status_code == 503 and answer.headers["retry-after"] == "30"


def test_api_token_reaches_its_company_only(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, "/v1/actions/check", {"book": "acme/ledger.xlsx"}, site["token"])
    assert answer.status_code == 200, answer.text
    result = answer.json()["result"]
    assert result["exit_code"] == 0 and result["ok"] is True
    assert result["book"] == "acme/ledger.xlsx"
    assert "acme/ledger.xlsx" in result["outcome"]["en"] and result["outcome"]["id"]
    denied = call(site, "/v1/actions/check", {"book": "globex/ledger.xlsx"}, site["token"])
    assert denied.status_code == 403 and denied.json()["error"] == "other-company"


def test_tokens_are_kept_hashed(site) -> None:  # type: ignore[no-untyped-def]
    with site["engine"].begin() as connection:
        rows = connection.execute(sa.select(TOKENS)).all()
    kept = json.dumps([list(map(str, row)) for row in rows])
    assert site["token"] not in kept and site["token"][3:] not in kept
    assert admin.digest(site["token"]) in kept


def test_allow_list_decides_for_google_accounts(site) -> None:  # type: ignore[no-untyped-def]
    keys = site["keys"]
    siti = keys.token("siti@example.co.id")
    answer = call(site, "/v1/actions/check", {"book": "acme/ledger.xlsx", "marks": False}, siti)
    assert answer.status_code == 200, answer.text
    assert call(site, "/v1/whoami", token=siti).json() == {
        "kind": "google", "who": "siti@example.co.id", "company": None}
    budi = keys.token("budi@example.co.id")
    denied = call(site, "/v1/actions/check", {"book": "acme/ledger.xlsx"}, budi)
    assert denied.status_code == 403 and denied.json()["error"] == "not-allowed"
    admin.allow(site["engine"], "acme", "acme/ledger.xlsx", "budi@example.co.id")
    assert call(site, "/v1/actions/check", {"book": "acme/ledger.xlsx"}, budi).status_code == 200
    admin.disallow(site["engine"], "acme", "acme/ledger.xlsx", "budi@example.co.id")
    assert call(site, "/v1/actions/check", {"book": "acme/ledger.xlsx"}, budi).status_code == 403
    # on the list of one book is not on the list of another of the same company
    assert call(site, "/v1/actions/check", {"book": "acme/bad.xlsx"}, siti).status_code == 403


def test_check_marks_a_wrong_book_and_answers_problems(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, "/v1/actions/check", {"book": "acme/bad.xlsx", "lang": "id"}, site["token"])
    result = answer.json()["result"]
    assert result["exit_code"] == 1 and result["language"] == "id"
    assert any(p["cell"] == "C2" and p["sheet"] == "Journal" for p in result["problems"])
    assert result["written"]["files"] == ["bad.xlsx"]
    # the book itself was written (through the copy, renamed into place), no work folder left
    book = site["books"] / "acme" / "bad.xlsx"
    assert "Masalah" in openpyxl.load_workbook(book, read_only=True).sheetnames  # Issues, in id
    assert not [p for p in book.parent.iterdir() if p.name.startswith(".~")]
    assert str(site["books"]) not in json.dumps(result)  # no server paths leak


@pytest.mark.parametrize("address, code", [
    ("acme/missing.xlsx", "unknown-book"), ("acme/../globex/ledger.xlsx", "unknown-book"),
    ("/etc/passwd", "unknown-book"), ("ledger.xlsx", "unknown-book"),
    ("gsheet:1AbCdEfGhIjK", "unknown-book"), ("onedrive:1AbCdEf", "unsupported-address")])
def test_books_out_of_reach_are_404(site, address: str, code: str) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, "/v1/actions/post", {"book": address}, site["token"])
    assert answer.status_code == 404 and answer.json()["error"] == code


def test_bad_request_is_422_without_echoing_values(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, "/v1/actions/payroll", {"book": "acme/ledger.xlsx", "period": "SECRET-1"},
                  site["token"])
    assert answer.status_code == 422 and answer.json()["error"] == "bad-request"
    assert "SECRET-1" not in answer.text


def test_a_body_over_the_limit_is_413(site) -> None:  # type: ignore[no-untyped-def]
    big = {"book": "acme/ledger.xlsx", "pad": "x" * 1_100_000}
    answer = call(site, "/v1/actions/check", big, site["token"])
    assert answer.status_code == 413 and answer.json()["error"] == "too-large"

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):  # no Content-Length: counted as it arrives
            yield b" " * 100_000

    streamed = httpx.post(site["base"] + "/v1/actions/check", content=chunks(), timeout=60,
                          headers={"Authorization": f"Bearer {site['token']}"})
    assert streamed.status_code == 413


def test_report_returns_its_text(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, "/v1/actions/report", {"book": "acme/ledger.xlsx", "name": "trial-balance"},
                  site["token"])
    result = answer.json()["result"]
    assert result["exit_code"] == 0, result
    assert "1101" in result["text"] and "4101" in result["text"]


def test_post_writes_outputs_and_clicks_are_logged_without_secrets(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, "/v1/actions/post", {"book": "acme/ledger.xlsx"}, site["token"])
    result = answer.json()["result"]
    assert result["exit_code"] == 0, result
    assert "Trial Balance" in result["written"]["sheets"]
    with site["engine"].begin() as connection:
        clicks = connection.execute(sa.select(CLICKS.c.caller, CLICKS.c.action, CLICKS.c.book)).all()
    assert ("token:cron", "post", "acme/ledger.xlsx") in [tuple(c) for c in clicks]
    time.sleep(0.3)
    lines = [json.loads(line) for line in site["log"].read_text().splitlines() if line.startswith("{")]
    assert any(line.get("event") == "action done" and line.get("action") == "post" for line in lines)
    text = site["log"].read_text()
    assert site["token"] not in text and "Cash sale" not in text
    # a token for another audience is logged by its audience, so the admin can set --audience
    assert any(line.get("aud") == "someone-else" for line in lines)
    assert "eyJ" not in text  # no JWT, whole or in part


def test_openapi_describes_every_action(site) -> None:  # type: ignore[no-untyped-def]
    paths = call(site, "/openapi.json").json()["paths"]
    for name in ("check", "post", "payroll", "stock", "sync", "report"):
        assert f"/v1/actions/{name}" in paths
    assert "/v1/jobs/{job}" in paths


def test_rate_limit_and_jobs_to_poll(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A second server on the same books and store: 5 requests a minute, no waiting."""
    with running_server(site["books"], site["store"], site["certs"], "--rate", "5",
                        "--wait", "0") as base:
        headers = {"Authorization": f"Bearer {site['token']}"}
        started = httpx.post(base + "/v1/actions/check", json={"book": "acme/ledger.xlsx"},
                             headers=headers, timeout=60)
        assert started.status_code == 202, started.text
        job = started.json()["job"]
        assert started.json()["poll"] == f"/v1/jobs/{job}"
        for _ in range(3):
            polled = httpx.get(base + f"/v1/jobs/{job}", headers=headers, timeout=60).json()
            if polled["state"] == "done":
                break
            time.sleep(1)
        # Another caller cannot read the job, even of the same company.
        siti = site["keys"].token("siti@example.co.id")
        other = httpx.get(base + f"/v1/jobs/{job}", headers={"Authorization": f"Bearer {siti}"},
                          timeout=60)
        assert other.status_code == 404
        answers = [httpx.get(base + f"/v1/jobs/{job}", headers=headers, timeout=60)
                   for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 429, 429] or answers[-1].status_code == 429
        assert answers[-1].json()["error"] == "too-many"
        # Guessing with a new token each time is limited by the address it comes from.
        guesses = [httpx.get(base + "/v1/whoami", timeout=60,
                             headers={"Authorization": f"Bearer bo_guess{n}"}).status_code
                   for n in range(6)]
        assert guesses == [401] * 5 + [429]
        # the job itself ran to its end in the meantime (waited for on this server's side)
    with site["engine"].begin() as connection:
        from backoffice.addin.server.state import JOBS

        state = connection.execute(sa.select(JOBS.c.state, JOBS.c.result).where(JOBS.c.id == job)).one()
    assert state.state == "done" and json.loads(state.result)["exit_code"] == 0


def test_finished_jobs_are_purged_after_their_time(site) -> None:  # type: ignore[no-untyped-def]
    """A finished job can be polled for an hour; after that it is gone (404, en and id),
    and the purge removes every job past its time, the lost ones a lock's time-out later."""
    from backoffice.addin.server.config import ServerConfig
    from backoffice.addin.server.jobs import Jobs
    from backoffice.addin.server.state import JOBS, now

    answer = call(site, "/v1/actions/check", {"book": "acme/ledger.xlsx"}, site["token"]).json()
    job = answer["job"]
    assert call(site, f"/v1/jobs/{job}", token=site["token"]).json()["state"] == "done"
    engine = site["engine"]
    hours = lambda n: now() - dt.timedelta(hours=n)  # noqa: E731
    with engine.begin() as connection:  # an hour and a minute later, as the store sees it
        connection.execute(JOBS.update().where(JOBS.c.id == job).values(
            updated=now() - dt.timedelta(minutes=61)))
    gone = call(site, f"/v1/jobs/{job}", token=site["token"])
    assert gone.status_code == 404 and gone.json()["error"] == "unknown-job"
    message = gone.json()["message"]
    assert "kept 60 min, then removed" in message["en"] and "Run the action again" in message["en"]
    assert "disimpan 60 menit, lalu dihapus" in message["id"]
    with engine.begin() as connection:
        assert connection.execute(sa.select(JOBS).where(JOBS.c.id == job)).first() is None

    rows = {"old-done": ("done", hours(2)), "new-done": ("done", hours(0)),
            "lost-long-ago": ("running", hours(20)), "still-running": ("running", hours(0.5))}
    with engine.begin() as connection:
        for name, (state, updated) in rows.items():
            connection.execute(JOBS.insert().values(
                id=name, company="acme", caller="token:cron", book="acme/ledger.xlsx",
                action="check", state=state, created=updated, updated=updated))
    jobs = Jobs(engine, ServerConfig(books=str(site["books"]), store=site["store"]), threads=1)
    try:
        assert jobs.purge() == 2
    finally:
        jobs.close()
    with engine.begin() as connection:
        left = set(connection.execute(sa.select(JOBS.c.id).where(JOBS.c.id.in_(rows))).scalars())
        connection.execute(JOBS.delete().where(JOBS.c.id.in_(rows)))
    assert left == {"new-done", "still-running"}


def test_sync_through_the_server(site) -> None:  # type: ignore[no-untyped-def]
    """Sync runs on the book itself (its merge keeps both sides) with the caller as its user."""
    answer = call(site, "/v1/actions/sync", {"book": "globex/ledger.xlsx"},
                  admin.create_token(site["engine"], "globex", "sync"))
    result = answer.json()["result"]
    assert result["exit_code"] == 0, result
    assert (site["books"] / "globex" / "backoffice-store.sqlite").is_file()
    assert str(site["books"]) not in json.dumps(result)
    assert "globex/backoffice-store.sqlite" in result["outcome"]["en"]


def test_a_server_without_audience_logs_the_client_id_it_refuses(caplog) -> None:  # type: ignore[no-untyped-def]
    """Started before the script's client id is known (set-up step 6 of the README): the
    first click is refused (401) and the log names the client id to pass as --audience."""
    from backoffice.addin.server.auth import Keys, identify
    from backoffice.addin.server.config import ServerConfig
    from backoffice.addin.server.refusals import Refusal

    token = GoogleKeys().token("siti@example.co.id", audience="987-script.apps.googleusercontent.com")
    config = ServerConfig(books=".", store="sqlite://")
    with caplog.at_level("WARNING", logger="backoffice.server"), pytest.raises(Refusal) as refused:
        identify(f"Bearer {token}", config, None, Keys("http://127.0.0.1:9/unused"))  # type: ignore[arg-type]
    assert refused.value.status == 401
    assert [r.fields["aud"] for r in caplog.records if hasattr(r, "fields")] == [
        "987-script.apps.googleusercontent.com"]
    assert token not in caplog.text


def test_keys_are_kept_for_their_max_age_and_unknown_ids_refetch_sparingly() -> None:
    """Google's keys are fetched once and kept for the max-age Google sends; a token naming
    a key id the set lacks fetches again, but not more than once per ``refetch`` seconds
    (forged ids cannot make the server hammer Google): in between it is simply refused."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import jwt as pyjwt
    from backoffice.addin.server.auth import Keys

    keys, forged = GoogleKeys(), GoogleKeys(kid="not-googles")
    body = json.dumps(keys.jwks).encode()
    fetches: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            fetches.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "public, max-age=21600, must-revalidate")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        cache = Keys(f"http://127.0.0.1:{server.server_address[1]}/certs", lifespan=1, refetch=3600)
        for email in ("a@example.co.id", "b@example.co.id"):
            assert cache.key_for(keys.token(email)) is not None
        assert len(fetches) == 1  # max-age (6 h) and not the 1 s lifespan decides
        for _ in range(3):
            with pytest.raises(pyjwt.InvalidKeyError):
                cache.key_for(forged.token("c@example.co.id"))
        assert len(fetches) == 1  # within `refetch`: refused without asking Google again
        eager = Keys(cache.url, refetch=0)
        with pytest.raises(pyjwt.InvalidKeyError):
            eager.key_for(forged.token("c@example.co.id"))
        assert len(fetches) == 2
    finally:
        server.shutdown()
        server.server_close()
