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
                   "unregistered": unregistered, "engine": engine, "root": root}
    engine.dispose()


def call(site, book: str, token: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(site["base"] + "/v1/actions/check", json={"book": book, "lang": "en"},
                      headers={"Authorization": f"Bearer {token}"}, timeout=120)


def spent_and_served(site) -> tuple[dict[str, int], dict[str, int]]:  # type: ignore[no-untyped-def]
    """(calls the shared budget in the store counted, calls the emulator answered) by kind.
    The budget counts slots ever spent, at most 60 a kind: this module makes fewer calls."""
    with site["engine"].begin() as connection:
        spent = dict(connection.execute(sa.select(QUOTA.c.kind, sa.func.count()).where(
            QUOTA.c.at > 0).group_by(QUOTA.c.kind)).all())
    emulator = site["emulator"]
    return ({"read": spent.get("read", 0), "write": spent.get("write", 0)},
            {"read": emulator.count(r"^/v4/", "GET"), "write": emulator.count(r"^/v4/", "POST")})


def test_a_registered_sheet_is_checked_and_marked_for_its_company(site) -> None:  # type: ignore[no-untyped-def]
    spent_before, served_before = spent_and_served(site)
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
    spent, served = spent_and_served(site)
    assert served["write"] > served_before["write"]
    assert {k: spent[k] - spent_before[k] for k in spent} == \
        {k: served[k] - served_before[k] for k in served}


def test_another_company_and_unregistered_sheets_are_out_of_reach(site) -> None:  # type: ignore[no-untyped-def]
    answer = call(site, f"gsheet:{site['registered']}", site["tokens"]["globex"])
    assert answer.status_code == 403
    answer = call(site, f"gsheet:{site['unregistered']}", site["tokens"]["acme"])
    assert (answer.status_code, answer.json()["error"]) == (404, "unknown-book")
    answer = call(site, "gsheet:not an id", site["tokens"]["acme"])
    assert (answer.status_code, answer.json()["error"]) == (404, "unknown-book")


def test_a_registered_sheet_syncs_with_the_store_its_settings_name(site) -> None:  # type: ignore[no-untyped-def]
    """Sync through the server on a Google Sheet: its rows reach the store its Settings name
    once, and the sheet gets their IDs in the same write as its memory of the Sync."""
    from backoffice.addin.gsheets.book import GoogleSheetBook
    from backoffice.addin.gsheets.client import make_client
    from backoffice.sync.store import Store
    from conftest import ACCOUNTS

    store = site["root"] / "company.sqlite"
    settings = [["Setting", "Value"], ["Company", "PT Uji"], ["Base currency", "IDR"],
                ["Locale", "id-ID"], ["Language", "English"], ["Store", str(store)]]
    good = [[*BAD[0][:2], "1101", *BAD[0][3:]], BAD[1]]
    write_book(site["root"] / "good.xlsx", ledger(good, ACCOUNTS, settings))
    sheet = site["emulator"].create_from_grid("Synced ledger", grid_from_xlsx(site["root"] / "good.xlsx"))
    admin.allow(site["engine"], "acme", f"gsheet:{sheet}", "siti@example.co.id")
    for _ in range(2):  # the second finds nothing to send
        answer = httpx.post(site["base"] + "/v1/actions/sync", json={"book": f"gsheet:{sheet}"},
                            headers={"Authorization": f"Bearer {site['tokens']['acme']}"},
                            timeout=120)
        assert answer.status_code == 200, answer.text
        assert answer.json()["result"]["exit_code"] == 0, answer.text
    with Store(f"sqlite:///{store}") as opened:
        table = opened.tables.sheets["journal"]
        with opened.begin() as connection:
            ids = set(connection.execute(table.select().with_only_columns(table.c.row_id)).scalars())
    assert len(ids) == 2
    book = GoogleSheetBook(make_client(base_url=site["emulator"].base_url), sheet)
    journal = book.sheets["Journal"].values
    at = journal[0].index("ID")
    assert {row[at] for row in journal[1:]} == ids


def test_the_store_keeps_one_spelling_of_a_sheet() -> None:
    key = "gsheet:1AbCdEfGhIjK_-x"
    assert book_key("gsheet:https://docs.google.com/spreadsheets/d/1AbCdEfGhIjK_-x/edit#gid=0") == key
    assert book_key(key) == key
    assert book_key("acme/ledger.xlsx") == "acme/ledger.xlsx"
