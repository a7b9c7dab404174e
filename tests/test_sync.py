"""Sync between books through the store, on SQLite and the real PostgreSQL.

Each test builds real .xlsx books, edits them the way a person does (openpyxl
stands in for Excel's save), runs Sync, and reads back both the books and the
store.
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from backoffice.sync.engine import SyncRefused
from conftest import ACCOUNTS, JOURNAL_HEADER, SETTINGS, Formula, ledger, write_book
from sync_helpers import D, edit, journal_rows, run, store_rows, table

from backoffice.cli import main

ID_SETTINGS = [["Pengaturan", "Nilai"], ["Perusahaan", "PT Uji"], ["Mata uang dasar", "IDR"],
               ["Lokal", "id-ID"], ["Bahasa", "Indonesia"]]


def _two_books(make_book, store_url, *entries):  # type: ignore[no-untyped-def]
    """Book A synced first, then B as a copy of it (two people, one company)."""
    a = make_book(ledger(journal_rows(*entries)), name="a.xlsx")
    assert run(a, store_url).exit_code == 0
    b = a.with_name("b.xlsx")
    shutil.copy(a, b)
    return a, b


def test_first_sync_stamps_ids_pushes_and_a_second_sync_changes_nothing(make_book, store_url):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000), ("JV-2", "more", 5000))))
    first = run(path, store_url)
    assert first.exit_code == 0 and first.stamped == 6 + 4
    assert first.pushed == {"accounts": (6, 0, 0), "journal": (4, 0, 0)}
    ids = [r["ID"] for r in table(path, "Journal")]
    assert len(set(ids)) == 4 and all(i.startswith("r") for i in ids)
    stored = {r["row_id"]: r for r in store_rows(store_url, "journal")}
    assert set(stored) == set(ids)
    assert {(r["entry"], r["account"], r["debit"], r["credit"]) for r in stored.values()} == {
        ("JV-1", "1101", 10000000, None), ("JV-1", "4101", None, 10000000),
        ("JV-2", "1101", 500000, None), ("JV-2", "4101", None, 500000)}
    before = path.read_bytes()
    second = run(path, store_url)
    assert (second.stamped, second.pushed, second.pulled, second.saved) == (0, {}, {}, False)
    assert path.read_bytes() == before
    assert len(store_rows(store_url, "journal")) == 4


def test_changes_flow_both_ways_between_an_english_and_an_indonesian_book(make_book, store_url):
    a = make_book(ledger(journal_rows(("JV-1", "sale", 100000))), name="a.xlsx")
    assert run(a, store_url).exit_code == 0
    # B is typed in Indonesian and pulls everything from the store on its first Sync.
    b = make_book({"Pengaturan": ID_SETTINGS,
                   "Akun": [["Kode", "Nama", "Tipe", "Induk"]],
                   "Jurnal": [["Tanggal", "No. Bukti", "Akun", "Keterangan", "Debit", "Kredit",
                               "Mata Uang"]]}, name="b.xlsx")
    result = run(b, store_url, user="budi")
    assert result.exit_code == 0 and result.pulled == {"accounts": (6, 0, 0), "journal": (2, 0, 0)}
    jurnal = table(b, "Jurnal")
    assert [(r["No. Bukti"], r["Akun"], r["Debit"], r["Kredit"]) for r in jurnal] == [
        ("JV-1", "1101", 100000, None), ("JV-1", "4101", None, 100000)]
    assert {r["Tipe"] for r in table(b, "Akun")} == {"Aset", "Liabilitas", "Pendapatan", "Beban"}
    # Budi fixes a description; Ana adds an entry; both sync; both books agree.
    edit(b, "Jurnal", {0: {"Keterangan": "penjualan tunai"}})
    edit(a, "Journal", append=[
        {"Date": D, "Entry": "JV-2", "Account": "1101", "Description": "fee", "Debit": 2500},
        {"Date": D, "Entry": "JV-2", "Account": "4101", "Description": "fee", "Credit": 2500}])
    assert run(b, store_url, user="budi").pushed == {"journal": (0, 1, 0)}
    result = run(a, store_url)
    assert result.pushed == {"journal": (2, 0, 0)} and result.pulled == {"journal": (0, 1, 0)}
    assert run(b, store_url, user="budi").pulled == {"journal": (2, 0, 0)}
    english = sorted((r["Entry"], r["Account"], r["Description"], r["ID"])
                     for r in table(a, "Journal"))
    indonesian = sorted((r["No. Bukti"], r["Akun"], r["Keterangan"], r["ID"])
                        for r in table(b, "Jurnal"))
    assert english == indonesian and english[0][2] == "penjualan tunai"
    assert main(["check", str(a), "--no-marks"]) == 0
    assert main(["check", str(b), "--no-marks"]) == 0


def test_a_column_a_book_lacks_is_not_managed_by_it(make_book, store_url):
    a = make_book(ledger(journal_rows(("JV-1", "sale", 100000))), name="a.xlsx")
    run(a, store_url)
    edit(a, "Journal", {0: {"Currency": "IDR"}})  # a column B lacks
    narrow = [["Date", "Entry", "Account", "Debit", "Credit"]]
    b = make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": narrow}, name="b.xlsx")
    run(b, store_url, user="budi")
    edit(b, "Journal", {0: {"Debit": 120000}, 1: {"Credit": 120000}})
    assert run(b, store_url, user="budi").pushed == {"journal": (0, 2, 0)}
    stored = {r["account"]: r for r in store_rows(store_url, "journal")}
    assert stored["1101"]["description"] == "sale"  # B has no Description: never pushed blank
    assert stored["1101"]["debit"] == 12000000
    run(a, store_url)
    assert [(r["Description"], r["Debit"]) for r in table(a, "Journal")][0] == ("sale", 120000)


def test_a_row_changed_in_both_books_is_a_conflict_until_the_user_chooses(make_book, store_url):
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100000))
    edit(a, "Accounts", {1: {"Name": "Cash on hand"}})
    edit(b, "Accounts", {1: {"Name": "Petty cash"}})
    assert run(a, store_url).pushed == {"accounts": (0, 1, 0)}
    result = run(b, store_url, user="budi")
    assert result.exit_code == 1 and [c.unit for c in result.conflicts] == ["1101"]
    # Neither side was overwritten: the book keeps its own, the store keeps Ana's.
    assert table(b, "Accounts")[1]["Name"] == "Petty cash"
    assert {r["name"] for r in store_rows(store_url, "accounts") if r["code"] == "1101"} == {
        "Cash on hand"}
    conflicts = table(b, "Conflicts")
    assert [(r["Version"], r["Name"], r["Changed by"]) for r in conflicts] == [
        ("This book", "Petty cash", None), ("Store", "Cash on hand", "ana")]
    assert conflicts[1]["When"] and conflicts[1]["Book"] == "a.xlsx"
    # Not chosen yet: the next Sync reports it again and changes nothing.
    assert len(run(b, store_url, user="budi").conflicts) == 1
    # Budi keeps the store's version.
    book = openpyxl.load_workbook(b)
    book["Conflicts"]["D3"] = "x"
    book.save(b)
    result = run(b, store_url, user="budi")
    assert result.exit_code == 0 and result.pulled == {"accounts": (0, 1, 0)}
    assert table(b, "Accounts")[1]["Name"] == "Cash on hand"
    assert table(b, "Conflicts") == []
    assert run(b, store_url, user="budi").saved is False


def test_keeping_this_books_version_pushes_it_over_the_conflict(make_book, store_url):
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100000))
    edit(a, "Accounts", {1: {"Name": "Cash on hand"}})
    edit(b, "Accounts", {1: {"Name": "Petty cash"}})
    run(a, store_url)
    assert len(run(b, store_url, user="budi").conflicts) == 1
    book = openpyxl.load_workbook(b)
    book["Conflicts"]["D2"] = "x"
    book.save(b)
    assert run(b, store_url, user="budi").pushed == {"accounts": (0, 1, 0)}
    assert run(a, store_url).pulled == {"accounts": (0, 1, 0)}
    assert table(a, "Accounts")[1]["Name"] == "Petty cash"


def test_two_people_editing_different_lines_of_one_entry_is_a_conflict(make_book, store_url):
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100000), ("JV-2", "fee", 500))
    edit(a, "Journal", {0: {"Description": "sale, cash"}})
    edit(b, "Journal", {1: {"Description": "sale, goods"}, 2: {"Description": "bank fee"}})
    run(a, store_url)
    result = run(b, store_url, user="budi")
    assert [c.unit for c in result.conflicts] == ["JV-1"]
    assert result.pushed == {"journal": (0, 1, 0)}  # JV-2 is not in conflict and goes through
    assert sorted(r["Entry"] for r in table(b, "Conflicts")) == ["JV-1"] * 4


def test_one_entry_number_created_in_two_books_is_a_conflict(make_book, store_url):
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100000))
    new = [{"Date": D, "Entry": "JV-9", "Account": "1101", "Debit": 10},
           {"Date": D, "Entry": "JV-9", "Account": "4101", "Credit": 10}]
    edit(a, "Journal", append=[{**r, "Description": "from A"} for r in new])
    edit(b, "Journal", append=[{**r, "Description": "from B"} for r in new])
    run(a, store_url)
    result = run(b, store_url, user="budi")
    assert [c.unit for c in result.conflicts] == ["JV-9"] and result.pushed == {}
    assert sum(1 for r in store_rows(store_url, "journal") if r["entry"] == "JV-9") == 2
    # Syncing again before choosing: still a conflict, still nothing sent (Ana's JV-9 is
    # older than Budi's last Sync, yet it is found through the conflict).
    again = run(b, store_url, user="budi")
    assert [c.unit for c in again.conflicts] == ["JV-9"] and again.pushed == {}
    assert sum(1 for r in store_rows(store_url, "journal") if r["entry"] == "JV-9") == 2
    # Budi keeps the store's JV-9: his own two lines go, Ana's come in; nothing doubles.
    book = openpyxl.load_workbook(b)
    book["Conflicts"]["D4"] = "x"
    book.save(b)
    result = run(b, store_url, user="budi")
    assert result.conflicts == [] and result.pulled == {"journal": (2, 0, 2)}
    assert sorted((r["Entry"], r["Description"]) for r in table(b, "Journal"))[-2:] == [
        ("JV-9", "from A"), ("JV-9", "from A")]
    assert run(b, store_url, user="budi").saved is False


def test_a_deletion_reaches_the_other_book_unless_edited_there(make_book, store_url):
    entries = [(f"JV-{i}", "sale", 100 + i) for i in range(30)]
    a, b = _two_books(make_book, store_url, *entries)
    edit(a, "Journal", delete=[0, 1])  # the whole entry JV-0
    assert run(a, store_url).pushed == {"journal": (0, 0, 2)}
    assert sum(r["deleted"] for r in store_rows(store_url, "journal")) == 2
    assert run(b, store_url, user="budi").pulled == {"journal": (0, 0, 2)}
    assert "JV-0" not in {r["Entry"] for r in table(b, "Journal")}
    # Deleted in A, edited in B meanwhile: a conflict, and B's row stays.
    edit(a, "Journal", delete=[0, 1])  # JV-1
    edit(b, "Journal", {0: {"Description": "still here"}})
    run(a, store_url)
    result = run(b, store_url, user="budi")
    assert [c.unit for c in result.conflicts] == ["JV-1"]
    assert "still here" in {r["Description"] for r in table(b, "Journal")}


def test_deleting_more_than_five_percent_needs_allow_mass_delete(make_book, store_url):
    path = make_book(ledger(journal_rows(*[(f"JV-{i}", "sale", 100) for i in range(10)])))
    run(path, store_url)
    edit(path, "Journal", delete=[0, 1, 2, 3])
    with pytest.raises(SyncRefused) as refused:
        run(path, store_url)
    assert refused.value.code == "sync-mass-delete" and refused.value.exit_code == 1
    assert sum(r["deleted"] for r in store_rows(store_url, "journal")) == 0
    assert run(path, store_url, allow_mass_delete=True).pushed == {"journal": (0, 0, 4)}


def test_a_pasted_row_gets_a_new_id_and_a_sort_without_ids_is_refused(make_book, store_url):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100), ("JV-2", "fee", 7))))
    run(path, store_url)
    rows = table(path, "Journal")
    # Copy both lines of JV-2, ID included, and make them JV-3.
    edit(path, "Journal", append=[{**{k: v for k, v in r.items()}, "Entry": "JV-3"}
                                  for r in rows[2:]])
    result = run(path, store_url)
    assert result.stamped == 2 and result.pushed == {"journal": (2, 0, 0)}
    ids = [r["ID"] for r in table(path, "Journal")]
    assert len(set(ids)) == 6
    # Sort the contents of lines 1 and 3 but not the ID column: refused, nothing moves.
    rows = table(path, "Journal")
    swapped = {0: {k: v for k, v in rows[2].items() if k != "ID"},
               2: {k: v for k, v in rows[0].items() if k != "ID"}}
    edit(path, "Journal", swapped)
    before = path.read_bytes()
    with pytest.raises(SyncRefused) as refused:
        run(path, store_url)
    assert refused.value.code == "sync-sorted" and "rows 2, 4" in refused.value.render("en")
    assert path.read_bytes() == before


def test_rows_that_fail_check_are_held_back_and_listed(make_book, store_url, capsys):
    rows = journal_rows(("JV-1", "sale", 100))
    rows += [[D, "JV-2", "1101", "unbalanced", 50, None, None],
             [D, "JV-2", "4101", "unbalanced", None, 40, None]]
    path = make_book(ledger(rows))
    assert main(["sync", str(path), "--store", store_url, "--user", "ana"]) == 1
    out = capsys.readouterr().out
    assert "held back" in out and "JV-2 does not balance" in out
    assert {r["entry"] for r in store_rows(store_url, "journal")} == {"JV-1"}


def test_text_that_looks_like_a_formula_arrives_as_text(make_book, store_url):
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100))
    edit(a, "Journal", {0: {"Description": "=HYPERLINK(\"http://x\")"},
                        1: {"Description": "+62 811 000"}})
    book = openpyxl.load_workbook(a)
    for cell in book["Journal"]["D"][1:3]:
        cell.data_type = "s"  # typed as text (Excel keeps a leading ' out of the value)
    book.save(a)
    run(a, store_url)
    run(b, store_url, user="budi")
    book = openpyxl.load_workbook(b)
    cells = book["Journal"]["D"][1:3]
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\")", "+62 811 000"]
    assert [c.data_type for c in cells] == ["s", "s"]


def test_sync_from_the_command_line_reports_and_writes_the_store_beside_the_book(make_book,
                                                                              capsys):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    assert main(["sync", str(path), "--user", "ana"]) == 0
    out = capsys.readouterr().out
    assert "sent: Accounts +6 ~0 -0, Journal +2 ~0 -0 (store version 1)" in out
    assert (path.parent / "backoffice-store.sqlite").exists()
    assert main(["store", "status", "--book", str(path)]) == 0
    assert "company pt-uji: version 1; rows: accounts 6, journal 2" in capsys.readouterr().out


def test_headers_in_another_row_and_an_existing_id_column_are_respected(make_book, store_url):
    sheets = ledger(journal_rows(("JV-1", "sale", 100)))
    sheets["Journal"] = [[*JOURNAL_HEADER, "ID"], *sheets["Journal"][1:]]
    path = write_book(make_book(sheets).with_name("c.xlsx"), sheets)
    assert run(path, store_url).stamped == 6 + 2
    assert [r["ID"] for r in table(path, "Journal")][0].startswith("r")


def test_a_formula_cell_pushes_its_value_and_is_never_overwritten_by_a_pull(make_book, store_url):
    rows = journal_rows(("JV-1", "sale", 100))
    rows[0][3] = Formula('="sale "&"cash"', "sale cash")
    a = make_book(ledger(rows), name="a.xlsx")
    run(a, store_url)
    assert {r["description"] for r in store_rows(store_url, "journal")} == {"sale cash", "sale"}
    b = a.with_name("b.xlsx")
    shutil.copy(a, b)
    edit(b, "Journal", {0: {"Description": "typed over"}, 1: {"Description": "other line"}})
    run(b, store_url, user="budi")
    result = run(a, store_url)
    assert [c.unit for c in result.conflicts] == ["JV-1"]
    book = openpyxl.load_workbook(a)
    assert book["Journal"]["D2"].value == '="sale "&"cash"'
    assert book["Journal"]["D3"].value == "other line"  # a plain cell of the entry is pulled


def test_a_row_deleted_in_the_store_but_edited_here_can_be_kept(make_book, store_url):
    a, b = _two_books(make_book, store_url, *[(f"JV-{i}", "sale", 100) for i in range(30)])
    edit(a, "Journal", delete=[0, 1])
    run(a, store_url)
    edit(b, "Journal", {0: {"Description": "keep me"}})
    result = run(b, store_url, user="budi")
    assert [c.unit for c in result.conflicts] == ["JV-0"]
    book = openpyxl.load_workbook(b)
    sheet = book["Conflicts"]
    # The store's side says who deleted the entry's rows, from which book and when.
    store_side = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)
                  if row[2].value == "Store"]
    assert [(r[4], r[5]) for r in store_side] == [("ana (deleted)", "a.xlsx")] * 2
    assert all(r[6].endswith("UTC") and r[7] for r in store_side)
    keep = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "This book")
    sheet.cell(keep, 4).value = "x"
    book.save(b)
    result = run(b, store_url, user="budi")
    assert result.conflicts == [] and result.pushed == {"journal": (0, 2, 0)}
    live = [r for r in store_rows(store_url, "journal") if not r["deleted"]]
    assert "keep me" in {r["description"] for r in live} and len(live) == 60
    assert run(a, store_url).pulled == {"journal": (2, 0, 0)}


def test_a_row_deleted_in_the_store_and_edited_here_can_be_let_go(make_book, store_url):
    """Keeping the store's side of a deletion deletes the edited entry here too."""
    a, b = _two_books(make_book, store_url, *[(f"JV-{i}", "sale", 100) for i in range(30)])
    edit(a, "Journal", delete=[0, 1])
    run(a, store_url)
    edit(b, "Journal", {0: {"Description": "edited"}})
    assert [c.unit for c in run(b, store_url, user="budi").conflicts] == ["JV-0"]
    book = openpyxl.load_workbook(b)
    sheet = book["Conflicts"]
    keep = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "Store")
    sheet.cell(keep, 4).value = "x"
    book.save(b)
    result = run(b, store_url, user="budi")
    assert result.conflicts == [] and result.pulled == {"journal": (0, 0, 2)}
    assert "JV-0" not in {r.get("Entry") for r in table(b, "Journal")}
    assert len([r for r in store_rows(store_url, "journal") if not r["deleted"]]) == 58


