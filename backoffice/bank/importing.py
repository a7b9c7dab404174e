"""``backoffice bank import``: a statement file into the book's Bank statement sheet.

The statement is checked against itself first (each running balance follows
from the one before; the closing balance from the lines), then only its lines
the sheet does not hold yet are appended (:func:`.frames.identities`), so an
overlapping statement adds only what is new. A gap — the sheet's last balance
before the statement differs from the statement's opening — is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from backoffice import money
from backoffice.bank.frames import identities, statement_lines
from backoffice.bank.messages import refuse
from backoffice.bank.model import Statement
from backoffice.bank.readers import read_statement
from backoffice.books import open_book, open_writer
from backoffice.checking import read_book
from backoffice.ledger.cashflow import cash_accounts
from backoffice.ledger.postings import chart_of
from backoffice.schemas import REGISTRY


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did.

    Attributes:
        statement: the statement as read.
        appended: lines written to the sheet.
        already: lines the sheet already held (an overlapping statement).
        gap: (last balance in the sheet before the statement, the statement's opening)
            when they differ, else None.
    """

    statement: Statement
    appended: int
    already: int
    gap: tuple[int, int] | None


def check_running_balance(statement: Statement, name: str) -> None:
    """Refuse a statement whose balances do not follow from its own lines."""
    running = statement.first_balance_before()
    for number, line in enumerate(statement.lines, start=1):
        if running is not None:
            running += line.amount
            if line.balance is not None and line.balance != running:
                raise refuse(
                    f"{name}: line {number} ({line.date}, {line.description}) gives a balance of "
                    f"{line.balance} but the lines before it add up to {running} (minor units).",
                    f"{name}: baris {number} ({line.date}, {line.description}) bersaldo "
                    f"{line.balance} padahal baris sebelumnya berjumlah {running} (satuan "
                    "terkecil).",
                    "The file is incomplete or altered: download it again from the bank.",
                    "Berkasnya tidak lengkap atau berubah: unduh lagi dari bank.")
        if line.balance is not None:
            running = line.balance
    if statement.closing is not None and running is not None and running != statement.closing:
        raise refuse(f"{name}: the lines end at {running} but the closing balance is "
                     f"{statement.closing} (minor units).",
                     f"{name}: baris-barisnya berakhir di {running} padahal saldo akhirnya "
                     f"{statement.closing} (satuan terkecil).",
                     "The file is incomplete or altered: download it again from the bank.",
                     "Berkasnya tidak lengkap atau berubah: unduh lagi dari bank.")


def import_statement(book_path: str, file: str, account: str, lang: str | None = None,
                     **options: str | None) -> ImportOutcome:
    """Append the new lines of the statement ``file`` for ``account`` to the book's Bank
    statement sheet (created when missing); ``options`` go to :func:`read_statement`."""
    from pathlib import Path

    name = Path(file).name
    statement = read_statement(file, **{k: v for k, v in options.items() if v is not None})
    check_running_balance(statement, name)
    with open_book(book_path) as book:
        read = read_book(book, lang)
    data = read.data
    chart = chart_of(data)
    codes = set(chart.accounts["code"].to_list())
    if codes and account not in codes:
        raise refuse(f"Account {account} is not in the book's Accounts.",
                     f"Akun {account} tidak ada di Akun buku ini.",
                     "Name the cash or bank account's code with --account.",
                     "Sebut kode akun kas atau banknya dengan --account.")
    cash = cash_accounts(chart)
    if cash and account not in cash:  # one sheet holds every account's lines: say whose
        raise refuse(f"Account {account} is not a cash or bank account (cash and bank "
                     f"accounts: {', '.join(cash)}).",
                     f"Akun {account} bukan akun kas atau bank (akun kas dan bank: "
                     f"{', '.join(cash)}).",
                     "Name the cash or bank account's code with --account, or mark the "
                     "account Cash in the Cash flow column of Accounts.",
                     "Sebut kode akun kas atau banknya dengan --account, atau tandai akunnya "
                     "Kas di kolom Arus kas pada Akun.")
    base = data.settings.get("base_currency") or "IDR"
    existing = statement_lines(data).filter(pl.col("account") == account)
    incoming = pl.DataFrame(
        {"account": [account] * len(statement.lines),
         "date": [line.date for line in statement.lines],
         "amount": [line.amount for line in statement.lines],
         "description": [line.description for line in statement.lines],
         "balance": [line.balance for line in statement.lines]},
        schema={"account": pl.String, "date": pl.Date, "amount": pl.Int64,
                "description": pl.String, "balance": pl.Int64})
    held = set(identities(existing).to_list()) if existing.height else set()
    new = [line for line, key in zip(statement.lines, identities(incoming).to_list(),
                                     strict=True) if key not in held]
    gap = _gap(existing, statement)
    if new:
        _append(book_path, read, statement, new, account, base)
    return ImportOutcome(statement, len(new), len(statement.lines) - len(new), gap)


def _gap(existing: pl.DataFrame, statement: Statement) -> tuple[int, int] | None:
    """The sheet's last balance before the statement against the statement's opening."""
    opening = statement.first_balance_before()
    if opening is None or not statement.lines:
        return None
    before = existing.filter((pl.col("date") < statement.lines[0].date)
                             & pl.col("balance").is_not_null()).sort("date", "row")
    if before.height == 0:
        return None
    last = before["balance"][-1]
    return None if last == opening else (last, opening)


def _append(book_path: str, read, statement: Statement, lines, account: str,  # type: ignore[no-untyped-def]
            base: str) -> None:
    schema = REGISTRY["bank_statement"]
    lang = read.data.lang
    if "bank_statement" not in read.matches:  # the first import adds the bank's sheets
        with open_writer(book_path) as writer:
            for kind in ("bank_statement", "bank_rules"):
                if kind not in read.found:
                    writer.add_input_sheet(REGISTRY[kind], lang)
            writer.save()
        with open_book(book_path) as book:
            read = read_book(book, lang)
    match = read.matches["bank_statement"]
    letters = match.letters
    exp = money.exponent(statement.currency)
    rows = []
    for line in lines:
        values = {"account": account, "date": line.date, "description": line.description,
                  "reference": line.reference or None,
                  "money_in": money.from_minor(line.amount, exp) if line.amount > 0 else None,
                  "money_out": money.from_minor(-line.amount, exp) if line.amount < 0 else None,
                  "balance": None if line.balance is None else money.from_minor(line.balance, exp),
                  "currency": statement.currency if statement.currency != base else None}
        rows.append({letters[k]: v for k, v in values.items() if k in letters and v is not None})
    kinds = {letters[f.key]: {"amount": "amount", "date": "date"}.get(f.kind.value, "text")
             for f in schema.fields if f.key in letters}
    with open_writer(book_path) as writer:
        writer.append_rows(read.found["bank_statement"], match.row, rows, kinds)
        writer.save()
