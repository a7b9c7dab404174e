"""The one factory of gspread clients, and the HTTP client every call goes through.

Every Google call backoffice makes goes through :class:`SheetsHTTPClient`:

* a **shared budget**: Google allows 60 reads and 60 writes a minute per user per
  project, and one service account is one user for every company it serves, so the
  budget is shared: process-wide here (one :class:`Budget` for all clients), and
  server-wide in the action server, whose workers share one kept in the store
  (:mod:`backoffice.addin.server.quota`); a call waits for room instead of earning a 429,
  and what waits longer than :attr:`SheetsHTTPClient.budget_wait` becomes a clear
  ``gsheet-quota-busy`` failure;
* **backoff with jitter** on 408, 429 and 5xx and on a dropped connection, bounded by
  a number of tries; what stays exhausted becomes a clear ``gsheet-quota`` failure;
  a 403 is never retried (``storageQuotaExceeded`` least of all);
* a **call log** (:attr:`SheetsHTTPClient.calls`) so tests and the bench count calls.

The only seam for tests is the base URL (``BACKOFFICE_GSHEETS_BASE_URL`` or the
factory's ``base_url``): set, the client rewrites Google's hosts to it; the emulator
(:mod:`backoffice.addin.gsheets.emulator`) then answers. The token URI comes from the
service-account key itself.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gspread
import requests
from backoffice.addin.gsheets.errors import GsheetsError
from gspread.exceptions import APIError
from gspread.http_client import BackOffHTTPClient, HTTPClient

SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
RETRIED = {408, 429, 500, 502, 503, 504}


class Budget:
    """Reads and writes allowed per rolling minute, shared by every client of the process.

    The action server replaces it by one shared by its worker processes
    (:class:`backoffice.addin.server.quota.StoreBudget`, same interface)."""

    def __init__(self, reads: int = 60, writes: int = 60, window: float = 60.0) -> None:
        self.limits = {"read": reads, "write": writes}
        self.window = window
        self._used: dict[str, deque[float]] = {"read": deque(), "write": deque()}
        self._lock = threading.Lock()

    def wait_time(self, kind: str) -> float:
        """Seconds until a call of ``kind`` fits; 0 reserves it now."""
        with self._lock:
            now = time.monotonic()
            used = self._used[kind]
            while used and now - used[0] >= self.window:
                used.popleft()
            if len(used) < self.limits[kind]:
                used.append(now)
                return 0.0
            return self.window - (now - used[0]) + 0.01


#: The process's budget (one service account is one Google "user").
BUDGET = Budget()


class SheetsHTTPClient(BackOffHTTPClient):
    """gspread's HTTP client with our retry policy, the shared budget and a call log.

    Class attributes set by :func:`client_class`: ``base_url`` (None: Google itself),
    ``budget``, ``tries``, ``budget_wait``, ``sleep`` (tests replace it to not wait)."""

    base_url: str | None = None
    budget: Budget = BUDGET
    tries: int = 6
    max_wait: float = 64.0
    #: the longest one call waits for room in the budget before giving up (seconds)
    budget_wait: float = 120.0
    sleep: Callable[[float], None] = staticmethod(time.sleep)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[str, str]] = []

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        if self.base_url:
            for host in GOOGLE_HOSTS:
                endpoint = endpoint.replace(host, self.base_url)
        kind = "read" if method.upper() == "GET" else "write"
        last: Exception | None = None
        started = time.monotonic()
        for attempt in range(self.tries):
            wait = self.budget.wait_time(kind)
            while wait:
                waited = time.monotonic() - started  # real time: ``sleep`` may be a test's
                if waited + wait > self.budget_wait:
                    # other actions keep the budget used up: say so rather than queue forever
                    raise GsheetsError("gsheet-quota-busy", seconds=max(1, round(wait)),
                                       reads=self.budget.limits["read"],
                                       writes=self.budget.limits["write"])
                self.sleep(wait)
                wait = self.budget.wait_time(kind)
            self.calls.append((method.upper(), endpoint))
            try:
                return HTTPClient.request(self, method, endpoint, *args, **kwargs)
            except APIError as e:
                if e.code not in RETRIED:
                    raise
                last = e
            except requests.ConnectionError as e:
                last = e
            # exponential backoff with full jitter, as Google's documentation asks
            self.sleep(random.uniform(0, min(self.max_wait, 2.0 ** attempt)))
        if isinstance(last, APIError) and last.code == 429:
            raise GsheetsError("gsheet-quota", tries=self.tries, detail=last.error.get("message", ""))
        detail = last.error.get("message", "") if isinstance(last, APIError) else type(last).__name__
        raise GsheetsError("gsheet-unavailable", tries=self.tries, detail=detail)


def key_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The service-account key: ``path``, else GOOGLE_APPLICATION_CREDENTIALS, else
    BACKOFFICE_GSHEETS_KEY."""
    env = os.environ
    found = path or env.get("GOOGLE_APPLICATION_CREDENTIALS") or env.get("BACKOFFICE_GSHEETS_KEY")
    if not found or not Path(found).is_file():
        raise GsheetsError("gsheet-no-key")
    return Path(found)


def service_account_email(path: str | os.PathLike[str] | None = None) -> str:
    """The e-mail of the service account whose key backoffice uses (what to share sheets with)."""
    return str(json.loads(key_file(path).read_text())["client_email"])


def client_class(base_url: str | None = None, sleep: Callable[[float], None] | None = None,
                 budget: Budget | None = None) -> type[SheetsHTTPClient]:
    """A :class:`SheetsHTTPClient` subclass bound to a base URL (None: Google)."""
    attrs: dict[str, Any] = {"base_url": base_url or os.environ.get("BACKOFFICE_GSHEETS_BASE_URL") or None}
    if sleep is not None:
        attrs["sleep"] = staticmethod(sleep)
    if budget is not None:
        attrs["budget"] = budget
    return type("BoundSheetsHTTPClient", (SheetsHTTPClient,), attrs)


def make_client(key: str | os.PathLike[str] | None = None, base_url: str | None = None,
                sleep: Callable[[float], None] | None = None, budget: Budget | None = None) -> gspread.Client:
    """THE factory: a gspread client for the service account's key, every call through
    :class:`SheetsHTTPClient` (``client.http_client.calls`` logs them)."""
    info = json.loads(key_file(key).read_text())
    return gspread.service_account_from_dict(info, scopes=SCOPES,
                                             http_client=client_class(base_url, sleep, budget))
