"""The demo's two-person Sync: two copies of the ledger book, edits on both, one conflict."""

from __future__ import annotations

from sync_helpers import store_rows, table

from backoffice.demo import run_demo


def test_the_demo_plays_two_people_syncing_with_one_conflict(tmp_path):
    result = run_demo(str(tmp_path), lang="en")
    assert result.exit_code == 0
    assert "Ana loaded 2,650 journal rows into the store" in result.summary
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
    url = f"sqlite:///{tmp_path / 'sync' / 'store.sqlite'}"
    assert len([r for r in store_rows(url, "journal") if not r["deleted"]]) == 2652
