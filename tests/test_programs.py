"""README command 2 on a fresh machine: a test that needs a system program skips with the
reason where the program is missing, and fails the run in CI, where .ci/run installs it."""

from __future__ import annotations

import shutil

import pytest


def _suite(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmarkers =\n    programs: needs system programs\n")
    pytester.makepyfile("""
        from programs import needs

        @needs("soffice", "pdftotext")
        def test_opens_what_we_wrote():
            pass

        def test_plain():
            pass
    """)


def test_a_missing_program_skips_with_the_reason(pytester, monkeypatch):
    _suite(pytester)
    monkeypatch.setenv("PATH", str(pytester.path))  # a fresh machine: neither program
    monkeypatch.delenv("CI", raising=False)
    result = pytester.runpytest("-p", "pg_required", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*LibreOffice (soffice) and poppler's pdftotext not installed*"
                                 ".ci/run installs it*"])


def test_in_ci_a_skipped_program_test_fails_the_run(pytester, monkeypatch):
    _suite(pytester)
    monkeypatch.setenv("PATH", str(pytester.path))
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest("-p", "pg_required")
    result.assert_outcomes(passed=1, errors=1)  # the skip happens at setup: an error, not a pass
    result.stdout.fnmatch_lines(["*in CI (CI=true) .ci/run must have installed it*"])


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="only meaningful where both programs are installed")
def test_where_the_programs_are_installed_the_test_runs(pytester, monkeypatch):
    _suite(pytester)
    monkeypatch.setenv("CI", "true")
    pytester.runpytest("-p", "pg_required").assert_outcomes(passed=2)


def test_an_unknown_program_is_refused_at_collection():
    from programs import needs

    with pytest.raises(ValueError, match="no description"):
        needs("excel")
