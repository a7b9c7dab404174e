"""PPh final UMKM: 0.5% of each month's gross turnover (PP 55/2022), as a Settings option.

Turnover is the month's sales net of PPN and of credit notes (opening documents
left out), in the base currency at each document's rate. A yearly tax-free part
(Settings: 500,000,000 for individuals, 0 for companies) is used up month by month
before any tax is due. The tax is rounded half up to the whole rupiah (it is paid
through a billing code in whole rupiah) and posted on the month's last day as
``umkm:YYYY-MM``: Dr the expense account, Cr the payable account from Settings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from backoffice.arap.amounts import exponent_of as exponent
from backoffice.arap.amounts import half_up
from backoffice.arap.documents import Document
from backoffice.arap.taxcodes import umkm_rate


class PostingRun(Protocol):
    """What the UMKM tax needs of the receivables engine's run (``arap.engine._Run``):
    named here so that this module does not import the engine that calls it."""

    settings: dict[str, Any]
    base: str
    text: dict[str, str]

    def need(self, key: str) -> str: ...

    def to_base(self, amount: int, currency: str, day: dt.date) -> int | None: ...

    def post(self, block: str, day: dt.date, entry: str, account: str, description: str,
             amount: int, currency: str) -> None: ...


def umkm_tax(run: PostingRun, documents: list[Document]) -> list[tuple[str, int, int, Decimal, str]]:
    """PPh final UMKM per month (when Settings ask for it): the rate in force on the
    month's first day on the turnover above what is left of the year's tax-free part;
    posted on the month's last day."""
    if not run.settings.get("umkm_final"):
        return []
    turnover: dict[str, int] = {}
    for doc in documents:
        if doc.side != "sales" or doc.kind == "opening" or doc.date is None:
            continue
        net = sum(doc.net.values())
        base = run.to_base(net, doc.currency, doc.date) or 0
        month = f"{doc.date:%Y-%m}"
        turnover[month] = turnover.get(month, 0) + doc.sign * base
    free = int(Decimal(str(run.settings.get("umkm_threshold") or 0)).scaleb(
        exponent(run.base)))
    used: dict[str, int] = {}
    result = []
    for month in sorted(turnover):
        first = dt.date(int(month[:4]), int(month[5:]), 1)
        found = umkm_rate(first)
        if found is None:
            continue
        rate, source = found
        year = month[:4]
        left = max(free - used.get(year, 0), 0)
        gross = turnover[month]
        used[year] = used.get(year, 0) + max(gross, 0)
        taxable = max(gross - left, 0)
        # Whole rupiah, half up: the tax is paid through a billing code in whole rupiah.
        step = 10 ** exponent(run.base)
        tax = half_up(Fraction(taxable) * Fraction(rate) / 100 / step) * step
        result.append((month, gross, tax, rate, source))
        last = (dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                - dt.timedelta(days=1))
        entry = f"UMKM-{month}"
        label = f"{run.text['umkm']} {month}"
        run.post(f"umkm:{month}", last, entry, run.need("umkm_expense_account"), label, tax,
                 run.base)
        run.post(f"umkm:{month}", last, entry, run.need("umkm_payable_account"), label, -tax,
                 run.base)
    return result

