"""``backoffice report``: one ledger report of a book, as CSV, JSON or a new .xlsx file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import xlsxwriter

from backoffice.arap import reports as arap_reports
from backoffice.bookkind import require_kind
from backoffice.books.save import TEMP_PREFIX, ensure_writable, save_atomically
from backoffice.catalogue import Localized
from backoffice.checking import read_clean
from backoffice.errors import FileLocked, UsageError
from backoffice.formula_text import formula_like
from backoffice.ledger import reports
from backoffice.ledger.posting import _book_language

#: Reports that are the tax office's XML import files rather than tables.
XML_REPORTS = ("coretax-faktur-xml", "coretax-bupot-unifikasi-xml", "coretax-bupot21-xml")
#: Reports that read a file downloaded from Coretax (--coretax FILE).
CORETAX_INPUT = ("efaktur-input-reconciliation",)


def run_report(path: str, name: str, output: str | None, options: reports.Options,
               lang: str | None = None, target: str | None = None,
               coretax: str | None = None,
               note: Callable[[Localized], None] | None = None) -> str | None:
    """The report as text (CSV, JSON or XML), or None when it was written to ``target``.
    ``output`` None is the report's own format: XML for the Coretax files, else CSV;
    ``note`` hears what a Coretax file leaves out for the user to file by hand."""
    output = _format(name, output)
    payroll_report = name.startswith("payroll-") or name == "coretax-bupot21-xml"
    require_kind(path, "payroll" if payroll_report else "ledger", f"report {name}")
    if (coretax is None) != (name not in CORETAX_INPUT):
        raise UsageError(detail=Localized(
            f"--coretax FILE goes with {', '.join(CORETAX_INPUT)} (and only with it).",
            f"--coretax BERKAS dipakai untuk {', '.join(CORETAX_INPUT)} (dan hanya itu)."))
    if name == "coretax-bupot21-xml":  # the payroll book's monthly PPh 21 slips
        from backoffice.payroll.coretax import build_xml

        return _deliver_xml(build_xml(path, options, lang, note), target)
    if name.startswith("payroll-"):  # the payroll book's reports (backoffice.payroll.report)
        from backoffice.payroll.report import build_report

        return _deliver(build_report(path, name, options, lang), output, target)
    read = read_clean(path, lang)
    # Words the receivables' rows carry (Payment, Invoice) are book content: in the
    # book's language, like its output sheets; the column names stay English for scripts.
    words = _book_language(read.found, read.data.lang)
    if name in XML_REPORTS:
        from backoffice.arap import coretax as coretax_files

        return _deliver_xml(coretax_files.build(name, read.data, options), target)
    if name in CORETAX_INPUT:
        from backoffice.arap import reconcile

        invoices = reconcile.read_download(str(coretax), read.data.settings.get("locale"))
        # Its statuses stay English in every book: tests/test_efaktur_reconciliation.py
        # holds them as the values a script filters on.
        table = reconcile.reconcile(read.data, invoices, options, "en")
    elif name == "dashboard":
        from backoffice.ledger.dashboard import report_table

        table = report_table(read.data, options)
    elif name in arap_reports.NAMES:  # receivables, payables and tax
        table = arap_reports.build(name, read.data, options, words)
    else:
        # The ledger statements' line names (Net income, Total) stay English in every book:
        # scripts find their rows by them (tests/test_post.py, locale independent).
        table = reports.build(name, read.data, options, "en")
    return _deliver(table, output, target)


def _format(name: str, output: str | None) -> str:
    """The output format asked for, checked against what the report can give."""
    own = "xml" if name in XML_REPORTS else "csv"
    if output is None:
        return own
    if (output == "xml") != (own == "xml"):
        can = "XML" if own == "xml" else "CSV, JSON or xlsx"
        raise UsageError(detail=Localized(f"{name} is written as {can}, not {output}.",
                                          f"{name} ditulis sebagai {can}, bukan {output}."))
    return output


def _deliver_xml(data: bytes, target: str | None) -> str | None:
    if target is not None:
        write_file(Path(target), data)
        return None
    return data.decode("utf-8")


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (a temporary file beside it, synced, then
    renamed over it): a CSV, JSON or XML report is never left half-written. Not
    :func:`save_atomically`, which checks that what it wrote is a workbook."""
    ensure_writable(path)
    temp = path.with_name(f"{TEMP_PREFIX}{os.getpid()}-{path.name}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except PermissionError as exc:
        raise FileLocked(path=str(path), detail=Localized(
            "it could not be replaced (open in another program?)",
            "tidak bisa diganti (terbuka di program lain?)")) from exc
    finally:
        temp.unlink(missing_ok=True)


def _deliver(table: reports.Table, output: str, target: str | None) -> str | None:
    if output == "xlsx":
        if target is None:
            raise UsageError(detail=Localized("--format xlsx needs --output FILE.xlsx.",
                                              "--format xlsx memerlukan --output BERKAS.xlsx."))
        _write_xlsx(Path(target), table)
        return None
    text = reports.to_csv(table) if output == "csv" else reports.to_json(table) + "\n"
    if target is not None:
        write_file(Path(target), text.encode("utf-8"))
        return None
    return text



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
