"""THR on each employee's own holiday, the WLKP and the LKPM on the calendar of a real
payroll book, worked by hand against the 2024 and 2026 SKB holiday decrees
(backoffice/data/holidays_id.csv)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import openpyxl
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema

from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.checking import check
from backoffice.cli import main
from backoffice.compliance.run import month_calendar
from backoffice.upgrading import upgrade

D = dt.date

STAFF = [
    # Ani is Muslim (Idul Fitri 1447 H: 21 March 2026), Made Hindu (Nyepi Saka 1948:
    # 19 March 2026), Citra's religion is not typed: she is on no THR and Check warns
    {"employee": "E1", "name": "Ani", "religion": "islam", "basic": 8_000_000,
     "fixed_allowances": 2_000_000},
    {"employee": "E2", "name": "Made", "religion": "hindu", "basic": 6_000_000,
     "fixed_allowances": 1_000_000},
    {"employee": "E3", "name": "Citra", "basic": 5_000_000},
]


def book(tmp_path, settings=None, filings=(), staff=STAFF, employees_schema=None):
    """Three employees from January 2024; THR typed blank (computed) in March 2026."""
    tmp_path.mkdir(exist_ok=True)
    path = str(tmp_path / "payroll.xlsx")
    base = {"company": "PT Contoh", "base_currency": "IDR", "locale": "id-ID",
            "language": "en", **(settings or {})}
    rows = [{"from": D(2024, 1, 1), "ptkp": "TK/0", "department": "OPS", **e} for e in staff]
    items = [{"date": D(2026, 3, 10), "employee": "E2", "item": "thr"},
             {"date": D(2026, 3, 16), "employee": "E1", "item": "thr"}]
    write_new_workbook(path, [SheetRows(settings_schema.schema_for("payroll"), [base]),
                              SheetRows(employees_schema or REGISTRY["employees"], rows),
                              SheetRows(REGISTRY["pay_items"], items),
                              SheetRows(REGISTRY["filings"], list(filings))], "en")
    return path


def test_thr_of_a_hindu_and_a_muslim_in_2026_by_hand(tmp_path):
    path = book(tmp_path, filings=[{"obligation": "thr-nyepi", "period": "2026",
                                    "date": D(2026, 3, 10), "reference": "TRF-0310"}])
    result = month_calendar([path], "2026-03", as_of=D(2026, 3, 31))
    thr = [(e.due, e.rule.code, e.period, e.amount, e.status, e.covers, e.shifted)
           for e in result.entries if e.rule.code.startswith("thr")]
    # Nyepi 19 March - 7 days = 12 March (a Thursday); Idul Fitri 21 March - 7 = 14 March, a
    # Saturday: "at the latest" seven days before (Permenaker 6/2016 Ps. 5(4)), so not moved
    # later (PMK 81/2024 Ps. 100 is about tax). Two years' service: a month's wage each
    # (basic + fixed allowances), 7,000,000 and 10,000,000. Made's was paid on the 10th; Ani's
    # on the 16th is not recorded on Filings, so the calendar calls it late.
    assert thr == [
        (D(2026, 3, 12), "thr-nyepi", "2026", Decimal(7_000_000), "done", ("E2 Made",), False),
        (D(2026, 3, 14), "thr", "2026", Decimal(10_000_000), "late", ("E1 Ani",), False),
    ]
    table = {row[1]: row for row in result.table.rows}
    assert table["thr"][-1] == "1: E1 Ani"
    assert table["thr"][-2] == ("a day off; not moved: Permenaker 6/2016 Ps. 5 ayat (4); "
                                "Ps. 1 angka 2 does not move it")
    assert table["thr-nyepi"][-2] is None
    # no THR for Natal, Waisak or Imlek: nobody's religion; none for Citra, whose is blank
    assert not any("E3" in name for e in result.entries for name in e.covers)


def test_an_employee_without_a_religion_is_a_warning_at_the_cell(tmp_path):
    path = book(tmp_path)
    report = check(path)
    found = [(i.code, i.severity, i.cell) for i in report.issues
             if i.code == "employee-no-religion"]
    column = openpyxl.load_workbook(path)["Employees"]
    header = {c.value: c.column_letter for c in column[1]}
    assert found == [("employee-no-religion", "warning", f"{header['Religion']}4")]
    assert "E3 Citra" in next(i.message("en")[0] for i in report.issues
                              if i.code == "employee-no-religion")
    assert report.valid


def test_a_book_nobody_has_a_religion_in_is_told_once_by_the_calendar(tmp_path, capsys):
    """A book that predates the column: no warning on every employee's row, one line from the
    calendar, and no THR dated by a guess."""
    path = book(tmp_path, staff=[{k: v for k, v in e.items() if k != "religion"}
                                 for e in STAFF])
    assert not [i for i in check(path).issues if i.code == "employee-no-religion"]
    assert main(["calendar", path, "--month", "2026-03", "--as-of", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert "no employee has a religion (Religion on Employees)" in out
    assert "THR" not in out.split("\n\n")[0]  # no THR row in the table


def test_upgrade_adds_the_religion_column_with_its_dropdown(tmp_path):
    old = replace(REGISTRY["employees"],
                  fields=tuple(f for f in REGISTRY["employees"].fields if f.key != "religion"))
    path = book(tmp_path, staff=[{k: v for k, v in e.items() if k != "religion"}
                                 for e in STAFF], employees_schema=old)
    result = upgrade(path)
    assert "Employees: column Religion (Z)" in result.added
    sheet = openpyxl.load_workbook(path)["Employees"]
    letter = next(c.column_letter for c in sheet[1] if c.value == "Religion")
    lists = [v for v in sheet.data_validations.dataValidation if letter in str(v.sqref)]
    assert lists and "Hindu" in str(lists[0].formula1) + str(lists[0].sqref)


def test_wlkp_on_the_first_reports_day_not_moved_off_a_holiday(tmp_path):
    """UU 7/1981 Ps. 7(1): yearly from the first report; first filed 17 August 2019, so due
    17 August 2026, Independence Day: no rule moves it, the calendar says it is a day off."""
    path = book(tmp_path, settings={"wlkp_first_report": D(2019, 8, 17)})
    result = month_calendar([path], "2026-08", as_of=D(2026, 8, 1))
    wlkp = [e for e in result.entries if e.rule.code == "wlkp"]
    assert [(e.due, e.period, e.status, e.shifted) for e in wlkp] == [
        (D(2026, 8, 17), "2026", "due", False)]
    row = next(r for r in result.table.rows if r[1] == "wlkp")
    assert row[-2].startswith("a day off; not moved: UU 7/1981 Ps. 7 ayat (1)")
    # without the date in Settings there is no WLKP at all, never a guessed one
    bare = month_calendar([book(tmp_path / "bare")], "2026-08", as_of=D(2026, 8, 1))
    assert not [e for e in bare.entries if e.rule.code == "wlkp"]


def test_lkpm_quarterly_by_business_scale_and_a_holiday(tmp_path):
    """A medium business: Q1 2024 due 10 April 2024 (Peraturan BKPM 5/2021 Ps. 32(4)b), the
    first day of Idul Fitri 1445 H: the regulation moves nothing (its successor leaves a
    holiday to an OSS notice), so it stays, marked as a day off. Q4 2025 is due on the 15th
    of January 2026 (Peraturan BKPM 5/2025)."""
    path = book(tmp_path, settings={"business_scale": "medium"})
    april = month_calendar([path], "2024-04", as_of=D(2024, 4, 30))
    lkpm = [(e.due, e.statutory, e.period, e.status) for e in april.entries
            if e.rule.code.startswith("lkpm")]
    assert lkpm == [(D(2024, 4, 10), D(2024, 4, 10), "2024-Q1", "late")]
    row = next(r for r in april.table.rows if r[1] == "lkpm")
    assert row[-2].startswith("a day off; not moved: Peraturan BKPM 5/2021")
    january = month_calendar([path], "2026-01", as_of=D(2026, 1, 2))
    assert [(e.due, e.period) for e in january.entries if e.rule.code.startswith("lkpm")] == [
        (D(2026, 1, 15), "2025-Q4")]
    # a small business reports half-yearly; a micro one not at all
    small = month_calendar([book(tmp_path / "s", settings={"business_scale": "small"})],
                           "2026-01", as_of=D(2026, 1, 2))
    assert [(e.due, e.rule.code, e.period) for e in small.entries
            if e.rule.code.startswith("lkpm")] == [(D(2026, 1, 15), "lkpm-small", "2025-H2")]
    micro = month_calendar([book(tmp_path / "m", settings={"business_scale": "micro"})],
                           "2026-01", as_of=D(2026, 1, 2))
    assert not [e for e in micro.entries if e.rule.code.startswith("lkpm")]
