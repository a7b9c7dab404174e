"""The demo company's compliance records: what it paid and filed, its permits and
contracts, and its document register.

Every obligation of the demo year is recorded on its (moved) deadline, except one:
the PPN of August 2025 was paid six days late, so the calendar shows it in red with
its penalty rule and Check warns of it.
"""

from __future__ import annotations

import datetime as dt

from backoffice.books.new_xlsx import SheetRows
from backoffice.compliance.deadlines import working_due
from backoffice.compliance.rules import rule_for
from backoffice.schemas import REGISTRY

#: The one late payment of the demo: (obligation, period, days after the deadline).
LATE = ("ppn-pay", "2025-08", 6)
#: What the books cannot know, in the demo's Settings: a small business (LKPM half-yearly)
#: that first filed its manpower report (WLKP) on 19 May 2016.
LEDGER_SETTINGS = {"business_scale": "small"}
PAYROLL_SETTINGS = {"wlkp_first_report": dt.date(2016, 5, 19)}


def _filings(codes: tuple[str, ...], year: int, annual: tuple[tuple[str, str], ...]
             ) -> list[dict[str, object]]:
    rows = []
    wanted = [(code, f"{year}-{m:02d}") for m in range(1, 13) for code in codes] + list(annual)
    for n, (code, period) in enumerate(wanted, start=1):
        rule = rule_for(code, period)
        assert rule is not None
        statutory = rule.statutory_due(period, PAYROLL_SETTINGS.get("wlkp_first_report"))
        assert statutory is not None
        day = working_due(statutory) if rule.moves else statutory
        if (code, period) == LATE[:2]:
            day += dt.timedelta(days=LATE[2])
        kind = "pay" if code.endswith("-pay") or code.startswith("bpjs") else "file"
        rows.append({"obligation": code, "period": period, "date": day,
                     "reference": (f"{n:04d}{period.replace('-', '')}PJ{year % 100}AB"
                                   if kind == "pay" else f"BPE-{period}-{n:04d}")})
    return rows


def ledger_sheets(year: int) -> list[SheetRows]:
    """The ledger's Filings, Permits and contracts, and Documents sheets."""
    filings = _filings(("ppn-pay", "ppn-return"), year,
                       (("corporate-return", str(year - 1)), ("corporate-return", str(year)),
                        *(("lkpm-small", f"{y}-{half}") for y in (year - 1, year)
                          for half in ("H1", "H2"))))
    permits = [
        {"name": "NIB", "kind": "licence", "number": "9120301234567", "party": "OSS RBA",
         "expires": dt.date(year + 5, 6, 30), "remind_days": 90, "location": "Legal/NIB.pdf"},
        {"name": "Gudang Jl. Soekarno-Hatta", "kind": "lease", "party": "PT Graha Lestari",
         "expires": dt.date(year + 2, 12, 31), "remind_days": 90,
         "location": "Kontrak/sewa-gudang.pdf"},
        {"name": "Asuransi kebakaran gudang", "kind": "insurance", "number": "POL-778812",
         "party": "PT Asuransi Sentosa", "expires": dt.date(year, 12, 31),
         "renewed": dt.date(year, 12, 19), "location": "Asuransi/polis-2025.pdf"},
        {"name": "Mobil boks D 8123 AB", "kind": "vehicle", "party": "Samsat Bandung",
         "expires": dt.date(year, 8, 14), "remind_days": 14, "renewed": dt.date(year, 8, 11)},
        {"name": "Kontrak pemasok kertas", "kind": "contract", "party": "PT Kertas Nusantara",
         "expires": dt.date(year, 12, 31), "renewed": dt.date(year, 12, 15),
         "location": "Kontrak/kertas-2025.pdf"},
    ]
    documents = [
        {"type": "company", "number": "AKTA-12", "date": dt.date(2015, 3, 2),
         "party": "Notaris R. Wibowo", "location": "Lemari legal, rak 1"},
        {"type": "contract", "number": "SEWA-GDG", "date": dt.date(year, 1, 2),
         "party": "PT Graha Lestari", "location": "Kontrak/sewa-gudang.pdf"},
        {"type": "tax", "number": f"SPT-BADAN-{year - 1}", "date": dt.date(year, 4, 28),
         "location": "Pajak/spt-badan.pdf"},
        {"type": "bank", "number": f"BCA-{year}", "date": dt.date(year, 12, 31),
         "party": "BCA", "location": "Bank/rekening-koran.pdf"},
    ]
    return [SheetRows(REGISTRY["filings"], filings), SheetRows(REGISTRY["permits"], permits),
            SheetRows(REGISTRY["archive"], documents)]


def payroll_sheets(year: int) -> list[SheetRows]:
    """The payroll book's Filings: every PPh 21 and BPJS month, the 1721-A1 slips (the year's,
    and the leavers': September's retirement and November's resignation), the THR, the
    WLKP."""
    return [SheetRows(REGISTRY["filings"], _filings(
        ("pph21-pay", "pph21-return", "bpjs-tk", "bpjs-kes"), year,
        (("a1-slips", str(year)), ("thr", str(year)), ("a1-leaver", f"{year}-09"),
         ("a1-leaver", f"{year}-11"), ("wlkp", str(year)))))]