def _push_lands_first(monkeypatch, book, url, pushed):  # type: ignore[no-untyped-def]
    """Make the next Sync's push wait for a Sync of ``book`` (Ana's), which must send
    ``pushed``: her push lands between the next Sync's plan and its push."""
    import backoffice.sync.engine as engine

    original = engine.push

    def theirs_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(engine, "push", original)
        assert run(book, url).pushed == pushed
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "push", theirs_first)


def test_one_entry_number_sent_by_two_books_at_once_is_a_conflict(make_book, store_url,
                                                                   monkeypatch):
    """Plans are made outside the company's lock: Budi's Sync plans, then Ana's push lands
    before his. His push finds a row of JV-9 newer than his plan, plans again and gets a
    conflict, instead of adding his JV-9 lines to hers."""
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100000))
    new = [{"Date": D, "Entry": "JV-9", "Account": "1101", "Debit": 10},
           {"Date": D, "Entry": "JV-9", "Account": "4101", "Credit": 10}]
    edit(a, "Journal", append=[{**r, "Description": "from A"} for r in new])
    edit(b, "Journal", append=[{**r, "Description": "from B"} for r in new])
    _push_lands_first(monkeypatch, a, store_url, {"journal": (2, 0, 0)})
    result = run(b, store_url, user="budi")
    assert [c.unit for c in result.conflicts] == ["JV-9"] and result.pushed == {}
    stored = [r for r in store_rows(store_url, "journal") if r["entry"] == "JV-9"]
    assert sorted(r["description"] for r in stored) == ["from A", "from A"]


