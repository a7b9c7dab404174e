"""``backoffice report BOOK payroll-register|payroll-bank-transfer|payroll-pph21-summary``.

The payroll reports of a book as tables (CSV or JSON with English keys),
computed as a run would (finalized months from the store, the others as
drafts) without writing anything into the book.
"""

from __future__ import annotations

from backoffice.catalogue import Localized
from backoffice.checking import require_valid
from backoffice.errors import UsageError
from backoffice.ledger.reports import Options, Table
from backoffice.payroll import outputs
from backoffice.payroll.run import compute

REPORTS = ("payroll-register", "payroll-bank-transfer", "payroll-pph21-summary")


def _request(options: Options) -> tuple[str | None, int | None]:
    start, end = options.start, options.end or options.as_of
    if start is None and end is None:
        return None, None  # the year of the latest finalized month, else this year
    day = start or end
    assert day is not None
    if start and end and (start.year, start.month) == (end.year, end.month) and \
            (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        return f"{start.year}-{start.month:02d}", None
    if start and end and start.year != end.year:
        raise UsageError(detail=Localized("a payroll report covers one month or one year.",
                                          "laporan gaji mencakup satu bulan atau satu tahun."))
    return None, day.year


def build_report(path: str, name: str, options: Options, lang: str | None = None) -> Table:
    """The payroll report ``name`` of the book at ``path`` (``--period`` a month or a year)."""
    period, year = _request(options)
    run = compute(path, period, year, lang)
    require_valid(run.report, path)
    if name == "payroll-register":
        return outputs.register_table(run.results, "en")
    if name == "payroll-bank-transfer":
        assert run.data is not None
        return outputs.bank_transfers(run.results, run.data.masters, run.severance)
    return outputs.pph21_summary(run.results)
