"""A pytest plugin: in CI (``CI=true``) PostgreSQL must answer, so a skipped test marked
``postgresql`` is reported as a failure instead of a skip. Loaded by tests/conftest.py."""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true" and "postgresql" in item.keywords:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (f"a PostgreSQL test was skipped, and in CI (CI=true) PostgreSQL must "
                           f"answer: {reason}")