def test_a_large_first_load_arrives_whole(make_book, store_url):
    """2,400 rows: on PostgreSQL this goes through COPY, in the push's one transaction."""
    path = make_book(ledger(journal_rows(*[(f"JV-{i:04}", f"line {i}", i + 1)
                                           for i in range(1200)])))
    result = run(path, store_url)
    assert result.pushed["journal"] == (2400, 0, 0)
    stored = [r for r in store_rows(store_url, "journal") if r["entry"] == "JV-0042"]
    assert sorted((r["account"], r["debit"], r["credit"], r["date"]) for r in stored) == [
        ("1101", 4300, None, D), ("4101", None, 4300, D)]
    assert run(path, store_url).saved is False


def test_a_book_open_in_excel_is_not_synced(make_book, store_url):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    lock = path.with_name("~$" + path.name)
    lock.write_bytes(b"")
    before = path.read_bytes()
    assert main(["sync", str(path), "--store", store_url]) == 3
    assert path.read_bytes() == before
    lock.unlink()
    assert run(path, store_url).exit_code == 0


def test_sync_adds_the_id_column_with_its_note_to_leave_it_alone(make_book, store_url):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    run(path, store_url)
    sheet = openpyxl.load_workbook(path)["Journal"]
    assert sheet["H1"].value == "ID"
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert "leave it alone" in rules["H2:H1048576"].prompt
    # Typing into it is refused (Excel's "stop" validation; pasting still gets through).
    rule = rules["H2:H1048576"]
    assert (rule.type, rule.formula1) == ("custom", "FALSE()")
    assert rule.errorStyle in (None, "stop")  # stop is OOXML's default
    assert rule.showErrorMessage and "Leave it alone" in rule.error


