"""``Journal`` / ``Jurnal``: the general journal, one posting line a row.

Rows sharing an *Entry* (voucher number) form one journal entry, which must
balance in each currency: the sum of its debits equals the sum of its credits.
Each row has a debit or a credit, not both (a zero counts as empty). Accounts
must exist in *Accounts* and have no sub-accounts. A blank *Currency* is the
base currency from *Settings*.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from backoffice import money
from backoffice.issues import Issue, make_issue
from backoffice.locales import get_locale
from backoffice.schema import BookData, Field, Kind, SheetSchema

AMOUNT_FORMAT = "#,##0.00;[Red]-#,##0.00"


def _check_sides(book: BookData) -> Iterator[Issue]:
    """Each row has exactly one of Debit and Credit (a zero counts as empty)."""
    data = book.get("journal")
    if data is None:
        return
    frame = data.frame
    debit = pl.col("debit").fill_null(0) != 0
    credit = pl.col("credit").fill_null(0) != 0
    locale = get_locale(book.settings.get("locale"))
    both = frame.filter(debit & credit).select("_row", "debit", "credit", "currency")
    for row, dr, cr, currency in both.iter_rows():
        exp = money.exponent(currency) if money.is_currency(currency or "") else 2
        yield make_issue("debit-and-credit", data.sheet, row=row, column=data.letters["credit"],
                         field="credit", value=money.format_amount(cr, exp, locale),
                         debit=money.format_amount(dr, exp, locale),
                         credit=money.format_amount(cr, exp, locale))
    # A row whose amount cell could not be read already has an issue on that cell.
    unread = pl.col("_unread_amount") if "_unread_amount" in frame.columns else pl.lit(False)
    neither = frame.filter(~debit & ~credit & ~unread).select("_row")
    for (row,) in neither.iter_rows():
        yield make_issue("debit-or-credit-missing", data.sheet, row=row,
                         column=data.letters["debit"], field="debit")


def _check_accounts(book: BookData) -> Iterator[Issue]:
    """Every journal account exists in Accounts and has no sub-accounts."""
    journal, accounts = book.get("journal"), book.get("accounts")
    if journal is None or accounts is None:
        return
    codes = accounts.frame.get_column("code").drop_nulls()
    children: dict[str, list[str]] = {}
    if "parent" in accounts.frame.columns:
        pairs = accounts.frame.select("code", "parent").drop_nulls().iter_rows()
        for code, parent in pairs:
            children.setdefault(parent, []).append(code)
    lines = journal.frame.filter(pl.col("account").is_not_null())
    unknown = lines.filter(~pl.col("account").is_in(codes.implode())).select("_row", "account")
    letter = journal.letters["account"]
    for row, account in unknown.iter_rows():
        yield make_issue("account-unknown", journal.sheet, row=row, column=letter,
                         field="account", value=account, accounts=accounts.sheet)
    if children:
        parents = pl.Series(list(children), dtype=pl.String)
        used = lines.filter(pl.col("account").is_in(parents.implode())).select("_row", "account")
        for row, account in used.iter_rows():
            kids = sorted(children[account])
            shown = ", ".join(kids[:5]) + (", …" if len(kids) > 5 else "")
            yield make_issue("account-is-parent", journal.sheet, row=row, column=letter,
                             field="account", value=account, children=shown)


def _check_entries(book: BookData) -> Iterator[Issue]:
    """Each entry balances per currency and has one date."""
    data = book.get("journal")
    if data is None:
        return
    frame = data.frame.filter(pl.col("entry").is_not_null())
    if "_unread_amount" in frame.columns:
        # An entry with an unreadable amount cannot be balanced; its cell is reported already.
        unread = frame.filter(pl.col("_unread_amount")).get_column("entry").unique()
        frame = frame.filter(~pl.col("entry").is_in(unread.implode()))
    locale = get_locale(book.settings.get("locale"))
    has_dates = "date" in frame.columns
    # One pass over the lines; both checks read the per-(entry, currency) totals.
    totals = frame.group_by("entry", "currency").agg(
        pl.col("debit").sum().alias("dr"),
        pl.col("credit").sum().alias("cr"),
        pl.col("_row").min().alias("first"),
        pl.col("_row").max().alias("last"),
        *([pl.col("date").min().alias("dmin"), pl.col("date").max().alias("dmax")]
          if has_dates else []),
    )
    unbalanced = totals.filter(pl.col("dr") != pl.col("cr")).sort("first")
    for entry, currency, dr, cr, first, last in unbalanced.select(
        "entry", "currency", "dr", "cr", "first", "last"
    ).iter_rows():
        exp = money.exponent(currency) if money.is_currency(currency or "") else 2
        shown = {k: money.format_amount(v, exp, locale)
                 for k, v in (("debit", dr), ("credit", cr), ("difference", dr - cr))}
        rows = f"{first}–{last}" if first != last else str(first)
        yield make_issue("entry-unbalanced", data.sheet, row=first, column=data.letters["entry"],
                         field="entry", value=entry, entry=entry, currency=currency, rows=rows,
                         **shown)
    if not has_dates:
        return
    spans = (totals.group_by("entry")
             .agg(pl.col("dmin").min(), pl.col("dmax").max(), pl.col("first").min())
             .filter(pl.col("dmin") != pl.col("dmax")).sort("first"))
    for entry, first in spans.select("entry", "first").iter_rows():
        dates = (frame.filter(pl.col("entry") == entry).get_column("date").drop_nulls()
                 .unique().sort().to_list())
        shown = ", ".join(d.isoformat() for d in dates[:4]) + (", …" if len(dates) > 4 else "")
        yield make_issue("entry-dates-differ", data.sheet, row=first, column=data.letters["date"],
                         field="date", value=entry, entry=entry, dates=shown)


SCHEMA = SheetSchema(
    kind="journal",
    en="Journal",
    id="Jurnal",
    aliases=("General journal", "Jurnal umum", "Journal entries"),
    books=("ledger",),
    natural_key="entry",  # an entry is all the lines sharing its number
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("Tgl", "Posting date", "Tanggal transaksi"),
              help_en="The entry's date.", help_id="Tanggal transaksi."),
        Field("entry", "Entry", "No. Bukti", Kind.CODE, required=True, width=14,
              aliases=("Voucher", "Voucher no", "Entry no", "Nomor bukti", "Bukti", "Ref"),
              help_en="The voucher number; all lines of one entry share it.",
              help_id="Nomor bukti; semua baris satu transaksi memakai nomor yang sama."),
        Field("account", "Account", "Akun", Kind.CODE, required=True, width=10,
              aliases=("Account code", "Kode akun", "Acct"),
              help_en="An account code from Accounts that has no sub-accounts.",
              help_id="Kode akun dari sheet Akun yang tidak punya sub-akun."),
        Field("description", "Description", "Keterangan", Kind.TEXT, width=40,
              aliases=("Memo", "Uraian", "Narration"),
              help_en="What happened.", help_id="Uraian transaksi."),
        Field("debit", "Debit", "Debit", Kind.AMOUNT, column_required=True, nonnegative=True,
              width=16,
              excel_format=AMOUNT_FORMAT, aliases=("Dr",),
              help_en="The debit amount; leave Credit blank on this row.",
              help_id="Jumlah debit; kosongkan Kredit di baris ini."),
        Field("credit", "Credit", "Kredit", Kind.AMOUNT, column_required=True, nonnegative=True,
              width=16,
              excel_format=AMOUNT_FORMAT, aliases=("Cr",),
              help_en="The credit amount; leave Debit blank on this row.",
              help_id="Jumlah kredit; kosongkan Debit di baris ini."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              aliases=("Ccy", "Valuta", "Cur"),
              help_en="ISO 4217 code; blank means the base currency.",
              help_id="Kode ISO 4217; kosong berarti mata uang dasar."),
        Field("source", "Source", "Sumber", Kind.TEXT, width=16, aliases=("Generated by",),
              help_en="Set by backoffice on the rows it generates (payroll:2026-03#1/8:…); "
                      "do not edit those rows, post again where they come from. Blank or "
                      "your own note on your rows.",
              help_id="Diisi backoffice pada baris yang dibuatnya (payroll:2026-03#1/8:…); "
                      "jangan ubah baris itu, posting ulang dari asalnya. Kosong atau catatan "
                      "Anda sendiri pada baris Anda."),
        Field("rate", "Rate", "Kurs", Kind.NUMBER, width=12, excel_format="#,##0.0000",
              aliases=("Exchange rate", "Nilai tukar"),
              help_en="For another currency: base-currency units per unit; blank takes the "
                      "Rates sheet.",
              help_id="Untuk mata uang lain: nilai mata uang dasar per unit; kosong memakai "
                      "sheet Kurs."),
    ),
    help_en="One posting line a row; the lines of an entry share its number and must balance.",
    help_id="Satu baris posting per baris; baris satu bukti memakai nomor yang sama dan harus "
            "seimbang.",
    rules=(_check_sides, _check_accounts, _check_entries),
)
