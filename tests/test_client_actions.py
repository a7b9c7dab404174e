"""Hire, personal data, the compliance calendar and the archive as actions (issue 16).

Each gives back an :class:`ActionResult` a spreadsheet button can show: an outcome in
English and Indonesian, the exit code, what was written, and the document the CLI
prints (``text``), which is exactly what the CLI printed before it called the action.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import test_compliance_archive as archive_book
import test_compliance_calendar as calendar_book
import test_hr_hiring as hiring_book

from backoffice import actions
from backoffice.cli import main
from backoffice.errors import ActionRefused


def test_hire_says_who_was_hired_in_both_languages_and_the_cli_prints_it(tmp_path, capsys):
    path = hiring_book.book(tmp_path)
    result = actions.hire(path, actions.HireOptions("K7"))
    assert result.exit_code == 0 and result.report.valid
    assert result.outcome.en == "Hired K7 as E2, contract E2-1."
    assert result.outcome.id == "K7 direkrut sebagai E2, kontrak E2-1."
    assert result.written.rows == {"Employees": 1, "Contracts": 1}
    with pytest.raises(ActionRefused):  # hired already
        actions.hire(path, actions.HireOptions("K7"))
    (tmp_path / "id").mkdir()
    other = hiring_book.book(tmp_path / "id", lang="id")
    assert main(["hire", other, "K7"]) == 0
    assert capsys.readouterr().out == "K7 direkrut sebagai E2, kontrak E2-1.\n"


def test_calendar_says_the_month_in_both_languages_and_writes_the_ics(tmp_path, capsys):
    path = calendar_book.book(tmp_path, lang="id")
    ics = tmp_path / "kalender.ics"
    options = actions.CalendarOptions("2025-04", "2025-04-30", str(ics))
    result = actions.calendar([path], options)
    assert result.exit_code == 0 and result.language == "id"
    assert result.outcome.id == "4 kewajiban jatuh tempo pada 2025-04, 2 terlambat."
    assert result.outcome.en == "4 obligations due in 2025-04, 2 late."
    assert result.written.files == (str(ics),) and ics.exists()
    assert main(["calendar", path, "--month", "2025-04", "--as-of", "2025-04-30",
                 "--ics", str(ics)]) == 0
    assert capsys.readouterr().out == result.text
    nothing = actions.calendar([path], actions.CalendarOptions("2024-03", lang="en"))
    assert nothing.lines() == ["Nothing is due in 2024-03."]
    assert nothing.text == "Nothing is due in 2024-03.\n"


def test_archive_counts_what_is_missing_and_exits_1(make_book, tmp_path, capsys):
    path = archive_book.ledger(make_book, tmp_path)
    result = actions.archive(path, actions.ArchiveOptions("2026-12-03", "id"))
    assert result.exit_code == 1 and result.language == "id"
    assert result.outcome.en == "1 missing from the register, 1 files not there, 1 due for disposal."
    assert result.outcome.id == "1 tidak ada di arsip, 1 berkas tidak ditemukan, 1 boleh dimusnahkan."
    assert main(["archive", str(path), "--as-of", "2026-12-03", "--lang", "id"]) == 1
    assert capsys.readouterr().out == result.text
    english = actions.archive(path, actions.ArchiveOptions(dt.date(2026, 12, 3), "en"))
    assert english.exit_code == 1 and english.language == "en"
    # the type by its label in the book's language (the register's dropdown), not its code
    assert "In the books but not in the register:\n  Sales invoice INV-2" in english.text


@pytest.mark.parametrize("call", [
    lambda p: actions.hire(p, actions.HireOptions("K7"), lambda _line: False),
    lambda p: actions.archive(p, None, lambda _line: False),
    lambda p: actions.personal_data(p, actions.PersonalDataOptions("E1"), lambda _line: False),
    lambda p: actions.calendar([p], actions.CalendarOptions("2025-04"), lambda _line: False),
])
def test_each_can_be_cancelled_before_it_reads(tmp_path, call):
    path = hiring_book.book(tmp_path)
    before = Path(path).read_bytes()
    with pytest.raises(actions.ActionCancelled):
        call(path)
    assert Path(path).read_bytes() == before


def test_personal_data_export_and_erase(tmp_path, capsys):
    path = hiring_book.book(tmp_path)
    result = actions.personal_data(path, actions.PersonalDataOptions("E1"))
    export = json.loads(result.text)
    assert export["sheets"]["Employees"][0]["Employee"] == "E1"
    rows = sum(len(r) for r in export["sheets"].values())
    assert result.outcome.en == f"{rows} rows of E1 from {len(export['sheets'])} sheets of {path}."
    assert result.outcome.id.startswith(f"{rows} baris E1 dari ")
    assert not result.written.anything
    assert main(["personal-data", path, "E1"]) == 0
    assert capsys.readouterr().out == result.text
    with pytest.raises(ActionRefused) as refused:  # still employed: nothing is erased
        actions.personal_data(path, actions.PersonalDataOptions("E1", erase=True))
    assert refused.value.exit_code == 2


def test_settings_set_from_a_csv_says_how_many_and_shows_them(tmp_path, capsys):
    from backoffice.templates import new_book

    book = tmp_path / "ledger.xlsx"
    new_book("ledger", str(book), "en")
    csv_file = tmp_path / "settings.csv"
    csv_file.write_text("Company,PT Maju\nPKP,yes\n", encoding="utf-8")
    result = actions.settings(book, actions.SettingsOptions(csv=str(csv_file), lang="en"))
    assert result.exit_code == 0 and result.written.files == (str(book),)
    assert result.outcome.en == f"Set 2 settings of {book}."
    assert result.outcome.id == f"2 pengaturan {book} diisi."
    shown = actions.settings(book, actions.SettingsOptions("Company"))
    assert shown.lines() == [] and not shown.written.anything and "PT Maju" in shown.text
    assert main(["settings", str(book), "--csv", str(csv_file)]) == 0
    assert capsys.readouterr().out == result.text  # the CLI prints the settings, as before


def test_bank_import_and_reconcile_say_what_they_did_in_both_languages(tmp_path, capsys):
    from test_bank_reconcile import DATA, JOURNAL

    from backoffice.importing import import_csv
    from backoffice.templates import new_book

    path = str(tmp_path / "ledger.xlsx")
    new_book("ledger", path, "en", chart="emkm")
    journal = tmp_path / "journal.csv"
    journal.write_text(JOURNAL)
    assert import_csv(path, "Journal", str(journal)).appended == 10
    imported = actions.bank_import(path, actions.BankImportOptions(
        str(DATA / "mandiri_2026-01.mt940"), "1102"))
    assert imported.exit_code == 0 and imported.written.files == (path,)
    assert imported.outcome.en.startswith(f"{imported.value.appended} new lines of ")
    assert imported.outcome.id.startswith(f"{imported.value.appended} baris baru dari mutasi ")
    again = actions.bank_import(path, actions.BankImportOptions(
        str(DATA / "mandiri_2026-01.mt940"), "1102"))
    assert not again.written.anything and "were already there" in again.outcome.en
    result = actions.bank_reconcile(path, actions.BankReconcileOptions("1102", "2026-01",
                                                                       lang="id"))
    assert result.exit_code == 0 and len(result.written.sheets) == 1
    assert "2 pasangan diusulkan" in result.outcome.id and "2 matches proposed" in result.outcome.en
    assert any("Selisih tak terjelaskan" in line.id and "Unexplained difference" in line.en
               for line in result.details)
    assert main(["bank", "reconcile", path, "--account", "1102", "--period", "2026-01",
                 "--lang", "id"]) == 0
    assert capsys.readouterr().out == "\n".join(result.lines()) + "\n"
