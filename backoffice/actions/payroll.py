"""Payroll: run a month or a year, write the register and payslips, and optionally post."""

from __future__ import annotations

from dataclasses import dataclass, replace

from backoffice.actions.base import ActionResult, BookRef, ProgressCallback, Written, name_of, path_of, step
from backoffice.books import open_book
from backoffice.catalogue import Localized
from backoffice.checking import check_and_read
from backoffice.errors import EXIT_CLEAN, UsageError
from backoffice.months import parse_month
from backoffice.payroll import run
from backoffice.payroll.inputs import read_payroll
from backoffice.wording import grouped


@dataclass(frozen=True)
class PayrollOptions:
    """period (YYYY-MM) or year (YYYY); finalize: store the months for good; post_to: a
    ledger book to post each month's block to; pdf_folder: write PDF payslips there."""

    period: str | None = None
    year: str | None = None
    finalize: bool = False
    post_to: str | None = None
    pdf_folder: str | None = None
    lang: str | None = None


def _idr(amount: int, lang: str) -> str:
    """1,234,567 in English, 1.234.567 in Indonesian."""
    return grouped(amount, lang)


def payroll(book: BookRef, options: PayrollOptions,
            progress: ProgressCallback | None = None) -> ActionResult:
    """Run payroll; refused (exit 1, the report shown) when the book has errors."""
    path = path_of(book)
    name = name_of(book)
    step(progress, "computing payroll", "menghitung penggajian")
    result = run.run_payroll(path, options.period, options.year, options.finalize,
                             options.post_to, options.lang)
    report = result.report
    if not report.valid:
        return ActionResult("payroll", report.exit_code,
                            Localized("Payroll not run: fix the errors above first.",
                                      "Penggajian tidak dijalankan: perbaiki galat di atas "
                                      "lebih dulu."),
                            report=report, show_report=True, language=report.language,
                            value=result)
    months = ", ".join(result.periods)
    count = len(result.results)
    gross = sum(r.gross for r in result.results)
    pph = sum(r.pph21 for r in result.results)
    net = sum(r.net_pay for r in result.results)
    outcome = Localized(
        f"Payroll {months} of {name}: {count:,} payslips; gross {_idr(gross, 'en')}, "
        f"PPh 21 {_idr(pph, 'en')}, net pay {_idr(net, 'en')} (IDR).",
        f"Penggajian {months} {name}: {grouped(count, 'id')} slip gaji; bruto {_idr(gross, 'id')}, "
        f"PPh 21 {_idr(pph, 'id')}, gaji bersih {_idr(net, 'id')} (IDR).")
    details: list[Localized] = []
    if result.finalized:
        done = ", ".join(result.finalized)
        details.append(Localized(f"Finalized: {done}.", f"Final: {done}."))
    files: tuple[str, ...] = ()
    if options.pdf_folder:
        from backoffice.payroll.pdf import payslip_pdfs  # only when asked: it is large

        step(progress, "writing PDF payslips", "menulis slip gaji PDF")
        files = tuple(str(f) for f in payslip_pdfs(
            result.results, str(result.settings.get("company") or ""), result.lang,
            options.pdf_folder))
        details.append(Localized(f"Wrote {len(files):,} PDF payslips to {options.pdf_folder}.",
                                 f"{grouped(len(files), 'id')} slip gaji PDF ditulis ke "
                                 f"{options.pdf_folder}."))
        if result.severance:  # the month's leavers: their termination statements too
            from backoffice.payroll.pdf import statement_pdfs

            statements = tuple(str(f) for f in statement_pdfs(
                result.severance, str(result.settings.get("company") or ""), result.lang,
                options.pdf_folder))
            files += statements
            details.append(Localized(
                f"Wrote {len(statements):,} PDF termination statements.",
                f"{grouped(len(statements), 'id')} surat keterangan PHK PDF ditulis."))
    for month, rows in result.posted.items():
        if month in result.unchanged:  # say why nothing was written
            details.append(Localized(
                f"payroll:{month} in {options.post_to}: unchanged (it already holds these "
                "lines, posted before or brought by Sync).",
                f"payroll:{month} di {options.post_to}: tidak berubah (sudah memuat baris ini, "
                "dari posting sebelumnya atau dari Sync)."))
            continue
        details.append(Localized(f"Posted payroll:{month} to {options.post_to}: {rows} rows.",
                                 f"payroll:{month} diposting ke {options.post_to}: {rows} baris."))
    changed = tuple(f"payroll:{m}" for m in result.posted if m not in result.unchanged)
    blocks = {options.post_to: changed} if options.post_to and changed else {}
    return ActionResult("payroll", EXIT_CLEAN, outcome, tuple(details), report,
                        show_report=bool(report.warnings),
                        written=Written(sheets=tuple(result.sheets), blocks=blocks, files=files),
                        language=report.language, value=result)


def latest_month(book: BookRef) -> str | None:
    """The latest month (YYYY-MM) with pay data in the book: Pay items, Overtime, or a
    stored month; None when there is none (or the book has errors: the run says which)."""
    with open_book(path_of(book)) as opened:
        report, read = check_and_read(opened, None)
    if not report.valid:
        return None
    data = read_payroll(read.data)
    months = {p for _e, p in data.items} | {p for _e, p in data.overtime}
    months |= {p for _e, p in data.foreign_items} | set(data.stored)
    return max(months) if months else None


def payroll_from_menu(book: BookRef, period: str | None = None,
                      progress: ProgressCallback | None = None) -> ActionResult:
    """Run payroll as a menu or a button does on the open book: one month as a draft (no
    finalizing, no posting to a ledger). No ``period`` (an empty answer): the latest month
    with pay data, named in the outcome. A month that is not YYYY-MM raises UsageError
    before anything is computed or written."""
    chosen = (period or "").strip()
    named = ""
    if chosen:
        year, month = parse_month(chosen)  # UsageError: "'x' is not a month like 2026-03."
        chosen = f"{year}-{month:02d}"
    else:
        chosen = latest_month(book) or ""
        if not chosen:
            raise UsageError(detail=Localized(
                "No month with pay data (Pay items, Overtime) in this book: give the month "
                "to run, like 2026-03.",
                "Tidak ada bulan dengan data gaji (Komponen gaji, Lembur) di buku ini: "
                "berikan bulan yang dijalankan, seperti 2026-03."))
        named = chosen
    result = payroll(book, PayrollOptions(period=chosen), progress)
    if result.exit_code != EXIT_CLEAN:  # refused: the report says why
        return result
    name = name_of(book)
    command = f'backoffice payroll "{name}" --period {chosen} --finalize --post-to'
    said = Localized(
        f"A draft: nothing finalized or posted. To finalize or send the journal to the ledger, "
        f"save the book and run: {command} LEDGER.xlsx",
        f"Draf: tidak ada yang difinalkan atau diposting. Untuk memfinalkan atau mengirim "
        f"jurnal ke buku besar, simpan buku lalu jalankan: {command} BUKU-BESAR.xlsx")
    if named:
        said = Localized(
            f"No month given: ran {named}, the latest month with pay data. {said.en}",
            f"Bulan tidak diberikan: {named} dijalankan, bulan terakhir dengan data gaji. "
            f"{said.id}")
    outcome = Localized(f"{result.outcome.en} {said.en}", f"{result.outcome.id} {said.id}")
    return replace(result, outcome=outcome)
