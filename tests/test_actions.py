"""The actions layer: every client gets the same result, and the CLI only shows it.

Each test runs an action through ``backoffice.actions`` on a real .xlsx file and
asserts its figures (exit code, outcome in both languages, what was written);
where the CLI runs the same action, its output is exactly the action's lines.
"""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from conftest import ledger

import backoffice
from backoffice import actions
from backoffice.cli import main

D = dt.date(2025, 3, 3)
BALANCED = [[D, "JV-1", "1101", "Sale", 1500, None, None],
            [D, "JV-1", "4101", "Sale", None, 1500, None],
            [dt.date(2025, 3, 9), "JV-2", "5101", "Paper", 200, None, None],
            [dt.date(2025, 3, 9), "JV-2", "1101", "Paper", None, 200, None]]


def test_import_backoffice_gives_the_actions():
    assert backoffice.actions is actions
    assert {"check", "post", "close", "reopen", "revalue", "payroll", "stock", "sync",
            "import_rows", "upgrade", "new", "report"} <= set(actions.__all__)


def test_check_counts_the_problems_and_says_so_in_both_languages(make_book):
    path = make_book(ledger([*BALANCED, [D, "JV-3", "9999", "Unknown", 10, None, None],
                             [D, "JV-3", "4101", "", None, 10, None]]))
    result = actions.check(path, actions.CheckOptions(lang="en", marks=False))
    assert result.exit_code == 1 and result.report is not None and result.show_report
    assert (len(result.report.errors), len(result.report.warnings)) == (1, 0)
    assert result.report.errors[0].value == "9999"
    assert result.outcome.en == (f"{result.report.book}: checked Settings (4), Accounts (6), "
                                 "Journal (6) — 1 error, 0 warnings.")
    assert result.outcome.id.endswith("diperiksa — 1 galat, 0 peringatan.")
    assert not result.written.anything  # no marks asked for
    marked = actions.mark(path, result)
    assert marked.written.files == (str(path),)
    assert "Issues" in openpyxl.load_workbook(path).sheetnames


