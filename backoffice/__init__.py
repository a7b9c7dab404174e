"""backoffice: Excel, Google Sheets and LibreOffice as the back office's user interface.

The library API; the CLI is a thin layer over it::

    import backoffice
    report = backoffice.check("ledger.xlsx", lang="id")
    report.valid, report.exit_code, report.issues
"""

from __future__ import annotations

from backoffice import engines  # noqa: E402,F401  (registers every engine's rules)
from backoffice.checking import check  # noqa: E402
from backoffice.demo import run_demo  # noqa: E402
from backoffice.errors import BackofficeError  # noqa: E402
from backoffice.issues import Issue, Report  # noqa: E402
from backoffice.version import __version__  # noqa: E402

__all__ = ["BackofficeError", "Issue", "Report", "__version__", "check", "run_demo"]
