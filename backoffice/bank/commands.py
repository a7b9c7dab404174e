"""``backoffice bank …``: the click group the CLI registers; it parses, calls the bank actions
(:mod:`backoffice.actions.bank_import`, :mod:`backoffice.actions.bank_reconcile`) and prints."""

from __future__ import annotations

import sys

import click

from backoffice.locales import LANGUAGES


@click.group()
def bank() -> None:
    """Bank statements in, matched to the journal, the month reconciled."""


@bank.command(name="import")
@click.argument("book", type=click.Path(dir_okay=False))
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--account", required=True, help="The cash or bank account's code, e.g. 1102.")
@click.option("--bank", "bank_", help="The bank's layout (bca, mandiri, bri, bni; for a PDF "
                                      "e-statement bca or mandiri); default: recognised from "
                                      "the file.")
@click.option("--columns", help="A generic CSV's columns: 'date=Tanggal,description=Ket,"
                                "amount=Jumlah,balance=Saldo' (or debit= and credit=).")
@click.option("--date-format", default="%Y-%m-%d", show_default=True,
              help="A generic CSV's date format (strftime).")
@click.option("--decimal-mark", default=".", show_default=True,
              help="A generic CSV's decimal mark.")
@click.option("--group-mark", default="", help="A generic CSV's digit grouping mark.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages.")
def import_(book: str, file: str, account: str, bank_: str | None, columns: str | None,
            date_format: str, decimal_mark: str, group_mark: str, lang: str | None) -> None:
    """Append the new lines of the statement FILE for ACCOUNT to BOOK's Bank statement.

    FILE: a bank's CSV or XLS/XLSX download, a BCA or Mandiri PDF e-statement, MT940,
    camt.053 or OFX."""
    from backoffice.actions.bank_import import BankImportOptions, bank_import

    result = bank_import(book, BankImportOptions(file, account, bank_, columns, date_format,
                                                 decimal_mark, group_mark, lang))
    click.echo("\n".join(result.lines()))
    sys.exit(result.exit_code)


@bank.command()
@click.argument("book", type=click.Path(dir_okay=False))
@click.option("--account", required=True, help="The cash or bank account's code, e.g. 1102.")
@click.option("--period", required=True, help="The month, YYYY-MM.")
@click.option("--window", default=3, show_default=True,
              help="Days a journal line's date may differ from the bank's.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages.")
def reconcile(book: str, account: str, period: str, window: int, lang: str | None) -> None:
    """Match ACCOUNT's statement lines to its journal lines and prove PERIOD's balance."""
    from backoffice.actions.bank_reconcile import BankReconcileOptions, bank_reconcile

    result = bank_reconcile(book, BankReconcileOptions(account, period, window, lang))
    click.echo("\n".join(result.lines()))
    sys.exit(result.exit_code)
