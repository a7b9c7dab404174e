"""``backoffice demo DIR``: the demo company's workbooks, created, checked and posted.

Later capabilities (payroll, stock) add their books here, so the demo always
shows everything backoffice does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from backoffice.arap.taxcodes import seed_rows
from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.compliance import demo as compliance_demo
from backoffice.demo.company import ACCOUNTS, CASH_FLOW, COMPANY, COMPANY_NPWP, FISCAL_YEAR
from backoffice.demo.journal import CUSTOMER_CODES, SUPPLIER_CODES, PayrollMonth, generate_books
from backoffice.demo.stock import make_stock_book
from backoffice.issues import Report
from backoffice.ledger.posting import post, refresh_dashboard
from backoffice.locales import resolve_language
from backoffice.render import summary as report_summary
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema
from backoffice.wording import one_decimal

LEDGER_FILE = "ledger.xlsx"


@dataclass(frozen=True)
class DemoResult:
    """What the demo made: the files, their check reports, a summary, the exit code."""

    paths: tuple[str, ...]
    reports: tuple[Report, ...]
    summary: str

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.reports), default=0)


def ledger_sheets(lang: str, payroll: Mapping[int, PayrollMonth] | None = None
                  ) -> list[SheetRows]:
    """The demo ledger book's sheets: Settings, Accounts, a year of Journal, the bank
    statements' balances, and the documents (Customers, Suppliers, Tax codes, Invoices,
    Bills, Payments) whose entries Post generates. ``payroll``: what each month's payroll
    leaves owing, which the bank pays (the payroll journal itself comes through the store)."""
    settings = {"company": COMPANY, "base_currency": "IDR", "fiscal_year_start": 1,
                "locale": "id-ID", "retained_earnings_account": "3201", "language": lang,
                # receivables, payables and tax
                "pkp": True, "receivables_account": "1201", "payables_account": "2101",
                "sales_account": "4101", "purchases_account": "1301",
                "write_off_account": "6108", "bank_fee_account": "6108",
                "payment_tolerance": 1000, "npwp": COMPANY_NPWP,
                **compliance_demo.LEDGER_SETTINGS}
    accounts = [
        {"code": code, "name": name_id if lang == "id" else name_en, "type": kind,
         "parent": parent, "cash_flow": CASH_FLOW.get(code)}
        for code, name_id, name_en, kind, parent in ACCOUNTS
    ]
    books = generate_books(payroll=payroll)
    journal = books.lines
    # NPWPs are made up (16 digits, as Coretax wants them), one per party.
    customers = [{"code": code, "name": name, "terms": 30, "address": "Bandung",
                  "npwp": f"0{730000000000000 + n * 1_000_111:015d}"}
                 for n, (name, code) in enumerate(CUSTOMER_CODES.items(), start=1)]
    suppliers = [{"code": code, "name": name, "terms": 30, "address": "Jakarta",
                  "npwp": f"0{210000000000000 + n * 1_000_333:015d}"}
                 for n, (name, code) in enumerate(SUPPLIER_CODES.items(), start=1)]
    rows = {"settings": [settings], "accounts": accounts, "journal": journal,
            "balances": bank_statement_balances(journal, lang, books.bank_moves),
            "customers": customers, "suppliers": suppliers, "taxcodes": seed_rows(),
            "invoices": books.invoices, "bills": books.bills, "payments": books.payments}
    compliance = compliance_demo.ledger_sheets(FISCAL_YEAR)  # filings, permits, documents
    kept = {sheet.schema.kind for sheet in compliance}
    # Every sheet of the current ledger template, in its order (the others empty), so the
    # demo is what 'backoffice new ledger' makes and 'backoffice upgrade' has nothing to add;
    # then the compliance calendar's sheets (issue 23), which no template has yet.
    return [*(SheetRows(settings_schema.schema_for("ledger") if schema.kind == "settings"
                        else schema, rows.get(schema.kind, []))
              for schema in REGISTRY.for_book("ledger") if schema.kind not in kept),
            *compliance]


def bank_statement_balances(journal: list[dict[str, object]], lang: str,
                            moves: list[tuple[object, str, int]] = ()) -> list[dict[str, object]]:  # type: ignore[assignment]
    """Quarter-end balances of the bank accounts, as the bank statements show them
    (``moves``: (date, account, amount) of the payments whose entries Post generates)."""
    import datetime as dt

    rows = []
    for account in ("1102", "1103"):
        for month in (3, 6, 9, 12):
            end = dt.date(FISCAL_YEAR, month, 30 if month in (6, 9) else 31)
            total = sum(int(line["debit"] or 0) - int(line["credit"] or 0)  # type: ignore[call-overload]
                        for line in journal if line["account"] == account and line["date"] <= end)
            total += sum(amount for day, where, amount in moves
                         if where == account and day <= end)  # type: ignore[operator]
            note = {"en": f"Bank statement {end:%B %Y}", "id": f"Rekening koran {end:%m/%Y}"}[lang]
            rows.append({"date": end, "account": account, "balance": total, "note": note})
    return rows


def run_demo(directory: str, lang: str | None = None) -> DemoResult:
    """Create the demo company's books in ``directory`` (made if missing), check and post them.

    The books are in ``lang`` (Indonesian by default: the company is Indonesian);
    the summary is in ``lang``, else the environment's language. Existing files
    are never replaced.
    """
    book_lang = lang or "id"
    message_lang = resolve_language(lang, None)
    os.makedirs(directory, exist_ok=True)
    ledger = os.path.join(directory, LEDGER_FILE)
    if os.path.exists(ledger):
        from backoffice.demo.sync_scenario import demo_file_exists

        raise demo_file_exists(ledger)
    started = time.perf_counter()
    # Payroll first: the ledger's bank pays what its months leave owing.
    payroll_path, payroll_run = _payroll(directory, book_lang, message_lang)
    write_new_workbook(ledger, ledger_sheets(book_lang, payroll_owed(payroll_run)), book_lang)
    post(ledger, message_lang)  # the documents' entries, before the first Sync
    from backoffice.demo.sync_scenario import company_sync, run_sync_scenario  # sync (issue 7)

    store = company_sync(directory, ledger, payroll_path)
    posted = post(ledger, message_lang)  # the statements, now with the payroll journal
    report = posted.report
    stock = make_stock_book(directory, book_lang, message_lang)  # office supplies (issue 8)
    from backoffice.demo.bank import write_statements  # a year of bank statements (issue 24)

    statements = write_statements(ledger, os.path.join(directory, "bank"))
    # The bookkeeper's month-end: the statements into the ledger, December reconciled, and
    # a Sync, so the store holds the bank lines before the two people copy the ledger.
    from backoffice.demo.bank import import_and_reconcile
    from backoffice.sync.engine import SyncOptions, sync

    reconciled = import_and_reconcile(ledger, statements, book_lang)
    # The Dashboard was written by the Post before the statements came in: rewrite it so
    # its bank line is the reconciliation the book now has (not a stale or missing one).
    refresh_dashboard(ledger, message_lang)
    sync(ledger, SyncOptions(store.url, "ana"))
    seconds = time.perf_counter() - started
    *lines, done = _summary(directory, report, posted.sheets, message_lang, seconds).split("\n")
    synced = run_sync_scenario(directory, ledger, store, message_lang)[1]
    bank = bank_summary(len(statements), reconciled, message_lang, book_lang)
    summary = "\n".join([*lines, _payroll_summary(payroll_run, message_lang),
                         stock.summary(message_lang), bank, store.summary(message_lang),
                         synced, done])
    return DemoResult((ledger, payroll_path, stock.path),
                      (report, payroll_run.report, stock.run.report), summary)


def bank_summary(count: int, reconciled, lang: str, book_lang: str) -> str:  # type: ignore[no-untyped-def]
    """The demo's bank line: the statements, imported, and December's proof (its sheet
    named in the book's language)."""
    from backoffice.bank.sheet import sheet_name
    from backoffice.bank.wording import amount_text

    proof = reconciled.proof
    sheet = sheet_name(proof.account, book_lang)
    difference = amount_text(proof.difference, proof.currency, lang)
    return {"en": f"  bank/  {count} monthly BCA statements of account {proof.account}, imported "
                  f"into ledger.xlsx; {proof.period} reconciled in {sheet}: "
                  f"{reconciled.proposed} matches proposed, unexplained difference {difference}",
            "id": f"  bank/  {count} mutasi bulanan BCA rekening {proof.account}, diimpor ke "
                  f"ledger.xlsx; {proof.period} direkonsiliasi di {sheet}: "
                  f"{reconciled.proposed} pasangan diusulkan, selisih tak terjelaskan "
                  f"{difference}"}[lang]


def demo_payroll_owed(lang: str = "id") -> dict[int, PayrollMonth]:
    """What the demo payroll leaves owing each month, computed from the demo payroll book
    made in a temporary folder: for scripts that build the demo ledger's sheets alone."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return payroll_owed(_payroll(folder, lang, lang)[1])


def payroll_owed(run) -> dict[int, PayrollMonth]:  # type: ignore[no-untyped-def]
    """Month -> what the payroll book's journal of that month leaves owing (its credits to
    the payables, net of any debit), for the ledger's bank to pay."""
    from backoffice.payroll import journal

    accounts = {k: run.settings.get(k) or v for k, v in journal.DEFAULT_ACCOUNTS.items()}
    owed = {}
    for month in run.periods:
        totals: dict[str, Decimal] = {}
        for line in journal.journal_lines(run.results, month, run.settings, run.lang,
                                          run.data.departments, run.severance):
            totals[line.account] = totals.get(line.account, Decimal(0)) + (
                (line.credit or 0) - (line.debit or 0))

        def owing(key: str, totals: dict[str, Decimal] = totals) -> int:
            return int(totals.get(str(accounts[key]), 0))

        owed[int(month[5:])] = PayrollMonth(owing("salaries_payable_account"),
                                            owing("pph21_payable_account"),
                                            owing("bpjs_payable_account"),
                                            owing("payroll_other_payable_account"))
    return owed


