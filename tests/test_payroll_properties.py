"""Properties of the Indonesian engine over random employees and years.

* net pay = gross − taxable employer premiums − employee deductions − PPh 21 (+ DTP);
* the last period makes the year's PPh 21 equal the annual Pasal 17 tax;
* BPJS bases never exceed their caps;
* gross-up: the employee receives what the gross method would pay before tax.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.payroll import indonesia
from backoffice.payroll.engine import run_year
from backoffice.payroll.inputs import PayrollData
from backoffice.payroll.model import Master
from backoffice.payroll.rules import load_pack

PACK = load_pack("id")
STATUSES = [r["status"] for r in PACK.families["ptkp"]]

amounts = st.integers(min_value=0, max_value=400_000_000)
masters = st.builds(
    Master, employee=st.just("E"), start=st.just(dt.date(2025, 1, 1)),
    ptkp=st.sampled_from(STATUSES), basic=st.integers(0, 150_000_000),
    fixed=st.integers(0, 30_000_000), other=st.integers(0, 10_000_000),
    method=st.sampled_from(["gross", "gross-up"]), auto_bpjs=st.booleans(),
    jkk_class=st.integers(1, 5), joined=st.sampled_from([None, dt.date(2025, 4, 10)]),
    left=st.sampled_from([None, dt.date(2025, 9, 15)]))
item_maps = st.dictionaries(st.sampled_from(["bonus", "thr", "overtime", "employer_premium",
                                             "employee_pension", "zakat", "deduction",
                                             "benefit"]), st.integers(0, 50_000_000), max_size=4)


def _year(master: Master, items: dict[int, dict[str, int]]):
    data = PayrollData(masters={"E": [master]},
                       items={("E", f"2025-{m:02d}"): i for m, i in items.items()})
    return run_year(data, PACK, 2025)


@settings(max_examples=60, deadline=None)
@given(masters, st.dictionaries(st.integers(1, 12), item_maps, max_size=4))
def test_net_pay_and_the_year_end_reconciliation(master, items):
    results = _year(master, items)
    assert results and results[-1].last_period
    for r in results:
        assert r.net_pay == r.gross - r.employer_taxable - r.employee_deductions - r.pph21 + r.dtp
        assert r.gross == r.cash_earnings + r.employer_taxable
        if r.ter_rate is not None:
            assert r.pph21 == (r.ter_rate * r.gross) // 1
        if master.method == "gross-up":  # the employer's allowance pays the tax
            assert r.tax_allowance >= r.pph21 if not r.last_period else \
                r.tax_allowance == r.pph21
        else:
            assert r.tax_allowance == 0
    last = results[-1]
    assert sum(r.pph21 for r in results) == last.pph21_year
    assert last.pkp % 1000 == 0 and last.pkp >= 0
    assert last.biaya_jabatan <= min(6_000_000, 500_000 * len(results))


@settings(max_examples=60, deadline=None)
@given(masters)
def test_bpjs_never_exceeds_its_caps(master):
    for day in (dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2026, 3, 1)):
        rules = indonesia.resolve(PACK, {}, day)
        from backoffice.payroll.model import MonthInput

        got = indonesia.bpjs(rules, MonthInput("x", master, master.ptkp))
        assert got["jp_employer"] <= rules.jp_cap * rules.jp_rates[0]
        assert got["jp_employee"] <= rules.jp_cap * rules.jp_rates[1]
        assert got["kes_employer"] <= 480_000 and got["kes_employee"] <= 120_000
        assert got["jht_employee"] == (master.basic + master.fixed) * 2 // 100


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2_000_000_000), st.sampled_from(["A", "B", "C"]))
def test_gross_up_leaves_the_employee_exactly_the_base(base, category):
    table = indonesia.resolve(PACK, {}, dt.date(2025, 1, 1)).ter[category]
    gross = indonesia.gross_up_ter(base, table)
    tax = (indonesia.ter_rate(table, gross) * gross) // 1
    assert gross - tax >= base  # the allowance covers its own tax
    assert gross - tax - base <= 1 + (gross - base) // 50  # and not much more (bracket edges)


@settings(max_examples=40, deadline=None)
@given(masters)
def test_automatic_bpjs_equals_the_same_amounts_typed_as_pay_items(master):
    """Any worked example can be typed as written: the explicit path gives the same tax."""
    import dataclasses

    auto = _year(dataclasses.replace(master, auto_bpjs=True, method="gross"), {})
    typed_items = {}
    for r in auto:
        typed_items[int(r.period[5:])] = {
            "employer_premium": r.jkk + r.jkm + r.kes_employer,
            "employee_pension": r.jht_employee + r.jp_employee,
            "deduction": r.kes_employee}
    typed = _year(dataclasses.replace(master, auto_bpjs=False, method="gross"), typed_items)
    assert [(r.gross, r.pph21, r.net_pay) for r in typed] == \
        [(r.gross, r.pph21, r.net_pay) for r in auto]
