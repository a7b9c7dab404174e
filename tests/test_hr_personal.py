"""Personal data (UU 27/2022): flagged in the schemas, and one employee's export leaves the
specific columns out unless asked."""

from __future__ import annotations

import datetime as dt
import json

from backoffice.schemas import REGISTRY

from backoffice.cli import main
from backoffice.hr.personal import export_employee
from backoffice.payroll.book import write_payroll_book

D = dt.date


def test_health_and_financial_columns_are_specific_personal_data():
    specific = {(s.kind, f.key) for s in REGISTRY for f in s.fields if f.personal == "specific"}
    assert {("leave_requests", "kind"), ("leave_requests", "note"), ("employees", "basic"),
            ("employees", "account"), ("candidates", "basic")} <= specific
    assert REGISTRY["employees"].field("name").personal == "general"


def test_one_employees_export_leaves_specific_data_out_unless_asked(tmp_path, capsys):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"),
        [{"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
          "basic": 8000000, "account": "123"},
         {"employee": "E2", "name": "Budi", "from": D(2025, 1, 1), "ptkp": "TK/0",
          "basic": 9000000}],
        contracts=[{"contract": "E1-1", "employee": "E1", "type": "pkwtt", "start": D(2025, 1, 1)},
                   {"contract": "E2-1", "employee": "E2", "type": "pkwtt", "start": D(2025, 1, 1)}],
        leave=[{"request": "L1", "employee": "E1", "kind": "sick", "start": D(2026, 2, 2),
                "end": D(2026, 2, 3), "note": "flu"}])
    plain = export_employee(path, "E1")
    employee = plain["sheets"]["Employees"][0]
    assert (employee["Employee"], employee["Name"], employee["PTKP status"]) == ("E1", "Ani",
                                                                                "TK/0")
    assert "Basic salary" not in plain["sheets"]["Employees"][0]
    assert "Bank account" not in plain["sheets"]["Employees"][0]
    assert plain["sheets"]["Leave"] == [{"Request": "L1", "Employee": "E1", "From": "2026-02-02",
                                         "To": "2026-02-03"}]
    assert plain["sheets"]["Contracts"][0]["Contract"] == "E1-1"
    assert "Kind" in plain["left_out"]["Leave"] and "Basic salary" in plain["left_out"]["Employees"]
    full = export_employee(path, "E1", specific=True)
    assert full["sheets"]["Employees"][0]["Basic salary"] == "8000000.00"
    assert full["sheets"]["Leave"][0]["Kind"] == "sick" and full["left_out"] == {}
    assert all(r.get("Employee") == "E1" for rows in full["sheets"].values() for r in rows)
    assert main(["personal-data", path, "E2"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["sheets"]["Employees"][0]["Name"] == "Budi" and "Leave" not in shown["sheets"]


def test_a_former_employees_rows_are_erased_only_after_the_retention_period(tmp_path):
    import openpyxl
    import pytest

    from backoffice.checking import check
    from backoffice.errors import ActionRefused
    from backoffice.hr.personal import erase_employee
    from backoffice.payroll.run import run_payroll

    path = write_payroll_book(
        str(tmp_path / "b.xlsx"),
        [{"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
          "basic": 8000000, "left": D(2025, 3, 1)},
         {"employee": "E2", "name": "Budi", "from": D(2025, 1, 1), "ptkp": "TK/0",
          "basic": 9000000}],
        contracts=[{"contract": "E1-1", "employee": "E1", "type": "pkwtt", "start": D(2025, 1, 1)},
                   {"contract": "E2-1", "employee": "E2", "type": "pkwtt", "start": D(2025, 1, 1)}])
    run_payroll(path, period="2025-01", finalize=True)
    # Left in 2025: kept through 31 December 2035 (10 years, UU KUP Ps. 28(11)).
    with pytest.raises(ActionRefused, match="2035-12-31"):
        erase_employee(path, "E1", today=D(2035, 12, 31))
    assert main(["personal-data", path, "E1", "--erase"]) == 2  # refused today: kept to 2035
    with pytest.raises(ActionRefused, match="no Left date"):
        erase_employee(path, "E2", today=D(2040, 1, 1))
    emptied = erase_employee(path, "E1", today=D(2036, 1, 1))
    assert emptied == {"Employees": 1, "Contracts": 1, "_backoffice_payroll": 1}
    with pytest.raises(ActionRefused, match="not in this book"):  # no row of E1 is left
        export_employee(path, "E1")
    kept = export_employee(path, "E2", specific=True)["sheets"]
    assert kept["Employees"][0]["Basic salary"] == "9000000.00"
    assert set(kept) == {"Employees", "Contracts", "_backoffice_payroll"}
    assert check(path).valid
    book = openpyxl.load_workbook(path)
    assert [r[0] for r in book["Contracts"].iter_rows(min_row=2, values_only=True) if r[0]] == \
        ["E2-1"]


def test_an_employee_not_in_the_book_is_refused_naming_where_ids_are(tmp_path, capsys):
    """A mistyped id exits 2 with the id and the Employees sheet named, in the book's
    language, and prints no export (before: exit 0 and an empty set of sheets)."""
    import os

    for lang, sheet, says in (("en", "Employees", "not in this book"),
                              ("id", "Karyawan", "tidak ada di buku ini")):
        path = write_payroll_book(
            str(tmp_path / f"b-{lang}.xlsx"),
            [{"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
              "basic": 8000000}], lang=lang)
        before = os.path.getmtime(path), os.path.getsize(path)
        assert main(["personal-data", path, "X1"]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert "X1" in err and sheet in err and says in err, err
        assert (os.path.getmtime(path), os.path.getsize(path)) == before
        assert main(["personal-data", path, "X1", "--erase"]) == 2
        out, err = capsys.readouterr()
        assert "X1" in err and sheet in err and says in err, err