def _payroll(directory: str, book_lang: str, message_lang: str):  # type: ignore[no-untyped-def]
    """The payroll book: the staff's year, run and finalized month by month."""
    from backoffice.demo.payroll import PAYROLL_FILE, payroll_records
    from backoffice.payroll.book import write_payroll_book
    from backoffice.payroll.run import run_payroll

    path = os.path.join(directory, PAYROLL_FILE)
    from backoffice.demo.people import people_records

    records = payroll_records(book_lang)
    people = people_records(book_lang)
    write_payroll_book(path, records["employees"], records["pay_items"], records["timesheet"],
                       records["rules"] + people["rules"], settings=records["settings"],
                       lang=book_lang, contracts=people["contracts"], leave=people["leave"],
                       letters=people["letters"],
                       # the template has a Candidates sheet: without it, the first
                       # 'backoffice upgrade' of the demo's payroll book had work to do
                       candidates=[], leavers=records["leavers"],
                       extra=compliance_demo.payroll_sheets(FISCAL_YEAR))
    return path, run_payroll(path, year=FISCAL_YEAR, finalize=True, lang=message_lang)


def _payroll_summary(run, lang: str) -> str:  # type: ignore[no-untyped-def]
    from backoffice.demo.payroll import PAYROLL_FILE

    gross = sum(r.gross for r in run.results)
    pph = sum(r.pph21 for r in run.results)
    net = sum(r.net_pay for r in run.results)
    if lang == "id":
        def idr(amount: int) -> str:
            return f"{amount:,}".replace(",", ".")

        return (f"  {PAYROLL_FILE}  penggajian {FISCAL_YEAR}: {len(run.results)} slip gaji, bruto "
                f"{idr(gross)}, PPh 21 {idr(pph)}, gaji bersih {idr(net)} (IDR); "
                f"pemeriksaan: {report_summary(run.report, lang)}")
    return (f"  {PAYROLL_FILE}  payroll {FISCAL_YEAR}: {len(run.results)} payslips, gross "
            f"{gross:,}, PPh 21 {pph:,}, net pay {net:,} (IDR); "
            f"check: {report_summary(run.report, lang)}")


