"""Payroll runs: bad input with cell addresses, drafts and finalized months, the journal,
the generic pack, the rule pack's dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from programs import needs

from backoffice.books.writer import WorkbookWriter
from backoffice.checking import check
from backoffice.cli import main
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.journal import journal_lines, source
from backoffice.payroll.rules import RulePack, RulesNotCovered, load_pack
from backoffice.payroll.run import MonthFinalized, run_payroll


def employee(code="E1", **fields):
    row = {"employee": code, "name": f"Name {code}", "from": dt.date(2025, 1, 1), "ptkp": "TK/0",
           "basic": 8000000, "fixed_allowances": 2000000, "department": "OPS"}
    row.update(fields)
    return row


def flat(report):
    return report.flatten("code", "sheet", "cell", "value")


# -- bad input -------------------------------------------------------------------------------

def test_unknown_ptkp_status_is_an_error_at_its_cell(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(ptkp="K/4"),
                                                         employee("E2", ptkp="k/1")])
    report = check(path)
    assert ("payroll-ptkp-unknown", "Employees", "F2", "K/4") in flat(report)
    assert not any(i.row == 3 for i in report.issues)  # "k/1" is K/1
    message, _fix = report.issues[0].message("id")
    assert "Status PTKP 'K/4'" in message
    run = run_payroll(path, period="2025-01")
    assert not run.report.valid and not run.results and not run.sheets


def test_timesheet_and_pay_items_for_an_unknown_employee(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee()],
        timesheet=[{"date": dt.date(2025, 1, 6), "employee": "E9", "day_type": "workday",
                    "hours": 2}],
        pay_items=[{"date": dt.date(2025, 1, 6), "employee": "X", "item": "bonus",
                    "amount": 5}])
    issues = flat(check(path))
    assert ("payroll-employee-unknown", "Timesheet", "B2", "E9") in issues
    assert ("payroll-employee-unknown", "Pay items", "B2", "X") in issues


def test_overtime_beyond_the_daily_limit_is_a_warning_and_is_still_paid(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(basic=5190000, fixed_allowances=0, auto_bpjs=False)],
        timesheet=[{"date": dt.date(2025, 1, 6), "employee": "E1", "day_type": "workday",
                    "hours": 5}])
    report = check(path)
    assert flat(report) == [("payroll-overtime-over-limit", "Timesheet", "D2", "5")]
    assert report.valid
    run = run_payroll(path, period="2025-01")
    # 1.5 + 2 + 2 + 2 (limit) + 2 (beyond, last multiplier) = 9.5 units x 30,000
    assert run.results[0].overtime == 285000


def test_a_date_before_the_rule_pack_is_refused_at_its_cell_and_by_the_run(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(**{"from": dt.date(2023, 7, 1)})])
    assert ("payroll-period-before-rules", "Employees", "C2", "2023-07-01") in flat(check(path))
    ok = write_payroll_book(str(tmp_path / "ok.xlsx"), [employee()])
    with pytest.raises(RulesNotCovered) as raised:
        run_payroll(ok, period="2023-12")
    assert "2024-01-01" in str(raised.value)
    assert main(["payroll", ok, "--period", "2023-12"]) == 2


def test_a_daily_worker_is_refused_with_a_clear_message(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(type="daily")])
    report = check(path)
    assert flat(report) == [("payroll-daily-not-supported", "Employees", "E2", "E1")]
    assert "TER harian" in report.issues[0].message("id")[0]
    assert "Tidak tetap, dibayar bulanan" in report.issues[0].message("id")[1]


def test_a_non_permanent_worker_paid_monthly_gets_ter_every_month(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee("P", auto_bpjs=False), employee("M", auto_bpjs=False, type="monthly")])
    december = {r.employee: r for r in run_payroll(path, year=2025).results
                if r.period == "2025-12"}
    assert december["M"].pph21 == 200000 and not december["M"].last_period
    assert december["P"].last_period and december["P"].pph21 == 800000


def test_other_bad_input(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(), employee(basic=9000000)],
        pay_items=[{"date": dt.date(2025, 1, 6), "employee": "E1", "item": "bonus"},
                   {"date": dt.date(2025, 1, 6), "employee": "E1", "item": "bonus",
                    "amount": Decimal("10.50")}],
        rules=[{"from": dt.date(2025, 1, 1), "rule": "jkk_class", "value": 7}],
        opening=[{"employee": "E1", "year": 2025, "gross": 10, "pph21": 1}])
    issues = flat(check(path))
    assert ("payroll-employee-duplicate", "Employees", "C3", "E1") in issues
    assert ("payroll-amount-missing", "Pay items", "D2", None) in issues
    assert ("payroll-amount-not-whole", "Pay items", "D3", "10.50") in issues
    assert ("payroll-rule-value-invalid", "Rules", "C2", "7") in issues


def test_dtp_marked_in_a_year_without_a_dtp_regulation_is_a_warning(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"),
                              [employee(**{"from": dt.date(2024, 1, 1)}, dtp=True)])
    assert flat(check(path)) == [("payroll-dtp-not-in-force", "Employees", "Q2", "E1")]
    assert run_payroll(path, period="2024-05").results[0].dtp == 0


def test_bad_command_line_periods(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()])
    assert main(["payroll", path]) == 2
    assert main(["payroll", path, "--period", "2025-13"]) == 2
    assert main(["payroll", path, "--year", "2019"]) == 2  # nobody employed


# -- runs ------------------------------------------------------------------------------------

def test_a_raise_from_july_does_not_change_january(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(auto_bpjs=False),
        employee(**{"from": dt.date(2025, 7, 1)}, basic=12000000, auto_bpjs=False)])
    results = {r.period: r for r in run_payroll(path, year=2025).results}
    assert results["2025-01"].salary == 8000000 and results["2025-07"].salary == 12000000
    year = sum(r.gross for r in results.values())
    assert year == 6 * 10000000 + 6 * 14000000 == results["2025-12"].gross_year


def test_a_leaver_is_reconciled_in_the_month_they_leave(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(auto_bpjs=False, basic=15500000, fixed_allowances=0,
                 left=dt.date(2025, 8, 31))])
    results = run_payroll(path, year=2025).results
    assert [r.period for r in results][-1] == "2025-08"
    august = results[-1]
    assert august.last_period and august.biaya_jabatan == 8 * 500000 * 0 + 4000000 * 1
    assert sum(r.pph21 for r in results) == august.pph21_year


def test_opening_ytd_lets_a_company_go_live_mid_year(tmp_path):
    """The same employee, the year run whole or started in July with opening figures."""
    whole = write_payroll_book(str(tmp_path / "whole.xlsx"), [employee(auto_bpjs=False)])
    full = run_payroll(whole, year=2025).results
    first_half = full[:6]
    opening = {"employee": "E1", "year": 2025, "months": 6,
               "gross": sum(r.gross for r in first_half),
               "pph21": sum(r.pph21 for r in first_half)}
    live = write_payroll_book(str(tmp_path / "live.xlsx"),
                              [employee(auto_bpjs=False, **{"from": dt.date(2025, 7, 1)})],
                              opening=[opening])
    second_half = run_payroll(live, year=2025).results
    assert [r.period for r in second_half][0] == "2025-07"
    assert second_half[-1].pph21 == full[-1].pph21 != full[0].pph21


def test_finalized_months_are_stored_and_never_recomputed(tmp_path, capsys):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()])
    assert main(["payroll", path, "--period", "2025-01", "--finalize"]) == 0
    assert "Finalized: 2025-01" in capsys.readouterr().out
    january = run_payroll(path, period="2025-01").results[0]
    assert january.status == "final"
    # A January bonus typed after finalizing does not change January.
    with WorkbookWriter(path) as writer:
        writer.append_rows("Pay items", 1, [{"A": dt.date(2025, 1, 20), "B": "E1", "C": "Bonus",
                                              "D": 5000000}], {"A": "date", "D": "amount"})
        writer.save()
    again = run_payroll(path, year=2025)
    assert again.results[0].gross == january.gross and again.results[0].bonus == 0
    with pytest.raises(MonthFinalized):
        run_payroll(path, period="2025-01", finalize=True)
    assert main(["payroll", path, "--period", "2025-01", "--finalize"]) == 2
    book = openpyxl.load_workbook(path)
    assert book["_backoffice_payroll"].sheet_state == "veryHidden"
    assert [c.value for c in book["Payroll register"][1]][:4] == ["Employee", "Period", "Name",
                                                                  "Department"]
    assert book["Payroll register"].max_row == 13  # header + 12 months
    assert book["Payslips 2025-12"]["B2"].value == "PAYSLIP"


def test_payslips_and_register_in_indonesian(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()], lang="id")
    run = run_payroll(path, period="2025-03")
    assert run.sheets == ["Register gaji", "Jurnal gaji", "Slip gaji 2025-03", "Kepatuhan"]
    sheet = openpyxl.load_workbook(path)["Slip gaji 2025-03"]
    labels = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert "GAJI BERSIH" in labels and "Potongan" in labels


# -- the journal -----------------------------------------------------------------------------

def test_the_journal_is_balanced_summed_by_department_and_deterministic(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee("E1"), employee("E2", department="SALES", basic=20000000),
        employee("E3", department="SALES", method="gross-up")],
        pay_items=[{"date": dt.date(2025, 3, 5), "employee": "E1", "item": "zakat",
                    "amount": 50000}])
    run = run_payroll(path, period="2025-03")
    lines = journal_lines(run.results, "2025-03", run.settings)
    assert lines == journal_lines(run.results, "2025-03", run.settings)
    assert {line.entry for line in lines} == {"PAY-2025-03"}
    assert {line.date for line in lines} == {dt.date(2025, 3, 31)}
    debit = sum(line.debit or 0 for line in lines)
    credit = sum(line.credit or 0 for line in lines)
    assert debit == credit > 0
    salary = [line for line in lines if line.account == "6101"]
    assert [line.description.rsplit("— ", 1)[1] for line in salary] == ["OPS", "SALES"]
    assert sum(line.debit for line in salary) == sum(r.cash_earnings for r in run.results)
    pph = next(line for line in lines if line.account == "2103")
    assert pph.credit == sum(r.pph21 for r in run.results)
    assert next(line for line in lines if line.account == "2106").credit == 50000
    assert source("2025-03") == "payroll:2025-03"
    assert not any("E1" in line.description or "Name" in line.description for line in lines)


def test_a_december_refund_is_a_debit_to_pph21_payable(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(auto_bpjs=False, basic=15500000, fixed_allowances=0,
                 **{"from": dt.date(2024, 9, 1)}, ptkp="TK/0")])
    run = run_payroll(path, year=2024)
    lines = journal_lines(run.results, "2024-12", run.settings)
    pph = next(line for line in lines if line.account == "2103")
    # 3 x 1,085,000 withheld, 300,000 due for the year: 2,955,000 back to the employee
    assert pph.debit == -run.results[-1].pph21 == 2955000 and pph.credit is None


# -- rule packs ------------------------------------------------------------------------------

def test_the_rule_pack_picks_the_rows_in_force_and_names_their_source():
    pack = load_pack("id")
    assert pack.table("jp", dt.date(2025, 2, 28)).first()["wage_cap"] == "10042300"
    march = pack.table("jp", dt.date(2025, 3, 1))
    assert march.first()["wage_cap"] == "10547400" and "B/726/022025" in march.sources[0]
    assert len(pack.table("ter_monthly", dt.date(2026, 1, 1)).rows) == 44 + 40 + 41
    for family, rows in pack.families.items():
        assert all(r["source"] and r["effective_from"] for r in rows), family


def test_a_pack_row_without_a_source_is_refused(tmp_path):
    (tmp_path / "tax.csv").write_text("effective_from,rate,source\n2024-01-01,0.1,\n")
    with pytest.raises(ValueError, match="source"):
        RulePack("custom", tmp_path)


def test_another_country_is_data_the_generic_pack(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(basic=6000000,
                                                                  fixed_allowances=0)],
                              settings={"payroll_pack": "generic"})
    got = run_payroll(path, period="2025-02").results[0]
    # pension 5 % both sides (deductible), health 3 % / 1 % capped at 5,000,000
    assert (got.other_employer, got.other_employee) == (300000 + 150000, 300000 + 50000)
    assert got.pph21 == (6000000 - 300000) // 10
    assert got.net_pay == 6000000 - 350000 - 570000


def test_the_company_rules_sheet_overrides_the_pack(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(basic=3000000, fixed_allowances=0)],
        rules=[{"from": dt.date(2025, 1, 1), "rule": "jkk_class", "value": 3},
               {"from": dt.date(2025, 1, 1), "rule": "kes_floor", "value": 5396761}])
    got = run_payroll(path, period="2025-02").results[0]
    assert got.jkk == 3000000 * 89 // 10000
    assert got.kes_employer == 5396761 * 4 // 100 and got.kes_employee == 53967


@needs("soffice", "pdftotext")
def test_pdf_payslips_through_libreoffice(tmp_path, capsys):
    import subprocess

    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(name="Siti Rahma")], lang="id")
    folder = tmp_path / "slips"
    assert main(["payroll", path, "--period", "2025-04", "--pdf", str(folder)]) == 0
    assert "1 slip gaji PDF" in capsys.readouterr().out
    pdf = folder / "payslip-2025-04-E1.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "SLIP GAJI" in text and "Siti Rahma" in text and "GAJI BERSIH" in text
    net = run_payroll(path, period="2025-04").results[0].net_pay
    assert f"{net:,}" in text


def _ledger(path):
    from backoffice.schemas import REGISTRY

    from backoffice.books.new_xlsx import SheetRows, write_new_workbook

    accounts = [("2", "Liabilities", "liability", None), ("2103", "PPh 21 payable", "liability", "2"),
                ("2104", "BPJS payable", "liability", "2"), ("2105", "Salaries payable",
                                                             "liability", "2"),
                ("2106", "Other payroll payables", "liability", "2"),
                ("6", "Expenses", "expense", None), ("6101", "Salaries", "expense", "6"),
                ("6102", "Employer BPJS", "expense", "6")]
    write_new_workbook(str(path), [
        SheetRows(REGISTRY["settings"], [{"company": "PT Uji", "language": "en"}]),
        SheetRows(REGISTRY["accounts"], [dict(zip(("code", "name", "type", "parent"), a,
                                                  strict=True)) for a in accounts]),
        SheetRows(REGISTRY["journal"], [])], "en")
    return str(path)


def test_post_to_replaces_the_months_block_in_the_ledger(tmp_path, capsys):
    ledger = _ledger(tmp_path / "ledger.xlsx")
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(), employee("E2", department="SALES", basic=20000000)])
    assert main(["payroll", path, "--period", "2025-03", "--post-to", ledger]) == 0
    assert "Posted payroll:2025-03" in capsys.readouterr().out
    journal = openpyxl.load_workbook(ledger)["Journal"]
    rows = [r for r in journal.iter_rows(min_row=2, values_only=True) if r[1]]
    assert {r[1] for r in rows} == {"PAY-2025-03"}
    assert all(str(r[7]).startswith("payroll:2025-03") for r in rows)
    assert sum(r[4] or 0 for r in rows) == sum(r[5] or 0 for r in rows) > 0
    # Posting again replaces the block; the ledger still checks clean.
    assert main(["payroll", path, "--period", "2025-03", "--post-to", ledger]) == 0
    again = [r for r in openpyxl.load_workbook(ledger)["Journal"].iter_rows(
        min_row=2, values_only=True) if r[1]]
    assert again == rows
    assert check(ledger).valid


def test_bank_transfer_file_and_the_monthly_pph21_summary(tmp_path, capsys):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(bank="BCA", account="0123456789"),
        employee("E2", basic=20000000, dtp=True, bank="Mandiri", account="9876543210")])
    run = run_payroll(path, period="2025-03")
    assert main(["report", path, "payroll-bank-transfer", "--period", "2025-03"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "employee,name,bank,account,amount,reference"
    assert lines[1] == f"E1,Name E1,BCA,0123456789,{run.results[0].net_pay},GAJI 2025-03"
    assert main(["report", path, "payroll-pph21-summary", "--period", "2025", "--format",
                 "csv"]) == 0
    summary = capsys.readouterr().out.splitlines()
    march = dict(zip(summary[0].split(","), summary[3].split(","), strict=True))
    assert march["period"] == "2025-03" and march["employees"] == "2"
    # E2 earns over the 10,000,000 DTP limit: no DTP; the summary adds up the register
    assert int(march["pph21"]) == sum(r.pph21 for r in run.results) == int(march["payable"])


def test_dtp_is_paid_to_the_employee_and_not_remitted(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(dtp=True, auto_bpjs=False)],
                              settings={"klu": "14111"})  # garments: PMK 10/2025 Lampiran A
    results = run_payroll(path, year=2025).results
    march = results[2]
    assert march.pph21 == 10000000 * 2 // 100 == march.dtp and march.pph21_payable == 0
    assert march.net_pay == 10000000  # the DTP makes up for the withholding
    december = results[-1]  # 3,000,000 for the year less 11 x 200,000: also borne by the state
    assert december.pph21 == december.dtp == 800000 and december.net_pay == 10000000


def test_a_pay_item_after_the_employee_left_is_refused_not_dropped(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(left=dt.date(2025, 6, 30))],
        pay_items=[{"date": dt.date(2025, 6, 30), "employee": "E1", "item": "bonus",
                    "amount": 1000000},
                   {"date": dt.date(2025, 7, 15), "employee": "E1", "item": "bonus",
                    "amount": 2000000}],
        timesheet=[{"date": dt.date(2024, 12, 30), "employee": "E1", "day_type": "workday",
                    "hours": 1}])
    assert flat(check(path)) == [
        ("payroll-outside-employment", "Timesheet", "A2", "E1"),
        ("payroll-outside-employment", "Pay items", "A3", "E1")]


def test_the_payroll_journal_sheet_shows_the_lines_in_journal_columns(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()])
    run = run_payroll(path, period="2025-05")
    sheet = openpyxl.load_workbook(path)["Payroll journal"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Date", "Entry", "Account", "Description", "Debit", "Credit", "Source")
    assert {r[6] for r in rows[1:]} == {"payroll:2025-05"}
    expected = journal_lines(run.results, "2025-05", run.settings)
    assert [(r[2], r[4], r[5]) for r in rows[1:]] == \
        [(line.account, line.debit, line.credit) for line in expected]


def test_months_are_finalized_in_order(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()])
    assert main(["payroll", path, "--period", "2025-03", "--finalize"]) == 2
    assert run_payroll(path, period="2025-03").results[0].status == "draft"
    assert main(["payroll", path, "--period", "2025-01", "--finalize"]) == 0
    assert main(["payroll", path, "--period", "2025-02", "--finalize"]) == 0
    assert main(["payroll", path, "--period", "2025-03", "--finalize"]) == 0
    statuses = [r.status for r in run_payroll(path, period="2025-04").year_results]
    assert statuses == ["final", "final", "final", "draft"]


def test_workday_overtime_beyond_18_hours_a_week_is_a_warning(tmp_path):
    days = [dt.date(2025, 3, d) for d in (3, 4, 5, 6, 7)]  # Monday to Friday
    timesheet = [{"date": d, "employee": "E1", "day_type": "workday", "hours": 4} for d in days]
    timesheet.append({"date": dt.date(2025, 3, 8), "employee": "E1", "day_type": "rest",
                      "hours": 8})  # rest days do not count towards the weekly limit
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()], timesheet=timesheet)
    report = check(path)
    assert flat(report) == [("payroll-overtime-week-over-limit", "Timesheet", "D6", "E1")]
    assert "20 hours in the week of 2025-03-03" in report.issues[0].message("en")[0]


def test_the_store_gives_back_every_figure_it_was_given(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(), employee("E2", method="gross-up", basic=30000000, dtp=True)],
        pay_items=[{"date": dt.date(2025, 12, 5), "employee": "E1", "item": "bonus",
                    "amount": 7000000}])
    drafts = run_payroll(path, year=2025).results
    run_payroll(path, year=2025, finalize=True)
    stored = run_payroll(path, year=2025).results
    assert [r.status for r in stored] == ["final"] * len(drafts)
    for draft, final in zip(drafts, stored, strict=True):
        final.status = "draft"
        assert final == draft


def test_gross_up_and_dtp_do_not_pay_the_tax_twice(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        employee(method="gross-up", dtp=True, auto_bpjs=False)], settings={"klu": "14111"})
    march = run_payroll(path, period="2025-03").results[0]
    assert march.tax_allowance == 0 and march.dtp == march.pph21 == 200000
    assert march.net_pay == 10000000


def test_departments_may_have_their_own_expense_accounts(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(), employee("E2", department="SALES")],
        departments=[{"department": "SALES", "salary_account": "6111", "bpjs_account": "6112"},
                     {"department": "SALSE"}])
    assert flat(check(path)) == [("payroll-department-unused", "Departments", "A3", "SALSE")]
    run = run_payroll(path, period="2025-03")
    lines = journal_lines(run.results, "2025-03", run.settings, "en", run.data.departments)
    expense = {(line.account, line.description.rsplit("— ", 1)[1]) for line in lines
               if line.account.startswith("61")}
    assert expense == {("6101", "OPS"), ("6102", "OPS"), ("6111", "SALES"), ("6112", "SALES")}
    sheet = openpyxl.load_workbook(path)["Payroll journal"]
    assert {r[2] for r in sheet.iter_rows(min_row=2, values_only=True)} >= {"6111", "6112"}


@needs("soffice")
def test_a_finalized_book_saved_by_libreoffice_keeps_its_store(tmp_path):
    """Clerks open the book in LibreOffice and save it: the stored months must survive."""
    import subprocess

    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()])
    run_payroll(path, period="2025-01", finalize=True)
    january = run_payroll(path, period="2025-01").results[0]
    out = tmp_path / "saved"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out), path],
                   check=True, capture_output=True, timeout=180)
    saved = str(out / "b.xlsx")
    again = run_payroll(saved, period="2025-02", finalize=True)
    assert again.finalized == ["2025-02"]
    assert again.year_results[0] == january
    assert [r.status for r in run_payroll(saved, period="2025-03").year_results] == \
        ["final", "final", "draft"]


# -- an employee's code in a finalized year (issue 14, item 6) --------------------------------

def _finalized_jan_feb(tmp_path, **second):  # type: ignore[no-untyped-def]
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(), employee("E2", **second)])
    run_payroll(path, period="2025-01", finalize=True)
    run_payroll(path, period="2025-02", finalize=True)
    return path


def _edit_employees(path, edit):  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(path)
    edit(book["Employees"])
    book.save(path)


def test_renaming_a_code_with_finalized_months_is_refused_at_its_cell(tmp_path):
    """Renaming E2 to E9 after January and February were finalized made March's register
    four slips instead of six (E2's months vanished, E9 started the year afresh, so its
    December tax would miss January and February), and Check was clean."""
    path = _finalized_jan_feb(tmp_path)
    assert len(run_payroll(path, period="2025-03").year_results) == 6
    _edit_employees(path, lambda sheet: sheet.__setitem__("A3", "E9"))
    report = check(path)
    assert flat(report) == [("payroll-finalized-employee-missing", "Employees", "A3", "E9")]
    message, fix = report.issues[0].message("en")
    assert message == ("Employee 'E2' (Name E2) has finalized payroll in 2025-01, 2025-02, but "
                       "no row of Employees has that code any more: the rest of 2025 would be "
                       "computed without that history.")
    assert "Type 'E2' back" in fix
    assert "Ketik kembali 'E2'" in report.issues[0].message("id")[1]
    run = run_payroll(path, period="2025-03")
    assert not run.report.valid and not run.results
    _edit_employees(path, lambda sheet: sheet.__setitem__("A3", "E2"))
    assert check(path).valid
    assert len(run_payroll(path, period="2025-03").year_results) == 6


def test_a_vanished_code_whose_name_changed_too_is_refused_at_the_sheet(tmp_path):
    path = _finalized_jan_feb(tmp_path)

    def rename(sheet):  # type: ignore[no-untyped-def]
        sheet["A3"], sheet["B3"] = "E9", "Someone else"
    _edit_employees(path, rename)
    assert flat(check(path)) == [("payroll-finalized-employee-missing", "Employees", None, "E2")]


def test_an_employee_whose_year_is_closed_may_leave_the_sheet_and_keeps_the_register(tmp_path):
    """E2 stopped on 1 March: February, his last period, is finalized. Deleting his row
    afterwards loses nothing: his finalized months stay in the year's register."""
    path = _finalized_jan_feb(tmp_path, left=dt.date(2025, 3, 1))
    assert len(run_payroll(path, period="2025-03").year_results) == 5
    _edit_employees(path, lambda sheet: sheet.delete_rows(3))
    assert check(path).valid
    run = run_payroll(path, period="2025-03")
    assert [(r.employee, r.period, r.status) for r in run.year_results] == [
        ("E1", "2025-01", "final"), ("E2", "2025-01", "final"), ("E1", "2025-02", "final"),
        ("E2", "2025-02", "final"), ("E1", "2025-03", "draft")]
