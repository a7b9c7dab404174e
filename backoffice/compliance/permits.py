"""The company's own deadlines on the calendar: the Permits and contracts sheet.

A permit or contract is listed in the month it expires and in the month its
reminder falls (*Remind days* before, 30 when blank). It is ``done`` once a
*Renewed* date is typed (``done-late`` when renewed after it expired), ``late``
once expired without one, ``due`` otherwise. Expiry dates are the documents'
own: they do not move off days off.
"""

from __future__ import annotations

import datetime as dt

from backoffice.compliance.calendar import Entry
from backoffice.compliance.rules import Rule
from backoffice.schema import BookData
from backoffice.schemas.permits import DEFAULT_REMIND_DAYS

#: How a kind reads inside "Renew …" / "Perpanjang …".
_KIND_LABELS = {"licence": ("licence", "izin"), "lease": ("lease", "sewa"),
                "insurance": ("insurance", "asuransi"),
                "vehicle": ("vehicle tax", "pajak kendaraan"),
                "contract": ("contract", "kontrak"), "other": ("", "")}


def permit_entries(book: BookData, start: dt.date, end: dt.date, as_of: dt.date) -> list[Entry]:
    """The permits and contracts whose expiry or reminder falls in ``start``..``end``."""
    sheet = book.get("permits")
    if sheet is None or sheet.frame is None:
        return []
    found = []
    for row in sheet.frame.iter_rows(named=True):
        expires, name = row.get("expires"), row.get("name")
        if expires is None or not name:
            continue
        days = row.get("remind_days")
        remind = expires - dt.timedelta(days=DEFAULT_REMIND_DAYS if days is None else days)
        if not (start <= expires <= end or start <= remind <= end):
            continue
        renewed = row.get("renewed")
        status = ("done" if renewed <= expires else "done-late") if renewed else (
            "late" if as_of > expires else "due")
        kind_en, kind_id = _KIND_LABELS.get(row.get("kind") or "other", _KIND_LABELS["other"])
        number = str(row.get("number") or "")
        source = " ".join(x for x in (number, str(row.get("party") or "")) if x)
        rule = Rule(
            code="permit", en=f"Renew {kind_en}: {name}".replace(" :", ":"),
            id=f"Perpanjang {kind_id}: {name}".replace(" :", ":"), frequency="permit",
            applies="permits", offset=0,
            day=None, effective_from=dt.date.min, effective_to=None, source=source,
            penalty_en="it has expired: the company works without it",
            penalty_id="sudah berakhir: perusahaan beroperasi tanpanya",
            penalty_source=str(row.get("location") or ""))
        found.append(Entry(rule, f"{expires:%Y-%m}", expires, expires, None, status, None,
                           remind, renewed))
    return found
