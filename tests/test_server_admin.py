"""The admin's commands: ``backoffice server token-create/-revoke``, ``allow``, ``disallow``,
``allowed``, on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from backoffice.addin.server import admin
from backoffice.addin.server.state import open_state
from click.testing import CliRunner

from backoffice.cli import cli


def test_tokens_and_allow_lists_from_the_command_line(store_url: str) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["server", "token-create", "acme", "cron", "--store", store_url])
    assert made.exit_code == 0, made.output
    token = made.output.strip()
    assert token.startswith("bo_") and len(token) > 40
    engine = open_state(store_url)
    assert admin.token_company(engine, token) == ("acme", "cron")
    revoked = runner.invoke(cli, ["server", "token-revoke", "acme", "cron", "--store", store_url])
    assert revoked.exit_code == 0 and "revoked 1" in revoked.output
    assert admin.token_company(engine, token) is None
    again = runner.invoke(cli, ["server", "token-revoke", "acme", "cron", "--store", store_url])
    assert again.exit_code == 1  # nothing left to revoke: a script sees it
    book = "acme/ledger.xlsx"
    assert runner.invoke(cli, ["server", "allow", "acme", book, "Siti@Example.co.id", "budi@example.co.id",
                               "--store", store_url]).exit_code == 0
    listed = runner.invoke(cli, ["server", "allowed", "acme", book, "--store", store_url])
    assert listed.output.split() == ["budi@example.co.id", "siti@example.co.id"]
    runner.invoke(cli, ["server", "disallow", "acme", book, "budi@example.co.id", "--store", store_url])
    assert admin.allowed(engine, "acme", book) == ["siti@example.co.id"]
    assert admin.allowed(engine, "globex", book) == []  # another company's list is its own
    engine.dispose()
