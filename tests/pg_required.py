"""A pytest plugin: in CI (``CI=true``) PostgreSQL must answer and the system programs
(tests/programs.py) must be installed, so a skipped test marked ``postgresql`` or
``programs`` is reported as a failure instead of a skip. Loaded by tests/conftest.py."""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or os.environ.get("CI") != "true":
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
    if "postgresql" in item.keywords:
        report.outcome = "failed"
        report.longrepr = (f"a PostgreSQL test was skipped, and in CI (CI=true) PostgreSQL must "
                           f"answer: {reason}")
    elif "programs" in item.keywords:
        report.outcome = "failed"
        report.longrepr = (f"a test that needs a system program was skipped, and in CI (CI=true) "
                           f".ci/run must have installed it: {reason}")
