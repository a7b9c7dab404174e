"""The action server on Google Sheets: ``gsheet:<id>`` books through the real server process,
the real gspread and google-auth code, and the Sheets API emulator standing in for Google
(it cannot be reached here; tests/test_gsheets_emulator.py pins the emulator to recorded
real traffic). A sheet belongs to the company whose admin put it on an allow-list."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import sqlalchemy as sa
from backoffice.addin.gsheets.emulator import Emulator
from backoffice.addin.server import admin
from backoffice.addin.server.sheetbook import book_key
from backoffice.addin.server.state import QUOTA, open_state
from conftest import ledger, write_book
from gsheets_helpers import service_account_key
from server_helpers import GoogleKeys, running_server
from test_grid_book import grid_from_xlsx

BAD = [[dt.date(2025, 3, 3), "JV-1", "9999", "Cash sale", 1500, None, "IDR"],
       [dt.date(2025, 3, 3), "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A sheet registered by acme, one registered by nobody, tokens of acme and globex."""
    root = tmp_path_factory.mktemp("gsite")
    (root / "books").mkdir()
    write_book(root / "bad.xlsx", ledger(BAD))
    store = f"sqlite:///{root / 'server.sqlite'}"
    engine = open_state(store)
    with Emulator() as emulator, pytest.MonkeyPatch.context() as env:
        key = service_account_key(root, emulator.base_url)
        env.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
        env.setenv("BACKOFFICE_GSHEETS_BASE_URL", emulator.base_url)
        env.setenv("NO_PROXY", "127.0.0.1,localhost")
        env.delenv("GOOGLE_AUTH_TRUST_BOUNDARY_ENABLED", raising=False)
        grid = grid_from_xlsx(root / "bad.xlsx")
        registered = emulator.create_from_grid("Ledger", grid)
        unregistered = emulator.create_from_grid("Someone else's", grid)
        # the admin pastes the sheet's URL: the store keeps it as gsheet:<id>
        admin.allow(engine, "acme", f"gsheet:https://docs.google.com/spreadsheets/d/{registered}/edit",
                    "siti@example.co.id")
        tokens = {c: admin.create_token(engine, c, "cron") for c in ("acme", "globex")}
        with GoogleKeys().served() as certs, running_server(root / "books", store, certs) as base:
            yield {"base": base, "emulator": emulator, "tokens": tokens, "registered": registered,
                   "unregistered": unregistered, "engine": engine}
    engine.dispose()


def call(site, book: str, token: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(site["base"] + "/v1/actions/check", json={"book": book, "lang": "en"},
                      headers={"Authorization": f"Bearer {token}"}, timeout=120)


def test_a_registered_sheet_is_checked_and_marked_for_its_company(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, f"gsheet:{site['registered']}", site["tokens"]["acme"])
    assert answer.status_code == 200, answer.text
    result = answer.json()["result"]
    assert result["exit_code"] == 1
    assert [(p["sheet"], p["cell"]) for p in result["problems"]] == [("Journal", "C2")]
    titles = [s.title for s in site["emulator"].files[site["registered"]].sheets]
    assert "Issues" in titles  # the plan was written into the sheet
    untouched = [s.title for s in site["emulator"].files[site["unregistered"]].sheets]
    assert "Issues" not in untouched
    # every Google call the server made was counted in the budget all its workers share
    with site["engine"].begin() as connection:
        spent = dict(connection.execute(sa.select(QUOTA.c.kind, sa.func.count()).where(
            QUOTA.c.at > 0).group_by(QUOTA.c.kind)).all())
    emulator = site["emulator"]
    assert spent == {"read": emulator.count(r"^/v4/", "GET"), "write": emulator.count(r"^/v4/", "POST")}


def test_another_company_and_unregistered_sheets_are_out_of_reach(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, f"gsheet:{site['registered']}", site["tokens"]["globex"])
    assert answer.status_code == 403
    answer = call(site, f"gsheet:{site['unregistered']}", site["tokens"]["acme"])
    assert (answer.status_code, answer.json()["error"]) == (404, "unknown-book")
    answer = call(site, "gsheet:not an id", site["tokens"]["acme"])
    assert (answer.status_code, answer.json()["error"]) == (404, "unknown-book")


def test_the_store_keeps_one_spelling_of_a_sheet() -> None:
    key = "gsheet:1AbCdEfGhIjK_-x"
    assert book_key("gsheet:https://docs.google.com/spreadsheets/d/1AbCdEfGhIjK_-x/edit#gid=0") == key
    assert book_key(key) == key
    assert book_key("acme/ledger.xlsx") == "acme/ledger.xlsx"
