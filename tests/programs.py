"""Tests that need a system program: skipped with the reason where it is missing, a failure in CI.

README command 2 must pass on a fresh machine that has none of LibreOffice, poppler or
hledger, so such a test is skipped there and says what to install. In CI (``CI=true``)
``.ci/run`` installs them, and a test marked by :func:`needs` that skips fails the run
(tests/pg_required.py), so a missing program can never hide a test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import TypeVar

import pytest

#: What each program is, for the skip reason.
PROGRAMS = {
    "soffice": "LibreOffice (soffice)",
    "pdftotext": "poppler's pdftotext",
    "pdftoppm": "poppler's pdftoppm",
    "hledger": "hledger",
    "node": "Node.js (node)",
}

F = TypeVar("F", bound=Callable[..., object])


def needs(*programs: str) -> Callable[[F], F]:
    """Mark a test as needing ``programs`` on the PATH: skipped with the reason when one is
    missing, and marked ``programs`` so that CI fails instead of skipping."""
    unknown = set(programs) - set(PROGRAMS)
    if unknown:
        raise ValueError(f"no description for {sorted(unknown)}: add it to PROGRAMS")
    missing = [PROGRAMS[p] for p in programs if shutil.which(p) is None]
    reason = (f"{' and '.join(missing)} not installed: the test opens or checks what backoffice "
              f"wrote with it; .ci/run installs it")

    def mark(test: F) -> F:
        test = pytest.mark.programs(*programs)(test)
        return pytest.mark.skipif(bool(missing), reason=reason)(test)

    return mark
