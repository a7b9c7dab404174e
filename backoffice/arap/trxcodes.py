"""e-Faktur transaction codes (*kode transaksi*): which code a tax invoice carries, as data.

The code is the first two digits of a tax invoice's number and tells the tax
office how the PPN is collected. It follows from the tax code of the lines and
from the buyer:

* a tax code's own *e-Faktur code* on the Tax codes sheet (PPN12: 04,
  PPN12LUX: 01), else the rule below for its base: a DPP of the full price
  is 01, a DPP of another value (a factor below 1, the 11/12 of PMK 131/2024)
  is 04;
* a buyer that is a VAT collector (*pemungut PPN*, the Customers sheet's VAT
  collector column) replaces 01 and 04 with 02 (a government treasurer) or 03
  (another designated collector, such as certain state-owned enterprises and
  oil and gas contractors); the DPP stays 11/12 (DJP's FAQ on PMK 131/2024).

Codes 05 to 10 are written only when a tax code names them; 07 and 08 need the
facility's additional information and stamp, which these books do not keep, so
their invoices are made in Coretax by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backoffice.arap.taxcodes import TaxCode

_PER03 = ("PER-03/PJ/2022 as amended by PER-11/PJ/2022, Lampiran (kode transaksi), in force "
          "2022-04-01")
_PER1 = ("PER-1/PJ/2025 (3 January 2025): PMK 131/2024 art. 3 DPP 11/12 = 04, art. 2 "
         "luxury goods = 01; collectors keep 02/03 (DJP FAQ on PMK 131/2024)")
_CORETAX = "DJP Faktur PK template v1.6.1, sheet REF-General (Coretax, from 2025-01-01)"

#: What each code means (DJP's Faktur PK template v1.6.1, REF-General; PER-03/PJ/2022).
MEANINGS: dict[str, tuple[str, str]] = {
    "01": ("to a buyer that is not a VAT collector", "kepada selain Pemungut PPN"),
    "02": ("to a government VAT collector", "kepada Pemungut PPN Instansi Pemerintah"),
    "03": ("to a VAT collector other than the government",
           "kepada Pemungut PPN selain Instansi Pemerintah"),
    "04": ("DPP of another value (nilai lain)", "DPP Nilai Lain"),
    "05": ("a specified amount (besaran tertentu)", "Besaran tertentu"),
    "06": ("to an individual holding a foreign passport (art. 16E)",
           "kepada orang pribadi pemegang paspor luar negeri (16E UU PPN)"),
    "07": ("PPN not collected or borne by the government (facility)",
           "penyerahan dengan fasilitas PPN tidak dipungut/ditanggung pemerintah"),
    "08": ("PPN exempted (facility)", "penyerahan dengan fasilitas dibebaskan PPN"),
    "09": ("assets not originally for sale (art. 16D)",
           "penyerahan aktiva yang menurut tujuan semula tidak diperjualbelikan (16D UU PPN)"),
    "10": ("other deliveries", "penyerahan lainnya"),
}

#: The buyer kinds of the Customers sheet's VAT collector column.
BUYERS = ("no", "government", "other")

#: Codes that need facility details (additional information, stamp) the books do not keep.
NEEDS_FACILITY = ("07", "08")


@dataclass(frozen=True)
class CodeRule:
    """One row of the table: the code of a base and buyer kind while the rule is in force.

    Attributes:
        base: ``"full"`` (the DPP is the price) or ``"other-value"`` (a DPP factor below 1).
        buyer: ``"no"`` (not a VAT collector), ``"government"`` or ``"other"``.
        code: the transaction code.
        start, end: the dates the rule is in force (inclusive; None: open).
        source: where the rule is written.
    """

    base: str
    buyer: str
    code: str
    start: dt.date
    end: dt.date | None
    source: str

    def effective(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


_FROM = dt.date(2022, 4, 1)
#: The codes a tax code without its own e-Faktur code gets, and what collectors get.
RULES: tuple[CodeRule, ...] = (
    CodeRule("full", "no", "01", _FROM, None, f"{_PER03}; {_PER1}"),
    CodeRule("full", "government", "02", _FROM, None, f"{_PER03}; {_PER1}"),
    CodeRule("full", "other", "03", _FROM, None, f"{_PER03}; {_PER1}"),
    CodeRule("other-value", "no", "04", _FROM, None, f"{_PER03}; {_PER1}"),
    CodeRule("other-value", "government", "02", _FROM, None, f"{_PER03}; {_PER1}"),
    CodeRule("other-value", "other", "03", _FROM, None, f"{_PER03}; {_PER1}"),
)

#: A collector replaces these ordinary codes (01, 04) with its own (02, 03).
_ORDINARY = {"01": "full", "04": "other-value"}


def normalize(code: object) -> str | None:
    """A typed transaction code as two digits ("4" -> "04"); None when it is not 01-10."""
    if code is None:
        return None
    text = str(code).strip()
    if text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 10:
        return f"{int(text):02d}"
    return None


def transaction_code(tax: TaxCode, buyer: str | None, day: dt.date) -> str | None:
    """The transaction code of an invoice taxed with ``tax`` to a ``buyer`` on ``day``;
    None when no code applies (a rate of 0 without its own code, or no rule in force)."""
    own = normalize(tax.efaktur_code)
    buyer = buyer if buyer in BUYERS else "no"
    if own is not None and own not in _ORDINARY:
        return own  # 05-10 (and a typed 02/03) are the tax code's own choice
    if own is not None:
        base = _ORDINARY[own]
    elif tax.rate == 0:
        return None
    else:
        base = "full" if tax.factor == 1 else "other-value"
    for rule in RULES:
        if rule.base == base and rule.buyer == buyer and rule.effective(day):
            return rule.code
    return None
