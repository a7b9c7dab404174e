"""Every engine's rules, registered: importing this module loads them all.

The core (:mod:`backoffice.checking`) runs the rules of :mod:`backoffice.ruleset`
without knowing the engines; ``import backoffice`` imports this module, so any
use of the package checks a book with every engine's rules.
"""

from __future__ import annotations

from backoffice.arap import checks as arap_checks
from backoffice.arap import coretax_checks
from backoffice.bank import checks as bank_checks
from backoffice.compliance import checks as compliance_checks
from backoffice.hr import checks as hr_checks
from backoffice.inventory import checks as inventory_checks
from backoffice.ledger import checks as ledger_checks
from backoffice.payroll import checks as payroll_checks
from backoffice.payroll import severance_checks

#: The modules whose import registered their rules.
LOADED = (ledger_checks, arap_checks, coretax_checks, payroll_checks, inventory_checks,
          bank_checks, hr_checks, compliance_checks, severance_checks)