def test_the_merged_result_is_checked_before_the_push(make_book, store_url):
    """Ana deletes an account; Budi, meanwhile, posts an entry to it: his entry would be
    wrong in the merged books, so it is held back instead of reaching the store."""
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100))
    edit(a, "Accounts", delete=[5])  # 5101 Expenses
    assert run(a, store_url).pushed == {"accounts": (0, 0, 1)}
    edit(b, "Journal", append=[
        {"Date": D, "Entry": "JV-2", "Account": "5101", "Description": "rent", "Debit": 50},
        {"Date": D, "Entry": "JV-2", "Account": "1101", "Description": "rent", "Credit": 50}])
    result = run(b, store_url, user="budi")
    assert result.exit_code == 1 and result.pushed == {}
    assert [(i.code, i.value) for i in result.held] == [("account-unknown", "5101")]
    assert result.pulled == {"accounts": (0, 0, 1)}
    assert "JV-2" not in {r["entry"] for r in store_rows(store_url, "journal")}
    assert main(["check", str(b), "--no-marks"]) == 1  # Budi now sees why, in his book


def test_the_merged_result_holds_when_the_deletion_lands_between_plan_and_push(
        make_book, store_url, monkeypatch):
    """The same as above, but Ana's deletion of 5101 reaches the store after Budi's Sync
    planned and before it pushed: his push sees the store moved, plans again, and holds
    his entry back."""
    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100))
    edit(a, "Accounts", delete=[5])  # 5101 Expenses
    edit(b, "Journal", append=[
        {"Date": D, "Entry": "JV-2", "Account": "5101", "Description": "rent", "Debit": 50},
        {"Date": D, "Entry": "JV-2", "Account": "1101", "Description": "rent", "Credit": 50}])
    _push_lands_first(monkeypatch, a, store_url, {"accounts": (0, 0, 1)})
    result = run(b, store_url, user="budi")
    assert result.exit_code == 1 and result.pushed == {}
    assert [(i.code, i.value) for i in result.held] == [("account-unknown", "5101")]
    assert "JV-2" not in {r["entry"] for r in store_rows(store_url, "journal")}


