"""Hiring: a Candidates row becomes Employees and Contracts rows, on a real workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from backoffice.checking import check
from backoffice.cli import main
from backoffice.errors import ActionRefused
from backoffice.hr.hiring import hire
from backoffice.payroll.book import write_payroll_book

D = dt.date


def book(tmp_path, lang="en"):
    return write_payroll_book(
        str(tmp_path / "b.xlsx"),
        [{"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
          "basic": 8000000}], lang=lang,
        contracts=[{"contract": "E1-1", "employee": "E1", "type": "pkwtt",
                    "start": D(2025, 1, 1)}],
        candidates=[{"candidate": "K7", "name": "Bayu Aji", "position": "Driver",
                     "department": "OPS", "start": D(2026, 2, 2), "type": "pkwt",
                     "end": D(2027, 2, 1), "basic": 5500000, "fixed_allowances": 250000,
                     "ptkp": "K/1", "employee": "E2"},
                    {"candidate": "K8", "name": "Citra", "start": D(2026, 2, 2),
                     "type": "pkwt", "basic": 5000000, "employee": "E3"}])


def test_hiring_writes_the_employee_and_the_contract_without_retyping(tmp_path):
    path = book(tmp_path)
    result = hire(path, "K7")
    assert (result.employee, result.contract) == ("E2", "E2-1")
    wb = openpyxl.load_workbook(path)
    employees = [r for r in wb["Employees"].iter_rows(min_row=2, values_only=True) if r[0]]
    header = [c.value for c in wb["Employees"][1]]
    new = dict(zip(header, employees[-1], strict=False))
    assert (new["Employee"], new["Name"], new["PTKP status"], new["Basic salary"],
            new["Fixed allowances"], new["Position"]) == ("E2", "Bayu Aji", "K/1", 5500000,
                                                          250000, "Driver")
    assert new["From"] == new["Joined"] == dt.datetime(2026, 2, 2)
    contracts = [r for r in wb["Contracts"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert contracts[-1][:5] == ("E2-1", "E2", "PKWT (fixed term)", dt.datetime(2026, 2, 2),
                                 dt.datetime(2027, 2, 1))
    # The book still checks clean, and hiring again is refused: the code links them.
    assert check(path).valid
    with pytest.raises(ActionRefused, match="already in Employees"):
        hire(path, "K7")


def test_an_incomplete_candidate_is_refused_and_nothing_is_written(tmp_path):
    path = book(tmp_path, lang="id")
    before = Path(path).read_bytes()
    with pytest.raises(ActionRefused) as raised:
        hire(path, "K8")
    assert "Kontrak berakhir" in raised.value.render("id")
    with pytest.raises(ActionRefused):
        hire(path, "K9")
    assert Path(path).read_bytes() == before
    assert main(["hire", path, "K7"]) == 0
    assert main(["hire", path, "K7"]) == 2
