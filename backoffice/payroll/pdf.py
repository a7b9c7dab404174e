"""Payslips and termination statements as PDF files, through LibreOffice.

Each payslip is first written as a small one-sheet workbook (A4 portrait, the
same rows as the payslip sheet), then all of them are converted by one
headless LibreOffice process with its own profile folder, so it neither
disturbs nor waits for a LibreOffice the user has open.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused
from backoffice.payroll.model import MonthResult
from backoffice.payroll.outputs import payslip_rows
from backoffice.payroll.severance import Severance
from backoffice.payroll.severance_out import statement_rows


def _write_slip(path: Path, result: MonthResult, company: str, lang: str) -> None:
    _write_rows(path, result.period, payslip_rows([result], company, lang))


def _write_rows(path: Path, title: str, rows: Sequence[tuple[object, object, object]]) -> None:
    """A one-sheet A4 workbook of (label, detail, amount) rows, ready for LibreOffice."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0;[Red]-#,##0"})
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 46)
    sheet.set_column(2, 2, 16)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 1)
    for r, (label, detail, amount) in enumerate(rows):
        if label is not None:
            sheet.write_string(r, 0, str(label), bold)
        if detail is not None:
            sheet.write_string(r, 1, str(detail))
        if isinstance(amount, Decimal):
            sheet.write_number(r, 2, int(amount), money)
    workbook.close()


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def slip_name(period: str, employee: str, taken: set[str]) -> str:
    """``payslip-PERIOD-EMPLOYEE`` as a safe file name: an employee code may hold ``/`` or
    other characters no file name can ("K/001"); they become ``_``, and a name already
    taken in this run gets ``-2``, ``-3``… so no payslip overwrites another."""
    return _safe_name(f"payslip-{period}-{employee}", "payslip", taken)


def _safe_name(text: str, fallback: str, taken: set[str]) -> str:
    base = _UNSAFE.sub("_", text).strip(" .") or fallback
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        name = f"{base}-{number}"
    taken.add(name.lower())
    return name


def payslip_pdfs(results: Sequence[MonthResult], company: str, lang: str, folder: str
                 ) -> list[Path]:
    """Write ``payslip-YYYY-MM-EMPLOYEE.pdf`` for each result into ``folder``."""
    soffice = _soffice()
    with tempfile.TemporaryDirectory(prefix="payslips-") as work:
        sources = []
        taken: set[str] = set()
        for result in results:
            path = Path(work) / f"{slip_name(result.period, result.employee, taken)}.xlsx"
            _write_slip(path, result, company, lang)
            sources.append(path)
        return _convert(soffice, work, sources, folder)


def statement_pdfs(results: Sequence[Severance], company: str, lang: str, folder: str
                   ) -> list[Path]:
    """Write ``termination-EMPLOYEE.pdf`` (the termination statement) for each leaver."""
    soffice = _soffice()
    with tempfile.TemporaryDirectory(prefix="statements-") as work:
        sources = []
        taken: set[str] = set()
        for result in results:
            name = _safe_name(f"termination-{result.leaver.employee}", "termination", taken)
            path = Path(work) / f"{name}.xlsx"
            _write_rows(path, result.leaver.last_day.isoformat(),
                        statement_rows([result], company, lang))
            sources.append(path)
        return _convert(soffice, work, sources, folder)


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ActionRefused(
            detail=Localized("PDF payslips need LibreOffice (soffice), which this computer "
                             "does not have.",
                             "Slip gaji PDF memerlukan LibreOffice (soffice), yang tidak ada di "
                             "komputer ini."),
            fix=Localized("Install LibreOffice, or run payroll without --pdf: the month's "
                          "Payslips sheet is in the book.",
                          "Pasang LibreOffice, atau jalankan payroll tanpa --pdf: sheet Slip gaji "
                          "bulan itu ada di buku."))
    return soffice


def _convert(soffice: str, work: str, sources: Sequence[Path], folder: str) -> list[Path]:
    """Convert the workbooks to PDF in ``folder`` with one LibreOffice of its own profile."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    profile = Path(work, "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(target), *map(str, sources)],
                   check=True, capture_output=True, timeout=600)
    return [target / (s.stem + ".pdf") for s in sources]
