"""The demo company's staff and a year of their payroll (Employees, Timesheet, Pay items)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from backoffice.compliance.demo import PAYROLL_SETTINGS
from backoffice.demo.company import COMPANY, COMPANY_NPWP, FISCAL_YEAR

PAYROLL_FILE = "payroll.xlsx"

# code, name, department, PTKP, basic, fixed allowances, other allowances, work week
STAFF = (
    ("S001", "Budi Santoso", "ADM", "K/2", 18_000_000, 2_000_000, 1_000_000, "5"),
    ("S002", "Siti Rahma", "ADM", "TK/0", 7_500_000, 500_000, 600_000, "5"),
    ("S003", "Agus Wijaya", "SALES", "K/1", 9_000_000, 1_000_000, 1_500_000, "5"),
    ("S004", "Dewi Lestari", "SALES", "TK/1", 6_500_000, 500_000, 1_200_000, "5"),
    ("S005", "Joko Prasetyo", "GUDANG", "K/3", 5_400_000, 300_000, 600_000, "6"),
    ("S006", "Rina Marlina", "GUDANG", "TK/0", 5_200_000, 300_000, 600_000, "6"),
    ("S007", "Hendra Gunawan", "SALES", "K/0", 12_000_000, 1_500_000, 1_000_000, "5"),
)

#: Job titles by department (English, Indonesian), for the monthly withholding slips.
POSITIONS = {"ADM": ("Administration staff", "Staf administrasi"),
             "SALES": ("Sales staff", "Staf penjualan"),
             "GUDANG": ("Warehouse staff", "Staf gudang")}


#: The year's leavers (the Leavers sheet): Rina retires, Dewi resigns with the uang pisah of
#: the company's rules; both have annual leave left.
LEAVERS = {
    "S006": {"last_day": dt.date(FISCAL_YEAR, 9, 29), "reason": "retirement",
             "leave_days": Decimal(3)},
    "S004": {"last_day": dt.date(FISCAL_YEAR, 11, 30), "reason": "resignation",
             "leave_days": Decimal(5), "separation": 2_000_000},
}
NOTES = {"S006": ("Retirement age reached", "Memasuki usia pensiun"),
         "S004": ("Resigned; uang pisah per company rules",
                  "Mengundurkan diri; uang pisah sesuai peraturan perusahaan")}


def payroll_records(lang: str) -> dict[str, Any]:
    """The demo payroll book's records: a raise in July, a joiner in April, a retirement in
    September and a resignation in November (the Leavers sheet), THR before Lebaran (31
    March), overtime in the warehouse, a December bonus."""
    year = FISCAL_YEAR
    employees, timesheet, items = [], [], []
    for code, name, department, ptkp, basic, fixed, other, week in STAFF:
        start = dt.date(year, 4, 1) if code == "S007" else dt.date(year - 3, 1, 2)
        row = {"employee": code, "name": name, "department": department, "ptkp": ptkp,
               "basic": basic, "fixed_allowances": fixed, "other_allowances": other,
               "work_week": week, "from": max(start, dt.date(year, 1, 1)), "joined": start,
               "bank": "BCA", "account": f"8{code[1:]}012345", "npwp": f"31710{code[1:]}0101000{code[-1]}",
               "position": POSITIONS[department][lang == "id"],
               "religion": "islam"}  # THR before Idul Fitri for all (Permenaker 6/2016)
        if code in LEAVERS:  # Left: the first day no longer worked
            row["left"] = LEAVERS[code]["last_day"] + dt.timedelta(days=1)
        employees.append(row)
        if code in ("S002", "S003", "S005"):
            employees.append({**row, "from": dt.date(year, 7, 1), "basic": basic * 105 // 100})
        if start < dt.date(year, 3, 1):  # THR before Lebaran, for whoever works by then
            items.append({"date": dt.date(year, 3, 21), "employee": code, "item": "thr",
                          "description": {"en": "THR Idul Fitri", "id": "THR Idul Fitri"}[lang]})
        if code not in LEAVERS:
            items.append({"date": dt.date(year, 12, 19), "employee": code, "item": "bonus",
                          "amount": basic // 2,
                          "description": {"en": "Year-end bonus", "id": "Bonus akhir tahun"}[lang]})
    for month in range(1, 13):
        for code in ("S005", "S006"):
            if code == "S006" and month > 9:
                continue
            timesheet.append({"date": dt.date(year, month, 8), "employee": code,
                              "day_type": "workday", "hours": Decimal(2)})
            timesheet.append({"date": dt.date(year, month, 14), "employee": code,
                              "day_type": "rest", "hours": Decimal(5)})
    items.append({"date": dt.date(year, 5, 20), "employee": "S001", "item": "zakat",
                  "amount": 500_000})
    settings = {"company": COMPANY, "language": lang, "npwp": COMPANY_NPWP,
                **PAYROLL_SETTINGS}
    rules = [{"from": dt.date(year, 1, 1), "rule": "jkk_class", "value": 2,
              "note": {"en": "Trading and warehousing", "id": "Perdagangan dan gudang"}[lang]},
             {"from": dt.date(year, 1, 1), "rule": "kes_floor", "value": 5_396_761,
              "note": "UMK Jakarta 2025"}]
    leavers = [{"employee": code, **fields, "note": NOTES[code][lang == "id"]}
               for code, fields in LEAVERS.items()]
    return {"employees": employees, "timesheet": timesheet, "pay_items": items, "rules": rules,
            "settings": settings, "leavers": leavers}
