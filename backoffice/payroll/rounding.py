"""The payroll rounding policy, in one place.

The regulations round only one figure: the annual taxable income (PKP) is
rounded down to whole thousands of rupiah (PMK 168/2023 Pasal 8(4)). They are
silent on everything else (the monthly TER amount, BPJS contributions,
overtime pay, prorated THR, biaya jabatan). Where they are silent backoffice
rounds **down to the whole rupiah** (towards minus infinity), once, at the end
of each amount's computation: every intermediate value (an hourly wage of
1/173 of a salary, a rate times a wage) stays an exact Decimal until then.
Flooring reproduces every official worked example, including PMK 168/2023's
gross-up example (whose printed PPh equals the floor).
"""

from __future__ import annotations

import math
from decimal import Decimal


def rupiah(value: Decimal | int) -> int:
    """``value`` rounded down to a whole rupiah."""
    return math.floor(value)


def down_to(value: Decimal | int, unit: int) -> int:
    """``value`` rounded down to a multiple of ``unit`` (PKP: 1,000)."""
    return (rupiah(value) // unit) * unit
