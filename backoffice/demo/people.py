"""The demo company's people's records for its year: contracts, leave and one warning letter.

Five staff are permanent (PKWTT) since January 2022 with a three-month probation; Rina
(S006) was on a two-year PKWT extended for two more and leaves at the end of September,
so her uang kompensasi is proposed for September's payroll; Hendra (S007) joined in April
on a one-year PKWT that the 90-day reminder lists at the year's end. The company grants
14 days of annual leave (above the law's 12), from which the year's joint leave days are
taken.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from backoffice.demo.company import FISCAL_YEAR


def people_records(lang: str) -> dict[str, Any]:
    """Contracts, Leave and Warning letters rows, and the company's HR Rules rows."""
    year = FISCAL_YEAR
    hired = dt.date(year - 3, 1, 2)
    contracts = [{"contract": f"PKWTT-{code}", "employee": code, "type": "pkwtt", "start": hired,
                  "probation_end": dt.date(year - 3, 4, 1)}
                 for code in ("S001", "S002", "S003", "S004", "S005")]
    contracts += [
        {"contract": "PKWT-S006-1", "employee": "S006", "type": "pkwt", "start": hired,
         "end": dt.date(year - 1, 1, 1)},
        {"contract": "PKWT-S006-2", "employee": "S006", "type": "pkwt",
         "start": dt.date(year - 1, 1, 2), "end": dt.date(year, 12, 31), "extends": "PKWT-S006-1",
         "ended": dt.date(year, 9, 29),
         "note": {"en": "Resigned; last day 29 September", "id": "Mengundurkan diri; hari "
                  "terakhir 29 September"}[lang]},
        {"contract": "PKWT-S007-1", "employee": "S007", "type": "pkwt",
         "start": dt.date(year, 4, 1), "end": dt.date(year + 1, 3, 31)},
    ]

    def request(code: str, employee: str, kind: str, start: dt.date, end: dt.date) -> dict:
        return {"request": code, "employee": employee, "kind": kind, "start": start, "end": end}

    leave = [
        request("CT-001", "S004", "sick", dt.date(year, 2, 10), dt.date(year, 2, 12)),
        request("CT-002", "S005", "paternity", dt.date(year, 3, 10), dt.date(year, 3, 11)),
        request("CT-003", "S006", "annual", dt.date(year, 6, 2), dt.date(year, 6, 5)),
        request("CT-004", "S001", "annual", dt.date(year, 7, 14), dt.date(year, 7, 17)),
        request("CT-005", "S007", "sick", dt.date(year, 9, 15), dt.date(year, 9, 16)),
        request("CT-006", "S002", "marriage", dt.date(year, 10, 6), dt.date(year, 10, 8)),
        request("CT-007", "S003", "unpaid", dt.date(year, 11, 10), dt.date(year, 11, 11)),
        request("CT-008", "S005", "annual", dt.date(year, 12, 22), dt.date(year, 12, 24)),
    ]
    letters = [{"letter": "SP-001", "employee": "S005", "level": "SP1",
                "date": dt.date(year, 9, 15),
                "reason": {"en": "Late for work repeatedly", "id": "Berulang kali terlambat "
                           "masuk kerja"}[lang]}]
    rules = [{"from": dt.date(year, 1, 1), "rule": "annual_leave_days", "value": 14,
              "note": {"en": "Company regulation", "id": "Peraturan perusahaan"}[lang]},
             {"from": dt.date(year, 1, 1), "rule": "contract_reminder_days", "value": 90}]
    return {"contracts": contracts, "leave": leave, "letters": letters, "rules": rules}
