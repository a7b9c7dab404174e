"""What payroll shows: the register, payslips, the bank transfer file, the PPh 21 summary.

Each is a :class:`backoffice.ledger.reports.Table` (English keys for CSV/JSON,
headers in either language), so the same table becomes an output sheet, a CSV
or JSON report.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from backoffice.ledger.reports import Field, Table
from backoffice.payroll.model import Master, MonthResult
from backoffice.payroll.severance import Severance

#: Register columns: key (a MonthResult attribute), English, Indonesian, kind.
REGISTER = (
    ("employee", "Employee", "Karyawan", "text"),
    ("period", "Period", "Periode", "text"),
    ("name", "Name", "Nama", "text"),
    ("department", "Department", "Departemen", "text"),
    ("status", "Status", "Status", "text"),
    ("ptkp", "PTKP status", "Status PTKP", "text"),
    ("salary", "Salary", "Gaji", "amount"),
    ("allowances", "Allowances", "Tunjangan", "amount"),
    ("overtime", "Overtime", "Lembur", "amount"),
    ("bonus", "Bonus", "Bonus", "amount"),
    ("thr", "THR", "THR", "amount"),
    ("commission", "Commission", "Komisi", "amount"),
    ("tax_allowance", "Tax allowance", "Tunjangan pajak", "amount"),
    ("benefit", "Benefits in kind", "Natura", "amount"),
    ("jkk", "JKK (employer)", "JKK (perusahaan)", "amount"),
    ("jkm", "JKM (employer)", "JKM (perusahaan)", "amount"),
    ("kes_employer", "BPJS Kesehatan (employer)", "BPJS Kesehatan (perusahaan)", "amount"),
    ("employer_premium", "Other taxable premiums", "Premi lain kena pajak", "amount"),
    ("gross", "Gross", "Bruto", "amount"),
    ("ter_category", "TER Category", "Kategori TER", "text"),
    ("ter_rate", "TER Rate", "Tarif TER", "number"),
    ("jht_employer", "JHT (employer)", "JHT (perusahaan)", "amount"),
    ("jp_employer", "JP (employer)", "JP (perusahaan)", "amount"),
    ("other_employer", "Other contributions (employer)", "Iuran lain (perusahaan)", "amount"),
    ("jht_employee", "JHT (employee)", "JHT (karyawan)", "amount"),
    ("jp_employee", "JP (employee)", "JP (karyawan)", "amount"),
    ("kes_employee", "BPJS Kesehatan (employee)", "BPJS Kesehatan (karyawan)", "amount"),
    ("other_employee", "Other contributions (employee)", "Iuran lain (karyawan)", "amount"),
    ("employee_pension", "Pension (employee)", "Iuran pensiun (karyawan)", "amount"),
    ("zakat", "Zakat", "Zakat", "amount"),
    ("deduction", "Other deductions", "Potongan lain", "amount"),
    ("pph21", "PPh21", "PPh 21", "amount"),
    ("dtp", "PPh 21 DTP", "PPh 21 DTP", "amount"),
    ("refund", "PPh 21 refunded", "PPh 21 dikembalikan", "amount"),
    ("net_pay", "Net Pay", "Gaji bersih", "amount"),
    ("last_period", "Last period", "Masa terakhir", "text"),
    ("gross_year", "Gross of the year", "Bruto setahun", "amount"),
    ("biaya_jabatan", "Biaya jabatan", "Biaya jabatan", "amount"),
    ("neto", "Net income of the year", "Neto setahun", "amount"),
    ("ptkp_amount", "PTKP", "PTKP", "amount"),
    ("pkp", "PKP", "PKP", "amount"),
    ("pph21_year", "PPh 21 of the year", "PPh 21 setahun", "amount"),
    ("withheld_before", "Withheld before", "Dipotong sebelumnya", "amount"),
    ("currency", "Pay currency", "Mata uang gaji", "text"),
    ("pay_in_currency", "Pay in that currency", "Gaji dalam mata uang itu", "number"),
    ("tax_rate", "Tax rate (KMK)", "Kurs pajak (KMK)", "number"),
    ("tax_rate_kmk", "KMK number", "Nomor KMK", "text"),
)

REGISTER_SHEET = {"en": "Payroll register", "id": "Register gaji"}
JOURNAL_SHEET = {"en": "Payroll journal", "id": "Jurnal gaji"}
PAYSLIP_SHEET = {"en": "Payslips {period}", "id": "Slip gaji {period}"}


def _value(result: MonthResult, key: str, kind: str, lang: str) -> object:
    value = getattr(result, key)
    if key == "last_period":
        return ({"en": "yes", "id": "ya"}[lang]) if value else None
    if key == "status":
        return {"en": {"draft": "draft", "final": "final"},
                "id": {"draft": "draf", "final": "final"}}[lang].get(value, value)
    if kind == "amount":
        return None if value is None else Decimal(value)
    if key in ("currency", "tax_rate_kmk"):
        return value or None  # blank for pay in rupiah
    return value


def register_table(results: Sequence[MonthResult], lang: str = "en") -> Table:
    """The payroll register: one row per employee per month, every component."""
    columns = [Field(key, en, id_, kind, 16 if kind == "amount" else 12)
               for key, en, id_, kind in REGISTER]
    rows = [tuple(_value(r, key, kind, lang) for key, _en, _id, kind in REGISTER)
            for r in results]
    return Table("payroll-register", columns, rows)


_SLIP = {
    "en": {"title": "PAYSLIP", "period": "Period", "employee": "Employee", "department":
           "Department", "earnings": "Earnings", "deductions": "Deductions", "net": "NET PAY",
           "taxable": "Taxable gross (for PPh 21)", "ptkp": "PTKP status / TER category",
           "rate": "TER rate", "annual": "Annual PPh 21 (last period)", "converted":
           "Pay of {amount} {currency} at the tax rate {rate} (KMK {kmk})", "dtp":
           "PPh 21 borne by the government (DTP), paid to you", "refund":
           "PPh 21 over-withheld, refunded to you", "over":
           "PPh 21 over-withheld this year", "dtp_kept":
           "of which borne by the government (DTP), already paid to you: not refunded"},
    "id": {"title": "SLIP GAJI", "period": "Periode", "employee": "Karyawan", "department":
           "Departemen", "earnings": "Pendapatan", "deductions": "Potongan", "net":
           "GAJI BERSIH", "taxable": "Penghasilan bruto (dasar PPh 21)", "ptkp":
           "Status PTKP / kategori TER", "rate": "Tarif TER", "converted":
           "Gaji {amount} {currency} dengan kurs pajak {rate} (KMK {kmk})", "annual":
           "PPh 21 setahun (masa terakhir)", "dtp":
           "PPh 21 ditanggung pemerintah (DTP), dibayarkan kepada Anda", "refund":
           "Kelebihan potong PPh 21, dikembalikan kepada Anda", "over":
           "Kelebihan potong PPh 21 tahun ini", "dtp_kept":
           "bagian yang ditanggung pemerintah (DTP), sudah dibayarkan: tidak dikembalikan"},
}
_EARNINGS = ("salary", "allowances", "overtime", "bonus", "thr", "commission", "tax_allowance")
_DEDUCTIONS = ("jht_employee", "jp_employee", "kes_employee", "other_employee",
               "employee_pension", "zakat", "deduction")
_LABELS = {key: (en, id_) for key, en, id_, _kind in REGISTER}


def payslip_rows(results: Sequence[MonthResult], company: str, lang: str
                 ) -> list[tuple[object, object, object]]:
    """Payslips as rows of (label, detail, amount): one block per employee."""
    text = _SLIP[lang]
    rows: list[tuple[object, object, object]] = []

    def label(key: str) -> str:
        return _LABELS[key][1 if lang == "id" else 0]

    for r in results:
        rows += [(company, text["title"], None), (text["period"], r.period, None),
                 (text["employee"], f"{r.employee} — {r.name}".strip(" —"), None),
                 (text["department"], r.department or "", None),
                 (text["earnings"], None, None)]
        rows += [(None, label(k), Decimal(getattr(r, k))) for k in _EARNINGS if getattr(r, k)]
        rows.append((text["deductions"], None, None))
        rows += [(None, label(k), Decimal(-getattr(r, k))) for k in _DEDUCTIONS if getattr(r, k)]
        if r.pph21 > 0:
            rows.append((None, label("pph21"), Decimal(-r.pph21)))
        elif r.pph21 < 0:
            rows.append((None, text["over" if r.dtp < 0 else "refund"], Decimal(-r.pph21)))
        if r.dtp > 0:
            rows.append((None, text["dtp"], Decimal(r.dtp)))
        elif r.dtp < 0:  # the DTP already paid is never refunded (PMK 72/2025 Ps. 5(5a))
            rows.append((None, text["dtp_kept"], Decimal(r.dtp)))
        rows.append((text["net"], None, Decimal(r.net_pay)))
        rows.append((text["taxable"], None, Decimal(r.gross)))
        rows.append((text["ptkp"], f"{r.ptkp} / {r.ter_category}".strip(" /"), None))
        if r.ter_rate is not None:
            rows.append((text["rate"], f"{r.ter_rate * 100:.2f}%", None))
        if r.currency and r.tax_rate is not None:  # pay in a foreign currency, in rupiah
            rows.append((None, text["converted"].format(
                amount=f"{r.pay_in_currency:,}", currency=r.currency,
                rate=f"{r.tax_rate:,}", kmk=r.tax_rate_kmk or "—"), None))
        if r.last_period and r.pph21_year is not None:
            rows.append((text["annual"], None, Decimal(r.pph21_year)))
        rows.append((None, None, None))
    return rows


def bank_transfers(results: Sequence[MonthResult], masters: dict[str, list[Master]],
                   severance: Sequence[Severance] = ()) -> Table:
    """Net pay per employee with the bank account, for a bank's bulk transfer upload; and
    for each leaver in ``severance``, the severance paid on the last day, net of its tax."""
    columns = [Field("employee", "Employee", "Karyawan"), Field("name", "Name", "Nama"),
               Field("bank", "Bank", "Bank"), Field("account", "Bank account", "No. rekening"),
               Field("amount", "Amount", "Jumlah", "amount"),
               Field("reference", "Reference", "Berita")]
    rows = []
    for r in results:
        if r.net_pay <= 0:
            continue
        master = masters.get(r.employee, [None])[-1]
        rows.append((r.employee, r.name, master.bank if master else "",
                     master.account if master else "", Decimal(r.net_pay), f"GAJI {r.period}"))
    for s in severance:
        first = s.tax[0] if s.tax else None
        if first is None or first.amount - first.tax <= 0:
            continue
        master = masters.get(s.leaver.employee, [None])[-1]
        rows.append((s.leaver.employee, s.leaver.name, master.bank if master else "",
                     master.account if master else "", Decimal(first.amount - first.tax),
                     f"PESANGON {s.leaver.last_day:%Y-%m}"))
    return Table("bank-transfer", columns, rows)


def pph21_summary(results: Sequence[MonthResult]) -> Table:
    """Per month: employees, gross, PPh 21 withheld, DTP and payable, for the monthly filing."""
    columns = [Field("period", "Period", "Periode"),
               Field("employees", "Employees", "Jumlah karyawan", "number"),
               Field("gross", "Gross", "Bruto", "amount"),
               Field("pph21", "PPh 21", "PPh 21", "amount"),
               Field("dtp", "PPh 21 DTP", "PPh 21 DTP", "amount"),
               Field("payable", "PPh 21 payable", "PPh 21 disetor", "amount")]
    by_period: dict[str, list[MonthResult]] = {}
    for r in results:
        by_period.setdefault(r.period, []).append(r)
    rows = [(period, len(rs), Decimal(sum(r.gross for r in rs)),
             Decimal(sum(r.pph21 for r in rs)), Decimal(sum(r.dtp for r in rs)),
             Decimal(sum(r.pph21_payable for r in rs)))
            for period, rs in sorted(by_period.items())]
    return Table("pph21-summary", columns, rows)


def journal_table(lines: Sequence[object], source_of: dict[str, str]) -> Table:
    """Journal lines in the ledger's Journal columns, with their Source block."""
    columns = [Field("date", "Date", "Tanggal", "date", 12),
               Field("entry", "Entry", "No. Bukti", "text", 14),
               Field("account", "Account", "Akun", "text", 10),
               Field("description", "Description", "Keterangan", "text", 44),
               Field("debit", "Debit", "Debit", "amount", 16),
               Field("credit", "Credit", "Kredit", "amount", 16),
               Field("source", "Source", "Sumber", "text", 18)]
    rows = [(line.date, line.entry, line.account, line.description, line.debit,  # type: ignore[attr-defined]
             line.credit, source_of[line.entry])  # type: ignore[attr-defined]
            for line in lines]
    return Table("payroll-journal", columns, rows)
