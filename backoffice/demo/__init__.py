"""``backoffice demo DIR``: the demo company's workbooks, created, checked and posted.

Later capabilities (payroll, stock) add their books here, so the demo always
shows everything backoffice does.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.demo.company import ACCOUNTS, COMPANY, FISCAL_YEAR
from backoffice.demo.journal import generate_journal
from backoffice.errors import UsageError
from backoffice.issues import Report
from backoffice.locales import resolve_language
from backoffice.posting import post
from backoffice.render import summary as report_summary
from backoffice.schemas import REGISTRY

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


def ledger_sheets(lang: str) -> list[SheetRows]:
    """The demo ledger book's sheets: Settings, Accounts and a year of Journal."""
    settings = {"company": COMPANY, "base_currency": "IDR", "fiscal_year_start": 1,
                "locale": "id-ID", "retained_earnings_account": "3201", "language": lang}
    accounts = [
        {"code": code, "name": name_id if lang == "id" else name_en, "type": kind,
         "parent": parent}
        for code, name_id, name_en, kind, parent in ACCOUNTS
    ]
    journal = generate_journal()
    return [
        SheetRows(REGISTRY["settings"], [settings]),
        SheetRows(REGISTRY["accounts"], accounts),
        SheetRows(REGISTRY["journal"], journal),
        SheetRows(REGISTRY["balances"], bank_statement_balances(journal, lang)),
    ]


def bank_statement_balances(journal: list[dict[str, object]], lang: str) -> list[dict[str, object]]:
    """Quarter-end balances of the bank accounts, as the bank statements show them."""
    import datetime as dt

    rows = []
    for account in ("1102", "1103"):
        for month in (3, 6, 9, 12):
            end = dt.date(FISCAL_YEAR, month, 30 if month in (6, 9) else 31)
            total = sum(int(line["debit"] or 0) - int(line["credit"] or 0)  # type: ignore[call-overload]
                        for line in journal if line["account"] == account and line["date"] <= end)
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
        raise UsageError(detail=f"{ledger} already exists; choose an empty folder for the demo")
    started = time.perf_counter()
    write_new_workbook(ledger, ledger_sheets(book_lang), book_lang)
    posted = post(ledger, message_lang)
    report = posted.report
    seconds = time.perf_counter() - started
    summary = _summary(directory, report, posted.sheets, message_lang, seconds)
    from backoffice.demo.sync_scenario import run_sync_scenario  # sync (issue 7)

    summary += "\n" + run_sync_scenario(directory, ledger, message_lang)[1]
    return DemoResult((ledger,), (report,), summary)


def _summary(directory: str, report: Report, posted: tuple[str, ...], lang: str,
             seconds: float) -> str:
    if lang == "id":
        lines = [
            f"Perusahaan demo {COMPANY} (tahun buku {FISCAL_YEAR}) dibuat di {directory}:",
            f"  {LEDGER_FILE}  buku besar: pengaturan, bagan akun, dan jurnal setahun",
            f"Pemeriksaan: {report_summary(report, lang)}",
            f"Diposting: {', '.join(posted) or '-'}.",
            f"Selesai dalam {seconds:.1f} detik. Buka {os.path.join(directory, LEDGER_FILE)} "
            "di Excel atau LibreOffice; setelah mengubahnya, jalankan "
            f"'backoffice check {os.path.join(directory, LEDGER_FILE)}'.",
        ]
    else:
        lines = [
            f"Demo company {COMPANY} (fiscal year {FISCAL_YEAR}) created in {directory}:",
            f"  {LEDGER_FILE}  the ledger book: settings, chart of accounts and a year of journal",
            f"Check: {report_summary(report, lang)}",
            f"Posted: {', '.join(posted) or '-'}.",
            f"Done in {seconds:.1f} s. Open {os.path.join(directory, LEDGER_FILE)} in Excel or "
            f"LibreOffice; after editing it, run 'backoffice check "
            f"{os.path.join(directory, LEDGER_FILE)}'.",
        ]
    return "\n".join(lines)
