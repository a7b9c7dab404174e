"""backoffice: Excel, Google Sheets and LibreOffice as the back office's user interface.

The library API; the CLI is a thin layer over it::

    import backoffice
    report = backoffice.check("ledger.xlsx", lang="id")
    report.valid, report.exit_code, report.issues
    result = backoffice.actions.post("ledger.xlsx", backoffice.actions.PostOptions(lang="id"))
    result.exit_code, result.outcome.pick("id"), result.written.sheets
"""

from __future__ import annotations

from backoffice import (
    actions,  # noqa: E402  (the actions every client calls)
    engines,  # noqa: E402,F401  (registers every engine's rules)
)
from backoffice.checking import check  # noqa: E402
from backoffice.demo import run_demo  # noqa: E402
from backoffice.errors import BackofficeError  # noqa: E402
from backoffice.issues import Issue, Report  # noqa: E402
from backoffice.version import __version__  # noqa: E402

__all__ = ["BackofficeError", "actions", "Issue", "Report", "__version__", "check", "run_demo"]
