"""The people's sheets travel through the store like every other sheet: two clerks' copies
of a payroll book exchange contracts, leave requests and warning letters."""

from __future__ import annotations

import datetime as dt
import shutil

from sync_helpers import edit, run, store_rows, table

from backoffice.checking import check
from backoffice.payroll.book import write_payroll_book

D = dt.date


def test_contracts_leave_and_letters_sync_between_two_payroll_books(tmp_path, store_url):
    a = tmp_path / "a.xlsx"
    write_payroll_book(
        str(a), [{"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
                  "basic": 8000000}],
        contracts=[{"contract": "E1-1", "employee": "E1", "type": "pkwt",
                    "start": D(2025, 1, 1), "end": D(2025, 12, 31)}],
        leave=[{"request": "L1", "employee": "E1", "kind": "sick", "start": D(2025, 2, 3),
                "end": D(2025, 2, 4)}],
        letters=[])
    first = run(a, store_url)
    assert first.exit_code == 0
    assert first.pushed["contracts"] == (1, 0, 0) and first.pushed["leave_requests"] == (1, 0, 0)
    b = tmp_path / "b.xlsx"
    shutil.copy(a, b)
    # Budi extends the contract and records a letter; Ani's copy receives both.
    edit(b, "Contracts", append=[{"Contract": "E1-2", "Employee": "E1",
                                  "Type": "PKWT (fixed term)", "Start": D(2026, 1, 1),
                                  "End": D(2026, 12, 31), "Extends": "E1-1"}])
    edit(b, "Warning letters", append=[{"Letter": "SP-1", "Employee": "E1", "Level": "SP1",
                                        "Date": D(2025, 6, 2)}])
    assert run(b, store_url, user="budi").exit_code == 0
    assert run(a, store_url).exit_code == 0
    contracts = {r["Contract"]: r for r in table(a, "Contracts")}
    assert set(contracts) == {"E1-1", "E1-2"} and contracts["E1-2"]["Extends"] == "E1-1"
    assert contracts["E1-2"]["ID"].startswith("r")
    assert [r["Letter"] for r in table(a, "Warning letters")] == ["SP-1"]
    assert check(str(a)).valid


def test_specific_personal_data_stays_out_of_the_store_unless_the_company_enables_it(
        tmp_path, store_url):
    people = [{"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
               "basic": 8000000, "account": "0123456789"}]
    leave = [{"request": "L1", "employee": "E1", "kind": "sick", "start": D(2025, 2, 3),
              "end": D(2025, 2, 4), "note": "typhus"}]
    a = tmp_path / "a.xlsx"
    write_payroll_book(str(a), people, leave=leave)
    assert run(a, store_url).exit_code == 0
    [employee] = store_rows(store_url, "employees")
    assert employee["name"] == "Ani" and employee["basic"] is None and employee["account"] is None
    [request] = store_rows(store_url, "leave_requests")
    assert request["request"] == "L1" and request["kind"] is None and request["note"] is None
    # The book keeps them, and a second sync changes nothing.
    assert table(a, "Employees")[0]["Basic salary"] == 8000000
    again = run(a, store_url)
    assert again.exit_code == 0 and not any(any(n) for n in again.pushed.values())
    enabled = tmp_path / "enabled.xlsx"
    write_payroll_book(str(enabled), people, leave=leave,
                       settings={"store_specific_personal_data": True})
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    assert run(enabled, other).exit_code == 0
    assert store_rows(other, "employees")[0]["basic"] == 800000000  # minor units
    assert store_rows(other, "leave_requests")[0]["note"] == "typhus"
