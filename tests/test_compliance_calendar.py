"""The calendar of a real payroll book with a Filings sheet: a paid obligation, one paid
late, one not filed, and a deadline moved off Easter Sunday, all worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import icalendar
import openpyxl
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema

from backoffice.books import open_book
from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.checking import check, check_and_read
from backoffice.cli import main
from backoffice.compliance.checks import check_filings
from backoffice.compliance.run import month_calendar
from backoffice.payroll.run import run_payroll

D = dt.date

FILINGS = [
    {"obligation": "bpjs-kes", "period": "2025-03", "date": D(2025, 3, 10), "reference": "K-0325"},
    {"obligation": "bpjs-kes", "period": "2025-04", "date": D(2025, 4, 10), "reference": "K-0425"},
    {"obligation": "pph21-pay", "period": "2025-03", "date": D(2025, 4, 15),
     "reference": "0A1B2C3D4E5F6G7H", "amount": Decimal("1")},
    {"obligation": "bpjs-tk", "period": "2025-03", "date": D(2025, 4, 21), "reference": "TK-0325"},
]


PERMITS = [
    {"name": "NIB", "kind": "licence", "number": "9120001234567", "party": "OSS",
     "expires": D(2025, 5, 20)},
    {"name": "Office lease", "kind": "lease", "party": "PT Gedung", "expires": D(2025, 4, 5),
     "remind_days": 60},
    {"name": "Fire policy", "kind": "insurance", "expires": D(2025, 4, 12),
     "renewed": D(2025, 4, 10), "location": "Arsip/Asuransi/2025"},
    {"name": "Car B 1234 CD", "kind": "vehicle", "expires": D(2025, 7, 1)},
]


def book(tmp_path, filings=FILINGS, lang="en", permits=(), left=None):
    """One Muslim employee on 8,000,000 basic and 2,000,000 fixed allowance from January
    2025."""
    path = str(tmp_path / "payroll.xlsx")
    settings = {"company": "PT Contoh", "base_currency": "IDR", "locale": "id-ID",
                "language": lang}
    employee = {"employee": "E1", "name": "Ani", "from": D(2025, 1, 1), "ptkp": "TK/0",
                "basic": 8000000, "fixed_allowances": 2000000, "department": "OPS",
                "religion": "islam"}
    if left:
        employee["left"] = left
    write_new_workbook(path, [SheetRows(settings_schema.schema_for("payroll"), [settings]),
                              SheetRows(REGISTRY["employees"], [employee]),
                              SheetRows(REGISTRY["filings"], list(filings)),
                              SheetRows(REGISTRY["permits"], list(permits))], lang)
    return path


def test_april_2025_done_late_and_due_by_hand(tmp_path):
    path = book(tmp_path)
    run = run_payroll(path, period="2025-03")
    march = run.results[0]
    result = month_calendar([path], "2025-04", as_of=D(2025, 4, 30))
    rows = [(e.due, e.rule.code, e.period, e.status, e.amount) for e in result.entries]
    # BPJS on a 10,000,000 wage: JHT 3.7% + 2%, JP 2% + 1% (under the 10,547,400 cap),
    # JKK 0.24%, JKM 0.30%: 370,000 + 200,000 + 200,000 + 100,000 + 24,000 + 30,000.
    # BPJS Kesehatan 4% + 1%: 500,000. 20 April 2025 is Easter Sunday: the SPT moves to the 21st.
    assert rows == [
        (D(2025, 4, 10), "bpjs-kes", "2025-04", "done", Decimal(500000)),
        (D(2025, 4, 15), "pph21-pay", "2025-03", "done", Decimal(march.pph21_payable)),
        (D(2025, 4, 15), "bpjs-tk", "2025-03", "done-late", Decimal(924000)),
        (D(2025, 4, 21), "pph21-return", "2025-03", "late", Decimal(march.pph21_payable)),
    ]
    assert march.pph21_payable > 0
    late = result.entries[2]
    assert late.days_late(D(2025, 4, 30)) == 6  # paid the 21st, due the 15th
    assert result.entries[3].days_late(D(2025, 4, 30)) == 9
    assert result.entries[3].statutory == D(2025, 4, 20) and result.entries[3].shifted
    table = {row[1]: row for row in result.table.rows}
    assert table["bpjs-tk"][6] == ("6 days late: 2% of the unpaid contributions for each month "
                                   "late (PP 44/2015; PP 45/2015; PP 46/2015)")
    assert table["pph21-return"][6].startswith("9 days late: Rp100,000 for each return filed "
                                               "late (UU KUP Ps. 7 ayat (1))")
    assert table["pph21-pay"][6] is None and table["pph21-pay"][8] == "0A1B2C3D4E5F6G7H"
    assert "moved to the next working day (PMK 81/2024 Ps. 100)" in table["pph21-return"][10]


def test_check_warns_of_the_late_and_the_unfiled(tmp_path):
    path = book(tmp_path)
    with open_book(path) as opened:
        _report, read = check_and_read(opened)
    issues = list(check_filings(read.data, today=D(2025, 4, 30)))
    underpaid, *late = issues
    # the PPh 21 of March was recorded as Rp1 paid (row 4): short of the register's figure
    march = run_payroll(path, period="2025-03").results[0]
    assert (underpaid.code, underpaid.cell, dict(underpaid.params)["short"]) == (
        "compliance-underpaid", "E4", Decimal(march.pph21_payable) - 1)
    assert [(i.code, dict(i.params)["period"], dict(i.params)["days"], i.row) for i in late] == [
        ("compliance-done-late", "2025-03", 6, 5),  # the bpjs-tk row, the sheet's fifth
        ("compliance-late", "2025-03", 9, None),
    ]
    message, fix = late[1].message("id")
    assert message.startswith("Lapor SPT Masa PPh 21/26 masa 2025-03 jatuh tempo 2025-04-21")
    assert "Rp100.000" in message
    assert fix == "Setor atau laporkan, lalu catat tanggal dan NTPN atau nomor bukti di Filings."
    # Check itself, on today's date, warns of the SPT of March 2025 (still not recorded)
    report = check(path)
    late = [dict(i.params) for i in report.issues if i.code == "compliance-late"]
    assert {"obligation", "period"} <= set(late[0]) and any(
        p["period"] == "2025-03" and str(p["obligation"]).startswith("File the SPT Masa PPh 21")
        for p in late)
    assert report.valid  # warnings only


def test_unknown_obligations_and_periods_are_errors_at_their_cells(tmp_path):
    path = book(tmp_path, [{"obligation": "pph99", "period": "2025-03"},
                           {"obligation": "ppn-return", "period": "2025"},
                           {"obligation": "corporate-return", "period": "2025-12"}])
    report = check(path)
    found = [(i.code, i.cell, i.value) for i in report.issues if i.code.startswith("filing-")]
    assert found == [("filing-unknown-obligation", "A2", "pph99"),
                     ("filing-bad-period", "B3", "2025"),
                     ("filing-bad-period", "B4", "2025-12")]
    assert not report.valid


def test_the_payroll_writes_the_compliance_sheet_late_in_red(tmp_path):
    path = book(tmp_path)
    run = run_payroll(path, period="2025-03")
    assert run.sheets[-1] == "Compliance"
    sheet = openpyxl.load_workbook(path)["Compliance"]
    rows = list(sheet.iter_rows(min_row=2))
    by_key = {(r[1].value, r[3].value): r for r in rows}
    # the months of the run's year up to March: BPJS Kesehatan of January to March, the PPh 21
    # and BPJS Ketenagakerjaan of January to March and their SPT (due in February to April),
    # and the THR a week before Idul Fitri (31 March 2025): 24 March, not moved off a day
    assert len(rows) == 3 + 3 * 3 + 1
    assert by_key[("thr", "2025")][0].value.date() == D(2025, 3, 24)
    late = by_key[("bpjs-tk", "2025-03")]
    assert late[5].value == "Done late" and late[6].value.startswith("6 days late")
    assert late[6].font.b and late[6].font.color.rgb == "FFC00000"
    done = by_key[("pph21-pay", "2025-03")]
    assert done[5].value == "Done" and done[6].value is None
    assert done[7].value.date() == D(2025, 4, 15)


def test_the_cli_lists_the_month_and_writes_an_ics(tmp_path, capsys):
    path = book(tmp_path, lang="id")
    ics = tmp_path / "kalender.ics"
    assert main(["calendar", path, "--month", "2025-04", "--as-of", "2025-04-30",
                 "--ics", str(ics)]) == 0
    out = capsys.readouterr().out
    assert "4 kewajiban jatuh tempo pada 2025-04, 2 terlambat." in out
    assert "TERLAMBAT" in out and "Selesai terlambat" in out
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [(e.decoded("dtstart"), str(e["summary"]).split(" 2025")[0]) for e in events] == [
        (D(2025, 4, 10), "Bayar iuran BPJS Kesehatan"),
        (D(2025, 4, 15), "Setor PPh 21/26 yang dipotong dari gaji"),
        (D(2025, 4, 15), "TERLAMBAT – Bayar iuran BPJS Ketenagakerjaan (JHT; JP; JKK; JKM)"),
        (D(2025, 4, 21), "TERLAMBAT – Lapor SPT Masa PPh 21/26"),
    ]
    assert str(events[0]["uid"]) == "bpjs-kes-2025-04@company.backoffice"
    assert "Rp500.000" in str(events[0]["summary"])


def test_permits_and_contracts_remind_ahead_and_go_late(tmp_path):
    path = book(tmp_path, permits=PERMITS)
    result = month_calendar([path], "2025-04", as_of=D(2025, 4, 30))
    permits = [(e.due, e.rule.en, e.status, e.remind) for e in result.entries
               if e.rule.code == "permit"]
    # the lease expired on the 5th unrenewed; the policy was renewed two days early; the NIB's
    # 30-day reminder falls on 20 April; the car's tax (1 July) is not in April at all
    assert permits == [
        (D(2025, 4, 5), "Renew lease: Office lease", "late", D(2025, 2, 4)),
        (D(2025, 4, 12), "Renew insurance: Fire policy", "done", D(2025, 3, 13)),
        (D(2025, 5, 20), "Renew licence: NIB", "due", D(2025, 4, 20)),
    ]
    lease = next(e for e in result.entries if e.rule.en.endswith("Office lease"))
    assert lease.days_late(D(2025, 4, 30)) == 25
    from backoffice.compliance.ics import to_ics

    events = icalendar.Calendar.from_ical(to_ics(result.entries, "en")).walk("VEVENT")
    nib = next(e for e in events if "NIB" in str(e["summary"]))
    assert nib.decoded("dtstart") == D(2025, 5, 20)
    assert nib.walk("VALARM")[0].decoded("trigger") == dt.timedelta(days=-30)


def test_a_leaver_gets_the_1721_a1_within_a_month(tmp_path):
    # Left on 1 June 2025: May is the last period (PMK 168/2023's Tuan D), so the slip is due
    # by the end of June, a Monday; nothing of the payroll is due after it.
    path = book(tmp_path, filings=(), left=D(2025, 6, 1))
    june = month_calendar([path], "2025-06", as_of=D(2025, 6, 1))
    assert [(e.due, e.rule.code, e.period) for e in june.entries] == [
        (D(2025, 6, 16), "pph21-pay", "2025-05"),  # the 15th is a Sunday
        (D(2025, 6, 16), "bpjs-tk", "2025-05"),
        (D(2025, 6, 20), "pph21-return", "2025-05"),
        (D(2025, 6, 30), "a1-leaver", "2025-05"),
    ]
    assert month_calendar([path], "2025-07", as_of=D(2025, 6, 1)).entries == []


def test_the_cli_gives_csv_for_scripts(tmp_path, capsys):
    path = book(tmp_path)
    assert main(["calendar", path, "--month", "2025-04", "--as-of", "2025-04-30",
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",")[:6] == ["due", "obligation", "what", "period", "amount", "status"]
    assert lines[1].startswith("2025-04-10,bpjs-kes,Pay BPJS Kesehatan,2025-04,500000,Done,")
    assert len(lines) == 5


def test_a_month_with_nothing_due_says_so(tmp_path, capsys):
    path = book(tmp_path, filings=())
    assert main(["calendar", path, "--month", "2024-03", "--lang", "id"]) == 0
    assert capsys.readouterr().out == "Tidak ada kewajiban yang jatuh tempo pada 2024-03.\n"
