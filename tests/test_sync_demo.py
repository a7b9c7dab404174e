"""The demo's Sync: the payroll journal reaches the ledger through the company's store, and
two people edit copies of the ledger book, with one conflict."""

from __future__ import annotations

import openpyxl
from sync_helpers import store_rows, table

from backoffice.demo import run_demo


def test_the_demo_plays_two_people_syncing_with_one_conflict(tmp_path):
    result = run_demo(str(tmp_path), lang="en")
    assert result.exit_code == 0
    assert ("payroll.xlsx sent its 2025 payroll journal (111 rows, no employee's salary), which "
            "ledger.xlsx received (111 rows)") in result.summary
    assert "1 conflict (HPP-2501-001) waits in the Conflicts sheet" in result.summary
    ana, budi = tmp_path / "sync" / "ana.xlsx", tmp_path / "sync" / "budi.xlsx"
    conflicts = table(budi, "Conflicts")
    # Both corrected the entry's first line: each side's version of the entry, first line first.
    firsts = [next(r for r in conflicts if r["Version"] == side) for side in ("This book", "Store")]
    assert [(r["Version"], r["Entry"], r["Description"]) for r in firsts] == [
        ("This book", "HPP-2501-001", "Dikoreksi Budi"), ("Store", "HPP-2501-001", "Dikoreksi Ana")]
    assert {r["Changed by"] for r in conflicts if r["Version"] == "Store"} == {"ana"}
    # Budi's other correction reached Ana; Ana's new entry reached Budi.
    assert "Dikoreksi Budi" in {r["Description"] for r in table(ana, "Journal")}
    assert "DEMO-SYNC-1" in {r["Entry"] for r in table(budi, "Journal")}
    url = f"sqlite:///{tmp_path / 'backoffice-store.sqlite'}"
    live = [r for r in store_rows(url, "journal") if not r["deleted"]]
    ledger = table(tmp_path / "ledger.xlsx", "Journal")
    assert len(live) == len(ledger) + 2  # the ledger's rows and Ana's new entry, once each
    # The payroll journal is in the ledger, one entry a month; the salaries are not.
    payroll = {r["Entry"] for r in ledger if str(r["Source"] or "").startswith("payroll:")}
    assert payroll == {f"PAY-2025-{m:02d}" for m in range(1, 13)}
    sheets = openpyxl.load_workbook(tmp_path / "ledger.xlsx", read_only=True).sheetnames
    assert "Employees" not in sheets and "Employees" in openpyxl.load_workbook(
        tmp_path / "payroll.xlsx", read_only=True).sheetnames
