"""A year of the demo company's journal and documents, generated deterministically.

Every entry is built as balanced lines in whole rupiah (ints), so the generated
journal balances by construction; Check then proves it from the workbook. The
activity follows a trading company's month: credit and cash sales with their
cost of goods, purchases on 30-day terms, collections and supplier payments,
the bank's payments of payroll (net pay, PPh 21, BPJS: the payroll journal itself
comes from the payroll book, through the store), rent, utilities, depreciation,
loan instalments, bank charges and interest, and the monthly PPN settlement.

Credit sales, returns, purchases, collections and supplier payments are typed as
documents (Invoices, Bills, Payments) rather than journal entries: Post generates
their entries, with the same amounts the journal had when they were typed by hand.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from backoffice.demo.company import CUSTOMERS, FISCAL_YEAR, SUPPLIERS

#: Party codes of the demo's customers and suppliers, in the order company.py lists them.
CUSTOMER_CODES = {name: f"C{i:02d}" for i, name in enumerate(CUSTOMERS, start=1)}
SUPPLIER_CODES = {name: f"S{i:02d}" for i, name in enumerate(SUPPLIERS, start=1)}
#: Customers who pay late, by how many days after the due date: the aging has something to show.
LATE_PAYERS = {"Toko Sinar Harapan": 45, "Koperasi Karyawan Pindad": 20}
#: A disputed invoice that is still unpaid at year end: the first credit sale of August.
DISPUTED_MONTH = 8

Line = dict[str, object]


def _ppn(price: int) -> int:
    """PPN on a non-luxury supply from 2025: 12% of a DPP of 11/12 of the price, i.e. 11%."""
    # price is a multiple of 1,000 rupiah, so 11/100 of it is a whole rupiah.
    return price * 11 // 100


@dataclass
class _Books:
    rng: random.Random
    lines: list[Line] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    # Open documents: (date it will be paid, amount, document number, party code).
    receivables: list[tuple[dt.date, int, str, str]] = field(default_factory=list)
    payables: list[tuple[dt.date, int, str, str]] = field(default_factory=list)
    cash: int = 0
    invoices: list[Line] = field(default_factory=list)
    bills: list[Line] = field(default_factory=list)
    payments: list[Line] = field(default_factory=list)
    bank_moves: list[tuple[dt.date, str, int]] = field(default_factory=list)  # by payments

    def document(self, rows: list[Line], number: str, day: dt.date, party: str,
                 price: int, account: str, description: str, kind: str | None = None,
                 applies_to: str | None = None) -> None:
        """One single-line document with PPN12 (12% × DPP 11/12); an invoice's line is
        goods (A) counted in units (UM.0018), as its tax invoice says."""
        row: Line = {"number": number, "date": day, "party": party, "type": kind,
                     "applies_to": applies_to, "description": description, "quantity": 1,
                     "unit_price": price, "tax_code": "PPN12" if kind != "opening" else None,
                     "account": account}
        if rows is self.invoices:
            row.update(item_kind="A", unit="UM.0018")
        rows.append(row)

    def payment(self, prefix: str, day: dt.date, kind: str, party: str, amount: int,
                document: str) -> None:
        """One payment through Bank BCA settling all that is open of ``document``."""
        self.payments.append({"number": self.number(prefix, day), "date": day, "type": kind,
                              "party": party, "account": "1102", "amount": amount,
                              "document": document})
        self.bank_moves.append((day, "1102", amount if kind == "received" else -amount))

    def number(self, prefix: str, day: dt.date) -> str:
        key = f"{prefix}-{day:%y%m}"
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{key}-{self.counters[key]:03d}"

    def entry(self, prefix: str, day: dt.date, description: str,
              postings: list[tuple[str, int]]) -> str:
        """Add one entry; ``postings`` are (account, amount), debit positive, credit negative."""
        assert sum(amount for _a, amount in postings) == 0, (description, postings)
        voucher = self.number(prefix, day)
        for account, amount in postings:
            if amount == 0:
                continue
            self.lines.append({
                "date": day, "entry": voucher, "account": account, "description": description,
                "debit": amount if amount > 0 else None,
                "credit": -amount if amount < 0 else None,
                "currency": None,
            })
            if account == "1101":
                self.cash += amount
        return voucher


def generate_journal(seed: int = FISCAL_YEAR) -> list[Line]:
    """The demo journal for the fiscal year: a list of rows (field key -> value)."""
    return generate_books(seed).lines


@dataclass(frozen=True)
class PayrollMonth:
    """What a month's payroll journal leaves owing (IDR), which the bank then pays."""

    net: int
    pph21: int
    bpjs: int
    other: int


def generate_books(seed: int = FISCAL_YEAR,
                   payroll: Mapping[int, PayrollMonth] | None = None) -> _Books:
    """The demo year: journal rows, invoices, bills and payments (field key -> value);
    ``payroll`` (month -> amounts owing) adds the bank's payments of the payroll."""
    books = _Books(random.Random(seed))
    _opening(books)
    for month in range(1, 13):
        _month(books, month, (payroll or {}).get(month))
    return books


