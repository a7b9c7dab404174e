"""Severance by PP 35/2021 and its final PPh 21 by PP 68/2009: hand-worked cases.

Every figure below is worked by hand from the rule pack's tables
(``backoffice/payroll/rules/id/severance_*.csv``); each case names the article
it follows. Amounts are whole rupiah, rounded down once at the end.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from backoffice.schemas.leavers import REASONS
from hypothesis import given, settings
from hypothesis import strategies as st
from programs import needs

from backoffice.checking import check
from backoffice.cli import main
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.journal import journal_lines
from backoffice.payroll.rules import load_pack
from backoffice.payroll.run import compute, run_payroll
from backoffice.payroll.severance import (
    Leaver,
    compute_severance,
    reasons,
    service,
    severance_tax,
)

PACK = load_pack("id")
LAST = dt.date(2026, 3, 31)


def leaver(reason="efficiency", joined=dt.date(2019, 1, 1), wage=10_000_000, **fields):
    return Leaver("E1", fields.pop("last_day", LAST), reason, joined, wage, **fields)


def years_before(day: dt.date, years: int) -> dt.date:
    """The day joined for exactly ``years`` of service ending on ``day``."""
    after = day + dt.timedelta(days=1)
    return after.replace(year=after.year - years)


# -- the brief's case: 7 years 3 months, wage 10,000,000 --------------------------------------

def test_efficiency_because_of_losses_seven_years_three_months():
    """Pasal 43(1): pesangon 0.5 x Pasal 40(2)h (7 to < 8 years: 8 months), UPMK 1 x
    Pasal 40(3)b (6 to < 9 years: 3 months), UPH: 5 days of leave at 1/21 of the wage
    (PP 36/2021 Pasal 17b, 5-day week)."""
    s = compute_severance(leaver("efficiency_losses", leave_days=Decimal(5)), PACK)
    assert (s.years, s.months) == (7, 3)
    assert (s.pesangon_months, s.pesangon_multiplier) == (8, Decimal("0.5"))
    assert s.pesangon == 40_000_000            # 0.5 x 8 x 10,000,000
    assert (s.upmk_months, s.upmk) == (3, 30_000_000)
    assert s.leave_pay == 2_380_952            # 5 x 10,000,000 / 21 = 2,380,952.38
    assert s.total == 72_380_952
    # PP 68/2009: 0% on 50,000,000, 5% on 22,380,952 = 1,119,047.60
    assert [(t.amount, t.tax, t.final) for t in s.tax] == [(72_380_952, 1_119_047, True)]
    assert s.net == 71_261_905
    assert s.article == "Pasal 43(1)"
    assert s.slip_due == dt.date(2026, 4, 30)  # the 1721-A1 slip: within a month


def test_efficiency_to_prevent_losses_pays_the_full_table():
    """Pasal 43(2): 1 x 8 months + 3 months = 110,000,000; tax 5% x 50M + 15% x 10M."""
    s = compute_severance(leaver("efficiency"), PACK)
    assert (s.pesangon, s.upmk, s.total) == (80_000_000, 30_000_000, 110_000_000)
    assert s.total_tax == 2_500_000 + 1_500_000


# -- one case per reason family ---------------------------------------------------------------

def test_resignation_gets_leave_and_separation_pay_only():
    """Pasal 50: UPH and uang pisah; 12 days of leave at 1/25 (6-day week, PP 36/2021
    Pasal 17a) of 6,000,000 = 2,880,000; below 50 million the tax is 0%."""
    s = compute_severance(leaver("resignation", wage=6_000_000, work_week="6",
                                 leave_days=Decimal(12), separation=3_000_000), PACK)
    assert (s.pesangon, s.upmk) == (0, 0)
    assert s.separation_due
    assert (s.leave_pay, s.total, s.total_tax, s.net) == (2_880_000, 5_880_000, 0, 5_880_000)


def test_retirement_after_twenty_five_years():
    """Pasal 56: pesangon 1.75 x 9 months, UPMK 10 months (24 years or more)."""
    s = compute_severance(leaver("retirement", joined=years_before(LAST, 25),
                                 wage=12_000_000), PACK)
    assert s.pesangon == 189_000_000           # 1.75 x 9 x 12,000,000
    assert s.upmk == 120_000_000               # 10 x 12,000,000
    # 0 + 5% x 50M + 15% x 209M = 2,500,000 + 31,350,000
    assert s.total_tax == 33_850_000


def test_death_and_long_illness_pay_twice_the_table():
    """Pasal 57 (death, to the heirs) and Pasal 55 (illness beyond 12 months): 2 x."""
    for reason, article in (("death", "Pasal 57"), ("illness", "Pasal 55")):
        s = compute_severance(leaver(reason, joined=years_before(LAST, 4), wage=5_000_000),
                              PACK)
        assert (s.article, s.pesangon, s.upmk) == (article, 50_000_000, 10_000_000)


def test_closure_bankruptcy_and_force_majeure_multipliers():
    """Pasal 44(1), 45(1), 46(1), 47: 0.5 x; Pasal 45(2): 0.75 x; Pasal 41, 42(1): 1 x.
    Two years of service: 3 months of pesangon, no UPMK (Pasal 40(3) starts at 3 years)."""
    joined = years_before(LAST, 2)
    expected = {"closure_losses": 7_500_000, "force_majeure_closure": 7_500_000,
                "pkpu_losses": 7_500_000, "bankruptcy": 7_500_000,
                "force_majeure": 11_250_000, "merger": 15_000_000, "takeover": 15_000_000,
                "takeover_refused": 7_500_000, "closure": 15_000_000, "pkpu": 15_000_000,
                "employer_misconduct": 15_000_000, "violation_warned": 7_500_000}
    got = {reason: compute_severance(leaver(reason, joined=joined, wage=5_000_000), PACK)
           for reason in expected}
    assert {r: s.pesangon for r, s in got.items()} == expected
    assert all(s.upmk == 0 for s in got.values())


def test_urgent_violation_and_detention():
    """Pasal 52(2): UPH and uang pisah only; Pasal 54(2): UPMK and UPH, no pesangon;
    Pasal 54(1): UPH and uang pisah."""
    joined = years_before(LAST, 10)
    urgent = compute_severance(leaver("violation_urgent", joined=joined), PACK)
    detained = compute_severance(leaver("detained", joined=joined), PACK)
    loss = compute_severance(leaver("detained_loss", joined=joined), PACK)
    assert (urgent.pesangon, urgent.upmk, urgent.separation_due) == (0, 0, True)
    assert (detained.pesangon, detained.upmk, detained.separation_due) == (0, 40_000_000, False)
    assert (loss.pesangon, loss.upmk, loss.separation_due) == (0, 0, True)


def test_end_of_a_fixed_term_contract_pays_the_pkwt_compensation():
    """PP 35/2021 Pasal 16(1): 9 months of service / 12 x 6,000,000 = 4,500,000."""
    s = compute_severance(leaver("contract_end", joined=dt.date(2025, 7, 1), wage=6_000_000),
                          PACK)
    assert (s.years, s.months) == (0, 9)
    assert (s.pesangon, s.upmk, s.pkwt, s.total) == (0, 0, 4_500_000, 4_500_000)


def test_the_company_may_pay_more():
    s = compute_severance(leaver("efficiency_losses", pesangon_paid=50_000_000), PACK)
    assert (s.pesangon_min, s.pesangon, s.upmk) == (40_000_000, 50_000_000, 30_000_000)


# -- the table boundaries ---------------------------------------------------------------------

@pytest.mark.parametrize(("years", "under", "at"), [
    # (years, (pesangon, UPMK months) just under, (pesangon, UPMK months) at): Pasal 40(2), (3)
    (1, (1, 0), (2, 0)),
    (3, (3, 0), (4, 2)),
    (6, (6, 2), (7, 3)),
    (8, (8, 3), (9, 3)),
    (24, (9, 8), (9, 10)),
])
def test_service_just_under_and_at_the_boundaries(years, under, at):
    joined = years_before(LAST, years)
    below = compute_severance(leaver(last_day=LAST - dt.timedelta(days=1), joined=joined), PACK)
    exact = compute_severance(leaver(joined=joined), PACK)
    assert (below.years, exact.years) == (years - 1, years)
    assert (below.pesangon_months, below.upmk_months) == under
    assert (exact.pesangon_months, exact.upmk_months) == at


def test_service_counts_whole_months():
    assert service(dt.date(2019, 1, 1), dt.date(2026, 3, 31)) == (7, 3)
    assert service(dt.date(2019, 1, 15), dt.date(2026, 3, 31)) == (7, 2)
    assert service(dt.date(2026, 3, 1), dt.date(2026, 3, 20)) == (0, 0)


# -- the final tax's bands --------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "tax"), [
    (50_000_000, 0),
    (50_000_001, 0),               # 5% of 1 rupiah = 0.05, rounded down
    (50_000_020, 1),
    (100_000_000, 2_500_000),
    (100_000_010, 2_500_001),      # 2,500,000 + 15% x 10 = 2,500,001.5
    (500_000_000, 62_500_000),     # 2,500,000 + 15% x 400,000,000
    (500_000_004, 62_500_001),     # + 25% x 4
    (600_000_000, 87_500_000),
])
def test_severance_tax_at_each_band_boundary(amount, tax):
    assert [t.tax for t in severance_tax([(LAST, amount)], PACK)] == [tax]


def test_payments_within_two_years_are_one_amount_and_a_third_year_is_pasal_17():
    """PP 68/2009: 60M in 2026 and 60M in 2027 are 120M taxed once: 2,500,000 + 15% x
    20,000,000 = 5,500,000, of which the first payment bore 500,000. A payment in 2028 is
    taxed at the Pasal 17 rates: 5% of 10,000,000."""
    slices = severance_tax([(LAST, 60_000_000), (dt.date(2027, 2, 1), 60_000_000),
                            (dt.date(2028, 1, 15), 10_000_000)], PACK)
    assert [(t.tax, t.final) for t in slices] == [(500_000, True), (5_000_000, True),
                                                  (500_000, False)]


def test_a_part_paid_later_is_taxed_on_its_day():
    s = compute_severance(leaver("efficiency", paid_later=50_000_000,
                                 paid_later_on=dt.date(2027, 1, 10)), PACK)
    assert [(t.day, t.amount, t.tax) for t in s.tax] == [
        (LAST, 60_000_000, 500_000), (dt.date(2027, 1, 10), 50_000_000, 3_500_000)]
    assert s.total_tax == 4_000_000  # the same as paid at once


# -- properties and data ----------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(reason=st.sampled_from([c.value for c in REASONS]),
       wage=st.integers(min_value=1_000_000, max_value=200_000_000),
       back=st.integers(min_value=0, max_value=15_000),
       first=st.integers(min_value=0, max_value=2_000),
       more=st.integers(min_value=0, max_value=4_000))
def test_severance_never_falls_when_service_grows(reason, wage, back, first, more):
    shorter = PACK.coverage_start + dt.timedelta(days=first)
    longer = shorter + dt.timedelta(days=more)
    joined = shorter - dt.timedelta(days=back)
    a = compute_severance(Leaver("E", shorter, reason, joined, wage), PACK)
    b = compute_severance(Leaver("E", longer, reason, joined, wage), PACK)
    assert b.total >= a.total and b.net >= a.net


def test_every_reason_on_the_sheet_has_its_dated_row_with_an_article_and_a_check_state():
    rows = {r["reason"]: r for r in reasons(PACK, LAST)}
    assert set(rows) == {c.value for c in REASONS}
    assert all(r["article"].startswith("Pasal") and r["source"].startswith("PP 35/2021")
               and r["verified"] in ("primary", "secondary", "unverified") for r in rows.values())


# -- the book: Check and the payroll run ------------------------------------------------------

def _employee(code="E1", **fields):
    row = {"employee": code, "name": f"Name {code}", "from": dt.date(2024, 1, 1),
           "joined": dt.date(2018, 1, 1), "ptkp": "TK/0", "basic": 8_000_000,
           "fixed_allowances": 2_000_000, "department": "OPS", "left": dt.date(2025, 4, 1)}
    row.update(fields)
    return row


def _flat(report):
    return report.flatten("code", "sheet", "cell", "value")


def test_check_flags_less_than_the_minimum_a_wrong_left_and_missing_separation_pay(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"),
        [_employee(), _employee("E2"), _employee("E3", left=dt.date(2025, 6, 1))],
        leavers=[{"employee": "E1", "last_day": dt.date(2025, 3, 31),
                  "reason": "efficiency_losses", "pesangon_paid": 30_000_000},
                 {"employee": "E2", "last_day": dt.date(2025, 3, 31), "reason": "resignation"},
                 {"employee": "E3", "last_day": dt.date(2025, 3, 31), "reason": "retirement"}])
    issues = _flat(check(path))
    # 7 years 3 months: the minimum is 0.5 x 8 x 10,000,000 = 40,000,000 (Pasal 43(1))
    assert ("payroll-severance-below-minimum", "Leavers", "H2", "30000000") in issues
    assert ("payroll-severance-separation-missing", "Leavers", "G3", "E2") in issues
    assert ("payroll-severance-left-mismatch", "Leavers", "B4", "E3") in issues
    assert len(issues) == 3


def test_the_payroll_run_writes_the_severance_sheet_and_reconciles_the_last_month(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [_employee(), _employee("E2", left=None)],
        leavers=[{"employee": "E1", "last_day": dt.date(2025, 3, 31),
                  "reason": "efficiency_losses", "leave_days": 5}], lang="id")
    run = run_payroll(path, period="2025-03")
    assert run.report.valid, run.report.issues
    assert "Pesangon" in run.sheets
    [s] = run.severance
    assert (s.pesangon, s.upmk, s.leave_pay, s.total, s.total_tax) == (
        40_000_000, 30_000_000, 2_380_952, 72_380_952, 1_119_047)
    e1 = next(r for r in run.results if r.employee == "E1")
    assert e1.last_period  # March is E1's last period: the year's PPh 21 is reconciled
    sheet = openpyxl.load_workbook(path)["Pesangon"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (row["Karyawan"], row["Pasal"], row["Jumlah"], row["PPh 21 final"],
            row["Diterima"]) == ("E1", "Pasal 43(1)", 72_380_952, 1_119_047, 71_261_905)
    assert row["Batas 1721-A1"] == dt.datetime(2025, 4, 30)
    assert row["Dicek ke teks aturan"] == "sumber sekunder"


def test_the_journal_books_the_severance_with_its_final_tax(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [_employee(), _employee("E2", left=None)],
        leavers=[{"employee": "E1", "last_day": dt.date(2025, 3, 31),
                  "reason": "efficiency_losses", "leave_days": 5}])
    run = compute(path, period="2025-03")
    plain = journal_lines(run.results, "2025-03", run.settings, "en")
    lines = journal_lines(run.results, "2025-03", run.settings, "en", None, run.severance)
    [expense] = [line for line in lines if line.description.startswith("Severance")]
    assert (expense.account, expense.debit) == ("6101", Decimal(72_380_952))
    assert sum(line.debit or 0 for line in lines) == sum(line.credit or 0 for line in lines)

    def credit(rows, account):  # net of debits: E1's last month refunds PPh 21 (a debit)
        return sum((line.credit or 0) - (line.debit or 0) for line in rows
                   if line.account == account)

    assert credit(lines, "2103") - credit(plain, "2103") == 1_119_047       # final PPh 21
    assert credit(lines, "2105") - credit(plain, "2105") == 71_261_905      # owed to E1


def test_the_termination_statement_in_bahasa_indonesia(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [_employee()], lang="id",
        leavers=[{"employee": "E1", "last_day": dt.date(2025, 3, 31),
                  "reason": "efficiency_losses", "leave_days": 5}])
    run_payroll(path, period="2025-03")
    sheet = openpyxl.load_workbook(path)["Surat keterangan PHK"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["Masa kerja"][0] == "7 tahun 3 bulan"
    assert rows["Uang pesangon"] == ("8 bulan x 0,5", 40_000_000)
    assert rows["Uang penghargaan masa kerja"] == ("3 bulan x 1", 30_000_000)
    assert rows["Cuti tahunan yang belum diambil"] == ("5 hari", 2_380_952)
    assert rows["Jumlah"][1] == 72_380_952
    assert rows["PPh 21 final (PP 68/2009)"][1] == -1_119_047
    assert rows["Diterima bersih"][1] == 71_261_905
    assert rows["Bukti potong 1721-A1 paling lambat"][0] == "2025-04-30"
    assert rows["Dasar hukum"][0] == "PP 35/2021 Pasal 43(1); PP 68/2009"


@needs("soffice", "pdftotext")
def test_pdf_termination_statement_through_libreoffice(tmp_path, capsys):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [_employee(name="Siti Rahma")], lang="id",
        leavers=[{"employee": "E1", "last_day": dt.date(2025, 3, 31), "reason": "retirement"}])
    folder = tmp_path / "pdf"
    assert main(["payroll", path, "--period", "2025-03", "--pdf", str(folder)]) == 0
    assert "1 surat keterangan PHK PDF" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", "-layout", str(folder / "termination-E1.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    # Pasal 56, 7 years 3 months: 1.75 x 8 x 10,000,000 + 3 x 10,000,000 = 170,000,000;
    # tax 2,500,000 + 15% x 70,000,000 = 13,000,000
    assert "Siti Rahma" in text and "Pensiun (Ps. 56)" in text
    assert "170.000.000" in text or "170,000,000" in text
    assert "157.000.000" in text or "157,000,000" in text


def test_the_bank_transfer_has_the_severance_line(tmp_path):
    from backoffice.ledger.reports import Options
    from backoffice.payroll.report import build_report

    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [_employee(bank="BCA", account="8001")],
        leavers=[{"employee": "E1", "last_day": dt.date(2025, 3, 31),
                  "reason": "efficiency_losses", "leave_days": 5}])
    table = build_report(path, "payroll-bank-transfer",
                         Options(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)))
    assert ("E1", "Name E1", "BCA", "8001", Decimal(71_261_905), "PESANGON 2025-03") in table.rows
