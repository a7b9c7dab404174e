"""``backoffice serve`` and ``backoffice server …``: start the action server, keep its tokens
and allow-lists. The web libraries are imported only when the server starts, so the rest
of the CLI works without the ``server`` extra.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: The state store beside the books when neither --store nor BACKOFFICE_STORE says otherwise.
DEFAULT_STORE = "backoffice-server.sqlite"

_store = click.option("--store", "store_url", metavar="URL", envvar="BACKOFFICE_STORE",
                      required=True, help="The store keeping tokens, allow-lists, locks and jobs "
                                          "(a file path, sqlite:///… or postgresql+psycopg://…; "
                                          "default BACKOFFICE_STORE).")


def _url(text: str) -> str:
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


@contextmanager
def _state(store_url: str) -> Iterator[Engine]:
    """The store's server tables for one command, closed after it."""
    from backoffice.addin.server.state import open_state

    engine = open_state(_url(store_url))
    try:
        yield engine
    finally:
        engine.dispose()


@click.command()
@click.option("--books", required=True, type=click.Path(file_okay=False, exists=True),
              help="The folder of books the server reaches, one sub-folder per company.")
@click.option("--store", "store_url", metavar="URL", envvar="BACKOFFICE_STORE",
              help=f"The store (default BACKOFFICE_STORE, else {DEFAULT_STORE} in --books).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; publish it through a reverse proxy or a tunnel "
                   "(README), never as plain HTTP.")
@click.option("--port", default=8750, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32))
@click.option("--audience", "audiences", multiple=True, metavar="CLIENT_ID",
              help="The Apps Script project's OAuth client id; identity tokens for any other "
                   "are refused (repeat for several).")
@click.option("--certs-url", default=None, help="Google's public keys (JWKS); for tests.")
@click.option("--max-body", default=1_000_000, show_default=True, type=int, help="Bytes.")
@click.option("--rate", default=60, show_default=True, type=int,
              help="Requests per caller per minute, per worker.")
@click.option("--wait", default=20.0, show_default=True, type=float,
              help="Seconds before a long action answers with a job to poll.")
@click.option("--sheets-quota", default=60, show_default=True, type=click.IntRange(1),
              help="Google Sheets reads (and as many writes) a minute for the service account, "
                   "shared by every worker.")
@click.option("--keep-jobs", default=3600.0, show_default=True, type=click.FloatRange(1),
              help="Seconds a finished job can still be polled.")
@click.option("--keys-refetch", default=30.0, type=float, hidden=True,
              help="Least seconds between fetches of Google's keys for unknown key ids; for tests.")
def serve(books: str, store_url: str | None, host: str, port: int, workers: int,
          audiences: tuple[str, ...], certs_url: str | None, max_body: int, rate: int,
          wait: float, sheets_quota: int, keep_jobs: float, keys_refetch: float) -> None:
    """Run the action server: the actions over HTTP for the Google Sheets menu and scripts."""
    try:
        import uvicorn
    except ModuleNotFoundError as exc:
        raise click.ClickException("the server needs its extra: pip install 'backoffice[server]'") from exc
    from backoffice.addin.server.config import ENV, GOOGLE_CERTS_URL, ServerConfig

    config = ServerConfig(books=str(Path(books).resolve()),
                          store=_url(store_url or str(Path(books) / DEFAULT_STORE)),
                          audiences=audiences, certs_url=certs_url or GOOGLE_CERTS_URL,
                          max_body=max_body, rate=rate, wait=wait, sheets_quota=sheets_quota,
                          job_keep=keep_jobs, keys_refetch=keys_refetch)
    os.environ[ENV] = config.to_env()
    from backoffice.addin.server.state import open_state

    open_state(config.store).dispose()  # made once here, not raced by the workers
    uvicorn.run("backoffice.addin.server.app:create_app_from_env", factory=True, host=host,
                port=port, workers=workers, log_level="warning", proxy_headers=True)


@click.group()
def server() -> None:
    """Keep the action server's API tokens and each book's allow-list."""


@server.command(name="token-create")
@click.argument("company")
@click.argument("name")
@_store
def token_create(company: str, name: str, store_url: str) -> None:
    """Make an API token NAME for COMPANY and print it once (only its hash is kept)."""
    from backoffice.addin.server.admin import create_token

    with _state(store_url) as engine:
        click.echo(create_token(engine, company, name))


@server.command(name="token-revoke")
@click.argument("company")
@click.argument("name")
@_store
def token_revoke(company: str, name: str, store_url: str) -> None:
    """Revoke COMPANY's tokens called NAME."""
    from backoffice.addin.server.admin import revoke_token

    with _state(store_url) as engine:
        count = revoke_token(engine, company, name)
    click.echo(f"revoked {count} token(s)")
    raise SystemExit(0 if count else 1)


@server.command()
@click.argument("company")
@click.argument("book")
@click.argument("emails", nargs=-1, required=True)
@_store
def allow(company: str, book: str, emails: tuple[str, ...], store_url: str) -> None:
    """Let the Google accounts EMAILS run actions on COMPANY's BOOK from the sheet's menu."""
    from backoffice.addin.server.admin import allow as add

    with _state(store_url) as engine:
        for email in emails:
            add(engine, company, book, email)


@server.command()
@click.argument("company")
@click.argument("book")
@click.argument("emails", nargs=-1, required=True)
@_store
def disallow(company: str, book: str, emails: tuple[str, ...], store_url: str) -> None:
    """Take EMAILS off BOOK's allow-list."""
    from backoffice.addin.server.admin import disallow as remove

    with _state(store_url) as engine:
        for email in emails:
            remove(engine, company, book, email)


@server.command(name="allowed")
@click.argument("company")
@click.argument("book")
@_store
def allowed_(company: str, book: str, store_url: str) -> None:
    """List BOOK's allow-list."""
    from backoffice.addin.server.admin import allowed

    with _state(store_url) as engine:
        for email in allowed(engine, company, book):
            click.echo(email)