def _opening(books: _Books) -> None:
    day = dt.date(FISCAL_YEAR, 1, 1)
    books.entry("SA", day, "Saldo awal tahun buku 2025", [
        ("1101", 15_000_000), ("1102", 420_000_000), ("1103", 85_000_000),
        ("1201", 135_000_000), ("1301", 310_000_000), ("1501", 72_000_000),
        ("1502", 260_000_000), ("1509", -96_000_000), ("2101", -118_000_000),
        ("2201", -300_000_000), ("3101", -500_000_000), ("3201", -283_000_000),
    ])
    # The opening balances' open documents (in the entry above already: they post nothing).
    for number, name, amount in (("SA-PJ-01", CUSTOMERS[0], 60_000_000),
                                 ("SA-PJ-02", CUSTOMERS[1], 45_000_000),
                                 ("SA-PJ-03", CUSTOMERS[2], 30_000_000)):
        code = CUSTOMER_CODES[name]
        books.document(books.invoices, number, dt.date(FISCAL_YEAR - 1, 12, 20), code, amount,
                       "4101", "Faktur terbuka saldo awal", kind="opening")
        books.receivables.append((dt.date(FISCAL_YEAR, 1, 20), amount, number, code))
    for number, name, amount in (("SA-PB-01", SUPPLIERS[0], 70_000_000),
                                 ("SA-PB-02", SUPPLIERS[1], 48_000_000)):
        code = SUPPLIER_CODES[name]
        books.document(books.bills, number, dt.date(FISCAL_YEAR - 1, 12, 15), code, amount,
                       "1301", "Tagihan terbuka saldo awal", kind="opening")
        books.payables.append((dt.date(FISCAL_YEAR, 1, 15), amount, number, code))


def _days(year: int, month: int) -> Iterator[dt.date]:
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        date = dt.date(year, month, day)
        if date.weekday() < 6:  # Monday to Saturday, as shops in Bandung work
            yield date