def test_post_writes_the_sheets_it_names_and_the_cli_prints_its_lines(make_book, tmp_path,
                                                                      capsys):
    path = make_book(ledger(BALANCED))
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    result = actions.post(path, actions.PostOptions(lang="en"))
    assert result.exit_code == 0 and result.report is not None and result.report.valid
    assert result.written.sheets == ("Trial Balance", "General Ledger", "Income Statement",
                                     "Balance Sheet", "Cash Flow", "Dashboard")
    assert result.outcome.en == (f"Posted {path}: wrote Trial Balance, General Ledger, Income "
                                 "Statement, Balance Sheet, Cash Flow, Dashboard.")
    assert result.outcome.id.startswith(f"{path} diposting: ditulis Trial Balance")
    book = openpyxl.load_workbook(path)
    assert set(result.written.sheets) <= set(book.sheetnames)
    trial = list(book["Trial Balance"].iter_rows(min_row=2, values_only=True))
    assert trial[0][:4] == ("1101", "Cash", "IDR", 1300)  # 1,500 in, 200 out
    assert trial[-1][3] == trial[-1][4] == 1500
    # The CLI on the same book prints exactly the action's outcome.
    assert main(["post", str(twin), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [result.outcome.en.replace(str(path),
                                                                              str(twin))]


def test_post_refused_carries_the_report_and_writes_nothing(make_book):
    path = make_book(ledger([[D, "JV-1", "1101", "a", 10, None, None],
                             [D, "JV-1", "4101", "a", None, 9, None]]))
    before = path.read_bytes()
    result = actions.post(path, actions.PostOptions(lang="id"))
    assert result.exit_code == 1 and result.show_report and not result.written.anything
    assert result.lines() == ["Tidak diposting: perbaiki galat di atas lebih dulu."]
    assert result.lines("en") == ["Not posted: fix the errors above first."]
    assert path.read_bytes() == before


def test_progress_hears_each_step_and_can_cancel_before_it(make_book):
    path = make_book(ledger(BALANCED))
    before = path.read_bytes()
    heard = []

    def stop(line):  # noqa: ANN001, ANN202
        heard.append(line.pick("id"))
        return False

    with pytest.raises(actions.ActionCancelled) as cancelled:
        actions.post(path, actions.PostOptions(), stop)
    assert cancelled.value.exit_code == 3
    assert "Dihentikan atas permintaan" in cancelled.value.render("id")
    assert heard == ["memposting buku besar"] and path.read_bytes() == before
    told = []
    result = actions.post(path, actions.PostOptions(), told.append)
    assert result.exit_code == 0 and [line.en for line in told] == ["posting the ledger"]


def test_close_and_reopen_say_what_they_did(make_book, capsys):
    path = make_book(ledger(BALANCED))
    closed = actions.close(path, actions.CloseOptions(period="2025-03", lang="id"))
    assert closed.value == 2 and closed.exit_code == 0  # JV-1 and JV-2 locked
    assert closed.lines() == [f"2025-03 pada {path} ditutup: 2 entri dikunci."]
    assert closed.outcome.en == f"Closed 2025-03 of {path}: 2 entries locked."
    reopened = actions.reopen(path, actions.ReopenOptions("2025-03", "a late invoice"))
    assert reopened.outcome.en == f"Reopened 2025-03 of {path}."
    assert reopened.outcome.id == f"2025-03 pada {path} dibuka kembali."
    with pytest.raises(backoffice.BackofficeError) as wrong:
        actions.close(path, actions.CloseOptions())
    assert wrong.value.exit_code == 2
    assert main(["close", str(path), "--period", "2025-03"]) == 0
    assert capsys.readouterr().out == f"Closed 2025-03 of {path}: 2 entries locked.\n"


def test_new_then_import_appends_rows_and_counts_them(tmp_path):
    book = tmp_path / "new.xlsx"
    made = actions.new(book, actions.NewOptions("ledger", "id", "emkm"))
    assert made.exit_code == 0 and made.written.files == (str(book),)
    assert made.lines() == [f"{book} dibuat: buku besar (ledger) baru dengan bagan akun awal "
                            f"EMKM. Isi, lalu jalankan 'backoffice check {book}'."]
    csv_file = tmp_path / "rows.csv"
    rows = [r for r in openpyxl.load_workbook(book)["Akun"].iter_rows(min_row=2,
                                                                      values_only=True) if r[0]]
    parents = {r[3] for r in rows}
    leaves = [r[0] for r in rows if r[0] not in parents]  # accounts one may post to
    debit, credit = leaves[0], leaves[1]
    csv_file.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                        f"2025-01-02,JV-1,{debit},Modal,1000,\n"
                        f"2025-01-02,JV-1,{credit},Modal,,1000\n", encoding="utf-8")
    result = actions.import_rows(book, actions.ImportOptions("Jurnal", str(csv_file), "en"))
    assert result.exit_code == 0, result.report
    assert result.written.rows == {"Jurnal": 2}
    assert result.outcome.en.startswith(f"Appended 2 rows to Jurnal (rows 2–3) of {book}")
    assert result.outcome.id.startswith("2 baris ditambahkan ke Jurnal (baris 2–3)")


def test_upgrade_of_a_current_book_is_up_to_date(tmp_path):
    book = tmp_path / "new.xlsx"
    actions.new(book, actions.NewOptions("payroll", "en"))
    before = book.read_bytes()
    result = actions.upgrade(book, actions.UpgradeOptions("id"))
    assert result.lines() == [f"{book} sudah mutakhir."] and not result.written.anything
    assert book.read_bytes() == before


def test_sync_tells_its_steps_can_be_cancelled_before_the_store_and_reports_both_languages(
        make_book, tmp_path):
    path = make_book(ledger(BALANCED))
    store = tmp_path / "store.sqlite"
    options = actions.SyncOptions(store=f"sqlite:///{store}", user="ana")
    before = path.read_bytes()
    with pytest.raises(actions.ActionCancelled):
        actions.sync(path, options, lambda line: False)
    assert path.read_bytes() == before and not store.exists()

    class Told(list):
        lang = "id"

        def __call__(self, line):  # noqa: ANN001, ANN204
            self.append(line.pick(self.lang))

    told = Told()
    result = actions.sync(path, options, told)
    assert result.exit_code == 0 and result.value.saved
    assert told.lang == "en"  # the book's language, once Sync read it
    assert told[0] == f"membaca dan memeriksa {path}" and len(told) >= 3
    assert result.outcome.en.startswith(f"Synced {path} with ")
    assert result.outcome.id.startswith(f"{path} disinkronkan dengan ")
    assert len(result.lines("en")) == len(result.lines("id"))
    assert result.written.files == (str(path),)
