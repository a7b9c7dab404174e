"""``backoffice report``: one ledger report of a book, as CSV, JSON or a new .xlsx file."""

from __future__ import annotations

import os
from pathlib import Path

import xlsxwriter

from backoffice import reports
from backoffice.arap import reports as arap_reports
from backoffice.books.save import ensure_writable, save_atomically
from backoffice.catalogue import Localized
from backoffice.checking import read_clean
from backoffice.errors import UsageError
from backoffice.formula_text import formula_like


def run_report(path: str, name: str, output: str, options: reports.Options,
               lang: str | None = None, target: str | None = None) -> str | None:
    """The report as text (CSV or JSON), or None when it was written to ``target``."""
    if name.startswith("payroll-"):  # the payroll book's reports (backoffice.payroll.report)
        from backoffice.payroll.report import build_report

        return _deliver(build_report(path, name, options, lang), output, target)
    read = read_clean(path, lang)
    if name == "dashboard":
        from backoffice.dashboard import report_table

        table = report_table(read.data, options)
    elif name in arap_reports.NAMES:  # receivables, payables and tax
        table = arap_reports.build(name, read.data, options, "en")
    else:
        table = reports.build(name, read.data, options, "en")
    return _deliver(table, output, target)


def _deliver(table: reports.Table, output: str, target: str | None) -> str | None:
    if output == "xlsx":
        if target is None:
            raise UsageError(detail=Localized("--format xlsx needs --output FILE.xlsx.",
                                              "--format xlsx memerlukan --output BERKAS.xlsx."))
        _write_xlsx(Path(target), table)
        return None
    text = reports.to_csv(table) if output == "csv" else reports.to_json(table) + "\n"
    if target is not None:
        _save_text(Path(target), text)
        return None
    return text


def _save_text(path: Path, text: str) -> None:
    """Write a CSV or JSON file atomically: a complete new file beside it, flushed, then
    renamed over it (the workbook save also checks its result is a zip, which text is not)."""
    ensure_writable(path)
    temp = path.with_name(f".~backoffice-{os.getpid()}-{path.name}")
    try:
        with open(temp, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _write_xlsx(path: Path, table: reports.Table) -> None:
    import io

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = workbook.add_worksheet(table.name)
    bold = workbook.add_format({"bold": True})
    formats = {"amount": workbook.add_format({"num_format": "#,##0.00;[Red]-#,##0.00"}),
               "date": workbook.add_format({"num_format": "yyyy-mm-dd"})}
    # A text cell is never a formula in .xlsx, but editing it (F2, Enter) would make one of
    # text that begins like a formula: the quote prefix (Excel's hidden apostrophe) keeps it
    # text, and shows it exactly as it is.
    as_text = workbook.add_format({"quote_prefix": True})
    for col, field in enumerate(table.columns):
        sheet.write_string(0, col, field.en, bold)
        sheet.set_column(col, col, field.width, formats.get(field.kind))
    for r, row in enumerate(table.rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            kind = table.columns[c].kind
            if kind == "amount":
                sheet.write_number(r, c, float(value), formats["amount"])  # type: ignore[arg-type]
            elif kind == "date":
                sheet.write_datetime(r, c, value, formats["date"])
            else:
                text = str(value)
                sheet.write_string(r, c, text, as_text if formula_like(text) else None)
    sheet.freeze_panes(1, 0)
    workbook.close()
    save_atomically(path, lambda handle: handle.write(buffer.getvalue()))