def _month(books: _Books, month: int, owed: PayrollMonth | None) -> None:
    rng = books.rng
    workdays = list(_days(FISCAL_YEAR, month))
    last_day = dt.date(FISCAL_YEAR, month, calendar.monthrange(FISCAL_YEAR, month)[1])
    output_vat = input_vat = cost_of_sales = 0

    for day in sorted(rng.sample(workdays, rng.randint(14, 20))):
        customer = rng.choice(CUSTOMERS)
        price = rng.randrange(2_000, 40_000) * 1_000
        cost = round(price * rng.uniform(0.62, 0.72) / 1_000) * 1_000
        vat = _ppn(price)
        invoice = books.number("PJ", day)
        code = CUSTOMER_CODES[customer]
        books.document(books.invoices, invoice, day, code, price, "4101", "Barang dagangan")
        books.entry("HPP", day, f"Harga pokok {invoice} ke {customer}",
                    [("5101", cost), ("1301", -cost)])
        pays = day + dt.timedelta(days=30 + LATE_PAYERS.get(customer, 0))
        if month == DISPUTED_MONTH and not any(r[2].startswith(f"PJ-{day:%y%m}")
                                               for r in books.receivables):
            pays = dt.date(FISCAL_YEAR + 1, 12, 31)  # disputed: not paid this year
        books.receivables.append((pays, price + vat, invoice, code))
        output_vat += vat
        cost_of_sales += cost

    for day in sorted(rng.sample(workdays, rng.randint(6, 10))):
        price = rng.randrange(500, 5_000) * 1_000
        cost = round(price * rng.uniform(0.64, 0.74) / 1_000) * 1_000
        vat = _ppn(price)
        books.entry("KM", day, "Penjualan tunai di toko", [
            ("1101", price + vat), ("4101", -price), ("2102", -vat),
            ("5101", cost), ("1301", -cost),
        ])
        output_vat += vat
        cost_of_sales += cost

    if month in (4, 9):  # a customer returns damaged goods
        day = rng.choice(workdays)
        price = rng.randrange(500, 2_000) * 1_000
        vat = _ppn(price)
        # The customer pays that much less on its latest open invoice.
        due, amount, invoice, code = books.receivables[-1]
        books.document(books.invoices, books.number("RJ", day), day, code, price, "4102",
                       "Retur barang rusak", kind="credit", applies_to=invoice)
        output_vat -= vat
        books.receivables[-1] = (due, amount - (price + vat), invoice, code)

    # Purchases replace what was sold, in a few orders a month.
    orders = rng.randint(4, 6)
    budget = cost_of_sales + rng.randrange(-20, 40) * 1_000_000
    for day in sorted(rng.sample(workdays, orders)):
        supplier = rng.choice(SUPPLIERS)
        amount = max(5_000_000, budget // orders // 1_000 * 1_000)
        vat = _ppn(amount)
        bill = books.number("PB", day)
        code = SUPPLIER_CODES[supplier]
        books.document(books.bills, bill, day, code, amount, "1301", "Barang dagangan")
        books.payables.append((day + dt.timedelta(days=30), amount + vat, bill, code))
        input_vat += vat

    _settle(books, month, last_day)
    _expenses(books, month, workdays, last_day, owed)
    _ppn_settlement(books, month, output_vat, input_vat)


def _settle(books: _Books, month: int, last_day: dt.date) -> None:
    """Collect receivables and pay payables that fall due this month."""
    due = [r for r in books.receivables if r[0] <= last_day]
    books.receivables = [r for r in books.receivables if r[0] > last_day]
    for day, amount, document, party in due:
        books.payment("BM", _workday(day), "received", party, amount, document)
    for day, amount, document, party in [p for p in books.payables if p[0] <= last_day]:
        books.payment("BK", _workday(day), "paid", party, amount, document)
    books.payables = [p for p in books.payables if p[0] > last_day]


def _workday(day: dt.date) -> dt.date:
    day = min(day, dt.date(FISCAL_YEAR, 12, 31))
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


def _expenses(books: _Books, month: int, workdays: list[dt.date], last_day: dt.date,
              owed: PayrollMonth | None) -> None:
    rng = books.rng
    if month == 1:
        books.entry("BK", dt.date(FISCAL_YEAR, 1, 2), "Sewa gudang dan toko setahun (2025)",
                    [("1402", 120_000_000), ("1102", -120_000_000)])
    books.entry("JM", last_day, "Beban sewa bulan ini", [("6103", 10_000_000), ("1402", -10_000_000)])
    # Payroll: the salaries are journalled by the payroll book (its entry PAY-2025-MM reaches
    # the ledger through the store); the bank pays net pay on the month's last workday, and
    # PPh 21, BPJS and other deductions by the 10th of the next month.
    if owed is not None:
        books.entry("BK", _workday(last_day), "Pembayaran gaji bersih",
                    [("2105", owed.net), ("1102", -owed.net)])
        if month < 12:
            tenth = _workday(dt.date(FISCAL_YEAR, month + 1, 10))
            books.entry("BK", tenth, "Setoran PPh 21, iuran BPJS dan potongan gaji", [
                ("2103", owed.pph21), ("2104", owed.bpjs), ("2106", owed.other),
                ("1102", -(owed.pph21 + owed.bpjs + owed.other)),
            ])
    utilities = rng.randrange(3_200, 4_100) * 1_000
    books.entry("BK", _workday(dt.date(FISCAL_YEAR, month, 20)), "Listrik, air dan telepon",
                [("6104", utilities), ("1102", -utilities)])
    for day in sorted(rng.sample(workdays, 6)):
        amount = rng.randrange(150, 900) * 1_000
        what = rng.choice((("6105", "Bensin dan tol pengiriman"), ("6105", "Ongkos kirim barang"),
                           ("6106", "Alat tulis dan perlengkapan kantor")))
        books.entry("KK", day, what[1], [(what[0], amount), ("1101", -amount)])
    for day in workdays[5::6]:  # deposit surplus cash about weekly
        if books.cash > 10_000_000:
            amount = (books.cash - 5_000_000) // 1_000_000 * 1_000_000
            books.entry("KK", day, "Setor kas ke Bank BCA", [("1102", amount), ("1101", -amount)])
    books.entry("JM", last_day, "Penyusutan aset tetap", [("6107", 4_250_000), ("1509", -4_250_000)])
    interest = 300_000_000 - 12_500_000 * (month - 1)
    interest = interest * 9 // 100 // 12 // 1_000 * 1_000
    books.entry("BK", _workday(dt.date(FISCAL_YEAR, month, 5)), "Angsuran pinjaman bank",
                [("2201", 12_500_000), ("6109", interest), ("1102", -(12_500_000 + interest))])
    books.entry("BK", last_day, "Biaya administrasi bank", [("6108", 150_000), ("1102", -150_000)])
    earned = rng.randrange(400, 900) * 1_000
    books.entry("BM", last_day, "Jasa giro Bank Mandiri", [("1103", earned), ("4201", -earned)])


def _ppn_settlement(books: _Books, month: int, output_vat: int, input_vat: int) -> None:
    """Pay the month's PPN (output less input) by the end of the next month."""
    if month == 12 or output_vat <= input_vat:
        return
    day = _workday(dt.date(FISCAL_YEAR, month + 1, 28))
    books.entry("BK", day, f"Setoran PPN masa {month:02d}/{FISCAL_YEAR}", [
        ("2102", output_vat), ("1401", -input_vat), ("1102", -(output_vat - input_vat)),
    ])
