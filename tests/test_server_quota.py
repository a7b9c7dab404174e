"""Google's quota shared by every worker of the action server: the budget kept in the store.

Google allows 60 reads and 60 writes a minute per user per project, and the service
account is one user for every company, so the budget must hold across worker processes.
Two real processes spend from one budget in the store (a SQLite file, and the real
PostgreSQL) against the emulator standing in for Google (its quota window shortened for
the test, see below); the budget's own record of what it let through is checked exactly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from backoffice.addin.gsheets.client import SheetsHTTPClient, make_client
from backoffice.addin.gsheets.emulator import Emulator
from backoffice.addin.gsheets.errors import GsheetsError
from backoffice.addin.server.quota import StoreBudget
from backoffice.addin.server.state import QUOTA, open_state
from gsheets_helpers import service_account_key

LIMIT, WINDOW, CALLS = 4, 2.0, 6

#: One worker: set up, say "ready", wait for "go" on stdin, make CALLS reads through the
#: shared budget, print when the budget let each one through.
WORKER = """
import json, sys
from backoffice.addin.gsheets.client import make_client
from backoffice.addin.server.quota import StoreBudget
from backoffice.addin.server.state import open_state
store, key, base, sheet, limit, window, calls = sys.argv[1:]
spent = []
budget = StoreBudget(open_state(store), int(limit), int(limit), float(window), spent=spent)
client = make_client(key, base, budget=budget)
client.http_client.login()  # the token now, not on the first counted call
print("ready", flush=True)
sys.stdin.readline()
for _ in range(int(calls)):
    client.http_client.request("get", f"https://sheets.googleapis.com/v4/spreadsheets/{sheet}")
print(json.dumps(spent), flush=True)
"""


def max_in_window(times: list[float], window: float) -> int:
    """The most of ``times`` inside any half-open interval of ``window`` seconds."""
    times = sorted(times)
    return max((sum(1 for u in times[i:] if u - t < window) for i, t in enumerate(times)), default=0)


def test_two_processes_together_never_exceed_the_budget(tmp_path: Path, store_url: str) -> None:
    """Without the shared budget each process would spend LIMIT at once, twice the quota
    together: the emulator, holding Google's rule per service account, would answer 429."""
    open_state(store_url).dispose()
    # The emulator counts a call when it arrives, the budget when it lets it go: a process
    # slowed between the two (this machine is shared) shifts arrivals a little, so the
    # emulator's window is a quarter shorter than the budget's. Twice the rate still fails.
    with Emulator(quota_per_minute=LIMIT, quota_window=WINDOW * 0.75) as emulator:
        key = service_account_key(tmp_path, emulator.base_url)
        sheet = emulator.create_from_grid("Ledger", {"Journal": {"values": [["Date"]], "kinds": [["s"]]}})
        workers = [subprocess.Popen(
            [sys.executable, "-c", WORKER, store_url, str(key), emulator.base_url, sheet,
             str(LIMIT), str(WINDOW), str(CALLS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**__import__("os").environ, "NO_PROXY": "127.0.0.1,localhost"})
            for _ in range(2)]
        try:
            for worker in workers:  # both set up before either spends
                assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
            for worker in workers:
                worker.stdin.write("go\n")
                worker.stdin.flush()
            spent = []
            for worker in workers:
                out, err = worker.communicate(timeout=120)
                assert worker.returncode == 0, err
                spent.extend(json.loads(out.strip().splitlines()[-1]))
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
        reads = [t for kind, t in spent if kind == "read"]
        assert len(reads) == 2 * CALLS
        assert max_in_window(reads, WINDOW) == LIMIT  # used to the full, never beyond
        assert emulator.quota_refused == 0
        assert emulator.count(r"/v4/spreadsheets/", "GET") == 2 * CALLS


def test_a_budget_used_up_by_others_is_said_in_english_and_indonesian(
        tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = open_state(store_url)
    with Emulator() as emulator:
        key = service_account_key(tmp_path, emulator.base_url)
        sheet = emulator.create_from_grid("Ledger", {"Journal": {"values": [["Date"]], "kinds": [["s"]]}})
        budget = StoreBudget(engine, reads=1, writes=1, window=3600)
        assert budget.wait_time("read") == 0  # another worker's action spent the last read
        monkeypatch.setattr(SheetsHTTPClient, "budget_wait", 5.0)
        slept: list[float] = []
        client = make_client(key, emulator.base_url, sleep=slept.append, budget=budget)
        with pytest.raises(GsheetsError) as caught:
            client.http_client.request("get", f"https://sheets.googleapis.com/v4/spreadsheets/{sheet}")
        assert emulator.count(r"/v4/spreadsheets/", "GET") == 0 and slept == []
    error = caught.value
    assert error.code == "gsheet-quota-busy" and error.exit_code == 3
    assert "1 reads and 1 writes a minute" in error.render("en")
    assert "used up by other actions for the next 3600 s" in error.render("en")
    assert "Try again in a minute" in error.render("en")
    assert "terpakai habis" in error.render("id") and "Coba lagi" in error.render("id")
    # the writes' budget is apart from the reads'
    assert budget.wait_time("write") == 0
    with engine.begin() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(QUOTA)).scalar() == 2
    engine.dispose()
