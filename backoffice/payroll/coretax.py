"""``coretax-bupot21-xml``: a month's PPh 21 slips of permanent employees for Coretax (BPMP).

The file is DJP's ``MmPayrollBulk``, the layout whose XSD is embedded in DJP's
"BPMP Excel to XML v.3" converter (17 April 2025): one ``MmPayroll`` per
permanent employee paid in the month, with the month's gross (*penghasilan
bruto*, the TER base), the TER rate in percent (PP 58/2023), the PTKP status,
the job title, and ``DTP`` as the facility when the government bears the tax.

Not in this file, and said so on standard error when they occur:

* a permanent employee's last tax period (December, or the month of leaving):
  that slip is the annual A1 (BPA1), which backoffice does not write;
* non-permanent employees paid monthly: their slips are BP21.

The month is the one ``--period`` names; the withholding date written is the
month's last day (the books keep no pay date).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from backoffice import taxid, xmlout
from backoffice.catalogue import Localized
from backoffice.checking import read_clean, require_valid
from backoffice.errors import ActionRefused, UsageError
from backoffice.ledger.reports import Options
from backoffice.payroll.model import MonthResult
from backoffice.payroll.run import compute

#: The tax object of a permanent employee's regular income (BPMP converter v.3, sheet REF).
OBJECT_PERMANENT = "21-100-01"
#: PTKP statuses the slip takes (the XSD's PtkpType).
PTKP = ("TK/0", "TK/1", "TK/2", "TK/3", "K/0", "K/1", "K/2", "K/3",
        "HB/0", "HB/1", "HB/2", "HB/3")
_MAX_LISTED = 15

Note = Callable[[Localized], None]


@dataclass(frozen=True)
class _Employee:
    """What the slip needs of one Employees row (the one in force in the month)."""

    row: int
    type: str
    npwp: str | None
    position: str
    citizenship: str
    passport: str | None


def build_xml(path: str, options: Options, lang: str | None = None,
              note: Note | None = None) -> bytes:
    """The BPMP file of the month ``options`` names (``--period YYYY-MM``) of the payroll
    book at ``path``; ``note`` hears of the employees the file leaves out, and why."""
    period = _month(options)
    run = compute(path, period, None, lang)
    require_valid(run.report, path)
    if (run.settings.get("payroll_pack") or "id") != "id":
        raise ActionRefused(detail=Localized("The monthly PPh 21 slips are Indonesian; this "
                                             "book uses another payroll rule pack.",
                                             "Bukti potong PPh 21 bulanan hanya untuk aturan "
                                             "Indonesia; buku ini memakai paket aturan lain."),
                            fix=Localized("Set Payroll rule pack to Indonesia in Settings.",
                                          "Atur Paket aturan gaji ke Indonesia di Pengaturan."))
    book = read_clean(path, lang).data
    sheet = book.get("settings").sheet if book.get("settings") is not None else "Settings"
    npwp, nitku = taxid.company(run.settings, sheet)
    employees = book.get("employees")
    letters = employees.letters if employees is not None else {}
    sheet_name = employees.sheet if employees is not None else "Employees"
    year, month = int(period[:4]), int(period[5:])
    last_day = dt.date(year, month, calendar.monthrange(year, month)[1])
    masters = _employees(book, last_day)
    problems: list[Localized] = []
    left_out: list[Localized] = []
    slips = []
    for result in sorted(run.results, key=lambda r: r.employee):
        master = masters.get(result.employee)
        if master is None or result.gross <= 0:
            continue
        if master.type != "permanent":
            left_out.append(Localized(f"{result.employee} (non-permanent: a BP21 slip)",
                                      f"{result.employee} (tidak tetap: bukti potong BP21)"))
            continue
        if result.last_period:
            left_out.append(Localized(f"{result.employee} (last tax period: an A1 slip)",
                                      f"{result.employee} (masa pajak terakhir: bukti potong "
                                      f"A1)"))
            continue
        found = _problems(result, master, sheet_name, letters)
        problems.extend(found)
        if not found:
            slips.append(_slip(result, master, last_day, nitku))
    if problems:
        raise _refuse(problems)
    if left_out and note is not None:
        note(Localized(f"Not in the file: {', '.join(x.en for x in left_out)}; file those in "
                       f"Coretax.",
                       f"Tidak di berkas: {', '.join(x.id for x in left_out)}; rekam di "
                       f"Coretax."))
    if not slips:
        raise ActionRefused(detail=Localized(f"{period} has no monthly slip of a permanent "
                                             f"employee to export.",
                                             f"{period} tidak punya bukti potong bulanan "
                                             f"pegawai tetap untuk diekspor."),
                            fix=Localized("December and a leaver's last month are A1 slips; "
                                          "pick another month (--period YYYY-MM).",
                                          "Desember dan bulan terakhir pegawai keluar adalah "
                                          "bukti potong A1; pilih bulan lain (--period "
                                          "YYYY-MM)."))
    root = xmlout.root("MmPayrollBulk")
    xmlout.add(root, "TIN", npwp)
    listing = xmlout.add(root, "ListOfMmPayroll")
    for elements in slips:
        item = xmlout.add(listing, "MmPayroll")
        for key, value in elements:
            xmlout.add(item, key, value, nil=value is None)
    return xmlout.serialize(root)


def _month(options: Options) -> str:
    start, end = options.start, options.end or options.as_of
    if start is None or end is None or (start.year, start.month) != (end.year, end.month):
        raise UsageError(detail=Localized("coretax-bupot21-xml is one month: give --period "
                                          "YYYY-MM.",
                                          "coretax-bupot21-xml untuk satu bulan: berikan "
                                          "--period YYYY-MM."))
    return f"{start.year}-{start.month:02d}"


def _employees(book: Any, last_day: dt.date) -> dict[str, _Employee]:
    """Each employee's row in force on ``last_day`` (the latest From on or before it)."""
    data = book.get("employees")
    found: dict[str, tuple[dt.date, _Employee]] = {}
    if data is None:
        return {}
    for row in data.frame.iter_rows(named=True):
        code, start = row.get("employee"), row.get("from")
        if code is None or start is None or start > last_day:
            continue
        if code in found and found[code][0] > start:
            continue
        found[code] = (start, _Employee(row["_row"], row.get("type") or "permanent",
                                        row.get("npwp"), (row.get("position") or "").strip(),
                                        row.get("citizenship") or "Resident",
                                        row.get("passport")))
    return {code: employee for code, (_start, employee) in found.items()}


