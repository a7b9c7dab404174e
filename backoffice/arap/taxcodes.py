"""Tax codes as data: the Indonesian codes backoffice ships, and how a code computes tax.

A book's ``Tax codes`` sheet holds its codes; a book without one (or with an
empty one) uses :data:`SEED`, the codes below. Every code carries its legal
source and the dates it is effective.

How tax is computed (written down because money depends on it):

* A document's lines are grouped by tax code; each line's amount is
  quantity × unit price, rounded half up to the currency's minor unit.
* Per document and code, on the sum ``S`` of its lines (as e-Faktur computes
  PPN on the invoice's total DPP, not line by line):

  - prices exclusive of tax: the tax base (DPP) is ``S × factor``, the tax
    is ``S × factor × rate``;
  - prices inclusive of tax: the tax is ``S × factor × rate / (1 + factor × rate)``
    and the net is ``S`` less the tax.

* The tax is rounded once, with the code's rule (``down``, ``half-up`` or
  ``up``) to the code's decimals (0: whole rupiah, as e-Faktur), never finer
  than the currency's minor unit. The DPP shown in tax summaries is rounded
  half up the same way.

PMK 131/2024: from 1 January 2025 PPN is 12% on a DPP of 11/12 of the price for
supplies that are not luxury goods (an effective 11%), and 12% on the full
price for luxury goods subject to PPnBM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

#: Rounding rules a code may use, as Decimal rounding modes (on positive amounts).
ROUNDING = {"down": ROUND_FLOOR, "half-up": ROUND_HALF_UP, "up": ROUND_CEILING}


@dataclass(frozen=True)
class TaxCode:
    """One tax code.

    Attributes:
        code: what lines type in their Tax code column ("PPN12").
        kind: "vat" (PPN, added to the document) or "withholding" (PPh 23, deducted).
        rate: the rate in percent (12 for 12%).
        factor: the DPP factor, the share of the price the rate applies to (11/12).
        inclusive: prices typed with this code include the tax.
        rounding: "down", "half-up" or "up".
        decimals: decimals the tax is rounded to (None: the currency's own).
        sales_account: PPN output, or PPh 23 prepaid (withheld by customers).
        purchase_account: PPN input, or PPh 23 payable (withheld by us).
        start, end: the dates the code may be used on (inclusive; None: open).
        source: the legal source.
        tax_object: the tax office's object code (PPh 23: 24-104-xx).
        efaktur_code: the e-Faktur transaction code of an invoice to a buyer that is not a
            VAT collector (None: from the DPP factor, :mod:`backoffice.arap.trxcodes`).
    """

    code: str
    name: str
    kind: str
    rate: Decimal
    factor: Fraction = Fraction(1)
    inclusive: bool = False
    rounding: str = "half-up"
    decimals: int | None = None
    sales_account: str | None = None
    purchase_account: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    source: str = ""
    tax_object: str | None = None
    efaktur_code: str | None = None

    def effective(self, day: dt.date) -> bool:
        """Whether the code may be used on ``day``."""
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def tax(self, total: int, exp: int) -> tuple[int, int, int]:
        """(net, DPP, tax) in minor units for lines summing to ``total`` minor units."""
        share = self.factor * Fraction(self.rate) / 100
        if self.inclusive:
            exact = Fraction(total) * share / (1 + share)
            tax = self.round(exact, exp)
            net = total - tax
        else:
            net = total
            tax = self.round(Fraction(total) * share, exp)
        dpp = _round(Fraction(net) * self.factor, exp, self.decimals, ROUND_HALF_UP)
        return net, dpp, tax

    def round(self, value: Fraction, exp: int) -> int:
        """``value`` (minor units) rounded with the code's rule to its decimals."""
        return _round(value, exp, self.decimals, ROUNDING[self.rounding])


def _round(value: Fraction, exp: int, decimals: int | None, mode: str) -> int:
    """``value`` minor units rounded to a step of ``10**(exp - decimals)`` minor units,
    exactly (integer arithmetic on the fraction); half-up rounds halves away from zero."""
    keep = exp if decimals is None else min(decimals, exp)
    step = 10 ** (exp - keep)
    sign = -1 if value < 0 else 1
    steps = abs(value) / step
    if mode == ROUND_FLOOR:
        whole = steps.numerator // steps.denominator
    elif mode == ROUND_CEILING:
        whole = -(-steps.numerator // steps.denominator)
    else:
        half = steps + Fraction(1, 2)
        whole = half.numerator // half.denominator
    return sign * whole * step


def parse_factor(text: object) -> Fraction | None:
    """A DPP factor typed as ``11/12``, ``1``, ``0.5`` or ``100%``; None when unreadable."""
    if text is None or str(text).strip() == "":
        return Fraction(1)
    raw = str(text).strip().replace(",", ".")
    try:
        if raw.endswith("%"):
            value = Fraction(raw[:-1].strip()) / 100
        else:
            value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        return None
    return value if 0 < value <= 1 else None


_PMK131 = "PMK 131/2024 art. 3 (PPN 12% × DPP 11/12 for non-luxury supplies, from 2025-01-01)"
#: The codes backoffice ships; a book's Tax codes sheet replaces them.
SEED: tuple[TaxCode, ...] = (
    TaxCode("PPN12", "PPN 12% × DPP 11/12 (non-luxury)", "vat", Decimal(12), Fraction(11, 12),
            rounding="down", decimals=0, sales_account="2102", purchase_account="1401",
            start=dt.date(2025, 1, 1), source=_PMK131, efaktur_code="04"),
    TaxCode("PPN12LUX", "PPN 12% on the full price (luxury goods, PPnBM)", "vat", Decimal(12),
            rounding="down", decimals=0, sales_account="2102", purchase_account="1401",
            start=dt.date(2025, 1, 1), source="PMK 131/2024 art. 2; UU 7/2021 (HPP) art. 7",
            efaktur_code="01"),
    TaxCode("PPN11", "PPN 11% (until 2024)", "vat", Decimal(11), rounding="down", decimals=0,
            sales_account="2102", purchase_account="1401", start=dt.date(2022, 4, 1),
            end=dt.date(2024, 12, 31), source="UU 7/2021 (HPP) art. 7(1)a", efaktur_code="01"),
    TaxCode("PPN0", "PPN 0% (export of goods and services)", "vat", Decimal(0),
            sales_account="2102", purchase_account="1401",
            source="UU 8/1983 as amended by UU 7/2021, art. 7(2)"),
    TaxCode("PPNEX", "PPN exempt (dibebaskan / tidak dipungut)", "vat", Decimal(0),
            sales_account="2102", purchase_account="1401",
            source="UU PPN art. 16B; PP 49/2022"),
    TaxCode("PPH23", "PPh 23 2% on consulting services", "withholding", Decimal(2), decimals=0,
            sales_account="1403", purchase_account="2105",
            source="UU 36/2008 art. 23(1)c as amended by UU 7/2021; PMK 141/2015 art. 1; "
                   "object code 24-104-03 (Jasa Konsultan) from DJP's BPPU converter v.3, "
                   "sheet REF",
            tax_object="24-104-03"),
)

#: PPh final UMKM: (from, rate in percent, source). The last one on or before a month applies.
UMKM_RATES: tuple[tuple[dt.date, Decimal, str], ...] = (
    (dt.date(2018, 7, 1), Decimal("0.5"), "PP 23/2018 art. 3"),
    (dt.date(2022, 12, 20), Decimal("0.5"), "PP 55/2022 art. 56-57"),
)


def umkm_rate(day: dt.date) -> tuple[Decimal, str] | None:
    """The UMKM final tax rate (percent) and its source on ``day``; None before 2018-07."""
    found = None
    for start, rate, source in UMKM_RATES:
        if day >= start:
            found = (rate, source)
    return found


def seed_rows() -> list[dict[str, object]]:
    """The shipped codes as Tax codes rows (field key -> value), for templates and the demo."""
    return [{"code": c.code, "name": c.name, "kind": c.kind, "rate": c.rate,
             "factor": f"{c.factor.numerator}/{c.factor.denominator}" if c.factor != 1 else None,
             "inclusive": c.inclusive, "rounding": c.rounding, "decimals": c.decimals,
             "sales_account": c.sales_account, "purchase_account": c.purchase_account,
             "start": c.start, "end": c.end, "source": c.source, "tax_object": c.tax_object,
             "efaktur_code": c.efaktur_code}
            for c in SEED]
