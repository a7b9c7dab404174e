"""``Accounts`` / ``Akun``: the chart of accounts.

Each account has a text code, a name, a type and optionally a parent. The
hierarchy comes only from *Parent* (never from the shape of the codes), and
only accounts without children may be posted to.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from backoffice.issues import Issue, make_issue
from backoffice.schema import BookData, Choice, Field, Kind, SheetSchema

ACCOUNT_TYPES = (
    Choice("asset", "Asset", "Aset", ("Harta", "Aktiva", "Assets")),
    Choice("liability", "Liability", "Liabilitas", ("Kewajiban", "Utang", "Liabilities")),
    Choice("equity", "Equity", "Ekuitas", ("Modal", "Capital")),
    Choice("income", "Income", "Pendapatan", ("Revenue", "Penghasilan", "Pendapatan usaha")),
    Choice("expense", "Expense", "Beban", ("Biaya", "Expenses", "Cost")),
)

#: The cash-flow role of an account: a cash or bank account, or the category its flows
#: take when it is the counter-account of a cash line. Blank: operating, but equity
#: accounts are financing (see backoffice.ledger.cashflow).
CASH_FLOW = (
    Choice("cash", "Cash", "Kas", ("Cash and bank", "Kas dan bank", "Bank")),
    Choice("operating", "Operating", "Operasi", ("Operating activities", "Aktivitas operasi")),
    Choice("investing", "Investing", "Investasi", ("Investing activities",
                                                   "Aktivitas investasi")),
    Choice("financing", "Financing", "Pendanaan", ("Financing activities",
                                                   "Aktivitas pendanaan")),
)


def _check_parents(book: BookData) -> Iterator[Issue]:
    """Parents exist, the hierarchy has no loop, and a child has its parent's type."""
    data = book.get("accounts")
    if data is None or "parent" not in data.letters:  # the sheet has no Parent column
        return
    frame = data.frame.filter(pl.col("code").is_not_null())
    types = dict(zip(frame["code"], frame["type"], strict=True))
    parents = {c: p for c, p in zip(frame["code"], frame["parent"], strict=True) if p}
    letter = data.letters["parent"]
    for code, parent, row in frame.select("code", "parent", "_row").iter_rows():
        if not parent:
            continue
        if parent not in types:
            yield make_issue("parent-unknown", data.sheet, row=row, column=letter, field="parent",
                             value=parent, accounts=data.sheet)
            continue
        path = _ancestors(code, parents)
        if path and path[-1] == code:
            yield make_issue("parent-cycle", data.sheet, row=row, column=letter, field="parent",
                             value=code, path=" → ".join([code, *path]))
        elif types.get(parent) and types.get(code) and types[parent] != types[code]:
            yield make_issue("parent-type-differs", data.sheet, row=row,
                             column=data.letters.get("type"), field="type", value=code,
                             type=types[code], parent=parent, parent_type=types[parent])


def _ancestors(code: str, parents: dict[str, str]) -> list[str]:
    """The chain of parents above ``code``; ends with ``code`` itself when there is a loop."""
    chain: list[str] = []
    seen = {code}
    current = parents.get(code)
    while current is not None:
        chain.append(current)
        if current in seen:
            return chain if current == code else []
        seen.add(current)
        current = parents.get(current)
    return chain


SCHEMA = SheetSchema(
    kind="accounts",
    en="Accounts",
    id="Akun",
    aliases=("Chart of accounts", "COA", "Daftar akun", "Bagan akun"),
    books=("ledger",),
    key="code",
    fields=(
        Field("code", "Code", "Kode", Kind.CODE, required=True, unique=True, width=10,
              aliases=("Account code", "Kode akun", "No akun", "Account no"),
              help_en="The account's code, as text (1101, not 1101.0). Unique.",
              help_id="Kode akun, sebagai teks (1101, bukan 1101.0). Unik."),
        Field("name", "Name", "Nama", Kind.TEXT, required=True, width=34,
              aliases=("Account name", "Nama akun"),
              help_en="The account's name.", help_id="Nama akun."),
        Field("type", "Type", "Tipe", Kind.CHOICE, required=True, width=12, choices=ACCOUNT_TYPES,
              aliases=("Jenis", "Account type", "Tipe akun"),
              help_en="asset, liability, equity, income or expense.",
              help_id="aset, liabilitas, ekuitas, pendapatan atau beban."),
        Field("parent", "Parent", "Induk", Kind.CODE, width=10,
              aliases=("Parent account", "Akun induk", "Parent code", "Kode induk"),
              help_en="The code of the account this one is grouped under; blank for a top account.",
              help_id="Kode akun yang membawahi akun ini; kosongkan untuk akun teratas."),
        Field("cash_flow", "Cash flow", "Arus kas", Kind.CHOICE, width=12, choices=CASH_FLOW,
              aliases=("Cash flow category", "Kategori arus kas"),
              help_en="Cash for cash and bank accounts; for others, where their cash flows go: "
                      "operating, investing or financing (blank: operating; financing for "
                      "equity).",
              help_id="Kas untuk akun kas dan bank; untuk akun lain, ke mana arus kasnya "
                      "masuk: operasi, investasi atau pendanaan (kosong: operasi; pendanaan "
                      "untuk ekuitas)."),
    ),
    help_en="The chart of accounts. Post only to accounts that have no sub-accounts.",
    help_id="Bagan akun. Posting hanya ke akun yang tidak punya sub-akun.",
    rules=(_check_parents,),
)
