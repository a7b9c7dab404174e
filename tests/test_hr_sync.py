"""The people's sheets travel through the store like every other sheet: two clerks' copies
of a payroll book exchange contracts, leave requests and warning letters."""

from __future__ import annotations

import datetime as dt
import shutil

from sync_helpers import edit, run, table

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
