"""``backoffice gsheets ...``: Google Sheets helpers (who backoffice is to Google)."""

from __future__ import annotations

import click

from backoffice.locales import resolve_language


@click.group("gsheets")
def gsheets() -> None:
    """Google Sheets: the service account backoffice uses (README, Google Sheets set-up)."""


@gsheets.command()
@click.option("--lang", type=click.Choice(["en", "id"]), default=None, help="en or id.")
def whoami(lang: str | None) -> None:
    """Print the service account's e-mail: share your Google Sheets with it as Editor."""
    from backoffice.addin.gsheets.client import service_account_email

    email = service_account_email()
    if resolve_language(lang, None) == "id":
        click.echo(f"{email}\nBagikan Google Sheet Anda ke alamat ini sebagai Editor.")
    else:
        click.echo(f"{email}\nShare your Google Sheets with this address as Editor.")
