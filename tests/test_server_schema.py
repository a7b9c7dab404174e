"""Schemathesis against the running server's OpenAPI description: every operation, with
generated bodies, with and without credentials. The server must never answer 5xx, must
answer only statuses it documents, and must say 401 (never 422) to a request without
valid credentials, whatever its body.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from backoffice.addin.server import admin
from backoffice.addin.server.state import open_state
from conftest import ledger, write_book
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from server_helpers import GoogleKeys, running_server

GOOD = [["2025-03-03", "JV-1", "1101", "Cash sale", 1500, None, "IDR"],
        ["2025-03-03", "JV-1", "4101", "Cash sale", None, 1500, "IDR"]]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root: Path = tmp_path_factory.mktemp("schema")
    (root / "books" / "acme").mkdir(parents=True)
    write_book(root / "books" / "acme" / "ledger.xlsx", ledger(GOOD))
    store = f"sqlite:///{root / 'server.sqlite'}"
    engine = open_state(store)
    token = admin.create_token(engine, "acme", "fuzz")
    engine.dispose()
    keys = GoogleKeys()
    with keys.served() as certs, running_server(root / "books", store, certs, "--rate", "100000",
                                                "--wait", "0") as base:
        yield base, token


def _schema(base: str):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{base}/openapi.json")


def test_no_credentials_is_always_401(served) -> None:  # type: ignore[no-untyped-def]
    base, _token = served
    schema = _schema(base)
    seen = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/v1/health":
            continue

        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def probe(case) -> None:  # type: ignore[no-untyped-def]
            nonlocal seen
            case.headers = {}
            response = case.call(base_url=base, timeout=60)
            assert response.status_code == 401, (case.path, response.status_code, response.text[:200])
            seen += 1

        probe()
    assert seen > 50


def test_generated_requests_never_break_the_server(served) -> None:  # type: ignore[no-untyped-def]
    base, token = served
    schema = _schema(base)
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=20, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def probe(case) -> None:  # type: ignore[no-untyped-def]
            case.headers = {"Authorization": f"Bearer {token}"}
            response = case.call(base_url=base, timeout=60)
            case.validate_response(response, checks=(not_a_server_error,))
            assert response.status_code in (200, 202, 401, 403, 404, 409, 413, 422, 429), (
                case.path, response.status_code, response.text[:200])

        probe()