@pytest.mark.postgresql
def test_a_first_load_into_an_empty_postgresql_table_rebuilds_its_key_and_indexes(make_book,
                                                                                 monkeypatch):
    """The very first rows of a table go in by COPY with its primary key and indexes dropped
    and built again afterwards, and its constant columns given by defaults for the COPY
    only, in the push's transaction; a second company's load, into a table that has rows,
    takes the ordinary path. (COPY is used from 2,000 new rows; the
    threshold is lowered here so a small book takes that path.)"""
    import sqlalchemy as sa
    from backoffice.sync import pushing
    from conftest import drop_postgresql_schema, postgresql_schema_url

    monkeypatch.setattr(pushing, "COPY_FROM", 3)
    schema, url = postgresql_schema_url()
    try:
        first = make_book(ledger(journal_rows(("JV-1", "sale", 100), ("JV-2", "more", 50))),
                          name="first.xlsx")
        assert run(first, url).exit_code == 0
        # Written frozen (COPY FREEZE into the table truncated under its lock).
        assert _pages_not_frozen(url, "sheet_journal") == 0
        other = [["Setting", "Value"], ["Company", "CV Lain"], ["Base currency", "IDR"]]
        second = make_book(ledger(journal_rows(("JV-1", "sale", 70)), settings=other),
                           name="second.xlsx")
        assert run(second, url).exit_code == 0
        rows = store_rows(url, "journal")
        assert sorted((r["company_id"], r["entry"]) for r in rows) == [
            ("cv-lain", "JV-1"), ("cv-lain", "JV-1"), ("pt-uji", "JV-1"), ("pt-uji", "JV-1"),
            ("pt-uji", "JV-2"), ("pt-uji", "JV-2")]
        assert {(r["company_id"], r["version"], r["deleted"], r["changed_by"], r["book"])
                for r in rows} == {("pt-uji", 1, False, "ana", "first.xlsx"),
                                   ("cv-lain", 1, False, "ana", "second.xlsx")}
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            table = next(t for t in inspector.get_table_names() if t.endswith("journal"))
            assert inspector.get_pk_constraint(table)["constrained_columns"] == ["company_id",
                                                                                 "row_id"]
            assert len(inspector.get_indexes(table)) == 2  # by version, by entry
            # The constant columns came from defaults set for the COPY only.
            assert [c["name"] for c in inspector.get_columns(table) if c["default"]] == []
        engine.dispose()
        assert run(first, url).pushed == {}  # and the store still answers a second sync
    finally:
        drop_postgresql_schema(schema)


