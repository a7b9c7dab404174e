"""The demo company's bank statements: a year of BCA CSV downloads for account 1102.

Written from the demo ledger's own postings on 1102 after it is posted, with the
noise a real year has:

* every fourth receipt reaches the bank a day after it was booked (some of them
  across a month end: deposits in transit);
* a monthly administration fee (``BIAYA ADM``) and interest (``BUNGA``) with its
  final tax (``PAJAK BUNGA``, 20 %: PP 131/2000 art. 2(1)) the books lack;
* one supplier transfer booked on 28 May that the bank executed on 4 June — booked
  in the wrong month, outside the matching window, so it stays an open item.

The statements are files (``bank/bca_2025-MM.csv``); :func:`import_and_reconcile`
then does what a bookkeeper does with them: imports the twelve into the ledger's Bank
statement sheet, keeps three rules in its Bank rules sheet (``BIAYA ADM`` → bank
charges, ``BUNGA`` and ``PAJAK BUNGA`` → bank interest income, net of its final tax)
and reconciles December, which proposes a match for every line of the year and writes
the *Rekonsiliasi Bank 1102* sheet. Nothing is confirmed, so nothing is posted: the
proposals wait for the bookkeeper, as they would in her book.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import polars as pl

from backoffice import money
from backoffice.books import open_book
from backoffice.checking import read_book
from backoffice.demo.company import FISCAL_YEAR
from backoffice.ledger.postings import postings_of
from backoffice.months import month_end

ACCOUNT = "1102"
FEE = 1_500_000  # 15,000.00 IDR a month, in minor units
INTEREST_RATE = Decimal("0.005")  # a year, on the month-end balance (a current account)
FINAL_TAX = Decimal("0.20")  # PP 131/2000 art. 2(1): final PPh on savings interest
WRONG_MONTH = (dt.date(FISCAL_YEAR, 5, 28), dt.date(FISCAL_YEAR, 6, 4))


def statement_lines(ledger: str) -> tuple[int, list[tuple[dt.date, str, int]]]:
    """(opening balance, [(date, description, amount)]) of the year, in bank order."""
    with open_book(ledger) as book:
        data = read_book(book).data
    postings = postings_of(data).filter(pl.col("account") == ACCOUNT).sort("date", "row")
    opening = int(postings.filter(pl.col("opening"))["amount"].sum())
    lines: list[tuple[dt.date, str, int]] = []
    moved_one = False
    for n, (day, entry, text, amount) in enumerate(postings.filter(~pl.col("opening")).select(
            "date", "entry", "description", "amount").iter_rows()):
        if amount < 0 and not moved_one and day == WRONG_MONTH[0]:
            day, moved_one = WRONG_MONTH[1], True
        elif amount > 0 and n % 4 == 0:
            day = day + dt.timedelta(days=1)
        words = f"{'TRSF E-BANKING CR' if amount > 0 else 'TRSF E-BANKING DB'} {entry} {text}"
        lines.append((min(day, dt.date(FISCAL_YEAR, 12, 31)), " ".join(words.split())[:80],
                      amount))
    lines.sort(key=lambda line: line[0])
    out: list[tuple[dt.date, str, int]] = []
    balance = opening
    for month in range(1, 13):
        end = month_end(FISCAL_YEAR, month)
        for line in (x for x in lines if x[0].month == month):
            out.append(line)
            balance += line[2]
        interest = int((Decimal(balance) * INTEREST_RATE / 12).to_integral_value()) // 100 * 100
        tax = int((interest * FINAL_TAX).to_integral_value()) // 100 * 100
        for text, amount in (("BUNGA", interest), ("PAJAK BUNGA", -tax), ("BIAYA ADM", -FEE)):
            if amount:
                out.append((end, text, amount))
                balance += amount
    return opening, out


#: The demo's Bank rules: (description contains, account, entry description).
RULES = (("BIAYA ADM", "6108", "Biaya administrasi bank"),
         ("PAJAK BUNGA", "4201", "PPh final atas bunga bank (PP 131/2000)"),
         ("BUNGA", "4201", "Bunga jasa giro"))
PERIOD = f"{FISCAL_YEAR}-12"


def import_and_reconcile(ledger: str, statements: list[str], lang: str | None = None):  # type: ignore[no-untyped-def]
    """Import ``statements`` into ``ledger`` for account 1102, add the demo's Bank rules and
    reconcile December; the :class:`~backoffice.bank.reconciling.ReconcileResult`."""
    import tempfile

    from backoffice.bank.importing import import_statement
    from backoffice.bank.reconciling import reconcile_book
    from backoffice.importing import import_csv

    for path in statements:
        import_statement(ledger, path, ACCOUNT, lang)
    with tempfile.TemporaryDirectory() as folder:  # the rules, as the user imports a CSV
        rules = Path(folder) / "rules.csv"
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["Description contains", "Account", "Entry description"])
        writer.writerows(RULES)
        rules.write_text(text.getvalue(), "utf-8")
        import_csv(ledger, "Bank rules", str(rules), lang, locale="en-US")
    return reconcile_book(ledger, ACCOUNT, PERIOD, lang=lang)


def write_statements(ledger: str, folder: str) -> list[str]:
    """Write the twelve monthly statements as BCA CSV downloads; their paths."""
    opening, lines = statement_lines(ledger)
    Path(folder).mkdir(parents=True, exist_ok=True)
    paths = []
    balance = opening
    for month in range(1, 13):
        start, end = dt.date(FISCAL_YEAR, month, 1), month_end(FISCAL_YEAR, month)
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["No. rekening : 0123456789"])
        writer.writerow(["Nama : PT SINAR ABADI NIAGA"])
        writer.writerow([f"Periode : {start:%d/%m/%Y} - {end:%d/%m/%Y}"])
        writer.writerow(["Kode Mata Uang : Rp"])
        writer.writerow([])
        writer.writerow(["Tanggal Transaksi", "Keterangan", "Cabang", "Jumlah", "", "Saldo"])
        first = balance
        for day, description, amount in (x for x in lines if x[0].month == month):
            balance += amount
            writer.writerow([f"'{day:%d/%m}", description, "0000", _bca(abs(amount)),
                             "CR" if amount > 0 else "DB", _bca(balance)])
        writer.writerow(["Saldo Awal", "=", _bca(first)])
        writer.writerow(["Saldo Akhir", "=", _bca(balance)])
        path = Path(folder) / f"bca_{FISCAL_YEAR}-{month:02d}.csv"
        path.write_text(text.getvalue(), "utf-8")
        paths.append(str(path))
    return paths


def _bca(minor: int) -> str:
    """BCA's notation: 1,500,000.00."""
    return f"{money.from_minor(minor, 2):,.2f}"
