"""Reconciliation status per cash account: what closing a month warns about, and what a
dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from backoffice.bank.frames import statement_lines
from backoffice.books import open_book
from backoffice.checking import read_book
from backoffice.months import month_end, parse_month
from backoffice.schema import BookData
from backoffice.wording import grouped


@dataclass(frozen=True)
class AccountStatus:
    """One account's statement up to a month's end: lines, confirmed, last line's date."""

    account: str
    lines: int
    confirmed: int
    last_date: object

    @property
    def reconciled(self) -> bool:
        return self.lines == self.confirmed


def reconciliation_status(data: BookData, period: str) -> list[AccountStatus]:
    """Each account of the Bank statement sheet, its lines up to ``period``'s end."""
    end = month_end(*parse_month(period))
    lines = statement_lines(data).filter(pl.col("date") <= end)
    summary = lines.group_by("account").agg(
        pl.len().alias("lines"),
        (pl.col("status").fill_null("") == "confirmed").sum().alias("confirmed"),
        pl.col("date").max().alias("last")).sort("account")
    return [AccountStatus(a, n, c, d) for a, n, c, d in summary.iter_rows()]


def close_warning(path: str, period: str, lang: str) -> str | None:
    """The warning closing ``period`` gives when a bank account is not reconciled, or None."""
    with open_book(path) as book:
        data = read_book(book).data
    open_accounts = [s for s in reconciliation_status(data, period) if not s.reconciled]
    if not open_accounts:
        return None
    listed = ", ".join(f"{s.account} ({grouped(s.lines - s.confirmed, lang)})"
                       for s in open_accounts)
    return {"en": f"Warning: bank accounts not reconciled up to {period} (lines not "
                  f"confirmed): {listed}. Run 'backoffice bank reconcile'.",
            "id": f"Peringatan: rekening bank belum direkonsiliasi sampai {period} (baris "
                  f"belum dikonfirmasi): {listed}. Jalankan 'backoffice bank reconcile'."
            }[lang]


def dashboard_notes(data: BookData, lang: str) -> list[str]:
    """One line per bank account for the Dashboard: lines confirmed of those imported, and
    the last statement date; nothing when the book has no Bank statement lines."""
    lines = statement_lines(data)
    if lines.height == 0:
        return []
    last = lines["date"].max()
    notes = []
    for s in reconciliation_status(data, f"{last:%Y-%m}"):
        state = {"en": "reconciled" if s.reconciled else "NOT reconciled",
                 "id": "cocok" if s.reconciled else "BELUM direkonsiliasi"}[lang]
        # Counts grouped as the language writes them: 1,200 in English, 1.200 in Indonesian
        # (where "1,200" reads as one point two).
        done, total = grouped(s.confirmed, lang), grouped(s.lines, lang)
        notes.append({"en": f"Bank {s.account}: {state}, {done} of {total} "
                            f"statement lines confirmed, statement up to {s.last_date}.",
                      "id": f"Bank {s.account}: {state}, {done} dari {total} baris "
                            f"mutasi dikonfirmasi, mutasi sampai {s.last_date}."}[lang])
    return notes