def _problems(result: MonthResult, master: _Employee, sheet: str,
              letters: dict[str, str]) -> list[Localized]:
    def cell(key: str) -> str:
        letter = letters.get(key)
        return f"{sheet}!{letter}{master.row}" if letter else f"{sheet} row {master.row}"

    found = []
    foreign = master.citizenship == "Foreign"
    if taxid.npwp16(master.npwp) is None and not (foreign and master.npwp is None):
        found.append(Localized(f"{cell('npwp')}: {result.employee} has no NIK or NPWP of 16 "
                               f"digits ({master.npwp or 'empty'})",
                               f"{cell('npwp')}: {result.employee} tidak punya NIK atau NPWP "
                               f"16 digit ({master.npwp or 'kosong'})"))
    if foreign and not master.passport:
        found.append(Localized(f"{cell('passport')}: {result.employee} is foreign but has no "
                               f"passport number",
                               f"{cell('passport')}: {result.employee} WNA tetapi tanpa nomor "
                               f"paspor"))
    if not master.position:
        found.append(Localized(f"{cell('position')}: {result.employee} has no position",
                               f"{cell('position')}: {result.employee} tidak punya jabatan"))
    if result.ptkp not in PTKP:
        found.append(Localized(f"{cell('ptkp')}: {result.employee}'s PTKP status "
                               f"{result.ptkp or '(empty)'} is not one the slip takes",
                               f"{cell('ptkp')}: status PTKP {result.employee} "
                               f"{result.ptkp or '(kosong)'} tidak diterima bukti potong"))
    if result.ter_rate is None:
        found.append(Localized(f"{result.employee}: no TER rate this month",
                               f"{result.employee}: tidak ada tarif TER bulan ini"))
    return found


def _slip(result: MonthResult, master: _Employee, last_day: dt.date,
          nitku: str) -> list[tuple[str, object]]:
    foreign = master.citizenship == "Foreign"
    rate = (Decimal(result.ter_rate or 0) * 100).normalize()
    return [("TaxPeriodMonth", last_day.month), ("TaxPeriodYear", last_day.year),
            ("CounterpartOpt", "Foreign" if foreign else "Resident"),
            ("CounterpartPassport", master.passport if foreign else None),
            ("CounterpartTin", taxid.npwp16(master.npwp)),
            ("StatusTaxExemption", result.ptkp), ("Position", master.position),
            ("TaxCertificate", "DTP" if result.dtp > 0 else "N/A"),
            ("TaxObjectCode", OBJECT_PERMANENT), ("Gross", result.gross), ("Rate", rate),
            ("IDPlaceOfBusinessActivity", nitku), ("WithholdingDate", last_day)]


def _refuse(problems: list[Localized]) -> ActionRefused:
    shown = problems[:_MAX_LISTED]
    more = len(problems) - len(shown)
    en = "; ".join(p.en for p in shown) + (f"; and {more} more" if more else "")
    id_ = "; ".join(p.id for p in shown) + (f"; dan {more} lagi" if more else "")
    return ActionRefused(detail=Localized(f"The monthly PPh 21 slips cannot be written: {en}.",
                                          f"Bukti potong PPh 21 bulanan tidak dapat ditulis: "
                                          f"{id_}."),
                         fix=Localized("Fill in those cells of Employees and run it again.",
                                       "Isi sel Karyawan tersebut lalu jalankan lagi."))
