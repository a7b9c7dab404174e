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


def new_in_gsheet(kind: str, address: str, lang: str, chart: str | None) -> None:
    """Lay the ``kind`` template into the empty Google Sheet at ``address`` and say so."""
    from backoffice.addin.gsheets.book import spreadsheet_id
    from backoffice.addin.gsheets.client import make_client
    from backoffice.addin.gsheets.template import lay_template

    file_id = spreadsheet_id(address if address.startswith("gsheet:") else f"gsheet:{address}")
    count = lay_template(make_client(), file_id, kind, lang, chart)
    if lang == "id":
        click.echo(f"Template {kind} dipasang di Google Sheet {file_id} ({count} sheet). Isi, lalu "
                   f"jalankan 'backoffice check gsheet:{file_id}'.")
    else:
        click.echo(f"Laid the {kind} template into the Google Sheet {file_id} ({count} sheets). Fill it "
                   f"in, then run 'backoffice check gsheet:{file_id}'.")