def _summary(directory: str, report: Report, posted: tuple[str, ...], lang: str,
             seconds: float) -> str:
    if lang == "id":
        lines = [
            f"Perusahaan demo {COMPANY} (tahun buku {FISCAL_YEAR}) dibuat di {directory}:",
            f"  {LEDGER_FILE}  buku besar: pengaturan, bagan akun, jurnal, faktur, tagihan "
            "dan pembayaran setahun",
            f"Pemeriksaan: {report_summary(report, lang)}",
            f"Diposting: {', '.join(posted) or '-'}.",
            f"Selesai dalam {one_decimal(seconds, lang)} detik. Buka {os.path.join(directory, LEDGER_FILE)} "
            "di Excel atau LibreOffice; setelah mengubahnya, jalankan "
            f"'backoffice check {os.path.join(directory, LEDGER_FILE)}'.",
        ]
    else:
        lines = [
            f"Demo company {COMPANY} (fiscal year {FISCAL_YEAR}) created in {directory}:",
            f"  {LEDGER_FILE}  the ledger book: settings, chart of accounts and a year of "
            "journal, invoices, bills and payments",
            f"Check: {report_summary(report, lang)}",
            f"Posted: {', '.join(posted) or '-'}.",
            f"Done in {seconds:.1f} s. Open {os.path.join(directory, LEDGER_FILE)} in Excel or "
            f"LibreOffice; after editing it, run 'backoffice check "
            f"{os.path.join(directory, LEDGER_FILE)}'.",
        ]
    return "\n".join(lines)