def _pages_not_frozen(url: str, table: str) -> int:
    """How many pages of ``table`` the visibility map does not mark all-frozen (the
    pg_visibility extension, from PostgreSQL's contrib, created where it is missing)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        schema = connection.exec_driver_sql(
            "SELECT extnamespace::regnamespace::text FROM pg_extension "
            "WHERE extname = 'pg_visibility'").scalar()
        if schema is None:
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
            connection.exec_driver_sql(f"CREATE EXTENSION pg_visibility SCHEMA {schema}")
        pages = connection.exec_driver_sql(
            f"SELECT count(*) FILTER (WHERE NOT all_frozen), count(*) "
            f"FROM {schema}.pg_visibility_map('{table}'::regclass)").one()
    engine.dispose()
    assert pages[1] > 0  # the table has pages at all
    return int(pages[0])


def test_a_book_moved_to_another_store_sends_its_rows_again_without_duplicates(
        make_book, store_url, tmp_path):
    """Two books synced with an old store (a SQLite file) move to a new one (the fixture's):
    the first sends every row again under the same IDs; the second finds them there and
    adopts them (no conflict, no copy); then they sync with each other as before."""
    old = f"sqlite:///{tmp_path / 'old-store.sqlite'}"
    a, b = _two_books(make_book, old, ("JV-1", "sale", 100), ("JV-2", "more", 5))
    ids = [r["ID"] for r in table(a, "Journal")]
    moved = run(a, store_url)
    assert moved.other_store and moved.exit_code == 0
    assert moved.pushed == {"accounts": (6, 0, 0), "journal": (4, 0, 0)}
    assert [r["ID"] for r in table(a, "Journal")] == ids
    second = run(b, store_url, user="budi")
    assert second.other_store and (second.pushed, second.pulled, second.conflicts) == ({}, {}, [])
    assert sorted(r["row_id"] for r in store_rows(store_url, "journal")) == sorted(ids)
    again = run(a, store_url)
    assert not again.other_store and (again.pushed, again.pulled, again.saved) == ({}, {}, False)
    edit(a, "Journal", {0: {"Description": "after the move"}})
    assert run(a, store_url).pushed == {"journal": (0, 1, 0)}
    assert run(b, store_url, user="budi").pulled == {"journal": (0, 1, 0)}
    assert table(b, "Journal")[0]["Description"] == "after the move"


def test_a_sync_says_each_step_when_someone_watches(make_book, store_url, capsys):
    """At a terminal, Sync says what it is doing (a large book takes a minute); in the
    book's language once it is read. Elsewhere (scripts, this test's CLI run) it is silent."""
    import io

    from backoffice.progress import Progress

    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    watched = io.StringIO()
    run(path, store_url, progress=Progress(watched, enabled=True))
    steps = [line.removeprefix("… ").split(" ")[0] for line in watched.getvalue().splitlines()]
    assert steps == ["reading", "opening", "giving", "comparing", "sending", "saving"]
    assert "giving IDs to 8 new rows" in watched.getvalue()  # 6 accounts, 2 journal lines
    assert "sending 8 changed rows" in watched.getvalue()
    b = make_book({"Pengaturan": ID_SETTINGS, "Akun": [["Kode", "Nama", "Tipe", "Induk"]],
                   "Jurnal": [["Tanggal", "No. Bukti", "Akun", "Keterangan", "Debit", "Kredit",
                               "Mata Uang"]]}, name="b.xlsx")
    watched = io.StringIO()
    run(b, store_url, user="budi", progress=Progress(watched, enabled=True))
    assert "menyimpan buku (8 baris diterima)" in watched.getvalue()
    capsys.readouterr()
    edit(path, "Journal", {0: {"Description": "again"}})
    assert main(["sync", str(path), "--store", store_url]) == 0
    assert capsys.readouterr().err == ""


def test_a_book_from_before_store_identities_moved_to_a_new_store_sends_its_rows(
        make_book, store_url, tmp_path):
    """A book whose memory names no store (synced by an older backoffice) is known to come
    from another store when it has seen versions this one never reached."""
    from backoffice.sync.bookedit import SyncWriter
    from backoffice.sync.state import SHEET, read_state, state_table

    old = f"sqlite:///{tmp_path / 'old-store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100))))
    run(path, old)
    state = read_state(str(path))
    state.store = None  # as an older backoffice wrote it
    with SyncWriter(str(path)) as writer:
        writer.write_output_sheet(SHEET, state_table(state), "sync-state", hidden=True)
        writer.save()
    moved = run(path, store_url)
    assert moved.other_store and moved.pushed == {"accounts": (6, 0, 0), "journal": (2, 0, 0)}
    assert run(path, store_url).pushed == {}


def test_a_month_closed_in_one_copy_is_closed_in_all(make_book, store_url):
    """Ana closes January; Budi's copy, which never closed a month, receives the locks on
    its next Sync, so his later change to a January entry is held back instead of
    reaching the store. Ana reopens January: the locks go everywhere, and his change
    goes through."""
    from backoffice.checking import check
    from backoffice.ledger.closing import close_period, reopen_period

    a, b = _two_books(make_book, store_url, ("JV-1", "sale", 100), ("JV-2", "more", 5))
    assert close_period(str(a), "2025-01") == 2
    sent = run(a, store_url)
    assert sent.exit_code == 0 and sent.pushed == {"period-locks": (2, 0, 0)}
    received = run(b, store_url, user="budi")
    assert received.exit_code == 0 and received.pulled == {"period-locks": (2, 0, 0)}
    assert check(str(b)).valid  # the same January: the locks fit Budi's entries
    edit(b, "Journal", {0: {"Description": "late change"}})
    held = run(b, store_url, user="budi")
    assert held.exit_code == 1 and held.pushed == {}
    assert [i.code for i in held.held] == ["closed-period-changed"]
    assert "late change" not in {r["description"] for r in store_rows(store_url, "journal")}

    reopen_period(str(a), "2025-01", "a correction")
    assert run(a, store_url).pushed == {"period-locks": (0, 0, 2)}
    # Budi's book still held the locks when this Sync checked it: the locks go, and his
    # change waits for the next Sync, which checks the book without them.
    after = run(b, store_url, user="budi")
    assert after.pulled == {"period-locks": (0, 0, 2)} and after.pushed == {}
    assert check(str(b)).valid
    again = run(b, store_url, user="budi")
    assert again.exit_code == 0 and again.pushed == {"journal": (0, 1, 0)}
    assert "late change" in {r["description"] for r in store_rows(store_url, "journal")}
