"""The Reconciliation / Rekonsiliasi Bank sheet: the proof and its open items."""

from __future__ import annotations

from backoffice import money
from backoffice.bank.proof import Proof
from backoffice.books.sheetxml import Column, OutputTable

_FIGURES = (
    ("bank_balance", "Balance per bank", "Saldo menurut bank"),
    ("outstanding_deposits", "Less: deposits in transit (booked, not yet in the bank)",
     "Dikurangi: setoran dalam perjalanan (dibukukan, belum di bank)"),
    ("outstanding_payments", "Add: outstanding payments (booked, not yet through the bank)",
     "Ditambah: pembayaran belum dicairkan (dibukukan, belum lewat bank)"),
    ("unbooked", "Bank lines not in the books (fees, interest, transfers)",
     "Mutasi bank belum dibukukan (biaya, bunga, transfer)"),
    ("book_balance", "Balance per books", "Saldo menurut buku"),
    ("difference", "Unexplained difference (zero when reconciled)",
     "Selisih tak terjelaskan (nol bila cocok)"),
)


def sheet_name(account: str, lang: str) -> str:
    """The proof sheet's name for ``account``."""
    return f"{'Rekonsiliasi Bank' if lang == 'id' else 'Reconciliation'} {account}"


def proof_table(proof: Proof, lang: str) -> tuple[str, OutputTable]:
    """(sheet name, table): the figures, then every open item with its date."""
    en = lang != "id"
    exp = money.exponent(proof.currency)

    def amount(minor: int):  # type: ignore[no-untyped-def]
        return money.from_minor(minor, exp)

    rows: list[list[object]] = [
        [("Account" if en else "Akun"), None, proof.account, None],
        [("Period" if en else "Periode"), None, proof.period, None]]
    for key, label_en, label_id in _FIGURES:
        rows.append([label_en if en else label_id, None, None, amount(getattr(proof, key))])
    rows.append([None, None, None, None])
    rows.append(["Open items" if en else "Pos terbuka", None, None, None])
    for frame, kind_en, kind_id, ref in ((proof.open_postings, "In the books", "Di buku", "pid"),
                                         (proof.open_lines, "On the statement", "Di mutasi",
                                          None)):
        for record in frame.sort("date").iter_rows(named=True):
            text = record["description"] or ""
            rows.append([kind_en if en else kind_id, record["date"],
                         f"{record[ref]} {text}".strip() if ref else text,
                         amount(record["amount"])])
    columns = [Column("Item" if en else "Pos", "text", 58), Column("Date" if en else "Tanggal",
                                                                   "date", 12),
               Column("Reference" if en else "Referensi", "text", 40),
               Column("Amount" if en else "Jumlah", "amount", 18)]
    return sheet_name(proof.account, lang), OutputTable(columns, rows, len(rows))
