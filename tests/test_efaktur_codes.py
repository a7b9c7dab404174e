"""e-Faktur transaction codes: from the tax code and the buyer, as data (issue 14, item 1).

Sources: PER-03/PJ/2022 as amended by PER-11/PJ/2022 (the codes, from 1 April 2022);
PMK 131/2024 art. 2 and 3 with PER-1/PJ/2025 (from 2025: 04 for the DPP nilai lain of
11/12, 01 for luxury goods at 12% of the price); DJP's FAQ on PMK 131/2024 (deliveries to
VAT collectors keep 02 and 03, the DPP staying 11/12); DJP's Faktur PK template v1.6.1,
REF-General (codes 01-10 in Coretax).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from coretaxbook import fill, new_ledger, pkp_company

from backoffice.arap.taxcodes import SEED, TaxCode
from backoffice.arap.trxcodes import MEANINGS, RULES, normalize, transaction_code
from backoffice.checking import check
from backoffice.cli import main

D = dt.date
SEEDS = {c.code: c for c in SEED}


@pytest.mark.parametrize(("code", "buyer", "day", "expected"), [
    ("PPN12", "no", D(2025, 1, 1), "04"),  # PMK 131/2024 art. 3, PER-1/PJ/2025
    ("PPN12", "government", D(2025, 6, 30), "02"),  # FAQ: collectors keep 02
    ("PPN12", "other", D(2026, 2, 1), "03"),  # ... and 03
    ("PPN12LUX", "no", D(2025, 1, 1), "01"),  # PMK 131/2024 art. 2: full price, 01
    ("PPN12LUX", "government", D(2025, 1, 1), "02"),
    ("PPN11", "no", D(2024, 12, 31), "01"),  # UU HPP art. 7(1)a: 11% of the price
    ("PPN11", "other", D(2023, 5, 1), "03"),
    ("PPN0", "no", D(2025, 3, 1), None),  # exports: no tax invoice, no code
    ("PPNEX", "no", D(2025, 3, 1), None),
])
def test_the_shipped_codes(code, buyer, day, expected):
    assert transaction_code(SEEDS[code], buyer, day) == expected


def test_a_code_without_its_own_e_faktur_code_takes_it_from_its_dpp_factor():
    """A user's own code: an 11/12 factor is DPP nilai lain (04), the full price 01."""
    other_value = TaxCode("MINE", "12% × 11/12", "vat", Decimal(12), Fraction(11, 12))
    full = TaxCode("MINE2", "12%", "vat", Decimal(12))
    assert transaction_code(other_value, "no", D(2025, 2, 1)) == "04"
    assert transaction_code(other_value, "government", D(2025, 2, 1)) == "02"
    assert transaction_code(full, "no", D(2025, 2, 1)) == "01"
    assert transaction_code(full, None, D(2025, 2, 1)) == "01"  # a blank collector cell


def test_a_code_the_tax_code_names_outside_01_and_04_is_kept_for_any_buyer():
    special = TaxCode("PPNDTP", "PPN DTP", "vat", Decimal(12), efaktur_code="7")
    assert transaction_code(special, "government", D(2025, 2, 1)) == "07"


def test_no_rule_before_per_03_pj_2022():
    assert transaction_code(SEEDS["PPN12LUX"], "no", D(2022, 3, 31)) is None
    assert all(rule.source and rule.start == D(2022, 4, 1) for rule in RULES)


def test_typed_codes_are_read_as_two_digits():
    assert [normalize(v) for v in ("4", 4, "04", " 10 ", "11", "0", "A1", None)] == \
        ["04", "04", "04", "10", None, None, None, None]
    assert list(MEANINGS) == [f"{n:02d}" for n in range(1, 11)]


def test_a_wrong_e_faktur_code_on_tax_codes_is_an_error_at_its_cell(tmp_path):
    path = new_ledger(tmp_path)
    fill(path, "taxcodes", [{"code": "PPNX", "kind": "PPN (VAT)", "rate": 12,
                             "efaktur_code": "11"}])
    issues = [i for i in check(str(path)).issues if i.code == "arap-efaktur-code-invalid"]
    assert [(i.sheet, i.cell, i.value) for i in issues] == [("Tax codes", "O8", "11")]


def test_the_legacy_efaktur_csv_writes_the_code_too(tmp_path, capsys):
    path = new_ledger(tmp_path)
    pkp_company(path)
    fill(path, "customers", [{"code": "G01", "name": "Dinas", "npwp": "0011223344556000",
                              "vat_collector": "Government treasurer"}])
    fill(path, "invoices", [{"number": "I1", "date": D(2026, 1, 5), "party": "G01",
                             "quantity": 1, "unit_price": 1_200_000, "tax_code": "PPN12"}])
    capsys.readouterr()
    assert main(["report", str(path), "efaktur-csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("FK,02,0,")
