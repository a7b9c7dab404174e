"""The server's settings: one frozen record, passed to worker processes as JSON.

uvicorn starts each worker by importing the app factory, so ``backoffice serve`` puts the
settings in the environment (:data:`ENV`) and every worker reads the same ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

#: The environment variable that carries the settings to worker processes.
ENV = "BACKOFFICE_SERVER_CONFIG"

#: Google's public keys for identity tokens (JWKS); tests point this at their own.
GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v3/certs"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")


@dataclass(frozen=True)
class ServerConfig:
    """Attributes:
        books: the folder whose files the server may reach, one sub-folder per company
            (``books/<company>/ledger.xlsx`` is the address ``acme/ledger.xlsx``).
        store: the store URL holding tokens, allow-lists, locks, jobs and the click log.
        audiences: the OAuth client ids an identity token may be issued for (the Apps
            Script project's); empty: identity tokens are refused, API tokens still work.
        certs_url: where Google's public keys are fetched (JWKS).
        issuers: accepted ``iss`` values of identity tokens.
        max_body: the largest request body accepted, in bytes.
        rate: requests per caller per minute, per worker process.
        wait: seconds a request waits for its action before answering with a job to poll
            (well under Apps Script's 6 minutes and UrlFetchApp's own time-out).
        lock_wait: seconds an action waits for another write on the same book.
        lock_ttl: seconds after which a lock of a crashed worker is taken over.
        sheets_quota: Google Sheets reads, and as many writes, a minute for the service
            account, shared by every worker through the store (Google's default is 60).
        job_keep: seconds a finished job stays to be polled; older ones are removed.
        keys_refetch: the least seconds between two fetches of Google's keys for tokens
            naming a key the server does not hold (forged key ids cannot make it hammer
            Google); tests set 0.
    """

    books: str
    store: str
    audiences: tuple[str, ...] = ()
    certs_url: str = GOOGLE_CERTS_URL
    issuers: tuple[str, ...] = GOOGLE_ISSUERS
    max_body: int = 1_000_000
    rate: int = 60
    wait: float = 20.0
    lock_wait: float = 60.0
    lock_ttl: float = 900.0
    sheets_quota: int = 60
    job_keep: float = 3600.0
    keys_refetch: float = 30.0

    def to_env(self) -> str:
        """The settings as JSON for :data:`ENV`."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServerConfig:
        """The settings ``backoffice serve`` put in the environment."""
        data = json.loads(os.environ[ENV])
        for key in ("audiences", "issuers"):
            data[key] = tuple(data[key])
        return cls(**data)
