"""What ``backoffice bank`` tells the user, in English and Indonesian."""

from __future__ import annotations

from backoffice import money
from backoffice.locales import get_locale


def amount_text(minor: int, currency: str, lang: str) -> str:
    """``minor`` as the language writes money: 1,500.00 (en), 1.500,00 (id)."""
    return money.format_amount(minor, money.exponent(currency),
                               get_locale("id-ID" if lang == "id" else "en-US"))


_amount = amount_text


def import_summary(outcome, book: str, account: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    """One paragraph: lines added, lines already there, pending lines left out, a gap."""
    s = outcome.statement
    text = {"en": f"{outcome.appended} new lines of {s.source} statement added to Bank "
                  f"statement of {book} for account {account}; {outcome.already} were already "
                  "there.",
            "id": f"{outcome.appended} baris baru dari mutasi {s.source} ditambahkan ke Mutasi "
                  f"bank {book} untuk akun {account}; {outcome.already} sudah ada."}[lang]
    if s.pending:
        text += {"en": f" {s.pending} pending lines (not yet booked by the bank) left out.",
                 "id": f" {s.pending} baris tertunda (belum dibukukan bank) tidak diambil."}[lang]
    if outcome.gap:
        last, opening = (_amount(v, s.currency, lang) for v in outcome.gap)
        text += {"en": f" Gap: the sheet's balance before this statement is {last} but the "
                       f"statement opens at {opening}; a statement in between is missing.",
                 "id": f" Celah: saldo di sheet sebelum mutasi ini {last} tetapi mutasinya "
                       f"dibuka dengan {opening}; ada mutasi di antaranya yang belum "
                       "diimpor."}[lang]
    return text


def reconcile_summary(result, book: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    """The proof of the month in a few lines."""
    p = result.proof
    cur = p.currency
    rows = [("Balance per bank", "Saldo menurut bank", p.bank_balance),
            ("Balance per books", "Saldo menurut buku", p.book_balance),
            ("Outstanding deposits", "Setoran dalam perjalanan", p.outstanding_deposits),
            ("Outstanding payments", "Pembayaran belum dicairkan", p.outstanding_payments),
            ("Bank lines not in the books", "Mutasi bank belum dibukukan", p.unbooked),
            ("Unexplained difference", "Selisih tak terjelaskan", p.difference)]
    head = {"en": f"{book} account {p.account}, {p.period}: {result.proposed} matches proposed, "
                  f"{result.kept} kept.",
            "id": f"{book} akun {p.account}, {p.period}: {result.proposed} pasangan diusulkan, "
                  f"{result.kept} dipertahankan."}[lang]
    body = [f"  {(en if lang == 'en' else id_):32} {_amount(v, cur, lang):>20}"
            for en, id_, v in rows]
    if result.limit_hit:
        body.append({"en": f"  Search limit hit on {result.limit_hit} lines: match them by hand.",
                     "id": f"  Batas pencarian tercapai pada {result.limit_hit} baris: cocokkan "
                           "manual."}[lang])
    return "\n".join([head, *body])
